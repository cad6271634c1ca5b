#pragma once
#include <string_view>

#include "kernel/json_value.h"
#include "kernel/str.h"

namespace mizan::json {

enum class Escaping {
  // JSON.stringify's: only '"', '\\' and control characters; non-ASCII raw.
  minimal,
  // Python json.dumps' default (ensure_ascii): everything outside printable
  // ASCII as \uXXXX with lowercase hex, astral characters as surrogate pairs.
  ascii,
};

void write_string(std::string_view s, Str& out, Escaping escaping = Escaping::minimal);

// Compact JSON in document order, numbers as their original tokens.
void write(const Value& v, Str& out);

// Compact JSON with object keys sorted by UTF-8 byte order at every depth and
// numbers in JavaScript spelling: the canonical form behind stableKey.
void write_canonical(const Value& v, Str& out);

// Writes `items` as a JSON array, each element by `write_item(item, out)`.
template <typename Items, typename WriteItem>
void write_array(const Items& items, Str& out, WriteItem write_item) {
  out.push_back('[');
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.push_back(',');
    first = false;
    write_item(item, out);
  }
  out.push_back(']');
}

}  // namespace mizan::json
