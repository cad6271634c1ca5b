// The browser builds' decimal conversions (kernel/decimal.h), done by the
// JavaScript engine through two imports (js/wasm.js): Number(text) and
// String(value) are by definition what the kernel's own code computes (the
// nearest double, ECMA-262's Number::toString), and the engine has them
// already. Linked in place of kernel/decimal.cpp — a static library's file
// is linked only for symbols nothing else defined — which saves its ~1 KB
// gzip on every page; servers and the native tests keep the C++ code.
#include <cstddef>
#include <string_view>

#include "kernel/decimal.h"

extern "C" {
// Number(the `len` bytes at `text`).
__attribute__((import_module("env"), import_name("mizan_number_read"))) double mizan_number_read(const char* text,
                                                                                                 std::size_t len);
// Writes String(value) at `out` (room for 32 bytes: it needs at most 25):
// its length.
__attribute__((import_module("env"), import_name("mizan_number_spell"))) std::size_t mizan_number_spell(double value,
                                                                                                        char* out);
}

namespace mizan::decimal {

bool parse_double(std::string_view json_number_token, double& out) {
  out = mizan_number_read(json_number_token.data(), json_number_token.size());
  return out - out == 0;  // finite (infinity - infinity is NaN)
}

void append_number(double value, Str& out) {
  char text[32];
  out.append(text, mizan_number_spell(value, text));
}

}  // namespace mizan::decimal
