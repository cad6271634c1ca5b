#include "wasm/heap.h"

#include <cstring>

namespace mizan::heap {

namespace {

// A block: a 4-byte header (its size, a multiple of 8, and two flags), then
// the payload, 8-aligned. A free block's payload starts with the links of
// its list (next, previous) and its last 4 bytes repeat its size, so that
// the block after it finds its start. No two free blocks are adjacent.
// Each stretch of memory taken from the source ends in a 4-byte end marker
// (size 0, in use).
constexpr std::uint32_t kUsed = 1;
constexpr std::uint32_t kPrevUsed = 2;  // the block before is in use
constexpr std::uint32_t kFlags = kUsed | kPrevUsed;
constexpr std::size_t kHeader = 4;
constexpr std::size_t kMinBlock = (kHeader + 2 * sizeof(void*) + 4 + 7) & ~std::size_t{7};

// Headers and links are read and written as bytes: the memory holds no
// objects of those types (memcpy compiles to a plain load or store).
template <typename T>
T load(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}
template <typename T>
void store(char* at, T value) {
  std::memcpy(at, &value, sizeof value);
}

std::uint32_t header(const char* block) { return load<std::uint32_t>(block); }
char* next_free(const char* block) { return load<char*>(block + kHeader); }
char* prev_free(const char* block) { return load<char*>(block + kHeader + sizeof(void*)); }
void set_next_free(char* block, char* to) { store(block + kHeader, to); }
void set_prev_free(char* block, char* to) { store(block + kHeader + sizeof(void*), to); }

// The list of free blocks of `size` bytes: 8 bytes apart below 256, then
// [2^k + q 2^(k-2), 2^k + (q+1) 2^(k-2)) for q = 0..3. With `ceil`, the
// first list whose every block has at least `size` bytes.
unsigned class_of(std::size_t size, bool ceil) {
  if (size < 256) return static_cast<unsigned>(size >> 3);
  const unsigned k = 31u - static_cast<unsigned>(__builtin_clz(static_cast<std::uint32_t>(size)));
  const unsigned c = 32 + ((k - 8) << 2) + static_cast<unsigned>((size >> (k - 2)) & 3);
  return ceil && (size & ((std::size_t{1} << (k - 2)) - 1)) != 0 ? c + 1 : c;
}

// The first address >= `at` that is 4 mod 8 (then the payload after a
// header is 8-aligned).
std::uintptr_t block_start(std::uintptr_t at) { return at + ((12 - at % 8) % 8); }

}  // namespace

void Heap::insert(char* block, std::uint32_t size) {
  const unsigned c = class_of(size, false);
  set_next_free(block, free_[c]);
  set_prev_free(block, nullptr);
  if (free_[c] != nullptr) set_prev_free(free_[c], block);
  free_[c] = block;
  nonempty_[c / 32] |= 1u << (c % 32);
}

void Heap::unlink(char* block, std::uint32_t size) {
  char* next = next_free(block);
  char* prev = prev_free(block);
  if (next != nullptr) set_prev_free(next, prev);
  if (prev != nullptr) {
    set_next_free(prev, next);
  } else {
    const unsigned c = class_of(size, false);
    free_[c] = next;
    if (next == nullptr) nonempty_[c / 32] &= ~(1u << (c % 32));
  }
}

char* Heap::take(std::size_t need) {
  // The first block of need's own list may fit; every block of the lists
  // after it does: the first list not empty.
  char* block = free_[class_of(need, false)];
  if (block != nullptr && (header(block) & ~kFlags) >= need) return block;
  for (unsigned c = class_of(need, true); c < kClasses; c = (c | 31) + 1) {
    const std::uint32_t bits = nonempty_[c / 32] & (~0u << (c % 32));
    if (bits != 0) return free_[(c & ~31u) + static_cast<unsigned>(__builtin_ctz(bits))];
  }
  return nullptr;
}

void* Heap::allocate(std::size_t n) {
  if (n > kMaxRequest) return nullptr;
  const std::size_t need = n + kHeader < kMinBlock ? kMinBlock : (n + kHeader + 7) & ~std::size_t{7};
  char* block = take(need);
  if (block == nullptr && (block = grow(need)) == nullptr) return nullptr;
  const std::uint32_t h = header(block);
  std::uint32_t size = h & ~kFlags;
  unlink(block, size);
  if (size - need >= kMinBlock) {
    // The rest a free block of its own (after a block in use).
    char* rest = block + need;
    const auto rest_size = static_cast<std::uint32_t>(size - need);
    store(rest, rest_size | kPrevUsed);
    store(rest + rest_size - 4, rest_size);
    insert(rest, rest_size);
    size = static_cast<std::uint32_t>(need);
  } else {
    char* after = block + size;
    store(after, header(after) | kPrevUsed);
  }
  store(block, size | (h & kPrevUsed) | kUsed);
  in_use_ += size;
  return block + kHeader;
}

void Heap::release(void* p) {
  if (p == nullptr) return;
  char* block = static_cast<char*>(p) - kHeader;
  in_use_ -= header(block) & ~kFlags;
  merge(block);
}

char* Heap::merge(char* block) {
  const std::uint32_t h = header(block);
  std::uint32_t size = h & ~kFlags;
  char* after = block + size;
  const std::uint32_t after_header = header(after);
  if ((after_header & kUsed) == 0) {
    unlink(after, after_header & ~kFlags);
    size += after_header & ~kFlags;
  } else {
    store(after, after_header & ~kPrevUsed);
  }
  if ((h & kPrevUsed) == 0) {
    const auto before_size = load<std::uint32_t>(block - 4);
    block -= before_size;
    unlink(block, before_size);
    size += before_size;
  }
  // The block before a free one is in use.
  store(block, size | kPrevUsed);
  store(block + size - 4, size);
  insert(block, size);
  return block;
}

// Takes memory for a block of `need` bytes at least: the free block it
// makes, merged with a free block before it.
char* Heap::grow(std::size_t need) {
  // Room for the alignment of both ends and the end marker, less the free
  // block at the end that it will extend if the source answers
  // contiguously again (as the linear memory does).
  std::size_t want = need + 24;
  if (contiguous_ && (header(reinterpret_cast<char*>(end_ - 4)) & kPrevUsed) == 0) {
    const std::size_t free_end = load<std::uint32_t>(reinterpret_cast<char*>(end_ - 8));
    want -= free_end < need ? free_end : need;
  }
  if (want < kChunk) want = kChunk;
  const auto got = reinterpret_cast<std::uintptr_t>(source_(want));
  if (got == 0) return nullptr;
  // Contiguous: the new block starts at the end marker, and the block
  // before it is what the marker said.
  const bool contiguous = contiguous_ = got == end_;
  const std::uintptr_t start = contiguous ? end_ - 4 : block_start(got);
  const std::uint32_t prev_used = contiguous ? header(reinterpret_cast<char*>(start)) & kPrevUsed : kPrevUsed;
  const std::uintptr_t last = got + want - 4;
  const std::uintptr_t marker = last - ((last + 4) & 7);
  store(reinterpret_cast<char*>(marker), kUsed);
  end_ = marker + 4;
  store(reinterpret_cast<char*>(start), static_cast<std::uint32_t>(marker - start) | prev_used);
  char* block = merge(reinterpret_cast<char*>(start));
  // Not contiguous after all, the block may fall short of a request that
  // counted on the free end (the next call asks for all of it).
  return (header(block) & ~kFlags) >= need ? block : grow(need);
}

}  // namespace mizan::heap
