// wasm/heap.h, the wasm module's malloc and free, driven directly over
// arenas (natively it is not the process's allocator, so ASan cannot watch
// it: these tests check its blocks themselves): alignment, sizes,
// accounting, reuse, free neighbours merging, sources that run out or are
// not contiguous, and random churn against a model in which every block
// keeps its own bytes and the memory taken stays bounded.
#include "wasm/heap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <vector>

namespace mizan::heap {
namespace {

// Memory sources: arenas handed out front to back, contiguously unless a
// gap is asked for, and nullptr once they are used up.
struct Arena {
  alignas(8) unsigned char bytes[1 << 25];
  std::size_t used = 0;
  std::size_t gap = 0;  // bytes skipped before each answer
  int calls = 0;
  std::size_t last_ask = 0;
};
Arena* arena = nullptr;

void* from_arena(std::size_t n) {
  ++arena->calls;
  arena->last_ask = n;
  if (arena->used + arena->gap + n > sizeof arena->bytes) return nullptr;
  arena->used += arena->gap;
  void* at = arena->bytes + arena->used;
  arena->used += n;
  return at;
}

class HeapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owned_ = std::make_unique<Arena>();
    arena = owned_.get();
  }
  void TearDown() override { arena = nullptr; }
  bool in_arena(const void* p, std::size_t n) const {
    const auto* b = static_cast<const unsigned char*>(p);
    return b >= owned_->bytes && b + n <= owned_->bytes + owned_->used;
  }
  std::unique_ptr<Arena> owned_;
};

TEST_F(HeapTest, BlocksAreAlignedDistinctAndInTheSource) {
  Heap heap(from_arena);
  std::vector<std::pair<unsigned char*, std::size_t>> blocks;
  for (std::size_t n : {0, 1, 3, 4, 5, 7, 8, 9, 16, 60, 124, 125, 128, 129, 200, 1000, 4096, 70000}) {
    auto* p = static_cast<unsigned char*>(heap.allocate(n));
    ASSERT_NE(p, nullptr) << n;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 8, 0u) << n;
    EXPECT_TRUE(in_arena(p, n)) << n;
    std::memset(p, static_cast<int>(n & 0xff), n);
    blocks.push_back({p, n});
  }
  // No two overlap: each still holds its own bytes.
  for (const auto& [p, n] : blocks)
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(p[i], static_cast<unsigned char>(n & 0xff)) << n;
  for (std::size_t i = 0; i < blocks.size(); ++i)
    for (std::size_t j = i + 1; j < blocks.size(); ++j) EXPECT_NE(blocks[i].first, blocks[j].first);
}

TEST_F(HeapTest, CountsBlocksWithTheirHeaders) {
  Heap heap(from_arena);
  EXPECT_EQ(heap.in_use(), 0u);
  std::size_t total = 0;
  std::vector<void*> blocks;
  for (std::size_t n = 0; n <= 5000; n += 7) {
    const std::size_t before = heap.in_use();
    blocks.push_back(heap.allocate(n));
    const std::size_t block = heap.in_use() - before;
    total += block;
    // The payload and a 4-byte header, rounded up to 8 (at least a free
    // block's size: header, links and size), and what was left of the
    // free block it came from if that was too small for a block.
    const std::size_t min_block = (4 + 2 * sizeof(void*) + 4 + 7) / 8 * 8;
    const std::size_t exact = std::max<std::size_t>((n + 4 + 7) / 8 * 8, min_block);
    EXPECT_GE(block, exact) << n;
    EXPECT_LT(block, exact + min_block) << n;
  }
  EXPECT_EQ(heap.in_use(), total);
  for (void* p : blocks) heap.release(p);
  EXPECT_EQ(heap.in_use(), 0u);
  heap.release(nullptr);
  EXPECT_EQ(heap.in_use(), 0u);
}

