#include "kernel/vec.h"

#include <cstdint>
#include <cstring>
#include <functional>

namespace mizan::vec_detail {

namespace {

std::size_t bytes(std::size_t n, std::size_t item) {
  if (n > SIZE_MAX / item) std::abort();
  return n * item;
}

void* checked(void* data) {
  if (data == nullptr) std::abort();
  return data;
}

// Moves `n` items from `from` to `to`, ranges that may overlap.
void move_items(char* to, char* from, std::size_t n, std::size_t item, Relocate relocate) {
  if (relocate == nullptr) {
    if (n != 0) std::memmove(to, from, n * item);  // (memmove must not see a null pointer)
    return;
  }
  // Moving up within one array, the last item goes first: none is
  // overwritten before it moved.
  const bool up = std::less<char*>()(from, to);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = up ? n - 1 - k : k;
    relocate(to + i * item, from + i * item);
  }
}

}  // namespace

void* allocate(std::size_t n, std::size_t item) { return n == 0 ? nullptr : checked(std::malloc(bytes(n, item))); }

void reallocate(Buffer& buffer, std::size_t capacity, std::size_t item, Relocate relocate) {
  void* data = allocate(capacity, item);
  move_items(static_cast<char*>(data), static_cast<char*>(buffer.data), buffer.size, item, relocate);
  std::free(buffer.data);
  buffer.data = data;
  buffer.capacity = capacity;
}

void grow(Buffer& buffer, std::size_t extra, std::size_t item, Relocate relocate) {
  if (buffer.capacity > SIZE_MAX / 2) std::abort();
  const std::size_t need = buffer.size + extra;
  const std::size_t twice = buffer.capacity * 2;
  reallocate(buffer, need > twice ? need : twice, item, relocate);
}

void shift(Buffer& buffer, std::size_t from, std::size_t to, std::size_t item, Relocate relocate) {
  char* base = static_cast<char*>(buffer.data);
  move_items(base + to * item, base + from * item, buffer.size - from, item, relocate);
}

}  // namespace mizan::vec_detail
