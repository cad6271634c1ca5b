#pragma once
// Invariant checks for the fuzz targets. A broken invariant prints what broke
// and aborts, which libFuzzer reports as a crash and saves the input for.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"

namespace fuzz {

// Bytes as a C string literal would show them, cut short: for messages only.
inline std::string show(std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < 300; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  out += s.size() > 300 ? "\"..." : "\"";
  return out;
}

[[noreturn]] inline void fail(const char* condition, const char* file, int line, const std::string& detail) {
  std::fprintf(stderr, "\n*** invariant broken at %s:%d: %s\n*** %s\n", file, line, condition, detail.c_str());
  std::abort();
}

// Compact JSON of a value, keys sorted: equal values give equal text.
inline std::string canonical(const mizan::json::Value& v) {
  std::string out;
  mizan::json::write_canonical(v, out);
  return out;
}

inline bool is_json(std::string_view text) {
  mizan::json::Value v;
  return mizan::json::parse(text, v).ok();
}

}  // namespace fuzz

// CHECK(condition, detail): `detail` (a std::string) is built only on failure.
#define CHECK(condition, detail)                                              \
  do {                                                                        \
    if (!(condition)) ::fuzz::fail(#condition, __FILE__, __LINE__, (detail)); \
  } while (0)
