#pragma once
// What wasm/mem.cpp makes the module's memcpy, memchr and strlen.
#include <cstddef>

namespace mizan::mem {

// memcpy: `n` bytes from `from` to `to` (not overlapping); returns `to`.
void* copy(void* __restrict to, const void* __restrict from, std::size_t n);
// memchr: the first of the `n` bytes at `s` equal to (unsigned char) `c`,
// or nullptr.
void* find(const void* s, int c, std::size_t n);
// strlen.
std::size_t length(const char* s);

}  // namespace mizan::mem
