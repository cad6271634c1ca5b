#pragma once
// A JSON document tree. Numbers keep the token as written so that values pass
// through the kernel unchanged; js_number.h gives their JavaScript spelling
// where the protocol needs it. Strings hold WTF-8 (UTF-8 that may also encode
// lone surrogates) because JavaScript strings and Python's json module both
// carry lone surrogates, and cache keys must match them byte for byte.
#include <cstddef>
#include <string_view>

#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan::json {

enum class Kind : unsigned char { null, boolean, number, string, array, object };

struct Member;

struct Value {
  Kind kind = Kind::null;
  bool boolean = false;
  Str text;             // string contents, or the number token
  Vec<Value> items;     // array elements
  Vec<Member> members;  // object members in document order, keys unique

  bool is_null() const { return kind == Kind::null; }
  bool is_string() const { return kind == Kind::string; }
  bool is_object() const { return kind == Kind::object; }
  bool is_array() const { return kind == Kind::array; }
  bool is_scalar() const { return kind != Kind::array && kind != Kind::object; }

  // The member named `key` of an object, or nullptr.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);

  static Value make_string(Str s);
  static Value make_object();
  static Value make_array();
};

struct Member {
  Str key;
  Value value;
};

// Pointers to `members` sorted by key in UTF-8 byte order (code-point order,
// as Python's sort_keys and PROTOCOL.md §5 want), equal keys in document
// order.
// The one sort every canonical writer uses, so the wasm carries it once.
Vec<const Member*> sorted_members(const Vec<Member>& members);

}  // namespace mizan::json
