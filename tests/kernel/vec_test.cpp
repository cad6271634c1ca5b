// kernel/vec.h against std::vector as the reference: growth, elements whose
// moves are not byte copies (std::string beyond its inline buffer,
// unique_ptr, a type that counts its lives), arguments that live in the
// vector being grown, erase and insert in the middle, and random churn.
#include "kernel/vec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace mizan {
namespace {

// Longer than any std::string's inline buffer: its characters are on the
// heap, so a byte copy of the string would share them (ASan would see the
// double free).
std::string long_string(int i) { return "a string too long to be stored inline, number " + std::to_string(i); }

// Counts its live objects and catches use after destruction or move.
struct Tracked {
  static int live;
  int value = 0;
  bool alive = true;
  bool moved_from = false;

  explicit Tracked(int v = 0) : value(v) { ++live; }
  Tracked(const Tracked& other) : value(other.value) {
    EXPECT_TRUE(other.alive && !other.moved_from);
    ++live;
  }
  Tracked(Tracked&& other) noexcept : value(other.value) {
    EXPECT_TRUE(other.alive && !other.moved_from);
    other.moved_from = true;
    ++live;
  }
  Tracked& operator=(const Tracked& other) {
    EXPECT_TRUE(alive && other.alive && !other.moved_from);
    value = other.value;
    moved_from = false;
    return *this;
  }
  Tracked& operator=(Tracked&& other) noexcept {
    EXPECT_TRUE(alive && other.alive && !other.moved_from);
    value = other.value;
    moved_from = false;
    other.moved_from = true;
    return *this;
  }
  ~Tracked() {
    EXPECT_TRUE(alive);
    alive = false;
    --live;
  }
  bool operator==(const Tracked& other) const { return value == other.value && !moved_from && !other.moved_from; }
};
int Tracked::live = 0;

template <typename T>
void expect_same(const Vec<T>& v, const std::vector<T>& reference) {
  ASSERT_EQ(v.size(), reference.size());
  EXPECT_EQ(v.empty(), reference.empty());
  EXPECT_GE(v.capacity(), v.size());
  EXPECT_EQ(v.end() - v.begin(), static_cast<std::ptrdiff_t>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], reference[i]) << "at " << i;
}

TEST(Vec, Empty) {
  Vec<int> v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(v.capacity(), 0u);
  EXPECT_EQ(v.begin(), v.end());
  v.clear();
  v.reserve(0);
  v.resize(0);
  const int* none = v.erase(v.begin(), v.end());
  EXPECT_EQ(none, v.end());
  EXPECT_EQ(v.capacity(), 0u) << "nothing allocated";
  Vec<int> copy = v;
  EXPECT_TRUE(copy.empty());
}

TEST(Vec, GrowsByDoublingAndReservesExactly) {
  Vec<std::uint32_t> v;
  std::vector<std::size_t> capacities;
  for (std::uint32_t i = 0; i < 100; ++i) {
    v.push_back(i * 3);
    if (capacities.empty() || capacities.back() != v.capacity()) capacities.push_back(v.capacity());
  }
  EXPECT_EQ(capacities, (std::vector<std::size_t>{1, 2, 4, 8, 16, 32, 64, 128}));
  for (std::uint32_t i = 0; i < 100; ++i) ASSERT_EQ(v[i], i * 3);
  EXPECT_EQ(v.front(), 0u);
  EXPECT_EQ(v.back(), 297u);
  v.reserve(1000);
  EXPECT_EQ(v.capacity(), 1000u);
  v.reserve(10);  // never shrinks
  EXPECT_EQ(v.capacity(), 1000u);
  EXPECT_EQ(v.size(), 100u);
  EXPECT_EQ(v[99], 297u);
  v.clear();
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), 1000u) << "clear keeps the capacity";
}

