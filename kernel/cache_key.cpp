#include "kernel/cache_key.h"

#include "kernel/hmac.h"
#include "kernel/js_number.h"
#include "kernel/json_write.h"
#include "kernel/params.h"
#include "kernel/vec.h"

namespace mizan {

Status cache_key_message(const CacheKeyInput& input, Str& out) {
  if (input.context.empty()) return Status::fail(Code::invalid_argument, "context must be a non-empty string");
  if (input.params == nullptr || !input.params->is_object())
    return Status::fail(Code::invalid_params, "params must be an object");

  for (const json::Member& m : input.params->members) {
    if (!m.value.is_scalar())
      return Status::fail(Code::invalid_params, "params." + m.key + " is an " +
                                                    (m.value.is_array() ? "array" : "object") +
                                                    "; cache-key params take strings, numbers, booleans or null");
  }
  const Vec<const json::Member*> members = json::sorted_members(input.params->members);

  using json::Escaping;
  out.clear();
  out += "{\"c\":";
  json::write_string(input.context, out, Escaping::ascii);
  out += ",\"p\":{";
  Str value;
  for (std::size_t k = 0; k < members.size(); ++k) {
    if (k) out.push_back(',');
    json::write_string(members[k]->key, out, Escaping::ascii);
    out.push_back(':');
    value.clear();
    append_normalised(members[k]->value, value);
    json::write_string(value, out, Escaping::ascii);
  }
  out += "},\"r\":";
  append_int(input.rev, out);
  if (input.user_id) {
    out += ",\"u\":";
    json::write_string(*input.user_id, out, Escaping::ascii);
  }
  out.push_back('}');
  return Status::success();
}

namespace {

// Servers derive many keys with one secret: keep its padded HMAC state.
const HmacSha256& hmac_for(std::string_view secret) {
  thread_local Str cached_secret;
  thread_local HmacSha256 cached{std::string_view()};
  thread_local bool primed = false;
  if (!primed || secret != cached_secret) {
    cached = HmacSha256(secret);
    cached_secret.assign(secret.data(), secret.size());
    primed = true;
  }
  return cached;
}

}  // namespace

Status derive_cache_key(std::string_view secret, const CacheKeyInput& input, Str& out) {
  if (secret.empty() && !input.allow_empty_secret)
    return Status::fail(Code::invalid_argument,
                        "the secret is empty: keys signed with it can be forged by anyone (the HMAC secret belongs "
                        "on servers and edge workers only)");
  Str message;
  Status built = cache_key_message(input, message);
  if (!built.ok()) return built;
  out.clear();
  out += "ctx:";
  out += input.context;
  out.push_back(':');
  out += to_hex(hmac_for(secret).sign(message));
  return Status::success();
}

}  // namespace mizan
