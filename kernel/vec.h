#pragma once
// The kernel's one vector: a contiguous array that at least doubles its
// capacity when it runs out, as std::vector does, but whose growth and
// shifting are non-template routines (vec.cpp), so the binary holds them
// once for every element type.
//
// libc++'s std::vector instantiates its growth machinery (push_back's slow
// path, __split_buffer, __recommend, __vallocate, ...) once per element
// type, ~15 of them in the kernel: replacing it saved 3.6 KB gzip of the
// browser wasm, an eighth of it. Here a type brings only its inline fast
// paths and, unless it is trivially copyable (then its bytes are copied),
// one small relocate function for one item (move-construct, then destroy
// the source; vec.cpp loops). Growth copies into a new block rather than
// calling realloc (the wasm module's allocator, wasm/heap.h, has none). Only what the kernel uses is
// here. Unlike std::vector:
//  - running out of memory aborts (the kernel never throws; the wasm
//    build's std::vector aborts too);
//  - iterators are plain pointers; no allocator, at(), reverse iteration,
//    range insert or shrink_to_fit;
//  - assignment (copy or fill) builds a new array rather than reusing the
//    old one's capacity.
#include <cstddef>
#include <cstdlib>
#include <initializer_list>
#include <new>
#include <type_traits>
#include <utility>

namespace mizan {

namespace vec_detail {

// Moves the item at `from` to `to` (raw memory) and ends the lifetime of
// the source; nullptr for a trivially copyable type (its bytes are moved).
// vec.cpp loops over the items, so each type brings only this.
using Relocate = void (*)(void* to, void* from);

struct Buffer {
  void* data = nullptr;
  std::size_t size = 0;  // items
  std::size_t capacity = 0;
};

// Memory for `n` items of `item` bytes (nullptr for none).
void* allocate(std::size_t n, std::size_t item);
// Capacity exactly `capacity` (more than now), the items moved over.
void reallocate(Buffer& buffer, std::size_t capacity, std::size_t item, Relocate relocate);
// Room for `extra` more items: twice the capacity, or more if that is short.
void grow(Buffer& buffer, std::size_t extra, std::size_t item, Relocate relocate);
// Moves the items from index `from` to the end so that they start at `to`
// (room there is the caller's); the size stays.
void shift(Buffer& buffer, std::size_t from, std::size_t to, std::size_t item, Relocate relocate);

template <typename T>
void relocate(void* to, void* from) {
  T* in = static_cast<T*>(from);
  ::new (to) T(std::move(*in));
  in->~T();
}

template <typename T>
constexpr Relocate relocator() {
  if constexpr (std::is_trivially_copyable_v<T>) {
    return nullptr;
  } else {
    return &relocate<T>;
  }
}

}  // namespace vec_detail

template <typename T>
class Vec {
 public:
  using value_type = T;
  using size_type = std::size_t;
  using reference = T&;
  using const_reference = const T&;
  using iterator = T*;
  using const_iterator = const T*;

  Vec() = default;
  // `n` value-initialised items.
  explicit Vec(std::size_t n) : b_{vec_detail::allocate(n, sizeof(T)), 0, n} {
    for (; b_.size < n; ++b_.size) ::new (static_cast<void*>(data() + b_.size)) T();
  }
  Vec(std::size_t n, const T& value) : b_{vec_detail::allocate(n, sizeof(T)), 0, n} {
    for (; b_.size < n; ++b_.size) ::new (static_cast<void*>(data() + b_.size)) T(value);
  }
  Vec(std::initializer_list<T> items) { copy_from(items.begin(), items.size()); }
  Vec(const Vec& other) { copy_from(other.data(), other.size()); }
  Vec(Vec&& other) noexcept : b_(std::exchange(other.b_, vec_detail::Buffer())) {}
  Vec& operator=(const Vec& other) {
    if (this != &other) Vec(other).swap(*this);
    return *this;
  }
  Vec& operator=(Vec&& other) noexcept {
    Vec(std::move(other)).swap(*this);
    return *this;
  }
  ~Vec() {
    destroy(0);
    std::free(b_.data);
  }

