// The kernel's JSON reader and writers against nlohmann/json, on any input:
// the same verdict, the same value, each writer's output read back by the
// other parser and the same canonical form, except where
// tests/kernel/json_oracle.h documents a difference (lone surrogates, the
// nesting limit, a byte order mark, a NUL byte, -0).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/check.h"
#include "tests/kernel/json_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const json_oracle::Verdict verdict = json_oracle::compare(text);
  CHECK(verdict.problem.empty(),
        std::string(json_oracle::name(verdict.outcome)) + ": " + verdict.problem + "\n*** input " + fuzz::show(text));
  return 0;
}
