#pragma once
// A seeded generator of JSON text for json_oracle_test.cpp: the same seed
// gives the same documents on every platform (it draws from mt19937_64
// directly; the standard leaves std's distributions to each library).
#include <cstdint>
#include <random>
#include <string>

namespace json_corpus {

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  // A document of nested objects and arrays up to `max_depth` deep, with
  // escapes, raw UTF-8, duplicate keys, every shape of number and
  // whitespace between tokens. Lone surrogate escapes only when asked for.
  std::string document(int max_depth, bool lone_surrogates = false);

  // One finite number token, of a shape picked at random: integers near
  // 2^53, 2^63 and 2^64 and far beyond, many-digit decimals, exponents,
  // signed zeros, subnormals, and ties between adjacent doubles.
  std::string number();

  // A JSON string literal, quotes included.
  std::string string(bool lone_surrogates = false);

  // `text` after one to three random edits (bytes deleted, inserted,
  // replaced, swapped, a span repeated, a truncation): mostly invalid.
  std::string mutate(std::string text);

  std::uint64_t below(std::uint64_t n) { return rng_() % n; }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }

 private:
  std::string value(int depth, int max_depth, bool lone);
  std::string whitespace();
  std::string digits(std::size_t count, bool leading_zero_ok);
  std::string integer();
  std::string decimal();
  std::string with_exponent();
  std::string from_double();
  std::string halfway();
  std::string code_point_escape(std::uint32_t cp);

  std::mt19937_64 rng_;
};

}  // namespace json_corpus
