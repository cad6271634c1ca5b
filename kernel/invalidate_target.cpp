#include "kernel/invalidate_target.h"

#include <utility>

#include "kernel/js_number.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"

namespace mizan {

bool read_target(const json::Value& v, InvalidateTarget& out, Str& why) {
  out = InvalidateTarget();
  if (v.is_string()) {
    if (v.text.empty()) return why = "a context name is empty", false;
    out.name = v.text;
    return true;
  }
  if (!v.is_object()) return why = "a target must be a string or an object", false;
  const json::Value* context = v.find("context");
  const json::Value* function = v.find("function");
  const json::Value* name = context ? context : function;
  if (name == nullptr || (context && function))
    return why = "a target object needs exactly one of \"context\" or \"function\"", false;
  if (!name->is_string() || name->text.empty())
    return why = Str("\"") + (context ? "context" : "function") + "\" must be a non-empty string", false;
  out.kind = context ? InvalidateTarget::Kind::context : InvalidateTarget::Kind::function;
  out.name = name->text;
  const json::Value* params = v.find("params");
  if (params != nullptr && !params->is_null()) {
    if (!params->is_object()) return why = "\"params\" must be an object", false;
    out.scoped = true;
    out.params = *params;
  }
  return true;
}

Status read_targets(std::string_view json_text, Vec<InvalidateTarget>& out) {
  json::Value list;
  if (Status s = json::parse(json_text, list); !s.ok()) return s;
  if (!list.is_array()) return Status::fail(Code::invalid_argument, "targets must be an array");
  out.clear();
  Str why;
  for (std::size_t k = 0; k < list.items.size(); ++k) {
    // push_back as envelope.cpp does: one vector operation in the module, not two.
    InvalidateTarget target;
    if (!read_target(list.items[k], target, why))
      return Status::fail(Code::invalid_argument, "targets[" + int_string(k) + "]: " + why);
    out.push_back(std::move(target));
  }
  return Status::success();
}

void write_target(const InvalidateTarget& t, Str& out) {
  const bool function = t.kind == InvalidateTarget::Kind::function;
  if (!function && !t.scoped) {
    json::write_string(t.name, out);
    return;
  }
  out += function ? "{\"function\":" : "{\"context\":";
  json::write_string(t.name, out);
  if (t.scoped) {
    out += ",\"params\":";
    json::write(t.params, out);
  }
  out.push_back('}');
}

}  // namespace mizan
