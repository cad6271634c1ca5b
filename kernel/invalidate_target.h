#pragma once
// One invalidation target (PROTOCOL.md §4), from a call body, the
// X-Mizan-Invalidate header, or the app.
#include <string_view>

#include "kernel/json_value.h"
#include "kernel/status.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

struct InvalidateTarget {
  enum class Kind : unsigned char { context, function };
  Kind kind = Kind::context;
  Str name;             // the context's or the function's name
  bool scoped = false;  // true when `params` narrows the target
  json::Value params;   // an object when scoped

  static InvalidateTarget broad(Str context) {
    InvalidateTarget t;
    t.name = std::move(context);
    return t;
  }
};

// Reads the JSON form: "user", {"context": "user", "params": {...}} or
// {"function": "user_profile"}. On failure returns false and says why.
bool read_target(const json::Value& v, InvalidateTarget& out, Str& why);

// Reads a JSON array of targets; the first bad one fails the whole list
// (this is for the app's own input, where a typo should be loud).
Status read_targets(std::string_view json_text, Vec<InvalidateTarget>& out);

// Writes the JSON form read_target reads (a broad target as a bare string).
void write_target(const InvalidateTarget& t, Str& out);

}  // namespace mizan
