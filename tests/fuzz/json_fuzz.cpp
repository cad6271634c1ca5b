// The JSON parser and writers every other part stands on: what parses writes
// back to text that parses to the same value (compact, canonical and
// Python-escaped forms alike), and scan_object, the cheap path for bundles,
// accepts exactly what parse accepts as an object, with the same members.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/utf8.h"
#include "tests/fuzz/check.h"

namespace {

using mizan::json::Value;

std::string compact(const Value& v) {
  mizan::Str out;
  mizan::json::write(v, out);
  return out;
}

// Every string of `v` (keys included), written with Python's escaping.
void ascii_strings(const Value& v, mizan::Str& out) {
  if (v.is_string()) mizan::json::write_string(v.text, out, mizan::json::Escaping::ascii);
  for (const Value& item : v.items) ascii_strings(item, out);
  for (const mizan::json::Member& m : v.members) {
    mizan::json::write_string(m.key, out, mizan::json::Escaping::ascii);
    ascii_strings(m.value, out);
  }
}

bool first_is_brace(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Value v;
  const mizan::Status parsed = mizan::json::parse(text, v);
  mizan::Vec<mizan::json::RawMember> members;
  const mizan::Status scanned = mizan::json::scan_object(text, members);

  if (!parsed.ok()) {
    CHECK(!parsed.message.empty(), "a parse error without a message for " + fuzz::show(text));
    CHECK(!scanned.ok(), "scan_object accepts what parse refuses (" + parsed.message + "): " + fuzz::show(text));
    if (first_is_brace(text))
      CHECK(scanned.code == parsed.code, "scan_object and parse fail differently: " + scanned.message + " vs " +
                                             parsed.message + " for " + fuzz::show(text));
    return 0;
  }

  // Compact: valid UTF-8, parses back to the same value, a fixed point.
  const std::string once = compact(v);
  CHECK(mizan::utf8::first_invalid(once) == std::string_view::npos, "write() is not UTF-8: " + fuzz::show(once));
  Value again;
  const mizan::Status reparsed = mizan::json::parse(once, again);
  CHECK(reparsed.ok(), "write() output does not parse (" + reparsed.message + "): " + fuzz::show(once));
  CHECK(compact(again) == once, fuzz::show(once) + " writes back as " + fuzz::show(compact(again)));

  // Canonical: parses, and canonicalising it again changes nothing.
  const std::string canonical = fuzz::canonical(v);
  Value from_canonical;
  const mizan::Status canonical_parsed = mizan::json::parse(canonical, from_canonical);
  CHECK(canonical_parsed.ok(),
        "canonical output does not parse (" + canonical_parsed.message + "): " + fuzz::show(canonical));
  CHECK(fuzz::canonical(from_canonical) == canonical, "canonical form is not a fixed point: " + fuzz::show(canonical) +
                                                          " then " + fuzz::show(fuzz::canonical(from_canonical)));
  CHECK(fuzz::canonical(again) == canonical, "write() changed the canonical form: " + fuzz::show(once));

  // Python's escaping: printable ASCII only, and each string reads back.
  mizan::Str ascii;
  ascii_strings(v, ascii);
  for (char c : ascii)
    CHECK(c >= 0x20 && c < 0x7F,
          "ascii escaping left byte " + fuzz::show(std::string(1, c)) + " in " + fuzz::show(ascii));
  mizan::Str strings;
  if (v.is_string()) {
    mizan::json::write_string(v.text, strings, mizan::json::Escaping::ascii);
    Value s;
    CHECK(mizan::json::parse(strings, s).ok() && s.is_string() && s.text == v.text,
          "ascii escaping does not read back: " + fuzz::show(strings));
  }

  // scan_object: the same verdict and the same members, each member's raw
  // text parsing to the value parse() gave it.
  CHECK(scanned.ok() == v.is_object(), std::string("scan_object ") + (scanned.ok() ? "accepts" : "refuses") + " " +
                                           fuzz::show(text) + ": " + scanned.message);
  if (!scanned.ok()) return 0;
  CHECK(members.size() == v.members.size(),
        "scan_object found " + std::to_string(members.size()) + " members, parse " + std::to_string(v.members.size()));
  for (std::size_t k = 0; k < members.size(); ++k) {
    CHECK(members[k].key == v.members[k].key,
          "member " + std::to_string(k) + ": " + fuzz::show(members[k].key) + " vs " + fuzz::show(v.members[k].key));
    Value member;
    CHECK(mizan::json::parse(members[k].text, member).ok() && compact(member) == compact(v.members[k].value),
          "member " + fuzz::show(members[k].key) + " raw text " + fuzz::show(members[k].text));
  }
  return 0;
}