TEST_F(HeapTest, APowerOfTwoArrayCostsEightBytesMore) {
  // What vectors and hash tables ask for as they double.
  Heap heap(from_arena);
  for (std::size_t n = 128; n <= (std::size_t{1} << 22); n *= 2) {
    const std::size_t before = heap.in_use();
    ASSERT_NE(heap.allocate(n), nullptr);
    EXPECT_EQ(heap.in_use() - before, n + 8) << n;
  }
}

TEST_F(HeapTest, ReusesAFreedBlock) {
  Heap heap(from_arena);
  void* a = heap.allocate(100);
  void* b = heap.allocate(100);
  heap.release(a);
  EXPECT_EQ(heap.allocate(100), a);
  heap.release(a);
  EXPECT_EQ(heap.allocate(60), a);                           // a smaller one, split off it
  EXPECT_EQ(heap.allocate(30), static_cast<char*>(a) + 64);  // and the rest
  EXPECT_EQ(arena->calls, 1);
  heap.release(b);
}

TEST_F(HeapTest, FreeNeighboursMergeToServeALargerRequest) {
  Heap heap(from_arena);
  std::vector<void*> blocks;
  for (int i = 0; i < 50; ++i) blocks.push_back(heap.allocate(1000));
  void* last = heap.allocate(100);  // keeps them from the free memory after
  // Freed in an order that merges with the block after, before and both.
  std::mt19937 rng(7);
  std::shuffle(blocks.begin(), blocks.end(), rng);
  const void* first = *std::min_element(blocks.begin(), blocks.end());
  for (void* p : blocks) heap.release(p);
  EXPECT_EQ(heap.in_use(), 104u);
  // 50 blocks of 1008 bytes are one of 50,400: a payload of 50,396.
  const int calls = arena->calls;
  EXPECT_EQ(heap.allocate(50396), first);
  EXPECT_EQ(arena->calls, calls);
  heap.release(last);
  // Freed small blocks serve a large request after the source ran dry.
  std::vector<void*> small;
  while (void* p = heap.allocate(40)) small.push_back(p);
  EXPECT_GT(small.size(), 100000u);
  EXPECT_EQ(heap.allocate(200000), nullptr);
  for (void* p : small) heap.release(p);
  EXPECT_NE(heap.allocate(200000), nullptr);
}

TEST_F(HeapTest, AsksTheSourceForChunksAndSpansContiguousOnes) {
  Heap heap(from_arena);
  heap.allocate(8);
  EXPECT_EQ(arena->calls, 1);
  EXPECT_EQ(arena->used, kChunk);
  // Small blocks fill the chunk before the source is asked again...
  std::size_t taken = 16;
  while (taken + 64 <= kChunk - 8) {
    heap.allocate(60);
    taken += 64;
  }
  EXPECT_EQ(arena->calls, 1);
  // ...and a block may start in one chunk and end in the next.
  auto* p = static_cast<unsigned char*>(heap.allocate(1000));
  EXPECT_EQ(arena->calls, 2);
  EXPECT_LT(p, arena->bytes + kChunk);
  std::memset(p, 1, 1000);
  // A block larger than a chunk gets a source answer of its own size.
  auto* q = static_cast<unsigned char*>(heap.allocate(3 * kChunk));
  ASSERT_NE(q, nullptr);
  EXPECT_TRUE(in_arena(q, 3 * kChunk));
  std::memset(q, 2, 3 * kChunk);
  EXPECT_EQ(p[999], 1);
}

TEST_F(HeapTest, AsksOnlyForWhatTheFreeEndLacks) {
  Heap heap(from_arena);
  heap.allocate(8);
  void* a = heap.allocate(50000);
  ASSERT_NE(a, nullptr);
  heap.release(a);  // the free end: more than 50,000 bytes
  // It starts the next large block, and the source is asked for the rest.
  const std::size_t used = arena->used;
  auto* b = static_cast<unsigned char*>(heap.allocate(200000));
  EXPECT_EQ(b, a);
  EXPECT_EQ(arena->used, used + arena->last_ask);
  EXPECT_LT(arena->last_ask, 200000u - 50000u + 64);
  std::memset(b, 3, 200000);
  // A request that fits in the free end takes nothing more.
  heap.release(b);
  const int calls = arena->calls;
  EXPECT_EQ(heap.allocate(200000), b);
  EXPECT_EQ(arena->calls, calls);
}

