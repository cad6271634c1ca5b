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
  // Integers of up to 15 digits are spelled by their digits (-0 as 0):
  // timestamps and delays, which need no decimal conversion.
  if (value > -1e15 && value < 1e15 && value == static_cast<double>(static_cast<std::int64_t>(value))) {
    append_int(static_cast<std::int64_t>(value), out);
    return;
  }
  decimal::append_number(value, out);
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
