#include "kernel/query_string.h"

#include "kernel/json_write.h"
#include "kernel/params.h"
#include "kernel/percent.h"

namespace mizan {

Str context_path(std::string_view name, const json::Value& params) {
  Str out = "ctx/";
  percent_encode(name, out);
  out.push_back('/');
  Str value;
  char separator = '?';
  for (const json::Member* m : json::sorted_members(params.members)) {
    out.push_back(separator);
    separator = '&';
    percent_encode(m->key, out);
    out.push_back('=');
    value.clear();
    if (!append_normalised(m->value, value)) json::write_canonical(m->value, value);
    percent_encode(value, out);
  }
  return out;
}

}  // namespace mizan
