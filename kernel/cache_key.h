#pragma once
// deriveCacheKey (PROTOCOL.md §5): `ctx:{context}:{hex}`, where hex is the
// HMAC-SHA256 of exactly the bytes Python's
//   json.dumps({"c": context, "p": normalised_params, "r": rev, "u": user},
//              sort_keys=True, separators=(",", ":"))
// prints, so that keys match Mizan's Python server byte for byte.
#include <cstdint>
#include <optional>
#include <string_view>

#include "kernel/json_value.h"
#include "kernel/status.h"
#include "kernel/str.h"

namespace mizan {

struct CacheKeyInput {
  std::string_view context;
  const json::Value* params = nullptr;      // a flat object of scalars
  std::optional<std::string_view> user_id;  // absent for public content
  std::int64_t rev = 0;
  // An empty secret signs keys anyone can forge; only tests comparing with
  // Python's hmac (which accepts one) may ask for it.
  bool allow_empty_secret = false;
};

// The message that is signed; exposed so tests can compare it with Python's.
Status cache_key_message(const CacheKeyInput& input, Str& out);

Status derive_cache_key(std::string_view secret, const CacheKeyInput& input, Str& out);

}  // namespace mizan
