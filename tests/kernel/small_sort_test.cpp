// kernel/small_sort.h against std::stable_sort: random lengths (runs of odd
// lengths, one item, none), many equal keys (stability), ids and pointers.
#include "kernel/small_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace mizan {
namespace {

struct Keyed {
  std::uint32_t key;
  std::uint32_t order;  // its place before sorting: equal keys must keep it
};

TEST(SmallSort, MatchesStableSort) {
  std::mt19937 rng(5);
  for (int round = 0; round < 500; ++round) {
    const std::size_t n = rng() % 70;
    const std::uint32_t keys = 1 + rng() % 20;  // few keys: many ties
    Vec<Keyed> items;
    std::vector<Keyed> reference;
    for (std::uint32_t i = 0; i < n; ++i) {
      items.push_back({static_cast<std::uint32_t>(rng() % keys), i});
      reference.push_back(items.back());
    }
    small_sort(items, [](Keyed a, Keyed b) { return a.key < b.key; });
    std::stable_sort(reference.begin(), reference.end(), [](Keyed a, Keyed b) { return a.key < b.key; });
    ASSERT_EQ(items.size(), reference.size());
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(items[i].key, reference[i].key) << "round " << round << " item " << i;
      ASSERT_EQ(items[i].order, reference[i].order) << "round " << round << " item " << i;
    }
  }
}

TEST(SmallSort, SortsIdsAndPointers) {
  Vec<std::uint32_t> ids;
  for (std::uint32_t id : {5u, 3u, 9u, 1u, 3u}) ids.push_back(id);
  small_sort(ids, [](std::uint32_t a, std::uint32_t b) { return a > b; });  // descending
  EXPECT_EQ(std::vector<std::uint32_t>(ids.begin(), ids.end()), (std::vector<std::uint32_t>{9, 5, 3, 3, 1}));

  const int values[] = {30, 10, 20};
  Vec<const int*> pointers;
  for (const int& v : values) pointers.push_back(&v);
  small_sort(pointers, [](const int* a, const int* b) { return *a < *b; });
  EXPECT_EQ(pointers[0], &values[1]);
  EXPECT_EQ(pointers[1], &values[2]);
  EXPECT_EQ(pointers[2], &values[0]);

  Vec<std::uint32_t> none;
  small_sort(none, [](std::uint32_t a, std::uint32_t b) { return a < b; });
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace mizan
