// stableKey and deriveCacheKey (PROTOCOL.md §5) on any params text: an error
// status, or a canonical key that is its own stableKey and does not depend on
// key order; the HMAC key signs a Python-style message (ASCII JSON whose
// params are all strings), never depends on key order either, and needs a
// secret.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/cache_key.h"
#include "kernel/json_parse.h"
#include "kernel/query_string.h"
#include "kernel/stable_key.h"
#include "tests/fuzz/check.h"

namespace {

using mizan::json::Value;

bool lowercase_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void check_cache_key(const Value& params, std::string_view text) {
  bool scalars = params.is_object();
  for (const mizan::json::Member& m : params.members) scalars = scalars && m.value.is_scalar();

  // The same members, last first: the key must not care.
  Value reversed = params;
  std::reverse(reversed.members.begin(), reversed.members.end());

  const std::optional<std::string_view> users[] = {std::nullopt, std::string_view("42"),
                                                   std::string_view("caf\xC3\xA9")};
  for (std::size_t u = 0; u < 3; ++u) {
    mizan::CacheKeyInput input;
    input.context = "user";
    input.params = &params;
    input.user_id = users[u];
    input.rev = static_cast<std::int64_t>(text.size() % 5);
    mizan::Str key;
    const mizan::Status s = mizan::derive_cache_key("test-secret", input, key);
    CHECK(s.ok() == scalars, "deriveCacheKey " + (s.ok() ? std::string("accepts") : "refuses (" + s.message + ")") +
                                 " params " + fuzz::show(text));
    if (!s.ok()) {
      CHECK(!s.message.empty(), "a cache-key error without a message for " + fuzz::show(text));
      continue;
    }
    CHECK(key.size() == 9 + 64 && key.view().substr(0, 9) == "ctx:user:" && lowercase_hex(key.substr(9)),
          "cache key " + fuzz::show(key));

    mizan::Str message;
    CHECK(mizan::cache_key_message(input, message).ok(), "no message for " + fuzz::show(text));
    for (char c : message) CHECK(c >= 0x20 && c < 0x7F, "message is not printable ASCII: " + fuzz::show(message));
    Value signed_message;
    CHECK(mizan::json::parse(message, signed_message).ok() && signed_message.is_object(),
          "message is not a JSON object: " + fuzz::show(message));
    const Value* p = signed_message.find("p");
    CHECK(p != nullptr && p->is_object() && p->members.size() == params.members.size(),
          "message params: " + fuzz::show(message));
    for (const mizan::json::Member& m : p->members)
      CHECK(m.value.is_string(), "a normalised param that is not a string: " + fuzz::show(message));
    CHECK((signed_message.find("u") != nullptr) == users[u].has_value(), "message user: " + fuzz::show(message));

    // An empty secret is refused (anyone could forge its keys) unless allowed.
    mizan::Str unsigned_key;
    CHECK(!mizan::derive_cache_key("", input, unsigned_key).ok(), "an empty secret was accepted");
    input.allow_empty_secret = true;
    CHECK(mizan::derive_cache_key("", input, unsigned_key).ok() && unsigned_key != key,
          "an allowed empty secret fails, or signs like test-secret");
    input.allow_empty_secret = false;

    mizan::Str other;
    input.params = &reversed;
    CHECK(mizan::derive_cache_key("test-secret", input, other).ok() && other == key,
          "key order changes the cache key of " + fuzz::show(text));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mizan::Str key;
  const mizan::Status s = mizan::stable_key(text, key);
  Value params;
  const bool is_json = mizan::json::parse(text, params).ok();
  if (!s.ok()) {
    CHECK(!s.message.empty(), "a stableKey error without a message for " + fuzz::show(text));
    CHECK(!is_json || !params.is_object(), "stableKey refuses an object (" + s.message + "): " + fuzz::show(text));
    return 0;
  }
  CHECK(is_json && params.is_object(), "stableKey accepts " + fuzz::show(text));

  // Idempotent: the key is its own stableKey.
  mizan::Str again;
  const mizan::Status twice = mizan::stable_key(key, again);
  CHECK(twice.ok() && again == key,
        "stableKey(" + fuzz::show(key) + ") is " + fuzz::show(again) + " (" + twice.message + ")");

  // Independent of key order at the top level.
  Value reversed = params;
  std::reverse(reversed.members.begin(), reversed.members.end());
  mizan::Str reordered_text;
  mizan::json::write(reversed, reordered_text);
  mizan::Str reordered;
  CHECK(mizan::stable_key(reordered_text, reordered).ok() && reordered == key,
        "key order changes stableKey: " + fuzz::show(key) + " vs " + fuzz::show(reordered));

  // The fetch URL of the same params: never crashes, always printable ASCII.
  const std::string path = mizan::context_path("user", params);
  for (char c : path) CHECK(c > 0x20 && c < 0x7F, "fetch path is not printable ASCII: " + fuzz::show(path));

  check_cache_key(params, text);
  return 0;
}
