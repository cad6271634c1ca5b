#include "tests/kernel/json_corpus.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string_view>

namespace json_corpus {

namespace {

// Its own encoder, not the kernel's utf8::append: the corpus must not
// inherit a bug of the code it is there to test.
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string to_decimal(unsigned __int128 v) {
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  return s;
}

// Numbers that have tripped decimal conversions before: boundaries of the
// subnormal and overflow ranges, ties, and shortest-spelling corners.
const char* const kEdgeNumbers[] = {
    "5e-324",
    "4.9406564584124654e-324",
    "2.4703282292062328e-324",  // just above half the smallest subnormal
    "2.4703282292062327e-324",  // just below it: 0
    "2.2250738585072011e-308",
    "2.2250738585072014e-308",
    "2.225073858507201136057409796709131975934819546351645648e-308",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623158079e308",
    // one below the tie between DBL_MAX and 2^1024 (the tie itself overflows)
    "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641"
    "66928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669"
    "596228429148198608349364752927190741684443655107043427115596995080930428801779041744977910e-1",
    "9007199254740993",
    "9007199254740995",
    "-9007199254740993",
    "0.1",
    "0.3",
    "1e21",
    "1e-7",
    "1e23",
    "8.5e-323",
    "123456789012345678901234567890e-30",
    "1.00000000000000011102230246251565404236316680908203125",  // tie between 1 and its successor: 1
    "1.00000000000000011102230246251565404236316680908203126",
    "0.000001",
    "1e-6",
    "123e-20",
    "100000000000000000000",
    "1000000000000000000000",
    "1e+0",
    "1E-0",
    "-1e-400",  // underflows to -0
    "2e-323",
    "7.2057594037927933e16",
    "9.5e-5",
    "1.5e300",
    "4.35e-311",
};

const char* const kZeros[] = {"0", "-0", "0.0", "-0.0", "0e0", "-0e0", "0E+5", "-0.000e-7", "0e-400", "-0E400"};

// Strings used as keys often, so that objects get duplicates, some spelled
// differently ("a" and "\u0061" are the same key).
const char* const kKeys[] = {
    "\"a\"",
    "\"\\u0061\"",
    "\"b\"",
    "\"\"",
    "\"\\u00e9\"",
    "\"\xc3\xa9\"",
    "\"\\ud83d\\ude00\"",
    "\"\xf0\x9f\x98\x80\"",
    "\"A\"",
    "\"\\\"\"",
    "\"\\/\"",
    "\"/\"",
};

const char* const kMutations[] = {
    "{",   "}",     "[",  "]",    ",",    ":",    "\"",   "\\",  "0",       "-",        ".",
    "e",   "+",     " ",  "\xff", "\xed", "\xc3", "\x0b", "\\u", "\\ud800", "\\udc00",  "tru",
    "nul", "1e999", "01", "\x7f", "\t",   "/",    "//",   "/*",  "NaN",     "Infinity", "\xEF\xBB\xBF",
};

}  // namespace

std::string Generator::whitespace() {
  if (!chance(25)) return "";
  static const char ws[] = " \t\n\r";
  std::string out;
  for (std::uint64_t n = 1 + below(3); n > 0; --n) out.push_back(ws[below(4)]);
  return out;
}

std::string Generator::digits(std::size_t count, bool leading_zero_ok) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out.push_back(static_cast<char>((i == 0 && !leading_zero_ok) ? '1' + below(9) : '0' + below(10)));
  return out;
}

std::string Generator::integer() {
  std::string sign = chance(30) ? "-" : "";
  if (chance(10)) return sign + "0";
  return sign + digits(1 + below(chance(70) ? 19 : 40), false);
}

std::string Generator::decimal() {
  std::string out = chance(30) ? "-" : "";
  out += chance(40) ? "0" : digits(1 + below(20), false);
  return out + "." + digits(1 + below(40), true);
}

// Exponents keep the value below 10^307, so the token is finite; below,
// anything down to deep underflow.
std::string Generator::with_exponent() {
  std::string out = chance(30) ? "-" : "";
  const std::size_t int_digits = chance(20) ? 1 : 1 + below(25);
  out += int_digits == 1 && chance(30) ? "0" : digits(int_digits, false);
  if (chance(50)) out += "." + digits(1 + below(25), true);
  const long max = 307 - static_cast<long>(int_digits);
  const long exponent = static_cast<long>(below(static_cast<std::uint64_t>(max + 400))) - 400;
  out += chance(50) ? "e" : "E";
  if (exponent < 0) {
    out += "-";
  } else if (chance(50)) {
    out += "+";
  }
  if (chance(10)) out += "00";
  return out + std::to_string(std::labs(exponent));
}

