#include "kernel/cache_key.h"

#include <algorithm>
#include <vector>

#include "kernel/hmac.h"
#include "kernel/json_write.h"
#include "kernel/params.h"

namespace mizan {

Status cache_key_message(const CacheKeyInput& input, std::string& out) {
  if (input.context.empty()) return Status::fail(Code::invalid_argument, "context must be a non-empty string");
  if (input.params == nullptr || !input.params->is_object())
    return Status::fail(Code::invalid_params, "params must be an object");

  std::vector<const json::Member*> members;
  members.reserve(input.params->members.size());
  for (const json::Member& m : input.params->members) {
    if (!m.value.is_scalar())
      return Status::fail(Code::invalid_params,
                          "params." + m.key + " is an " + (m.value.is_array() ? "array" : "object") +
                              "; cache-key params take strings, numbers, booleans or null");
    members.push_back(&m);
  }
  // Python sorts str keys by code point, which is UTF-8 byte order.
  std::sort(members.begin(), members.end(), [](const json::Member* a, const json::Member* b) { return a->key < b->key; });

  using json::Escaping;
  out.clear();
  out += "{\"c\":";
  json::write_string(input.context, out, Escaping::ascii);
  out += ",\"p\":{";
  std::string value;
  for (std::size_t k = 0; k < members.size(); ++k) {
    if (k) out.push_back(',');
    json::write_string(members[k]->key, out, Escaping::ascii);
    out.push_back(':');
    value.clear();
    append_normalised(members[k]->value, value);
    json::write_string(value, out, Escaping::ascii);
  }
  out += "},\"r\":";
  out += std::to_string(input.rev);
  if (input.user_id) {
    out += ",\"u\":";
    json::write_string(*input.user_id, out, Escaping::ascii);
  }
  out.push_back('}');
  return Status::success();
}

Status derive_cache_key(std::string_view secret, const CacheKeyInput& input, std::string& out) {
  std::string message;
  Status built = cache_key_message(input, message);
  if (!built.ok()) return built;
  out.clear();
  out += "ctx:";
  out += input.context;
  out.push_back(':');
  out += to_hex(hmac_sha256(secret, message));
  return Status::success();
}

}  // namespace mizan
