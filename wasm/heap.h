#pragma once
// The wasm module's allocator: free blocks coalesced with their neighbours
// (boundary tags) and kept in lists by size class, over memory taken from a
// source that only grows (the linear memory).
//
// Emscripten's emmalloc has the same design, and ~1.8 KB of wasm for what
// the kernel never asks (aligned allocation, memory regions given back,
// validation); this is ~1 KB (-0.38 KB gzip on the browser build), and as
// fast in the store benchmark. Free memory of any size serves
// any later request once it is merged with its free neighbours, so the
// kernel's phases (mount thousands of entries, drop them, ingest a large
// response) share one heap as they did with emmalloc.
//
// Plain C++ over an abstract memory source, so that the native test suite
// drives it directly (tests/kernel/heap_test.cpp); wasm/malloc.cpp makes it
// the module's malloc and free.
#include <cstddef>
#include <cstdint>

namespace mizan::heap {

// `bytes` more bytes of memory, or nullptr when there are none. Successive
// answers may be contiguous (then the heap's last free block grows) or not.
using Source = void* (*)(std::size_t bytes);

// What the source is asked for at least at a time.
constexpr std::size_t kChunk = 4 * 1024;
// The largest request served.
constexpr std::size_t kMaxRequest = std::size_t{1} << 30;
// Free lists: blocks of 16..248 bytes by 8, then four per doubling.
constexpr unsigned kClasses = 128;

class Heap {
 public:
  explicit constexpr Heap(Source source) : source_(source) {}

  // 8-byte aligned memory for `n` bytes (also for 0), or nullptr when the
  // source has run out or `n` is too large.
  void* allocate(std::size_t n);
  // `p` from allocate (or nullptr: nothing).
  void release(void* p);
  // Bytes of the blocks handed out and not released, headers included.
  std::size_t in_use() const { return in_use_; }

 private:
  char* take(std::size_t need);
  char* grow(std::size_t need);
  char* merge(char* block);
  void insert(char* block, std::uint32_t size);
  void unlink(char* block, std::uint32_t size);

  Source source_;
  // Just past the end marker of the memory taken last (0: none yet).
  std::uintptr_t end_ = 0;
  // Whether the source's last answer was contiguous with the one before.
  bool contiguous_ = false;
  std::size_t in_use_ = 0;
  // Bit c: free_[c] is not empty.
  std::uint32_t nonempty_[kClasses / 32] = {};
  char* free_[kClasses] = {};
};

// The module's own heap's in_use() (wasm/malloc.cpp).
std::size_t module_in_use();

}  // namespace mizan::heap