TEST(Vec, Constructors) {
  const Vec<int> zeros(3);
  EXPECT_EQ(zeros, (Vec<int>{0, 0, 0}));
  const Vec<std::string> filled(2, "x");
  EXPECT_EQ(filled, (Vec<std::string>{"x", "x"}));
  const Vec<std::string> listed = {long_string(1), long_string(2)};
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1], long_string(2));
  Vec<std::string> copy = listed;
  EXPECT_EQ(copy, listed);
  copy[0] = "changed";
  EXPECT_EQ(listed[0], long_string(1)) << "a deep copy";
  Vec<std::string> moved = std::move(copy);
  EXPECT_EQ(moved[0], "changed");
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  EXPECT_EQ(copy.capacity(), 0u);
}

TEST(Vec, Assignment) {
  Vec<std::string> a = {long_string(1), long_string(2), long_string(3)};
  Vec<std::string> b = {"b"};
  b = a;
  EXPECT_EQ(b, a);
  b = b;  // self-assignment keeps the items
  EXPECT_EQ(b, a);
  Vec<std::string> c;
  c = std::move(a);
  EXPECT_EQ(c, b);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move)
  c = std::move(c);        // self-move: still valid (whatever it holds)
  c.push_back("more");
  EXPECT_EQ(c.back(), "more");
  a.swap(b);
  EXPECT_EQ(a.size(), 3u);
  EXPECT_TRUE(b.empty());
  a.assign(4, long_string(9));
  EXPECT_EQ(a, (Vec<std::string>(4, long_string(9))));
}

TEST(Vec, Equality) {
  EXPECT_EQ((Vec<int>{1, 2}), (Vec<int>{1, 2}));
  EXPECT_NE((Vec<int>{1, 2}), (Vec<int>{1, 3}));
  EXPECT_NE((Vec<int>{1, 2}), (Vec<int>{1}));
  EXPECT_NE((Vec<int>{}), (Vec<int>{0}));
}

TEST(Vec, MoveOnlyItems) {
  Vec<std::unique_ptr<int>> v;
  for (int i = 0; i < 50; ++i) v.push_back(std::make_unique<int>(i));
  for (int i = 0; i < 50; ++i) ASSERT_EQ(*v[static_cast<std::size_t>(i)], i);
  const int* third = v[2].get();
  v.erase(v.begin() + 1);
  EXPECT_EQ(v[1].get(), third) << "the pointee stays; the pointer moved";
  v.insert(v.begin(), std::make_unique<int>(-1));
  EXPECT_EQ(*v[0], -1);
  EXPECT_EQ(*v[1], 0);
  EXPECT_EQ(*v[2], 2);
  v.erase(std::remove_if(v.begin(), v.end(), [](const std::unique_ptr<int>& p) { return *p % 2 != 0; }), v.end());
  ASSERT_EQ(v.size(), 25u);
  for (std::size_t i = 0; i < v.size(); ++i) ASSERT_EQ(*v[i], static_cast<int>(i * 2));
  Vec<std::unique_ptr<int>> other = std::move(v);
  EXPECT_EQ(other.size(), 25u);
}

TEST(Vec, EveryItemIsDestroyedOnce) {
  Tracked::live = 0;
  {
    Vec<Tracked> v;
    for (int i = 0; i < 40; ++i) v.emplace_back(i);
    EXPECT_EQ(Tracked::live, 40);
    v.erase(v.begin() + 10, v.begin() + 20);
    EXPECT_EQ(Tracked::live, 30);
    EXPECT_EQ(v[10].value, 20);
    v.insert(v.begin() + 5, Tracked(100));
    EXPECT_EQ(Tracked::live, 31);
    EXPECT_EQ(v[5].value, 100);
    EXPECT_EQ(v[6].value, 5);
    v.pop_back();
    v.resize(10);
    EXPECT_EQ(Tracked::live, 10);
    v.resize(12);
    EXPECT_EQ(Tracked::live, 12);
    EXPECT_EQ(v[11].value, 0);
    Vec<Tracked> copy = v;
    EXPECT_EQ(Tracked::live, 24);
    copy = v;
    EXPECT_EQ(Tracked::live, 24);
    v.clear();
    EXPECT_EQ(Tracked::live, 12);
    for (const Tracked& t : copy) EXPECT_FALSE(t.moved_from);
  }
  EXPECT_EQ(Tracked::live, 0);
}

