#include "kernel/str.h"

#include <cstdlib>
#include <cstring>
#include <functional>

namespace mizan {

Str::~Str() { std::free(b_.data); }

void Str::grow(std::size_t extra) { vec_detail::grow(b_, extra, 1, nullptr); }

void Str::reserve(std::size_t n) {
  if (n > b_.capacity) vec_detail::reallocate(b_, n, 1, nullptr);
}

void Str::shrink_to_fit() {
  if (b_.size != b_.capacity) Str(data(), b_.size).swap(*this);  // (an empty one holds no block)
}

bool Str::holds(const char* text) const {
  const std::less<const char*> less;
  return !less(text, data()) && less(text, data() + b_.size);
}

const char* Str::c_str() {
  push_back('\0');
  --b_.size;
  return data();
}

void Str::resize(std::size_t n, char c) {
  if (n <= b_.size) {
    b_.size = n;
    return;
  }
  append(n - b_.size, c);
}

Str& Str::append(const char* text, std::size_t n) {
  if (n == 0) return *this;
  if (b_.capacity - b_.size < n) {
    // `text` may be this string's own bytes, which growth moves.
    const bool own = holds(text);
    const std::size_t offset = own ? static_cast<std::size_t>(text - data()) : 0;
    grow(n);
    if (own) text = data() + offset;
  }
  std::memmove(data() + b_.size, text, n);
  b_.size += n;
  return *this;
}

Str& Str::append(std::size_t n, char c) {
  if (n == 0) return *this;
  if (b_.capacity - b_.size < n) grow(n);
  std::memset(data() + b_.size, c, n);
  b_.size += n;
  return *this;
}

Str& Str::assign(const char* text, std::size_t n) {
  if (n > b_.capacity) {
    Str(text, n).swap(*this);
    return *this;
  }
  if (n != 0) std::memmove(data(), text, n);
  b_.size = n;
  return *this;
}

Str& Str::assign(std::size_t n, char c) {
  b_.size = 0;
  return append(n, c);
}

Str& Str::erase(std::size_t at, std::size_t n) {
  if (n > b_.size - at) n = b_.size - at;
  if (n == 0) return *this;
  std::memmove(data() + at, data() + at + n, b_.size - at - n);
  b_.size -= n;
  return *this;
}

Str& Str::replace(std::size_t at, std::size_t n, std::string_view text) {
  if (n > b_.size - at) n = b_.size - at;
  const std::size_t size = b_.size - n + text.size();
  if (size > b_.capacity || (!text.empty() && holds(text.data()))) {
    // Into a new block: there is no room, or `text` is this string's own
    // bytes, which the move below would shift under it.
    Str out;
    out.reserve(size > b_.capacity ? size : b_.capacity);
    out.append(data(), at).append(text).append(data() + at + n, b_.size - at - n);
    swap(out);
    return *this;
  }
  // In place (a merge splices an item into a long slot text): the tail
  // moves once, the item is copied over.
  if (text.size() != n) std::memmove(data() + at + text.size(), data() + at + n, b_.size - at - n);
  if (!text.empty()) std::memcpy(data() + at, text.data(), text.size());
  b_.size = size;
  return *this;
}

}  // namespace mizan
