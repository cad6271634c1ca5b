#include "kernel/hmac.h"

namespace mizan {

Digest hmac_sha256(std::string_view key, std::string_view message) {
  std::uint8_t block[64] = {};
  if (key.size() > 64) {
    const Digest hashed = sha256(key);
    for (std::size_t k = 0; k < hashed.size(); ++k) block[k] = hashed[k];
  } else {
    for (std::size_t k = 0; k < key.size(); ++k) block[k] = static_cast<std::uint8_t>(key[k]);
  }
  std::uint8_t pad[64];
  for (int k = 0; k < 64; ++k) pad[k] = block[k] ^ 0x36;
  Sha256 inner;
  inner.update(pad, 64);
  inner.update(message);
  const Digest inner_digest = inner.finish();
  for (int k = 0; k < 64; ++k) pad[k] = block[k] ^ 0x5c;
  Sha256 outer;
  outer.update(pad, 64);
  outer.update(inner_digest.data(), inner_digest.size());
  return outer.finish();
}

std::string to_hex(const Digest& digest) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (std::uint8_t b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xF]);
  }
  return out;
}

}  // namespace mizan
