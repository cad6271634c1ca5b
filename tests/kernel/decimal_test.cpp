// kernel/decimal.h against glibc, whose strtod and printf are exact.
#include "kernel/decimal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernel/js_number.h"
#include "tests/kernel/str_print.h"

namespace {

using mizan::decimal::parse_double;
using mizan::decimal::shortest;

std::uint64_t bits_of(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

double glibc_parse(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// "1234e-5" style token for the digit string `m` (no sign) times 10^e.
std::string token(const std::string& m, long long e) { return m + "e" + std::to_string(e); }

// The digits and exponent of printf's correctly rounded %.{p-1}e, in
// shortest()'s 0.d1...dp × 10^exponent form, trailing zeros kept.
void glibc_digits(double v, int p, std::string& digits, int& exponent10) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", p - 1, v);
  digits.clear();
  const char* c = buf;
  for (; *c != 'e'; ++c)
    if (*c != '.') digits.push_back(*c);
  exponent10 = std::atoi(c + 1) + 1;
}

// Whether the decimal integer `m` times 10^e reads back as v.
bool round_trips(unsigned long long m, long long e, double v) {
  return glibc_parse(std::to_string(m) + "e" + std::to_string(e)) == v;
}

void check_shortest(double v) {
  SCOPED_TRACE(testing::Message() << "v = " << std::hexfloat << v);
  mizan::Str digits;
  int exponent10 = 0;
  shortest(v, digits, exponent10);
  const int k = static_cast<int>(digits.size());
  ASSERT_GE(k, 1);
  ASSERT_LE(k, 17);
  ASSERT_NE(digits[0], '0');
  ASSERT_NE(digits.back(), '0');

  // (a) It reads back, both through parse_double and glibc.
  const std::string t = token(digits, exponent10 - k);
  double back = 0;
  ASSERT_TRUE(parse_double(t, back));
  ASSERT_EQ(bits_of(back), bits_of(v)) << t;
  ASSERT_EQ(glibc_parse(t), v) << t;

  // (b) No decimal of k-1 digits reads back. The only candidates are the
  // neighbours of the correctly rounded one, plus, when rounding carried
  // into a new power of ten, the all-nines just below it.
  if (k > 1) {
    std::string rounded;
    int rounded_exp = 0;
    glibc_digits(v, k - 1, rounded, rounded_exp);
    const unsigned long long m = std::stoull(rounded);
    const long long e = rounded_exp - (k - 1);
    for (unsigned long long c : {m - 1, m, m + 1}) EXPECT_FALSE(round_trips(c, e, v)) << c << "e" << e;
    const unsigned long long nines = std::stoull(std::string(static_cast<std::size_t>(k - 1), '9'));
    EXPECT_FALSE(round_trips(nines, e - 1, v)) << nines << "e" << (e - 1);
  }

  // (c) Among k-digit decimals it is the nearest: printf's rounding, unless
  // that one misses the (narrower, lower) half of an asymmetric interval.
  std::string nearest;
  int nearest_exp = 0;
  glibc_digits(v, k, nearest, nearest_exp);
  if (glibc_parse(token(nearest, nearest_exp - k)) == v) {
    while (nearest.back() == '0') nearest.pop_back();
    EXPECT_EQ(digits, nearest);
    EXPECT_EQ(exponent10, nearest_exp);
  } else {
    EXPECT_EQ(bits_of(v) & ((std::uint64_t{1} << 52) - 1), 0u) << "only powers of two are asymmetric";
  }
}

void check_parse(const std::string& t) {
  SCOPED_TRACE(t);
  const double expected = glibc_parse(t);
  double got = 0;
  const bool finite = parse_double(t, got);
  EXPECT_EQ(finite, expected - expected == 0);
  EXPECT_EQ(bits_of(got), bits_of(expected));
}

std::string js(double v) {
  mizan::Str out;
  mizan::append_js_number(v, out);
  return out;
}

TEST(DecimalShortest, KnownValues) {
  mizan::Str digits;
  int exponent10 = 0;
  shortest(0x1p89, digits, exponent10);
  EXPECT_EQ(digits, "6189700196426902");
  EXPECT_EQ(exponent10, 27);
  shortest(0.1, digits, exponent10);
  EXPECT_EQ(digits, "1");
  EXPECT_EQ(exponent10, 0);
  shortest(5e-324, digits, exponent10);
  EXPECT_EQ(digits, "5");
  EXPECT_EQ(exponent10, -323);
  shortest(DBL_MAX, digits, exponent10);
  EXPECT_EQ(digits, "17976931348623157");
  EXPECT_EQ(exponent10, 309);

  EXPECT_EQ(js(0x1p89), "6.189700196426902e+26");
  EXPECT_EQ(js(0x1p-24), "5.960464477539063e-8");
  EXPECT_EQ(js(0x1p70), "1.1805916207174113e+21");
  EXPECT_EQ(js(-0.3), "-0.3");
  EXPECT_EQ(js(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(js(1e21), "1e+21");
  EXPECT_EQ(js(1e-7), "1e-7");
  EXPECT_EQ(js(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(js(0.000001), "0.000001");
  EXPECT_EQ(js(9007199254740993.0), "9007199254740992");
}

TEST(DecimalShortest, EdgeValues) {
  for (double v : {DBL_MAX, DBL_MIN, 5e-324, 1e21, 1e-7, 0.1, 0.3, 9007199254740993.0, 1.0, 2.0, 10.0, 1e23, 5e-324 * 2,
                   DBL_MIN - 5e-324, std::nextafter(DBL_MIN, 1.0), 123.456})
    check_shortest(v);
}

TEST(DecimalShortest, PowersOfTwo) {
  for (int e = -1074; e <= 1023; ++e) check_shortest(std::ldexp(1.0, e));
}

TEST(DecimalShortest, RandomBitPatterns) {
  std::mt19937_64 rng(20261121);
  for (int i = 0; i < 300000; ++i) {
    const double v = from_bits(rng() & 0x7FFF'FFFF'FFFF'FFFFu);
    if (v == 0 || v - v != 0) continue;  // zero, infinity or NaN
    check_shortest(v);
    if (HasFailure()) return;
  }
}

TEST(DecimalParse, KnownValues) {
  double v = 0;
  EXPECT_TRUE(parse_double("0", v));
  EXPECT_EQ(bits_of(v), bits_of(0.0));
  EXPECT_TRUE(parse_double("-0.0e5", v));
  EXPECT_EQ(bits_of(v), bits_of(-0.0));
  EXPECT_TRUE(parse_double("-1e-400", v));
  EXPECT_EQ(bits_of(v), bits_of(-0.0));
  EXPECT_FALSE(parse_double("1e400", v));
  EXPECT_FALSE(parse_double("-1e400", v));
  EXPECT_TRUE(parse_double("2.4703282292062328e-324", v));
  EXPECT_EQ(v, 5e-324);
  EXPECT_TRUE(parse_double("2.4703282292062327e-324", v));
  EXPECT_EQ(v, 0.0);
  EXPECT_TRUE(parse_double("9007199254740993", v));
  EXPECT_EQ(v, 9007199254740992.0);
  EXPECT_TRUE(parse_double("1.7976931348623158e308", v));
  EXPECT_EQ(v, DBL_MAX);
  EXPECT_FALSE(parse_double("1.7976931348623159e308", v));
  EXPECT_FALSE(parse_double("0.1e1000000000000000000000000", v));
  EXPECT_TRUE(parse_double("1e-1000000000000000000000000", v));
  EXPECT_EQ(v, 0.0);
}

// The exact decimal expansion of a long double (glibc prints every digit).
std::string exact(long double v) {
  char buf[1200];
  std::snprintf(buf, sizeof buf, "%.1100Le", v);
  std::string s = buf;
  const std::size_t e = s.find('e');
  std::size_t last = e;
  while (s[last - 1] == '0') --last;
  return s.erase(last, e - last);
}

TEST(DecimalParse, TrickyTokens) {
  const std::string half_min = exact(std::ldexp(1.0L, -1075));  // ties to even: 0
  const std::string half_max_gap = exact((static_cast<long double>(DBL_MAX) + std::ldexp(1.0L, 1024)) / 2);
  for (const std::string& t : {std::string("9007199254740993"),
                               std::string("9007199254740993.0000000000000000000000001"),
                               std::string("9007199254740995"),
                               std::string("2.2250738585072011e-308"),
                               std::string("2.2250738585072012e-308"),
                               std::string("2.2250738585072014e-308"),
                               std::string("4.9406564584124654e-324"),
                               std::string("2.4703282292062328e-324"),
                               std::string("2.4703282292062327e-324"),
                               half_min,
                               half_min + "1",
                               std::string("1e-400"),
                               std::string("1e400"),
                               std::string("-1e400"),
                               half_max_gap,
                               std::string("1e23"),
                               std::string("8.98846567431158e307"),
                               std::string("1.7976931348623157e308"),
                               std::string("1.7976931348623158e308"),
                               std::string("1.7976931348623159e308"),
                               std::string("179769313486231580793728971405301e276"),
                               std::string("0.1"),
                               std::string("-123.456e-7"),
                               std::string("1E+2"),
                               std::string("100000000000000000000"),
                               std::string("7.2057594037927933e16"),
                               std::string("3.0000000000000001"),
                               std::string("0.30000000000000004"),
                               std::string("123456789012345678901234567890"),
                               std::string("1") + std::string(1000, '0') + "e-1000",
                               std::string("0.") + std::string(400, '0') + "1e400",
                               std::string("1.") + std::string(2000, '0') + "1",
                               std::string(2000, '9') + "e-2000"})
    check_parse(t);
}

TEST(DecimalParse, RandomDecimals) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> length(1, 20), digit(0, 9), exponent(-350, 350);
  const auto digits = [&](int n) {
    std::string s;
    for (int j = 0; j < n; ++j) s.push_back(static_cast<char>('0' + digit(rng)));
    return s;
  };
  for (int i = 0; i < 200000; ++i) {
    std::string t = rng() % 2 != 0 ? "-" : "";
    if (rng() % 3 == 0) {
      t += "0";
    } else {
      t += static_cast<char>('1' + digit(rng) % 9);
      t += digits(length(rng) - 1);
    }
    if (rng() % 4 != 0) t += "." + digits(length(rng));
    const int e = exponent(rng);
    t += (rng() % 2 != 0 ? "e" : "E") + std::string(e >= 0 && rng() % 2 != 0 ? "+" : "") + std::to_string(e);
    check_parse(t);
    if (HasFailure()) return;
  }
}

TEST(DecimalParse, NearHalfway) {
  // Exact midpoints between random neighbouring doubles (ties to even), and
  // decimals a hair either side of them.
  std::mt19937_64 rng(11);
  for (int i = 0; i < 3000; ++i) {
    const double v = from_bits(rng() & 0x7FEF'FFFF'FFFF'FFFFu);
    const std::string mid = exact((static_cast<long double>(v) + std::nextafter(v, DBL_MAX)) / 2);
    const std::size_t e = mid.find('e');
    check_parse(mid);
    check_parse(mid.substr(0, e) + "000001" + mid.substr(e));
    check_parse(mid.substr(0, std::min<std::size_t>(e, 30)) + mid.substr(e));  // truncated: just below
    if (HasFailure()) return;
  }
}

}  // namespace

// The kernel's integer spelling replaces std::to_string (js_number.h): it
// must agree with it everywhere, the extremes included.
TEST(AppendInt, AgreesWithToString) {
  std::vector<std::int64_t> values = {0,   1,          -1,         9,         10,        -10,          99,
                                      100, 4294967295, 4294967296, INT64_MAX, INT64_MIN, INT64_MIN + 1};
  std::mt19937_64 rng(5);
  for (int i = 0; i < 2000; ++i) values.push_back(static_cast<std::int64_t>(rng()) >> (rng() % 64));
  for (const std::int64_t v : values) {
    mizan::Str out = "x";
    mizan::append_int(v, out);
    EXPECT_EQ(out, "x" + std::to_string(v));
    EXPECT_EQ(mizan::int_string(v), std::to_string(v));
  }
}
