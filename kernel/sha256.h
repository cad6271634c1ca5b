#pragma once
// SHA-256 (FIPS 180-4), small and allocation-free.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mizan {

using Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void update(const std::uint8_t* data, std::size_t len);
  void update(std::string_view s) { update(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }
  Digest finish();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

Digest sha256(std::string_view data);

}  // namespace mizan
