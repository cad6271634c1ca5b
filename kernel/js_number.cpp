#include "kernel/js_number.h"

#include "kernel/decimal.h"
#include "kernel/str.h"

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

void append_js_number(std::string_view token, Str& out) {
  if (is_short_integer(token)) {
    out.append(token == "-0" ? std::string_view("0") : token);
    return;
  }
  double value = 0;
  decimal::parse_double(token, value);  // the parser refused tokens that overflow
  append_js_number(value, out);
}

void append_js_number(double value, Str& out) {
  if (value == 0) {  // both zeros print as "0"
    out.push_back('0');
    return;
  }
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  Str digits;
  int n = 0;
  decimal::shortest(value, digits, n);

  // ECMA-262 Number::toString, with k digits and value 0.digits × 10^n.
  const int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits.data(), static_cast<std::size_t>(n));
    out.push_back('.');
    out.append(digits.view().substr(static_cast<std::size_t>(n)));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits.view().substr(1));
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    append_int(n - 1 >= 0 ? n - 1 : 1 - n, out);
  }
}

void append_int(std::int64_t value, Str& out) {
  char digits[20];  // 19 digits and the sign of INT64_MIN
  char* const end = digits + sizeof digits;
  char* p = end;
  // Negated as unsigned, so that INT64_MIN has no overflow.
  std::uint64_t u = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (value < 0) *--p = '-';
  out.append(p, static_cast<std::size_t>(end - p));
}

Str int_string(std::int64_t value) {
  Str s;
  append_int(value, s);
  return s;
}

}  // namespace mizan
