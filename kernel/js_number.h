#pragma once
// Numbers spelled as JavaScript's String(n) spells them: PROTOCOL.md §5 makes
// that the normal form both Mizan servers agree on (5 -> "5", 1.0 -> "1",
// 1e21 -> "1e+21", 2**70 -> "1.1805916207174113e+21").
#include <cstdint>
#include <string_view>

#include "kernel/str.h"

namespace mizan {

// Appends the JavaScript spelling of a JSON number token (already validated
// by the parser) to `out`.
void append_js_number(std::string_view token, Str& out);

// Appends the JavaScript spelling of a finite double to `out`.
void append_js_number(double value, Str& out);

// Appends the decimal digits of an integer (with a '-' when negative) to
// `out`: std::to_string without a temporary string and without libc++'s
// digit-pair tables (~0.3 KB gzip of wasm).
void append_int(std::int64_t value, Str& out);

// The same as a string, for building messages.
Str int_string(std::int64_t value);

}  // namespace mizan
