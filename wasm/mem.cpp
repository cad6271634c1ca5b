// The module's memcpy, memchr and strlen, in place of the C library's,
// which are built for long runs (0.5, 0.2 and 0.1 KB of wasm: Emscripten's
// memcpy copies aligned 64-byte blocks unrolled, and bytes one by one
// whenever source and destination are not equally aligned; musl's memchr
// and strlen scan words). The kernel's copies and searches are mostly
// short, and its C strings are literals.
//  - memcpy: 8 bytes at a time whatever the alignment (wasm loads and
//    stores need none; the alignment is only a hint), then the tail byte
//    by byte;
//  - memchr (string_view::find of a character) and strlen: byte by byte.
// Compiled with -fno-builtin and without LTO (wasm/CMakeLists.txt), so
// that the loops are not turned back into calls of themselves, and their
// definitions are there when code generation makes its calls. Natively
// only the functions of wasm/mem.h are built, for the test suite
// (tests/kernel/mem_test.cpp).
#include "wasm/mem.h"

#include <cstdint>

namespace mizan::mem {

void* copy(void* __restrict to, const void* __restrict from, std::size_t n) {
  using Word = std::uint64_t __attribute__((may_alias, aligned(1)));
  auto* d = static_cast<unsigned char*>(to);
  const auto* s = static_cast<const unsigned char*>(from);
  for (; n >= 8; n -= 8, d += 8, s += 8) *reinterpret_cast<Word*>(d) = *reinterpret_cast<const Word*>(s);
  for (; n != 0; --n) *d++ = *s++;
  return to;
}

void* find(const void* in, int c, std::size_t n) {
  const auto* s = static_cast<const unsigned char*>(in);
  for (; n != 0; --n, ++s)
    if (*s == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(s);
  return nullptr;
}

std::size_t length(const char* s) {
  std::size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

}  // namespace mizan::mem

#ifdef __EMSCRIPTEN__
extern "C" {
void* memcpy(void* __restrict to, const void* __restrict from, std::size_t n) { return mizan::mem::copy(to, from, n); }
void* memchr(const void* s, int c, std::size_t n) { return mizan::mem::find(s, c, n); }
std::size_t strlen(const char* s) { return mizan::mem::length(s); }
}
#endif
