#include "kernel/small_sort.h"

#include <cstring>

namespace mizan::sort_detail {

void merge_sort(void* items, std::size_t n, std::size_t size, Before before, const void* less) {
  if (n < 2) return;
  char* from = static_cast<char*>(items);
  char* const scratch = static_cast<char*>(vec_detail::allocate(n, size));
  char* to = scratch;
  // Pointers and ids (4 bytes in wasm) are copied inline, not by a memcpy call.
  const auto copy = [&](std::size_t out, const char* item) {
    if (size == 4) {
      std::memcpy(to + out * 4, item, 4);
    } else {
      std::memcpy(to + out * size, item, size);
    }
  };
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = lo + width < n ? lo + width : n;
      const std::size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      std::size_t a = lo, b = mid, out = lo;
      // Stable: on a tie the left run's item goes first.
      while (a < mid && b < hi)
        copy(out++, before(from + b * size, from + a * size, less) ? from + b++ * size : from + a++ * size);
      while (a < mid) copy(out++, from + a++ * size);
      while (b < hi) copy(out++, from + b++ * size);
    }
    char* const swap = from;
    from = to;
    to = swap;
  }
  if (from != items) std::memcpy(items, from, n * size);
  std::free(scratch);
}

}  // namespace mizan::sort_detail
