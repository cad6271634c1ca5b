// The kernel stays pure C++: nothing of Emscripten, wasm/, JS or I/O. This
// keeps every race testable natively and the kernel reusable anywhere.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "tests/kernel/str_print.h"

namespace {

TEST(KernelPurity, IncludesNothingOfWasmJsOrIo) {
  const std::regex include(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  const std::regex forbidden(
      R"(^(emscripten/.*|wasm/.*|js/.*|iostream|fstream|sstream|cstdio|stdio\.h|thread|chrono)$)");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MIZAN_KERNEL_DIR)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cpp") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_search(line, m, include)) {
        EXPECT_FALSE(std::regex_match(m[1].str(), forbidden)) << entry.path().filename() << ": " << line;
      }
      EXPECT_EQ(line.find("EMSCRIPTEN"), std::string::npos) << entry.path().filename() << ": " << line;
    }
  }
  EXPECT_GT(files, 10);
}

}  // namespace
