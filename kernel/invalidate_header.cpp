#include "kernel/invalidate_header.h"

#include "kernel/js_number.h"
#include "kernel/json_write.h"
#include "kernel/params.h"
#include "kernel/percent.h"
#include "kernel/utf8.h"

namespace mizan {

namespace {

std::string_view trim(std::string_view s) {
  const auto ows = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && ows(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on `sep`; the pieces view into `s`.
Vec<std::string_view> split(std::string_view s, char sep) {
  Vec<std::string_view> parts;
  for (;;) {
    const std::size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

// A raw (still encoded) token: printable ASCII without spaces, since quote()
// encodes everything else. Returns why not, or nullptr.
const char* check_raw(std::string_view token) {
  for (char ch : token) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '\t') return "contains unencoded whitespace";
    if (c < 0x20 || c > 0x7E) return "contains an unencoded control or non-ASCII byte";
  }
  return nullptr;
}

// `may_be_empty`: a param value; Python's quote('') is '', so a server
// sends `q=` for an empty string.
bool decode_part(std::string_view raw, const char* what, Str& out, Str& why, bool may_be_empty = false) {
  if (raw.empty() && !may_be_empty) return why = Str(what) + " is empty", false;
  if (const char* bad = check_raw(raw)) return why = Str(what) + " " + bad, false;
  out.clear();
  if (!percent_decode(raw, out)) return why = Str(what) + " has a malformed percent-escape", false;
  return true;
}

bool parse_item(std::string_view item, InvalidateTarget& target, HeaderItemError& error) {
  const Vec<std::string_view> parts = split(item, ';');
  Str why;
  if (!decode_part(trim(parts[0]), "the context name", target.name, why)) return error.message = why, false;
  error.context = target.name;
  for (std::size_t k = 1; k < parts.size(); ++k) {
    const std::string_view part = trim(parts[k]);
    if (part.empty()) continue;  // "user;" or "user;;a=1": tolerated like empty items
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) return error.message = "param \"" + Str(part) + "\" has no '='", false;
    json::Member param;
    Str value;
    if (!decode_part(trim(part.substr(0, eq)), "a param key", param.key, why) ||
        !decode_part(trim(part.substr(eq + 1)), ("param \"" + param.key + "\"").c_str(), value, why, true))
      return error.message = why, false;
    if (target.params.find(param.key) != nullptr)
      return error.message = "param \"" + param.key + "\" is given twice", false;
    param.value = json::Value::make_string(std::move(value));
    target.params.members.push_back(std::move(param));
  }
  target.scoped = !target.params.members.empty();
  return true;
}

}  // namespace

InvalidateHeader parse_invalidate_header(std::string_view text) {
  InvalidateHeader header;
  const Vec<std::string_view> items = split(text, ',');
  for (std::size_t index = 0; index < items.size(); ++index) {
    const std::string_view item = trim(items[index]);
    if (item.empty()) continue;
    InvalidateTarget target;
    target.params = json::Value::make_object();
    HeaderItemError error;
    if (parse_item(item, target, error)) {
      if (!target.scoped) target.params = json::Value();
      header.targets.push_back(std::move(target));
    } else {
      error.index = index;
      error.item = Str(item);
      header.errors.push_back(std::move(error));
    }
  }
  return header;
}

namespace {

// What the parser could not read back is refused: a lone surrogate has no
// UTF-8 form (Python's quote() raises on one too).
Status check_encodable(std::string_view text, const Str& what) {
  if (utf8::first_invalid(text) != std::string_view::npos)
    return Status::fail(Code::invalid_params, what + " holds a lone surrogate, which has no UTF-8 form");
  return Status::success();
}

}  // namespace

Status format_invalidate_header(const Vec<InvalidateTarget>& targets, Str& out) {
  out.clear();
  Str value;
  for (const InvalidateTarget& t : targets) {
    if (t.kind == InvalidateTarget::Kind::function)
      return Status::fail(Code::invalid_argument,
                          "function target \"" + t.name + "\" has no X-Mizan-Invalidate form; name its context");
    if (t.name.empty()) return Status::fail(Code::invalid_argument, "a context name is empty");
    if (Status s = check_encodable(t.name, "the context name \"" + t.name + "\""); !s.ok()) return s;
    if (!out.empty()) out += ", ";
    percent_encode(t.name, out);
    if (!t.scoped) continue;
    for (const json::Member* m : json::sorted_members(t.params.members)) {
      value.clear();
      if (!append_normalised(m->value, value))
        return Status::fail(Code::invalid_params,
                            "param \"" + m->key + "\" of \"" + t.name + "\" is not a string, number, boolean or null");
      if (m->key.empty()) return Status::fail(Code::invalid_params, "a param key of \"" + t.name + "\" is empty");
      if (Status s = check_encodable(m->key, "param key \"" + m->key + "\""); !s.ok()) return s;
      if (Status s = check_encodable(value, "param \"" + m->key + "\""); !s.ok()) return s;
      out.push_back(';');
      percent_encode(m->key, out);
      out.push_back('=');
      percent_encode(value, out);
    }
  }
  return Status::success();
}

void write_header_json(const InvalidateHeader& header, Str& out) {
  out += "{\"targets\":";
  json::write_array(header.targets, out, write_target);
  out += ",\"errors\":";
  json::write_array(header.errors, out, [](const HeaderItemError& e, Str& o) {
    o += "{\"index\":";
    append_int(e.index, o);
    o += ",\"item\":";
    json::write_string(e.item, o);
    o += ",\"message\":";
    json::write_string(e.message, o);
    o += ",\"context\":";
    if (e.context.empty()) {
      o += "null";
    } else {
      json::write_string(e.context, o);
    }
    o.push_back('}');
  });
  out.push_back('}');
}

}  // namespace mizan
