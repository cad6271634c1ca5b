// kernel/flat_table.h against std::unordered_map / unordered_set as the
// reference: random churn (inserts, finds, erases by key and by iterator),
// keys that collide on purpose, growth from empty, and clear().
#include "kernel/flat_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace mizan {
namespace {

// Longer than std::string's inline buffer: a byte copy of one would share
// its characters (ASan would see the double free).
std::string long_key(int i) { return "a key too long to be stored inline, number " + std::to_string(i); }

template <typename Table, typename Reference>
void expect_same(const Table& table, const Reference& reference) {
  ASSERT_EQ(table.size(), reference.size());
  std::size_t seen = 0;
  for (const auto& [key, value] : table) {
    const auto found = reference.find(key);
    ASSERT_NE(found, reference.end()) << "extra key " << key;
    EXPECT_EQ(value, found->second) << "key " << key;
    ++seen;
  }
  EXPECT_EQ(seen, reference.size());
  for (const auto& [key, value] : reference) {
    const auto found = table.find(key);
    ASSERT_NE(found, table.end()) << "missing key " << key;
    EXPECT_EQ(found->second, value);
    EXPECT_EQ(table.count(key), 1u);
  }
}

TEST(FlatTable, EmptyTable) {
  FlatMap<std::uint32_t, int> map;
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.find(7u), map.end());
  EXPECT_EQ(map.count(7u), 0u);
  EXPECT_FALSE(map.erase(7u));
  EXPECT_EQ(map.begin(), map.end());
  FlatSet<std::string> set;
  EXPECT_EQ(set.find(std::string_view("x")), set.end());
  EXPECT_FALSE(set.erase(std::string("x")));
}

TEST(FlatTable, MapBasics) {
  FlatMap<std::string, int> map;
  EXPECT_TRUE(map.emplace(std::string("a"), 1));
  EXPECT_FALSE(map.emplace(std::string_view("a"), 2));  // keeps the first
  EXPECT_EQ(map.at(std::string("a")), 1);
  map["b"] = 3;  // a string literal as the key
  ++map[std::string_view("b")];
  EXPECT_EQ(map.at(std::string_view("b")), 4);
  EXPECT_EQ(map.size(), 2u);
  EXPECT_TRUE(map.erase(std::string("a")));
  EXPECT_EQ(map.find(std::string("a")), map.end());
  EXPECT_EQ(map.size(), 1u);
  map.clear();
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.begin(), map.end());
  map["c"] = 5;  // usable after clear()
  EXPECT_EQ(map.at(std::string("c")), 5);
}

TEST(FlatTable, SetBasics) {
  FlatSet<std::uint32_t> set;
  EXPECT_TRUE(set.insert(5u));
  EXPECT_FALSE(set.insert(5u));
  EXPECT_TRUE(set.insert(6u));
  EXPECT_EQ(set.count(5u), 1u);
  std::uint32_t sum = 0;
  for (std::uint32_t id : set) sum += id;
  EXPECT_EQ(sum, 11u);
  EXPECT_TRUE(set.erase(5u));
  EXPECT_EQ(set.count(5u), 0u);
  EXPECT_EQ(set.size(), 1u);
}

// Counts its live objects: the table constructs an item only in a used
// slot, and every one it constructs (inserted, moved by growth or by an
// erase's backward shift, copied with the table) is destroyed exactly once.
struct Counted {
  static int live;
  int value = 0;
  Counted() { ++live; }
  Counted(const Counted& other) : value(other.value) { ++live; }
  Counted(Counted&& other) noexcept : value(other.value) {
    other.value = -1;
    ++live;
  }
  Counted& operator=(const Counted&) = default;
  Counted& operator=(Counted&&) = default;
  ~Counted() { --live; }
};
int Counted::live = 0;

TEST(FlatTable, ItemsLiveOnlyInUsedSlots) {
  {
    FlatMap<std::string, Counted> map;
    std::mt19937 rng(11);
    std::unordered_map<std::string, int> reference;
    for (int step = 0; step < 20000; ++step) {
      const std::string key = "key " + std::to_string(rng() % 300);
      if (rng() % 3) {
        map[key].value = step;
        reference[key] = step;
      } else {
        ASSERT_EQ(map.erase(key), reference.erase(key) == 1);
      }
      ASSERT_EQ(Counted::live, static_cast<int>(map.size()));
    }
    for (const auto& [key, value] : reference) ASSERT_EQ(map.at(key).value, value);
    map.clear();
    EXPECT_EQ(Counted::live, 0);
    map["again"].value = 1;  // usable after clear()
    EXPECT_EQ(Counted::live, 1);
  }
  EXPECT_EQ(Counted::live, 0);  // the destructor ended the rest
}

TEST(FlatTable, CopiesAndMoves) {
  FlatMap<std::string, Counted> map;
  for (int i = 0; i < 100; ++i) map[long_key(i)].value = i;
  FlatMap<std::string, Counted> copy(map);
  ASSERT_EQ(copy.size(), 100u);
  EXPECT_EQ(Counted::live, 200);
  copy[long_key(0)].value = -5;  // the copy is its own
  EXPECT_EQ(map.at(long_key(0)).value, 0);
  for (int i = 1; i < 100; ++i) ASSERT_EQ(copy.at(long_key(i)).value, i);

  FlatMap<std::string, Counted> moved(std::move(copy));
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from table is empty
  EXPECT_EQ(copy.find(long_key(1)), copy.end());
  EXPECT_EQ(moved.at(long_key(0)).value, -5);
  EXPECT_EQ(Counted::live, 200);

  moved = map;  // copy-assigned over items of its own
  EXPECT_EQ(Counted::live, 200);
  EXPECT_EQ(moved.at(long_key(0)).value, 0);
  map = std::move(moved);
  EXPECT_EQ(Counted::live, 100);
  EXPECT_EQ(map.at(long_key(99)).value, 99);
  const FlatMap<std::string, Counted>& same = map;
  map = same;  // self-assignment keeps it
  EXPECT_EQ(map.size(), 100u);
  EXPECT_EQ(map.at(long_key(42)).value, 42);
  map.clear();
  EXPECT_EQ(Counted::live, 0);
}

