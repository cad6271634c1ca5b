#pragma once
// Exact decimal <-> double conversion. The C library's strtod and printf
// would do, but in the wasm build they drag in musl's long-double machinery
// (~12 KB gzipped); these rare paths only need a small bignum. The browser
// builds do without this file: there the JavaScript engine, which defines
// the spelling, converts (wasm/decimal_host.cpp).
#include <string_view>

#include "kernel/str.h"

namespace mizan::decimal {

// Converts a JSON number token (already validated against
// -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?) to the nearest double, ties to even,
// subnormals included. Returns false, with `out` set to ±infinity, when the
// value is too large for a double.
bool parse_double(std::string_view json_number_token, double& out);

// For finite v > 0: the shortest digits d1...dk (no trailing zeros) such that
// 0.d1...dk × 10^exponent10 reads back as v, the one nearest v when several
// qualify (an exact tie picks the even last digit). This is the digit string
// of ECMAScript's Number::toString, Python's repr and Ryu.
void shortest(double v, Str& digits, int& exponent10);

// Appends ECMA-262's Number::toString of a finite double (String(v) in
// JavaScript) to `out`.
void append_number(double value, Str& out);

}  // namespace mizan::decimal
