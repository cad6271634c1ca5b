#pragma once
#include <string_view>

#include "kernel/json_value.h"
#include "kernel/status.h"

namespace mizan::json {

// Deeper documents are refused with Code::nesting_too_deep instead of
// recursing into the (small) wasm stack.
inline constexpr int kMaxJsonDepth = 256;

// Parses RFC 8259 JSON with JavaScript's JSON.parse semantics: a duplicate
// key keeps its first position and its last value. Input must be UTF-8.
// Numbers that overflow a double are refused (JSON.parse would give
// Infinity, which no JSON writer can spell back).
Status parse(std::string_view text, Value& out);

}  // namespace mizan::json
