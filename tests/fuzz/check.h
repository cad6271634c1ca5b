#pragma once
// Invariant checks for the fuzz targets. A broken invariant prints what broke
// and aborts, which libFuzzer reports as a crash and saves the input for.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "tests/kernel/show_bytes.h"

namespace fuzz {

using test_text::show;

[[noreturn]] inline void fail(const char* condition, const char* file, int line, const std::string& detail) {
  std::fprintf(stderr, "\n*** invariant broken at %s:%d: %s\n*** %s\n", file, line, condition, detail.c_str());
  std::abort();
}

// Compact JSON of a value, keys sorted: equal values give equal text.
inline std::string canonical(const mizan::json::Value& v) {
  mizan::Str out;
  mizan::json::write_canonical(v, out);
  return out;
}

inline bool is_json(std::string_view text) {
  mizan::json::Value v;
  return mizan::json::parse(text, v).ok();
}

}  // namespace fuzz

// CHECK(condition, detail): `detail` (a std::string) is built only on failure.
#define CHECK(condition, detail)                                              \
  do {                                                                        \
    if (!(condition)) ::fuzz::fail(#condition, __FILE__, __LINE__, (detail)); \
  } while (0)