// An argument that is one of the vector's own items, when the vector must
// grow (or shift) to take it: it is read before anything moves.
TEST(Vec, OwnItemsAsArguments) {
  Vec<std::string> s = {long_string(0)};
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(s.size(), s.capacity()) << "the next push grows";
    s.push_back(s[0]);
    s.push_back(s.back());
    for (const std::string& item : s) ASSERT_EQ(item, long_string(0));
    while (s.size() < s.capacity()) s.push_back(long_string(0));
  }
  s.emplace_back(s.front());
  EXPECT_EQ(s.back(), long_string(0));
  s.insert(s.begin(), s.back());
  EXPECT_EQ(s.front(), long_string(0));
  s.push_back(std::move(s[1]));  // a move from an item: the moved item arrives whole
  EXPECT_EQ(s.back(), long_string(0));
  s.assign(3, s[2]);
  EXPECT_EQ(s, (Vec<std::string>(3, long_string(0))));

  Vec<std::uint32_t> n = {7};
  for (int i = 0; i < 10; ++i) n.push_back(n[0]);
  EXPECT_EQ(n, (Vec<std::uint32_t>(11, 7)));
  n.insert(n.begin() + 3, n.back());
  EXPECT_EQ(n.size(), 12u);

  Tracked::live = 0;
  {
    Vec<Tracked> t;
    t.emplace_back(5);
    for (int i = 0; i < 9; ++i) t.push_back(t.back());
    for (const Tracked& item : t) EXPECT_EQ(item.value, 5);
    t.insert(t.begin() + 2, t[0]);
    EXPECT_EQ(t.size(), 11u);
  }
  EXPECT_EQ(Tracked::live, 0);
}

TEST(Vec, EraseAndInsertInTheMiddle) {
  Vec<std::string> v;
  std::vector<std::string> reference;
  for (int i = 0; i < 10; ++i) {
    v.push_back(long_string(i));
    reference.push_back(long_string(i));
  }
  EXPECT_EQ(*v.erase(v.begin() + 3), long_string(4));
  reference.erase(reference.begin() + 3);
  expect_same(v, reference);
  EXPECT_EQ(*v.erase(v.begin() + 2, v.begin() + 5), long_string(6));
  reference.erase(reference.begin() + 2, reference.begin() + 5);
  expect_same(v, reference);
  EXPECT_EQ(*v.insert(v.begin() + 1, "in"), "in");
  reference.insert(reference.begin() + 1, "in");
  expect_same(v, reference);
  const std::string* last = v.insert(v.end(), "last");
  EXPECT_EQ(last, v.end() - 1);
  reference.insert(reference.end(), "last");
  expect_same(v, reference);
  std::string* after = v.erase(v.end() - 1);
  EXPECT_EQ(after, v.end());
  reference.pop_back();
  expect_same(v, reference);
  after = v.erase(v.begin(), v.end());
  EXPECT_EQ(after, v.end());
  EXPECT_TRUE(v.empty());

  Vec<int> ints = {1, 2, 3, 4, 5};
  ints.erase(ints.begin() + 1, ints.begin() + 3);
  EXPECT_EQ(ints, (Vec<int>{1, 4, 5}));
  ints.insert(ints.begin() + 1, 9);
  EXPECT_EQ(ints, (Vec<int>{1, 9, 4, 5}));
  ints.erase(ints.begin() + 2, ints.begin() + 2);  // nothing
  EXPECT_EQ(ints, (Vec<int>{1, 9, 4, 5}));
}

