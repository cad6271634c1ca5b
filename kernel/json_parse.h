#pragma once
#include <string_view>

#include "kernel/json_value.h"
#include "kernel/status.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan::json {

// Deeper documents are refused with Code::nesting_too_deep instead of
// recursing into the (small) wasm stack.
inline constexpr int kMaxJsonDepth = 256;

// Parses RFC 8259 JSON with JavaScript's JSON.parse semantics: a duplicate
// key keeps its first position and its last value. Input must be UTF-8.
// Numbers that overflow a double are refused (JSON.parse would give
// Infinity, which no JSON writer can spell back).
Status parse(std::string_view text, Value& out);

// A member of an object read without building its value.
struct RawMember {
  Str key;
  std::string_view text;  // the value's JSON text, as it stands in the input
};

// Validates `text` exactly as parse() does, but builds nothing below the top
// level: `text` must be an object, whose members come back in document
// order with their raw value text (duplicate keys as parse() resolves
// them). Much cheaper than parse() for a large bundle that is only stored.
Status scan_object(std::string_view text, Vec<RawMember>& out);

}  // namespace mizan::json
