#include "kernel/json_write.h"

#include <cstdint>

#include "kernel/js_number.h"
#include "kernel/utf8.h"
#include "kernel/vec.h"

namespace mizan::json {

namespace {

void append_u_escape(std::uint32_t unit, Str& out) {
  static const char hex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(hex[(unit >> shift) & 0xF]);
}

bool short_escape(std::uint32_t c, Str& out) {
  switch (c) {
    case '"': out += "\\\""; return true;
    case '\\': out += "\\\\"; return true;
    case '\b': out += "\\b"; return true;
    case '\f': out += "\\f"; return true;
    case '\n': out += "\\n"; return true;
    case '\r': out += "\\r"; return true;
    case '\t': out += "\\t"; return true;
    default: return false;
  }
}

}  // namespace

void write_string(std::string_view s, Str& out, Escaping escaping) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {  // printable ASCII
      const std::size_t run = i;
      while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') break;
        ++i;
      }
      out.append(s.data() + run, i - run);
      continue;
    }
    const std::size_t at = i;
    std::uint32_t cp;
    if (!utf8::next(s, i, cp, true)) {
      // Only bytes that never passed the parser (a raw header item quoted in
      // an error) can get here; show them as U+FFFD rather than emit them.
      i = at + 1;
      if (escaping == Escaping::minimal) {
        utf8::append(out, 0xFFFD);
      } else {
        append_u_escape(0xFFFD, out);
      }
      continue;
    }
    if (short_escape(cp, out)) continue;
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    if (cp < 0x20 || surrogate) {
      append_u_escape(cp, out);
    } else if (escaping == Escaping::minimal) {
      out.append(s.data() + at, i - at);
    } else if (cp < 0x10000) {
      append_u_escape(cp, out);
    } else {
      cp -= 0x10000;
      append_u_escape(0xD800 + (cp >> 10), out);
      append_u_escape(0xDC00 + (cp & 0x3FF), out);
    }
  }
  out.push_back('"');
}

namespace {

template <bool Canonical>
void write_value(const Value& v, Str& out);

template <bool Canonical>
void write_member(const Member& m, std::size_t index, Str& out) {
  if (index) out.push_back(',');
  write_string(m.key, out);
  out.push_back(':');
  write_value<Canonical>(m.value, out);
}

template <bool Canonical>
void write_value(const Value& v, Str& out) {
  switch (v.kind) {
    case Kind::null: out += "null"; return;
    case Kind::boolean: out += v.boolean ? "true" : "false"; return;
    case Kind::number:
      if (Canonical) {
        append_js_number(v.text, out);
      } else {
        out += v.text;
      }
      return;
    case Kind::string: write_string(v.text, out); return;
    case Kind::array:
      out.push_back('[');
      for (std::size_t k = 0; k < v.items.size(); ++k) {
        if (k) out.push_back(',');
        write_value<Canonical>(v.items[k], out);
      }
      out.push_back(']');
      return;
    case Kind::object:
      out.push_back('{');
      if (Canonical) {
        const Vec<const Member*> sorted = sorted_members(v.members);
        for (std::size_t k = 0; k < sorted.size(); ++k) write_member<Canonical>(*sorted[k], k, out);
      } else {
        for (std::size_t k = 0; k < v.members.size(); ++k) write_member<Canonical>(v.members[k], k, out);
      }
      out.push_back('}');
      return;
  }
}

}  // namespace

void write(const Value& v, Str& out) { write_value<false>(v, out); }

void write_canonical(const Value& v, Str& out) { write_value<true>(v, out); }

}  // namespace mizan::json
