#pragma once
// HMAC-SHA256 (RFC 2104 / RFC 4231).
#include <string>
#include <string_view>

#include "kernel/sha256.h"

namespace mizan {

Digest hmac_sha256(std::string_view key, std::string_view message);

// Lowercase hexadecimal, as Python's hexdigest() prints.
std::string to_hex(const Digest& digest);

}  // namespace mizan