TEST(Vec, NestedVectors) {
  Vec<Vec<std::string>> v;
  for (int i = 0; i < 20; ++i) {
    v.emplace_back();
    for (int k = 0; k <= i; ++k) v.back().push_back(long_string(k));
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    ASSERT_EQ(v[i].size(), i + 1);
    EXPECT_EQ(v[i].back(), long_string(static_cast<int>(i)));
  }
  v.erase(v.begin());
  EXPECT_EQ(v[0].size(), 2u);
  const Vec<Vec<std::string>> copy = v;
  EXPECT_EQ(copy, v);
}

// Random operations on a Vec and a std::vector side by side.
template <typename T, typename Make>
void churn(unsigned seed, Make make) {
  std::mt19937 rng(seed);
  Vec<T> v;
  std::vector<T> reference;
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int step = 0; step < 4000; ++step) {
    const int value = static_cast<int>(rng() % 1000);
    const std::size_t size = reference.size();
    switch (rng() % 14) {
      case 0:
      case 1:
      case 2: {
        v.push_back(make(value));
        reference.push_back(make(value));
        break;
      }
      case 3: {
        EXPECT_EQ(v.emplace_back(make(value)), make(value));
        reference.emplace_back(make(value));
        break;
      }
      case 4: {
        if (size == 0) break;
        const std::size_t i = pick(size);
        v.push_back(v[i]);  // one of its own, maybe while growing
        reference.push_back(reference[i]);
        break;
      }
      case 5: {
        if (size == 0) break;
        v.pop_back();
        reference.pop_back();
        break;
      }
      case 6: {
        const std::size_t i = pick(size + 1);
        v.insert(v.begin() + i, make(value));
        reference.insert(reference.begin() + static_cast<std::ptrdiff_t>(i), make(value));
        break;
      }
      case 7: {
        if (size == 0) break;
        const std::size_t i = pick(size);
        const std::size_t j = pick(size);
        v.insert(v.begin() + i, v[j]);
        const T item = reference[j];
        reference.insert(reference.begin() + static_cast<std::ptrdiff_t>(i), item);
        break;
      }
      case 8: {
        if (size == 0) break;
        const std::size_t i = pick(size);
        v.erase(v.begin() + i);
        reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
      case 9: {
        const std::size_t i = pick(size + 1);
        const std::size_t j = i + pick(size - i + 1);
        v.erase(v.begin() + i, v.begin() + j);
        reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(i),
                        reference.begin() + static_cast<std::ptrdiff_t>(j));
        break;
      }
      case 10: {
        const std::size_t n = pick(2 * size + 2);
        v.resize(n);
        reference.resize(n);
        break;
      }
      case 11: {
        v.reserve(pick(3 * size + 3));
        break;
      }
      case 12: {
        if (rng() % 20 == 0) {
          v.clear();
          reference.clear();
        } else {
          Vec<T> copy = v;  // a copy, then moves back and forth
          Vec<T> moved = std::move(copy);
          v = moved;
          moved.swap(v);
        }
        break;
      }
      case 13: {
        if (size == 0) break;
        const std::size_t i = pick(size);
        v[i] = make(value);
        reference[i] = make(value);
        break;
      }
    }
    expect_same(v, reference);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(Vec, RandomChurnMatchesStdVector) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    churn<std::uint32_t>(seed, [](int i) { return static_cast<std::uint32_t>(i); });
    churn<std::string>(seed, [](int i) { return i % 3 == 0 ? std::to_string(i) : long_string(i); });
    churn<std::pair<double, std::uint32_t>>(seed, [](int i) { return std::make_pair(i * 0.5, std::uint32_t(i)); });
    Tracked::live = 0;
    churn<Tracked>(seed, [](int i) { return Tracked(i); });
    EXPECT_EQ(Tracked::live, 0);
  }
}

}  // namespace
}  // namespace mizan