TEST(FlatTable, MoveOnlyValuesSurviveGrowthAndErase) {
  FlatMap<std::uint32_t, std::unique_ptr<int>> map;
  for (std::uint32_t i = 1; i <= 1000; ++i) map[i] = std::make_unique<int>(static_cast<int>(i));
  for (std::uint32_t i = 1; i <= 1000; i += 2) map.erase(i);
  ASSERT_EQ(map.size(), 500u);
  for (std::uint32_t i = 2; i <= 1000; i += 2) ASSERT_EQ(*map.at(i), static_cast<int>(i));
}

TEST(FlatTable, ReserveKeepsItems) {
  FlatMap<std::string, std::uint32_t> map;
  map.emplace(std::string("x"), 1);
  map.reserve(1000);
  EXPECT_EQ(map.at(std::string("x")), 1u);
  for (std::uint32_t i = 0; i < 1000; ++i) map.emplace(std::to_string(i), i);
  EXPECT_EQ(map.size(), 1001u);
}

// Integer keys from a small range (so many are erased and re-inserted) and
// multiples of a large power of two (which share their low bits).
TEST(FlatTable, IntegerChurnAgainstUnorderedMap) {
  for (const std::uint32_t stride : {1u, 1024u, 65536u}) {
    std::mt19937 rng(stride);
    FlatMap<std::uint32_t, std::uint32_t> map;
    std::unordered_map<std::uint32_t, std::uint32_t> reference;
    for (int step = 0; step < 200000; ++step) {
      const std::uint32_t key = (rng() % 3000) * stride;
      const unsigned op = rng() % 8;
      if (op < 4) {
        map[key] = static_cast<std::uint32_t>(step);
        reference[key] = static_cast<std::uint32_t>(step);
      } else if (op < 6) {
        ASSERT_EQ(map.erase(key), reference.erase(key) == 1) << "step " << step;
      } else if (op == 6) {
        const auto found = map.find(key);
        if (found != map.end()) {
          map.erase(found);
          reference.erase(key);
        }
      } else {
        const auto found = map.find(key);
        const auto expected = reference.find(key);
        ASSERT_EQ(found == map.end(), expected == reference.end()) << "step " << step;
        if (expected != reference.end()) ASSERT_EQ(found->second, expected->second);
      }
      if (step % 20000 == 0) expect_same(map, reference);
    }
    expect_same(map, reference);
    // Drain, checking as the table shrinks to nothing.
    while (!reference.empty()) {
      const std::uint32_t key = reference.begin()->first;
      reference.erase(reference.begin());
      ASSERT_TRUE(map.erase(key));
      if (reference.size() % 500 == 0) expect_same(map, reference);
    }
    EXPECT_TRUE(map.empty());
    EXPECT_EQ(map.begin(), map.end());
  }
}

// Strings that hash alike: a table of few slots where every run wraps, and
// keys sharing long prefixes (and holding '\0', as the kernel's keys do).
TEST(FlatTable, StringChurnAgainstUnorderedMap) {
  std::mt19937 rng(42);
  FlatMap<std::string, int> map;
  std::unordered_map<std::string, int> reference;
  for (int step = 0; step < 100000; ++step) {
    std::string key = "context";
    key.push_back('\0');
    key += std::to_string(rng() % 400);
    const unsigned op = rng() % 5;
    if (op < 2) {
      const bool inserted = map.emplace(key, step);
      ASSERT_EQ(inserted, reference.emplace(key, step).second) << "step " << step;
    } else if (op < 4) {
      ASSERT_EQ(map.erase(std::string_view(key)), reference.erase(key) == 1) << "step " << step;
    } else {
      ASSERT_EQ(map.count(key), reference.count(key)) << "step " << step;
    }
    if (step % 10000 == 0) expect_same(map, reference);
  }
  expect_same(map, reference);
}

TEST(FlatTable, SetChurnWithCollidingHomes) {
  // Keys chosen to share their home slot in a table of 64 slots: probing
  // runs are long and backward shifts cross the table's end.
  std::vector<std::uint32_t> colliding;
  for (std::uint32_t k = 1; colliding.size() < 40; ++k)
    if (((flat_hash(k) | 0x80000000u) & 63) == 63) colliding.push_back(k);
  std::mt19937 rng(7);
  FlatSet<std::uint32_t> set;
  std::unordered_set<std::uint32_t> reference;
  for (int step = 0; step < 50000; ++step) {
    const std::uint32_t key = colliding[rng() % colliding.size()];
    if (rng() % 2) {
      ASSERT_EQ(set.insert(key), reference.insert(key).second);
    } else {
      ASSERT_EQ(set.erase(key), reference.erase(key) == 1);
    }
    ASSERT_EQ(set.size(), reference.size());
    for (std::uint32_t k : colliding) ASSERT_EQ(set.count(k), reference.count(k)) << "step " << step;
  }
}

}  // namespace
}  // namespace mizan