  std::size_t size() const { return b_.size; }
  bool empty() const { return b_.size == 0; }
  std::size_t capacity() const { return b_.capacity; }

  T* data() { return static_cast<T*>(b_.data); }
  const T* data() const { return static_cast<const T*>(b_.data); }
  T* begin() { return data(); }
  T* end() { return data() + b_.size; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + b_.size; }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T& front() { return data()[0]; }
  const T& front() const { return data()[0]; }
  T& back() { return data()[b_.size - 1]; }
  const T& back() const { return data()[b_.size - 1]; }

  // Room for `n` items in all, exactly, without growing again.
  void reserve(std::size_t n) {
    if (n > b_.capacity) vec_detail::reallocate(b_, n, sizeof(T), vec_detail::relocator<T>());
  }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (b_.size == b_.capacity) {
      if constexpr (sizeof...(Args) == 0) {
        grow();
      } else {
        // `args` may refer into this vector: the item is made before the
        // growth moves them.
        T item(std::forward<Args>(args)...);
        grow();
        return construct_back(std::move(item));
      }
    }
    return construct_back(std::forward<Args>(args)...);
  }
  void push_back(const T& item) { emplace_back(item); }
  void push_back(T&& item) { emplace_back(std::move(item)); }
  void pop_back() { data()[--b_.size].~T(); }

  // `item` by value: it may be one of this vector's own.
  T* insert(const T* at, T item) {
    const auto i = static_cast<std::size_t>(at - data());
    if (b_.size == b_.capacity) grow();
    vec_detail::shift(b_, i, i + 1, sizeof(T), vec_detail::relocator<T>());
    ::new (static_cast<void*>(data() + i)) T(std::move(item));
    ++b_.size;
    return data() + i;
  }
  T* erase(const T* first, const T* last) {
    const auto i = static_cast<std::size_t>(first - data());
    const auto n = static_cast<std::size_t>(last - first);
    if (n != 0) {
      if constexpr (!std::is_trivially_destructible_v<T>)
        for (std::size_t k = i; k < i + n; ++k) data()[k].~T();
      vec_detail::shift(b_, i + n, i, sizeof(T), vec_detail::relocator<T>());
      b_.size -= n;
    }
    return data() + i;
  }
  T* erase(const T* at) { return erase(at, at + 1); }

  // Keeps the capacity.
  void clear() { destroy(0); }
  // Value-initialises the items added.
  void resize(std::size_t n) {
    if (n <= b_.size) {
      destroy(n);
      return;
    }
    reserve(n);
    for (; b_.size < n; ++b_.size) ::new (static_cast<void*>(data() + b_.size)) T();
  }
  void assign(std::size_t n, const T& value) { Vec(n, value).swap(*this); }

  void swap(Vec& other) noexcept { std::swap(b_, other.b_); }

  friend bool operator==(const Vec& a, const Vec& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }
  friend bool operator!=(const Vec& a, const Vec& b) { return !(a == b); }

 private:
  void grow() { vec_detail::grow(b_, 1, sizeof(T), vec_detail::relocator<T>()); }

  template <typename... Args>
  T& construct_back(Args&&... args) {
    T* item = ::new (static_cast<void*>(data() + b_.size)) T(std::forward<Args>(args)...);
    ++b_.size;
    return *item;
  }

  // Into an empty vector.
  void copy_from(const T* items, std::size_t n) {
    b_.data = vec_detail::allocate(n, sizeof(T));
    b_.capacity = n;
    for (; b_.size < n; ++b_.size) ::new (static_cast<void*>(data() + b_.size)) T(items[b_.size]);
  }

  // The items from index `from` on.
  void destroy(std::size_t from) {
    if constexpr (!std::is_trivially_destructible_v<T>)
      for (std::size_t k = from; k < b_.size; ++k) data()[k].~T();
    b_.size = from;
  }

  vec_detail::Buffer b_;
};

}  // namespace mizan
