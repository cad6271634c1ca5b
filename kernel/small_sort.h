#pragma once
// A stable bottom-up merge sort, O(n log n), for trivially copyable items
// (the kernel sorts pointers and ids). std::sort's introsort (with its
// sort3/4/5 and insertion helpers) costs ~6 KB of wasm per element type;
// this is one non-template routine (small_sort.cpp) and, per item type, a
// small comparison thunk: the kernel's sorts (object keys, entry ids) are
// short or not hot enough to miss inlined comparisons.
#include <cstddef>
#include <type_traits>

#include "kernel/vec.h"

namespace mizan {

namespace sort_detail {

// Whether item `a` sorts before item `b`, by the caller's comparison `less`
// (a pointer to its typed function pointer).
using Before = bool (*)(const void* a, const void* b, const void* less);

// Sorts the `n` items of `size` bytes at `items`.
void merge_sort(void* items, std::size_t n, std::size_t size, Before before, const void* less);

template <typename T>
using Less = bool (*)(T, T);

template <typename T>
bool before(const void* a, const void* b, const void* less) {
  return (*static_cast<const Less<T>*>(less))(*static_cast<const T*>(a), *static_cast<const T*>(b));
}

}  // namespace sort_detail

// `less(a, b)`: whether a sorts before b; a lambda without captures.
template <typename T, typename Less>
void small_sort(Vec<T>& items, Less less) {
  static_assert(std::is_trivially_copyable_v<T>, "items are moved as bytes");
  const sort_detail::Less<T> typed = less;
  sort_detail::merge_sort(items.data(), items.size(), sizeof(T), &sort_detail::before<T>, &typed);
}

}  // namespace mizan
