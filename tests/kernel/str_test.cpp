// kernel/str.h against std::string as the reference: appends of the
// string's own bytes while it grows, edits in the middle, c_str(), the
// comparisons and concatenations the kernel writes, and random churn.
#include "kernel/str.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "tests/kernel/str_print.h"

namespace mizan {
namespace {

void expect_same(const Str& mine, const std::string& reference) {
  ASSERT_EQ(mine.size(), reference.size());
  ASSERT_GE(mine.capacity(), mine.size());
  ASSERT_EQ(mine.view(), std::string_view(reference));
}

TEST(Str, StartsEmptyWithoutAllocating) {
  Str s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.capacity(), 0u);
  EXPECT_EQ(s.data(), nullptr);
  EXPECT_EQ(s, "");
  EXPECT_EQ(s.view().size(), 0u);
}

TEST(Str, MadeFromTextViewsAndRepeats) {
  EXPECT_EQ(Str("abc"), "abc");
  EXPECT_EQ(Str("abcdef", 3), "abc");
  EXPECT_EQ(Str(std::string_view("xyz")), "xyz");
  EXPECT_EQ(Str(4, '-'), "----");
  EXPECT_EQ(Str(std::string("from std")), "from std");
  const std::string back = Str("to std");
  EXPECT_EQ(back, "to std");
}

TEST(Str, GrowsByDoublingWhenPushedOneByteAtATime) {
  Str s;
  std::size_t reallocations = 0;
  const char* last = nullptr;
  for (int i = 0; i < 10000; ++i) {
    s.push_back(static_cast<char>('a' + i % 26));
    if (s.data() != last) ++reallocations, last = s.data();
  }
  EXPECT_EQ(s.size(), 10000u);
  EXPECT_LE(reallocations, 16u);  // log2(10000) + 2
  EXPECT_EQ(s[27], 'b');
}

TEST(Str, AppendsItsOwnBytesWhileGrowing) {
  // The source is inside the block that growth frees: it must be read
  // from the new block (ASan would see a read after free).
  Str s("0123456789");
  s.shrink_to_fit();
  ASSERT_EQ(s.capacity(), s.size());
  s.append(s.data() + 2, 5);
  EXPECT_EQ(s, "012345678923456");
  s.append(s.view());
  EXPECT_EQ(s, "012345678923456012345678923456");
  s += s;
  EXPECT_EQ(s.size(), 60u);
  EXPECT_EQ(s.view().substr(30), "012345678923456012345678923456");
}

TEST(Str, CStrTerminatesWithoutChangingTheText) {
  Str s("key");
  s.shrink_to_fit();
  EXPECT_STREQ(s.c_str(), "key");
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s, "key");
  Str empty;
  EXPECT_STREQ(empty.c_str(), "");
}

TEST(Str, EditsInTheMiddle) {
  Str s("hello, world");
  s.erase(5, 2);
  EXPECT_EQ(s, "helloworld");
  s.replace(5, 0, ", big ");
  EXPECT_EQ(s, "hello, big world");
  s.replace(7, 3, "small");
  EXPECT_EQ(s, "hello, small world");
  s.replace(12, Str::npos, "!");
  EXPECT_EQ(s, "hello, small!");
  s.erase(5);
  EXPECT_EQ(s, "hello");
  s.resize(7, '.');
  EXPECT_EQ(s, "hello..");
  s.resize(2);
  EXPECT_EQ(s, "he");
  EXPECT_EQ(s.substr(1), "e");
  EXPECT_EQ(Str("a\0b", 3).rfind('\0'), 1u);
}

TEST(Str, ComparesAndConcatenatesAsTheKernelWritesThem) {
  const Str key("user");
  EXPECT_TRUE(key == "user" && "user" == key && key == std::string_view("user"));
  EXPECT_TRUE(key != "users" && Str("a") < Str("b") && !(Str("b") < Str("a")));
  EXPECT_EQ("param \"" + key + "\" has no '='", "param \"user\" has no '='");
  EXPECT_EQ(Str("x") + std::string_view("y") + 'z', "xyz");
  EXPECT_EQ(key + key, "useruser");
}

TEST(Str, CopiesAndMovesOwnTheirBytes) {
  Str a("a text long enough to matter");
  Str b = a;
  EXPECT_NE(a.data(), b.data());
  b[0] = 'A';
  EXPECT_EQ(a[0], 'a');
  Str c = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(c, "a text long enough to matter");
  c = b;
  EXPECT_EQ(c, b);
  const Str& same = c;
  c = same;  // self-assignment keeps the text
  EXPECT_EQ(c, b);
  c = std::string_view("short");
  EXPECT_EQ(c, "short");
  c.assign(3, 'z');
  EXPECT_EQ(c, "zzz");
}

TEST(Str, RandomEditsMatchStdString) {
  std::mt19937 rng(7);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
  for (int round = 0; round < 200; ++round) {
    Str mine;
    std::string reference;
    for (int step = 0; step < 200; ++step) {
      std::string piece(pick(20), static_cast<char>('a' + pick(25)));
      switch (pick(9)) {
        case 0:
          mine.append(piece);
          reference.append(piece);
          break;
        case 1:
          if (!reference.empty()) {
            const std::size_t at = pick(reference.size() - 1), n = pick(reference.size() - at);
            mine.append(mine.data() + at, n);  // its own bytes
            reference.append(reference, at, n);
          }
          break;
        case 2: {
          const std::size_t at = pick(reference.size()), n = pick(10);
          mine.erase(at, n);
          reference.erase(at, n);
          break;
        }
        case 3: {
          const std::size_t at = pick(reference.size()), n = pick(10);
          mine.replace(at, n, piece);
          reference.replace(at, n, piece);
          break;
        }
        case 4: {
          const std::size_t n = pick(reference.size() + 10);
          mine.resize(n, 'r');
          reference.resize(n, 'r');
          break;
        }
        case 5:
          mine.push_back('p');
          reference.push_back('p');
          break;
        case 6: mine.shrink_to_fit(); break;
        case 7: {
          Str copy = mine;
          mine = std::move(copy);
          break;
        }
        default: mine = piece; reference = piece;
      }
      expect_same(mine, reference);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace mizan
