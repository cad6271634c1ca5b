#include "kernel/hmac.h"

namespace mizan {

HmacSha256::HmacSha256(std::string_view key) {
  std::uint8_t block[64] = {};
  if (key.size() > 64) {
    const Digest hashed = sha256(key);
    for (std::size_t k = 0; k < hashed.size(); ++k) block[k] = hashed[k];
  } else {
    for (std::size_t k = 0; k < key.size(); ++k) block[k] = static_cast<std::uint8_t>(key[k]);
  }
  std::uint8_t pad[64];
  for (int k = 0; k < 64; ++k) pad[k] = block[k] ^ 0x36;
  inner_.update(pad, 64);
  for (int k = 0; k < 64; ++k) pad[k] = block[k] ^ 0x5c;
  outer_.update(pad, 64);
}

Digest HmacSha256::sign(std::string_view message) const {
  Sha256 inner = inner_;
  inner.update(message);
  const Digest inner_digest = inner.finish();
  Sha256 outer = outer_;
  outer.update(inner_digest.data(), inner_digest.size());
  return outer.finish();
}

Digest hmac_sha256(std::string_view key, std::string_view message) { return HmacSha256(key).sign(message); }

Str to_hex(const Digest& digest) {
  static const char hex[] = "0123456789abcdef";
  char text[64];
  for (std::size_t k = 0; k < digest.size(); ++k) {
    text[2 * k] = hex[digest[k] >> 4];
    text[2 * k + 1] = hex[digest[k] & 0xF];
  }
  return Str(text, sizeof text);
}

}  // namespace mizan
