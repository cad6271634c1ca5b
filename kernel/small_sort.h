#pragma once
// A stable bottom-up merge sort, O(n log n). std::sort's introsort (with its
// sort3/4/5 and insertion helpers) costs ~6 KB of wasm per element type; this
// is a few hundred bytes, and the kernel's sorts (object keys, entry ids) are
// not hot enough to miss the difference.
#include <cstddef>
#include <utility>

#include "kernel/vec.h"

namespace mizan {

template <typename T, typename Less>
void small_sort(Vec<T>& items, Less less) {
  const std::size_t n = items.size();
  if (n < 2) return;
  Vec<T> merged(n);
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = lo + width < n ? lo + width : n;
      const std::size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      std::size_t a = lo, b = mid, out = lo;
      while (a < mid && b < hi) merged[out++] = less(items[b], items[a]) ? items[b++] : items[a++];
      while (a < mid) merged[out++] = items[a++];
      while (b < hi) merged[out++] = items[b++];
    }
    items.swap(merged);
  }
}

}  // namespace mizan
