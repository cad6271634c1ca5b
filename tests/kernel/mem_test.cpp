// wasm/mem.h, the wasm module's memcpy, memchr and strlen, against the C
// library's: every length up to past two words, from and to every
// alignment within a word, with the bytes around the destination left
// alone.
#include "wasm/mem.h"

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <string>

namespace mizan::mem {
namespace {

TEST(MemTest, CopiesEveryLengthAtEveryAlignment) {
  unsigned char from[64];
  for (int i = 0; i < 64; ++i) from[i] = static_cast<unsigned char>(i * 7 + 1);
  for (std::size_t n = 0; n <= 40; ++n) {
    for (std::size_t a = 0; a < 8; ++a) {
      for (std::size_t b = 0; b < 8; ++b) {
        unsigned char to[64];
        unsigned char expected[64];
        std::memset(to, 0xEE, sizeof to);
        std::memset(expected, 0xEE, sizeof expected);
        std::memcpy(expected + b, from + a, n);
        EXPECT_EQ(copy(to + b, from + a, n), to + b);
        ASSERT_EQ(std::memcmp(to, expected, sizeof to), 0) << "n " << n << " from +" << a << " to +" << b;
      }
    }
  }
}

TEST(MemTest, FindsTheFirstMatchingByteWithinTheLength) {
  const std::string text = "abc\\def\\g\xff\x80";
  for (std::size_t n = 0; n <= text.size(); ++n) {
    for (const int c : std::initializer_list<int>{'a', '\\', 'g', 'z', 0xff, -1, 0x80, -128, 0x100 + 'b'}) {
      EXPECT_EQ(find(text.data(), c, n), std::memchr(text.data(), c, n)) << "n " << n << " c " << c;
    }
  }
  EXPECT_EQ(find(nullptr, 'a', 0), nullptr);
}

TEST(MemTest, MeasuresCStrings) {
  EXPECT_EQ(length(""), 0u);
  EXPECT_EQ(length("a"), 1u);
  EXPECT_EQ(length("options.gcTime"), 14u);
  const char embedded[] = "ab\0cd";
  EXPECT_EQ(length(embedded), 2u);
}

}  // namespace
}  // namespace mizan::mem
