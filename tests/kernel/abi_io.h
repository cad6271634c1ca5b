// Driving the wasm boundary (wasm/exports.h) natively the way js/wasm.js
// does: arguments written one after another into the input buffer, results
// read from the output buffer. Shared by the tests that go through it.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "wasm/exports.h"

namespace mizan::test {

// Writes `parts` into the input buffer; returns their lengths.
inline std::vector<std::size_t> write_input(const std::vector<std::string>& parts) {
  std::size_t total = 0;
  for (const std::string& p : parts) total += p.size();
  char* at = reinterpret_cast<char*>(mizan_reserve_input(total));
  std::vector<std::size_t> lengths;
  for (const std::string& p : parts) {
    if (!p.empty()) std::memcpy(at, p.data(), p.size());
    at += p.size();
    lengths.push_back(p.size());
  }
  return lengths;
}

// The output buffer as text: `rc` bytes, or all of it for an error code.
inline std::string output(int rc) {
  const char* at = reinterpret_cast<const char*>(mizan_output_ptr());
  return std::string(at, rc >= 0 ? static_cast<std::size_t>(rc) : mizan_output_len());
}

}  // namespace mizan::test
