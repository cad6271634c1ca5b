#pragma once
// Bytes as a C string literal would show them, cut short: for the messages
// of the native tests and the fuzz targets alike.
#include <cstddef>
#include <string>
#include <string_view>

namespace test_text {

inline std::string show(std::string_view s, std::size_t limit = 300) {
  static const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  out += s.size() > limit ? "\"..." : "\"";
  return out;
}

}  // namespace test_text