// A random double as printf spells it at a random precision.
std::string Generator::from_double() {
  double d;
  if (chance(50)) {
    do {
      const std::uint64_t bits = rng_();
      std::memcpy(&d, &bits, sizeof d);
    } while (!std::isfinite(d));
  } else {
    d = std::ldexp(static_cast<double>(rng_() >> 11), static_cast<int>(below(120)) - 113);
    if (chance(30)) d = -d;
  }
  char buf[64];
  switch (below(3)) {
    case 0: std::snprintf(buf, sizeof buf, "%.17g", d); break;
    case 1: std::snprintf(buf, sizeof buf, "%.*g", static_cast<int>(1 + below(16)), d); break;
    default: std::snprintf(buf, sizeof buf, "%.*e", static_cast<int>(below(25)), d); break;
  }
  return buf;
}

// The exact decimal value halfway between a double and the next one up (ties
// to even decide it), or a hair below or above it. An 80-bit long double
// holds such a midpoint exactly and glibc's printf spells it exactly.
std::string Generator::halfway() {
  if constexpr (std::numeric_limits<long double>::digits < 64) {
    return from_double();
  } else {
    double d;
    const std::uint64_t pick = below(20);
    if (pick == 0) {
      d = 0;
    } else if (pick < 5) {  // subnormal
      d = std::ldexp(static_cast<double>(rng_() >> 12), -1074);
    } else if (pick < 12) {
      d = std::ldexp(static_cast<double>((rng_() >> 11) | (1ull << 52)), static_cast<int>(below(80)) - 92);
    } else {
      do {
        const std::uint64_t bits = rng_() >> 1;  // positive
        std::memcpy(&d, &bits, sizeof d);
      } while (!std::isfinite(d) || std::nextafter(d, INFINITY) == INFINITY);
    }
    const long double mid = (static_cast<long double>(d) + std::nextafter(d, INFINITY)) / 2;
    char buf[1200];
    std::snprintf(buf, sizeof buf, "%.1100Le", mid);
    std::string text = buf;
    const std::size_t e = text.find('e');
    std::string mantissa = text.substr(0, e);
    const std::string exponent = text.substr(e);
    while (mantissa.back() == '0') mantissa.pop_back();
    if (mantissa.back() == '.') mantissa.pop_back();
    switch (below(3)) {
      case 0: break;
      case 1:  // a hair below: cut to 17-25 significant digits
        mantissa.resize(std::min<std::size_t>(mantissa.size(), 18 + below(9)));
        if (mantissa.back() == '.') mantissa.pop_back();
        break;
      default:  // a hair above
        mantissa += mantissa.find('.') == std::string::npos ? ".0001" : "0001";
        break;
    }
    return (chance(30) ? "-" : "") + mantissa + exponent;
  }
}

std::string Generator::number() {
  switch (below(10)) {
    case 0: return integer();
    case 1: return decimal();
    case 2: return with_exponent();
    case 3: return from_double();
    case 4:
    case 5: return halfway();
    case 6: return kEdgeNumbers[below(sizeof kEdgeNumbers / sizeof *kEdgeNumbers)];
    case 7: return kZeros[below(sizeof kZeros / sizeof *kZeros)];
    case 8: {  // around 2^53, 2^63 and 2^64
      static const int powers[] = {53, 63, 64};
      const unsigned __int128 base = static_cast<unsigned __int128>(1) << powers[below(3)];
      const std::string magnitude = to_decimal(base + below(21) - 10);
      return (chance(30) ? "-" : "") + magnitude;
    }
    default: return (chance(30) ? "-" : "") + digits(20 + below(30), false);
  }
}

std::string Generator::code_point_escape(std::uint32_t cp) {
  static const char lower[] = "0123456789abcdef";
  static const char upper[] = "0123456789ABCDEF";
  std::string out = "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) {
    const std::uint32_t digit = (cp >> shift) & 0xF;
    out.push_back(chance(50) ? lower[digit] : upper[digit]);
  }
  return out;
}