TEST_F(HeapTest, AlignsAnswersThatAreNotContiguousOrNotAligned) {
  Heap heap(from_arena);
  arena->used = 3;  // the source's answers are at odd addresses
  arena->gap = 5;   // and never contiguous
  for (int i = 0; i < 40; ++i) {
    auto* p = static_cast<unsigned char*>(heap.allocate(40000));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 8, 0u);
    EXPECT_TRUE(in_arena(p, 40000));
    std::memset(p, i, 40000);
  }
}

TEST_F(HeapTest, AnswersNullWhenTheSourceRunsOutOrTheSizeIsTooLarge) {
  Heap heap(from_arena);
  EXPECT_EQ(heap.allocate(std::size_t{1} << 31), nullptr);
  EXPECT_EQ(heap.allocate(SIZE_MAX), nullptr);
  EXPECT_EQ(heap.allocate(sizeof arena->bytes), nullptr);  // the source has not that much
  EXPECT_EQ(heap.in_use(), 0u);
  // What there is still serves.
  void* p = heap.allocate(100);
  ASSERT_NE(p, nullptr);
  std::vector<void*> all;
  while (void* q = heap.allocate(100000)) all.push_back(q);
  EXPECT_GT(all.size(), 250u);
  EXPECT_EQ(heap.allocate(100000), nullptr);
  // Freed blocks serve again once the source is dry.
  heap.release(all.back());
  EXPECT_EQ(heap.allocate(100000), all.back());
  heap.release(all[3]);
  EXPECT_EQ(heap.allocate(99000), all[3]);
}

TEST_F(HeapTest, RandomChurnKeepsEveryBlocksBytes) {
  Heap heap(from_arena);
  std::mt19937 rng(12345);
  struct Live {
    std::size_t n;
    unsigned char fill;
  };
  std::map<unsigned char*, Live> live;
  for (int step = 0; step < 40000; ++step) {
    if (live.empty() || rng() % 100 < 55) {
      const std::size_t n = rng() % 4 == 0 ? rng() % 9000 : rng() % 150;
      auto* p = static_cast<unsigned char*>(heap.allocate(n));
      ASSERT_NE(p, nullptr);
      ASSERT_EQ(reinterpret_cast<std::uintptr_t>(p) % 8, 0u);
      // It overlaps no live block.
      auto next = live.lower_bound(p);
      if (next != live.end()) ASSERT_LE(p + n, next->first);
      if (next != live.begin()) {
        auto prev = std::prev(next);
        ASSERT_LE(prev->first + prev->second.n, p);
      }
      const auto fill = static_cast<unsigned char>(rng());
      std::memset(p, fill, n);
      live[p] = {n, fill};
    } else {
      auto it = live.begin();
      std::advance(it, rng() % live.size());
      for (std::size_t i = 0; i < it->second.n; ++i) ASSERT_EQ(it->first[i], it->second.fill);
      heap.release(it->first);
      live.erase(it);
    }
  }
  for (const auto& [p, l] : live) {
    for (std::size_t i = 0; i < l.n; ++i) ASSERT_EQ(p[i], l.fill);
    heap.release(p);
  }
  EXPECT_EQ(heap.in_use(), 0u);
  // Everything merged again: the memory taken serves one block as large.
  const std::size_t taken = arena->used;
  const int calls = arena->calls;
  EXPECT_NE(heap.allocate(taken - 64), nullptr);
  EXPECT_EQ(arena->calls, calls);
}

}  // namespace
}  // namespace mizan::heap
