#include "kernel/js_number.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace mizan {

namespace {

// Integers of up to 15 digits are exact doubles whose JS spelling is the
// token itself, so the common case skips the decimal conversion.
bool is_short_integer(std::string_view token) {
  std::size_t i = token.size() > 0 && token[0] == '-' ? 1 : 0;
  const std::size_t digits = token.size() - i;
  if (digits == 0 || digits > 15) return false;
  for (; i < token.size(); ++i)
    if (token[i] < '0' || token[i] > '9') return false;
  return true;
}

}  // namespace

void append_js_number(std::string_view token, std::string& out) {
  if (is_short_integer(token)) {
    out.append(token == "-0" ? std::string_view("0") : token);
    return;
  }
  append_js_number(std::strtod(std::string(token).c_str(), nullptr), out);
}

void append_js_number(double value, std::string& out) {
  if (value == 0) {  // both zeros print as "0"
    out.push_back('0');
    return;
  }
  // The shortest digit string that reads back as the same double (what
  // ECMAScript's Number::toString requires): try 1..17 significant digits.
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  // buf is "-d.ddde+XX": collect the digits and the decimal exponent.
  const char* p = buf;
  if (*p == '-') {
    out.push_back('-');
    ++p;
  }
  std::string digits;
  for (; *p != 'e'; ++p)
    if (*p != '.') digits.push_back(*p);
  const int exp10 = std::atoi(p + 1);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

  // ECMA-262 Number::toString, with k digits and n = exp10 + 1.
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out += std::to_string(n - 1 >= 0 ? n - 1 : 1 - n);
  }
}

}  // namespace mizan
