// The module's malloc and free (the link has -sMALLOC=none, which leaves
// out sbrk too): wasm/heap.h's allocator over the memory after the static
// data, grown as sbrk would (emscripten_resize_heap grows the linear memory
// and tells js/wasm.js).
// Nothing in the kernel calls realloc, calloc or the aligned allocations;
// were anything to, the link would fail for want of them.
#include <emscripten/heap.h>

#include <cstdint>
#include <cstdlib>

#include "wasm/heap.h"

extern "C" char __heap_base;  // the linker's: where the static data ends

namespace {

std::uintptr_t brk = reinterpret_cast<std::uintptr_t>(&__heap_base);

void* grow(std::size_t bytes) {
  const std::uintptr_t at = brk;
  if (bytes > UINTPTR_MAX - at) return nullptr;
  if (at + bytes > emscripten_get_heap_size() && !emscripten_resize_heap(at + bytes)) return nullptr;
  brk = at + bytes;
  return reinterpret_cast<void*>(at);
}

mizan::heap::Heap the_heap(grow);

}  // namespace

namespace mizan::heap {
std::size_t module_in_use() { return the_heap.in_use(); }
}  // namespace mizan::heap

extern "C" {
void* malloc(std::size_t n) { return the_heap.allocate(n); }
void free(void* p) { the_heap.release(p); }
}
