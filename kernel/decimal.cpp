#include "kernel/decimal.h"

#include <cstdint>
#include <cstring>

#include "kernel/js_number.h"
#include "kernel/vec.h"

namespace mizan::decimal {

namespace {

// A non-negative integer as little-endian 32-bit words, without high zero
// words (so zero is empty and sizes compare like magnitudes).
using Big = Vec<std::uint32_t>;

Big from_u64(std::uint64_t v) {
  Big b;
  for (; v != 0; v >>= 32) b.push_back(static_cast<std::uint32_t>(v));
  return b;
}

// b = b * factor + add, for factor > 0.
void mul_add(Big& b, std::uint32_t factor, std::uint32_t add = 0) {
  std::uint64_t carry = add;
  for (std::uint32_t& w : b) {
    carry += std::uint64_t{w} * factor;
    w = static_cast<std::uint32_t>(carry);
    carry >>= 32;
  }
  if (carry != 0) b.push_back(static_cast<std::uint32_t>(carry));
}

void mul_pow10(Big& b, int n) {
  for (; n > 0; n -= 9) {
    std::uint32_t factor = 1;
    for (int i = 0; i < n && i < 9; ++i) factor *= 10;
    mul_add(b, factor);
  }
}

void shift_left(Big& b, int bits) {
  for (; bits >= 16; bits -= 16) mul_add(b, 1u << 16);
  mul_add(b, 1u << bits);
}

int bit_length(const Big& b) {
  int n = 32 * static_cast<int>(b.size());
  if (n != 0)
    for (std::uint32_t top = b.back(); (top & 0x80000000u) == 0; top <<= 1) --n;
  return n;
}

int compare(const Big& a, const Big& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = a.size(); i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

Big add(const Big& a, const Big& b) {
  const bool a_longer = a.size() >= b.size();
  Big sum = a_longer ? a : b;
  const Big& other = a_longer ? b : a;
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < sum.size(); ++i) {
    carry += std::uint64_t{sum[i]} + (i < other.size() ? other[i] : 0);
    sum[i] = static_cast<std::uint32_t>(carry);
    carry >>= 32;
  }
  if (carry != 0) sum.push_back(1);
  return sum;
}

// a -= b, for a >= b.
void subtract(Big& a, const Big& b) {
  std::int64_t borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::int64_t d = std::int64_t{a[i]} - (i < b.size() ? b[i] : 0) - borrow;
    borrow = d < 0;
    a[i] = static_cast<std::uint32_t>(d);
  }
  while (!a.empty() && a.back() == 0) a.pop_back();
}

constexpr std::uint64_t kHiddenBit = std::uint64_t{1} << 52;
constexpr std::uint64_t kInfinityBits = std::uint64_t{0x7FF} << 52;

double from_bits(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

}  // namespace

bool parse_double(std::string_view token, double& out) {
  const bool negative = token[0] == '-';
  const std::uint64_t sign = std::uint64_t{negative} << 63;

  // value = digits × 10^exp10, with the digits' leading and trailing zeros
  // dropped so their count gives the magnitude.
  Str digits;
  long long exp10 = 0;
  std::size_t i = negative;
  bool fraction = false;
  for (; i < token.size() && token[i] != 'e' && token[i] != 'E'; ++i) {
    if (token[i] == '.') {
      fraction = true;
      continue;
    }
    if (!digits.empty() || token[i] != '0') digits.push_back(token[i]);
    if (fraction) --exp10;
  }
  if (i < token.size()) {
    const bool exp_negative = token[++i] == '-';
    if (token[i] == '-' || token[i] == '+') ++i;
    // Far past any double either way, yet without overflowing exp10 however
    // many fraction digits the token has.
    long long e = 0;
    for (; i < token.size(); ++i)
      if (e < 1'000'000'000'000'000) e = e * 10 + (token[i] - '0');
    exp10 += exp_negative ? -e : e;
  }
  for (; !digits.empty() && digits.back() == '0'; digits.pop_back()) ++exp10;

  out = from_bits(sign);
  if (digits.empty()) return true;
  // 10^(magnitude-1) <= value < 10^magnitude.
  const long long magnitude = static_cast<long long>(digits.size()) + exp10;
  if (magnitude > 309) {  // >= 1e309, past DBL_MAX
    out = from_bits(sign | kInfinityBits);
    return false;
  }
  if (magnitude < -323) return true;  // < 1e-324, below half of 5e-324
  // Midpoints between doubles have at most 768 significant digits, so past
  // 800 digits only "some nonzero tail" matters, which a final 1 keeps.
  if (digits.size() > 800) {
    exp10 += static_cast<long long>(digits.size()) - 801;
    digits.resize(801);
    digits.back() = '1';
  }
  const int e10 = static_cast<int>(exp10);

  Big num, den{1};
  for (char c : digits) mul_add(num, 10, static_cast<std::uint32_t>(c - '0'));
  if (e10 > 0) {
    mul_pow10(num, e10);
  } else {
    mul_pow10(den, -e10);
  }
  // Find q = floor(num / den × 2^s) with 54 or 55 bits: the 53 mantissa bits
  // and a round bit. Subnormals keep s at 1075, where the mantissa's last
  // bit is 2^-1074, and so get fewer bits.
  int s = 54 - (bit_length(num) - bit_length(den));
  if (s > 1075) s = 1075;
  if (s > 0) {
    shift_left(num, s);
  } else {
    shift_left(den, -s);
  }
  // Binary long division, keeping num < 2 × den.
  shift_left(den, 54);
  std::uint64_t q = 0;
  for (int bit = 0; bit < 55; ++bit) {
    q <<= 1;
    if (compare(num, den) >= 0) {
      subtract(num, den);
      q |= 1;
    }
    mul_add(num, 2);
  }
  bool sticky = !num.empty();
  if (q >> 54 != 0) {
    sticky |= (q & 1) != 0;
    q >>= 1;
    --s;
  }
  std::uint64_t mantissa = q >> 1;
  int e2 = 1 - s;  // value ≈ mantissa × 2^e2
  if ((q & 1) != 0 && (sticky || (mantissa & 1) != 0)) ++mantissa;
  if (mantissa >> 53 != 0) {
    mantissa >>= 1;
    ++e2;
  }
  if (e2 > 971) {  // mantissa × 2^e2 >= 2^1024
    out = from_bits(sign | kInfinityBits);
    return false;
  }
  // A mantissa below 2^52 only occurs at e2 = -1074 and is then a subnormal;
  // otherwise adding its hidden bit bumps the exponent field by the missing 1.
  out = from_bits(sign | ((static_cast<std::uint64_t>(e2 + 1074) << 52) + mantissa));
  return true;
}

void shortest(double v, Str& digits, int& exponent10) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const int biased = static_cast<int>(bits >> 52);
  std::uint64_t f = bits & (kHiddenBit - 1);
  int e = -1074;
  if (biased != 0) {
    f |= kHiddenBit;
    e = biased - 1075;
  }
  // v = f × 2^e = r / s; m_minus / s and m_plus / s are the distances from v
  // to the midpoints with its neighbouring doubles. At a power of two (above
  // the smallest normal) the gap below is half the gap above.
  const bool asymmetric = f == kHiddenBit && biased > 1;
  Big r = from_u64(f), s{1}, m_minus{1};
  const int binary_magnitude = e + bit_length(r);  // v < 2^binary_magnitude <= 2v
  shift_left(r, (e > 0 ? e : 0) + 1 + asymmetric);
  shift_left(s, (e < 0 ? -e : 0) + 1 + asymmetric);
  shift_left(m_minus, e > 0 ? e : 0);
  Big m_plus = m_minus;
  if (asymmetric) shift_left(m_plus, 1);
  // Ties read back to the even mantissa, so with an even f the midpoints
  // themselves still read back as v.
  const bool inclusive = (f & 1) == 0;
  const auto high_reaches = [&](std::uint32_t factor) {
    Big high = add(r, m_plus);
    mul_add(high, factor);
    const int c = compare(high, s);
    return inclusive ? c >= 0 : c > 0;
  };

  // Make 10^(k-1) <= v's upper midpoint < 10^k, so the first digit is not 0;
  // log10(2) ≈ 1233 / 4096 gives k to within one or two.
  int k = (binary_magnitude - 1) * 1233 / 4096;
  if (k >= 0) {
    mul_pow10(s, k);
  } else {
    mul_pow10(r, -k);
    mul_pow10(m_minus, -k);
    mul_pow10(m_plus, -k);
  }
  for (; high_reaches(1); ++k) mul_add(s, 10);
  for (; !high_reaches(10); --k) {
    mul_add(r, 10);
    mul_add(m_minus, 10);
    mul_add(m_plus, 10);
  }
  exponent10 = k;

  // Steele & White / Burger & Dybvig free-format digit generation: stop as
  // soon as the digits so far, or them with the last digit rounded up, fall
  // within v's rounding interval.
  digits.clear();
  for (;;) {
    mul_add(r, 10);
    mul_add(m_minus, 10);
    mul_add(m_plus, 10);
    char d = '0';
    for (; compare(r, s) >= 0; ++d) subtract(r, s);
    const int low_cmp = compare(r, m_minus);
    const bool low = inclusive ? low_cmp <= 0 : low_cmp < 0;
    const bool high = high_reaches(1);
    if (!low && !high) {
      digits.push_back(d);
      continue;
    }
    // Both d and d + 1 may qualify: take the nearer, the even one on a tie.
    Big twice_r = r;
    mul_add(twice_r, 2);
    const int c = compare(twice_r, s);
    if (high && (!low || c > 0 || (c == 0 && (d - '0') % 2 != 0))) ++d;
    digits.push_back(d);
    return;
  }
}

void append_number(double value, Str& out) {
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
  shortest(value, digits, n);

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

}  // namespace mizan::decimal
