#pragma once
// HMAC-SHA256 (RFC 2104 / RFC 4231).
#include <string_view>

#include "kernel/sha256.h"
#include "kernel/str.h"

namespace mizan {

// A key with its padded blocks already absorbed: signing with the same key
// again costs the message's compressions only, not two more for the pads.
class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key);
  Digest sign(std::string_view message) const;

 private:
  Sha256 inner_;
  Sha256 outer_;
};

Digest hmac_sha256(std::string_view key, std::string_view message);

// Lowercase hexadecimal, as Python's hexdigest() prints.
Str to_hex(const Digest& digest);

}  // namespace mizan
