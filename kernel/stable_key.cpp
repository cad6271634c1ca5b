#include "kernel/stable_key.h"

#include "kernel/json_parse.h"
#include "kernel/json_write.h"

namespace mizan {

Status stable_key(std::string_view params_json, Str& out) {
  json::Value params;
  Status parsed = json::parse(params_json, params);
  if (!parsed.ok()) return parsed;
  if (!params.is_object()) return Status::fail(Code::invalid_params, "params must be a JSON object");
  out.clear();
  json::write_canonical(params, out);
  return Status::success();
}

}  // namespace mizan
