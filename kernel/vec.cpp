#include "kernel/vec.h"

#include <cstdint>
#include <cstring>

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

}  // namespace

void* allocate(std::size_t n, std::size_t item) { return n == 0 ? nullptr : checked(std::malloc(bytes(n, item))); }

void reallocate(Buffer& buffer, std::size_t capacity, std::size_t item, Relocate relocate) {
  void* data = allocate(capacity, item);
  if (relocate == nullptr) {
    if (buffer.size != 0) std::memcpy(data, buffer.data, buffer.size * item);
  } else {
    relocate(data, buffer.data, buffer.size);
  }
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
  const std::size_t n = buffer.size - from;
  if (n == 0) return;  // (and memmove must not see a null pointer)
  char* base = static_cast<char*>(buffer.data);
  if (relocate == nullptr) {
    std::memmove(base + to * item, base + from * item, n * item);
  } else {
    relocate(base + to * item, base + from * item, n);
  }
}

}  // namespace mizan::vec_detail
