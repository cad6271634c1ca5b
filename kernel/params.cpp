#include "kernel/params.h"

#include "kernel/js_number.h"

namespace mizan {

bool append_normalised(const json::Value& scalar, Str& out) {
  switch (scalar.kind) {
    case json::Kind::null: out += "null"; return true;
    case json::Kind::boolean: out += scalar.boolean ? "true" : "false"; return true;
    case json::Kind::number: append_js_number(scalar.text, out); return true;
    case json::Kind::string: out += scalar.text; return true;
    case json::Kind::array:
    case json::Kind::object: return false;
  }
  return false;
}

}  // namespace mizan
