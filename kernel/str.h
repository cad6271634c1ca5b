#pragma once
// The kernel's one string: bytes in one heap block, as Vec<char> keeps them
// (vec.h: the same growth routines, shared with every trivially copyable
// Vec), with the part of std::string's interface the kernel uses.
//
// libc++'s std::string keeps short strings inline (10 bytes in wasm32), so
// each size() or data() tests which form it is in, and every append,
// assignment and copy goes through out-of-line routines of its own
// (__grow_by_and_replace, __init, ...). Here size() and data() are loads.
// The price is a heap block for every non-empty string: most of the store's
// strings (keys, JSON texts) are past 10 bytes and were in the heap anyway,
// but short ones (slot names) now cost a block: ~50 B more per entry in the
// store benchmark.
// Unlike std::string:
//  - running out of memory aborts (the kernel never throws);
//  - positions past the end are the caller's bug (no out_of_range);
//  - data() is not NUL-terminated; c_str() terminates it in place;
//  - only what the kernel uses is here.
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "kernel/vec.h"

namespace mizan {

class Str {
 public:
  using size_type = std::size_t;
  using value_type = char;
  using iterator = char*;
  using const_iterator = const char*;
  static constexpr std::size_t npos = std::string_view::npos;

  Str() = default;
  Str(const char* text) : Str(std::string_view(text)) {}
  Str(const char* text, std::size_t n) { append(text, n); }
  Str(std::size_t n, char c) { append(n, c); }
  // Explicit, as std::string's: a view does not become a copy unseen.
  explicit Str(std::string_view text) : Str(text.data(), text.size()) {}
  // Anything else that views as chars (std::string in tests and tools).
  template <typename S, typename = std::enable_if_t<std::is_convertible_v<const S&, std::string_view> &&
                                                    !std::is_convertible_v<const S&, const char*> &&
                                                    !std::is_same_v<S, Str> && !std::is_same_v<S, std::string_view>>>
  explicit Str(const S& text) : Str(std::string_view(text)) {}
  Str(const Str& other) : Str(other.data(), other.size()) {}
  Str(Str&& other) noexcept : b_(std::exchange(other.b_, vec_detail::Buffer())) {}
  Str& operator=(const Str& other) { return assign(other.data(), other.size()); }
  Str& operator=(Str&& other) noexcept {
    Str(std::move(other)).swap(*this);
    return *this;
  }
  Str& operator=(std::string_view text) { return assign(text.data(), text.size()); }
  Str& operator=(const char* text) { return *this = std::string_view(text); }
  ~Str();

  std::size_t size() const { return b_.size; }
  std::size_t length() const { return b_.size; }
  bool empty() const { return b_.size == 0; }
  std::size_t capacity() const { return b_.capacity; }

  char* data() { return static_cast<char*>(b_.data); }
  const char* data() const { return static_cast<const char*>(b_.data); }
  char* begin() { return data(); }
  char* end() { return data() + b_.size; }
  const char* begin() const { return data(); }
  const char* end() const { return data() + b_.size; }
  char& operator[](std::size_t i) { return data()[i]; }
  char operator[](std::size_t i) const { return data()[i]; }
  char& front() { return data()[0]; }
  char front() const { return data()[0]; }
  char& back() { return data()[b_.size - 1]; }
  char back() const { return data()[b_.size - 1]; }

  operator std::string_view() const { return {data(), b_.size}; }
  // And into any other string type made from a view (std::string in the
  // native tests and tools, which were written when this was std::string).
  template <typename S, typename = std::enable_if_t<std::is_constructible_v<S, std::string_view> &&
                                                    !std::is_same_v<S, std::string_view> && !std::is_same_v<S, Str>>>
  operator S() const {
    return S(view());
  }
  std::string_view view() const { return {data(), b_.size}; }
  // The bytes with a NUL after them (written into spare room, so not const).
  const char* c_str();

  // Room for `n` bytes in all.
  void reserve(std::size_t n);
  void shrink_to_fit();
  void clear() { b_.size = 0; }
  void resize(std::size_t n, char c = '\0');
  void push_back(char c) {
    if (b_.size == b_.capacity) grow(1);
    data()[b_.size++] = c;
  }
  void pop_back() { --b_.size; }

  Str& append(const char* text, std::size_t n);
  Str& append(std::string_view text) { return append(text.data(), text.size()); }
  Str& append(std::size_t n, char c);
  Str& assign(const char* text, std::size_t n);
  Str& assign(std::string_view text) { return assign(text.data(), text.size()); }
  Str& assign(std::size_t n, char c);
  Str& operator+=(std::string_view text) { return append(text); }
  Str& operator+=(const Str& text) { return append(text.data(), text.size()); }
  Str& operator+=(const char* text) { return append(std::string_view(text)); }
  Str& operator+=(char c) {
    push_back(c);
    return *this;
  }
  // Removes `n` bytes (up to the end) from `at`.
  Str& erase(std::size_t at = 0, std::size_t n = npos);
  // Replaces `n` bytes from `at` (up to the end) with `text`.
  Str& replace(std::size_t at, std::size_t n, std::string_view text);

  Str substr(std::size_t at = 0, std::size_t n = npos) const { return Str(view().substr(at, n)); }
  std::size_t find(char c, std::size_t from = 0) const { return view().find(c, from); }
  std::size_t find(std::string_view text, std::size_t from = 0) const { return view().find(text, from); }
  std::size_t rfind(char c, std::size_t from = npos) const { return view().rfind(c, from); }
  std::size_t rfind(std::string_view text, std::size_t from = npos) const { return view().rfind(text, from); }

  void swap(Str& other) noexcept { std::swap(b_, other.b_); }

  friend bool operator==(const Str& a, const Str& b) { return a.view() == b.view(); }
  friend bool operator==(const Str& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(std::string_view a, const Str& b) { return a == b.view(); }
  friend bool operator==(const Str& a, const char* b) { return a.view() == b; }
  friend bool operator==(const char* a, const Str& b) { return a == b.view(); }
  friend bool operator!=(const Str& a, const Str& b) { return !(a == b); }
  friend bool operator!=(const Str& a, std::string_view b) { return !(a == b); }
  friend bool operator!=(std::string_view a, const Str& b) { return !(a == b); }
  friend bool operator!=(const Str& a, const char* b) { return !(a == b); }
  friend bool operator!=(const char* a, const Str& b) { return !(a == b); }
  friend bool operator<(const Str& a, const Str& b) { return a.view() < b.view(); }

  friend Str operator+(Str a, std::string_view b) { return std::move(a.append(b)); }
  friend Str operator+(const Str& a, const Str& b) { return Str(a) += b; }
  friend Str operator+(Str a, const char* b) { return std::move(a += b); }
  friend Str operator+(Str a, char b) { return std::move(a += b); }
  friend Str operator+(std::string_view a, const Str& b) { return Str(a) += b; }
  friend Str operator+(const char* a, const Str& b) { return Str(a) += b; }

 private:
  void grow(std::size_t extra);
  // Whether `text` points into this string's bytes.
  bool holds(const char* text) const;

  vec_detail::Buffer b_;
};

}  // namespace mizan
