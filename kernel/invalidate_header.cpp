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

// The piece of `rest` before its first `sep` (all of it when there is
// none), taken off `rest`; `more` says whether a `sep` followed.
std::string_view take(std::string_view& rest, char sep, bool& more) {
  const std::size_t at = rest.find(sep);
  const std::string_view piece = rest.substr(0, at);
  more = at != std::string_view::npos;
  rest.remove_prefix(more ? at + 1 : rest.size());
  return piece;
}

// Decodes a raw (still encoded) part into `out`, or says what is wrong
// with it. A raw part is printable ASCII without spaces, since quote()
// encodes everything else. `may_be_empty`: a param value; Python's
// quote('') is '', so a server sends `q=` for an empty string.
const char* decode_part(std::string_view raw, Str& out, bool may_be_empty) {
  if (raw.empty() && !may_be_empty) return "is empty";
  for (char ch : raw) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '\t') return "contains unencoded whitespace";
    if (c < 0x20 || c > 0x7E) return "contains an unencoded control or non-ASCII byte";
  }
  out.clear();
  return percent_decode(raw, out) ? nullptr : "has a malformed percent-escape";
}

// The message is "<part> <what is wrong>", built once, when an item fails.
bool parse_item(std::string_view item, InvalidateTarget& target, HeaderItemError& error) {
  bool more = false;
  Str part_name = "the context name";
  const char* wrong = decode_part(trim(take(item, ';', more)), target.name, false);
  if (!wrong) error.context = target.name;
  while (!wrong && more) {
    const std::string_view part = trim(take(item, ';', more));
    if (part.empty()) continue;  // "user;" or "user;;a=1": tolerated like empty items
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      part_name = "param \"" + Str(part) + "\"";
      wrong = "has no '='";
      break;
    }
    json::Member param;
    part_name = "a param key";
    if ((wrong = decode_part(trim(part.substr(0, eq)), param.key, false))) break;
    part_name = "param \"" + param.key + "\"";
    Str value;
    wrong = decode_part(trim(part.substr(eq + 1)), value, true);
    if (!wrong && target.params.find(param.key) != nullptr) wrong = "is given twice";
    if (wrong) break;
    param.value = json::Value::make_string(std::move(value));
    target.params.members.push_back(std::move(param));
  }
  if (wrong) return error.message = part_name + " " + wrong, false;
  target.scoped = !target.params.members.empty();
  return true;
}

}  // namespace

InvalidateHeader parse_invalidate_header(std::string_view text) {
  InvalidateHeader header;
  bool more = true;
  for (std::size_t index = 0; more; ++index) {
    const std::string_view item = trim(take(text, ',', more));
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