std::string Generator::string(bool lone_surrogates) {
  std::string out = "\"";
  const auto bmp = [&] {
    std::uint32_t cp;
    do cp = static_cast<std::uint32_t>(0x20 + below(0x10000 - 0x20));
    while (cp >= 0xD800 && cp <= 0xDFFF);
    return cp;
  };
  const auto astral = [&] { return static_cast<std::uint32_t>(0x10000 + below(0x100000)); };
  for (std::uint64_t chunks = below(9); chunks > 0; --chunks) {
    switch (below(12)) {
      case 0:
      case 11:
        for (std::uint64_t n = 1 + below(8); n > 0; --n) {
          char c;
          do c = static_cast<char>(0x20 + below(0x5F));
          while (c == '"' || c == '\\');
          out.push_back(c);
        }
        break;
      case 1: {
        static const char* const escapes[] = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
        out += escapes[below(8)];
        break;
      }
      case 2: out += code_point_escape(chance(90) ? static_cast<std::uint32_t>(below(0x20)) : 0x7F); break;
      case 3: out += code_point_escape(bmp()); break;
      case 4: {
        const std::uint32_t cp = astral() - 0x10000;
        out += code_point_escape(0xD800 + (cp >> 10)) + code_point_escape(0xDC00 + (cp & 0x3FF));
        break;
      }
      case 5: append_utf8(out, static_cast<std::uint32_t>(0x80 + below(0x800 - 0x80))); break;
      case 6: {
        std::uint32_t cp;
        do cp = bmp();
        while (cp < 0x800);
        append_utf8(out, cp);
        break;
      }
      case 7: append_utf8(out, astral()); break;
      case 8: {
        static const std::uint32_t special[] = {0x7F, 0x80, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0xFFFF, 0x10FFFF};
        append_utf8(out, special[below(8)]);
        break;
      }
      case 9: {
        static const char* const special[] = {"\\u2028",        "\\ufeff",        "\\uFFFF", "\\u0000",
                                              "\\udbff\\udfff", "\\uD800\\uDC00", "\\u0080"};
        out += special[below(7)];
        break;
      }
      default:
        if (!lone_surrogates) {
          out += "x";
          break;
        }
        switch (below(4)) {
          case 0: out += code_point_escape(static_cast<std::uint32_t>(0xD800 + below(0x400))); break;
          case 1: out += code_point_escape(static_cast<std::uint32_t>(0xDC00 + below(0x400))); break;
          case 2: out += code_point_escape(0xD800 + static_cast<std::uint32_t>(below(0x400))) + "\\u0041"; break;
          default: out += "\\ud800\\ud800\\udc00"; break;
        }
        break;
    }
  }
  return out + "\"";
}

std::string Generator::value(int depth, int max_depth, bool lone) {
  const std::uint64_t r = below(100);
  if (depth < max_depth && r < 35) {
    const bool object = r < 18;
    std::string out = object ? "{" : "[";
    out += whitespace();
    const std::uint64_t n = below(6);
    for (std::uint64_t i = 0; i < n; ++i) {
      if (i) out += whitespace() + "," + whitespace();
      if (object) {
        out += chance(35) ? std::string(kKeys[below(sizeof kKeys / sizeof *kKeys)]) : string(lone);
        out += whitespace() + ":" + whitespace();
      }
      out += value(depth + 1, max_depth, lone);
    }
    return out + whitespace() + (object ? "}" : "]");
  }
  if (r < 65) return number();
  if (r < 90) return string(lone);
  if (r < 94) return "true";
  if (r < 97) return "false";
  return "null";
}

std::string Generator::document(int max_depth, bool lone_surrogates) {
  return whitespace() + value(0, max_depth, lone_surrogates) + whitespace();
}

std::string Generator::mutate(std::string text) {
  for (std::uint64_t edits = 1 + below(3); edits > 0; --edits) {
    const std::size_t at = text.empty() ? 0 : below(text.size());
    switch (below(7)) {
      case 0:
        if (!text.empty()) text.erase(at, 1);
        break;
      case 1: {
        const std::string_view token =
            below(8) == 0 ? std::string_view("\0", 1) : kMutations[below(sizeof kMutations / sizeof *kMutations)];
        text.insert(at, token.data(), token.size());
        break;
      }
      case 2:
        if (!text.empty()) text[at] = kMutations[below(sizeof kMutations / sizeof *kMutations)][0];
        break;
      case 3:
        if (at + 1 < text.size()) std::swap(text[at], text[at + 1]);
        break;
      case 4: text.resize(at); break;
      case 5: text.insert(at, text.substr(at, 1 + below(8))); break;
      default: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(below(256))); break;
    }
  }
  return text;
}

}  // namespace json_corpus
