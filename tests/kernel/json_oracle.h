#pragma once
// The kernel's JSON reader and writers checked against nlohmann/json, an
// independent implementation, on the same text. json_oracle_test.cpp feeds
// it a generated corpus and tests/fuzz/json_oracle_fuzz.cpp arbitrary bytes,
// so both hold one definition of where the two may differ. Native tests
// only: the kernel and the wasm build never see nlohmann.
//
// Compared: the parse verdict; the values (kinds, string bytes, member order,
// numbers as doubles bit for bit: the kernel's decimal::parse_double against
// nlohmann's strtod); each string as both libraries escape it, minimally and
// as ASCII; each writer's output read back by the other parser; and the
// kernel's canonical form against one built from nlohmann's value, with
// numbers spelled from std::to_chars' shortest digits.
//
// Where the two legitimately differ, each asserted exactly, never skipped:
// - lone surrogates ("\ud800"): JavaScript strings carry them, so the kernel
//   keeps them as WTF-8; nlohmann refuses the document.
// - nesting deeper than kMaxJsonDepth: the kernel refuses it
//   (NESTING_TOO_DEEP) to spare the small wasm stack; nlohmann has no limit.
// - a leading UTF-8 byte order mark: nlohmann skips it (RFC 8259 8.1 lets a
//   parser ignore one); the kernel refuses it, as JSON.parse does.
// - a NUL byte outside a string: nlohmann's lexer takes it for the end of
//   the input and drops the rest; the kernel refuses it, as JSON.parse does.
// - "-0": nlohmann reads the integer 0; the kernel keeps -0, as JSON.parse
//   does (both canonical spellings are "0").
// Duplicate keys are no difference: with ordered_json nlohmann, like
// JSON.parse and the kernel, keeps a key's first position and last value.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/decimal.h"
#include "kernel/json_parse.h"
#include "kernel/json_value.h"
#include "kernel/json_write.h"
#include "kernel/status.h"
#include "tests/kernel/show_bytes.h"
#include "tests/kernel/str_print.h"

namespace json_oracle {

using mizan::json::Value;
using Nl = nlohmann::ordered_json;  // keeps member order, as the kernel does

enum class Outcome {
  both_accept,
  both_reject,
  lone_surrogate,   // only the kernel accepts
  too_deep,         // only nlohmann accepts
  byte_order_mark,  // only nlohmann accepts
  nul_byte,         // only nlohmann accepts
  disagree,         // anything else: `problem` says what
};

struct Verdict {
  Outcome outcome;
  std::string problem;  // empty when the two agree or differ as documented
};

inline const char* name(Outcome o) {
  switch (o) {
    case Outcome::both_accept: return "both accept";
    case Outcome::both_reject: return "both reject";
    case Outcome::lone_surrogate: return "lone surrogate";
    case Outcome::too_deep: return "too deep";
    case Outcome::byte_order_mark: return "byte order mark";
    case Outcome::nul_byte: return "NUL byte";
    case Outcome::disagree: return "disagree";
  }
  return "?";
}

using test_text::show;

// nlohmann's verdict: a discarded value when it refuses the text.
inline Nl nl_parse(std::string_view text) { return Nl::parse(text.begin(), text.end(), nullptr, false); }

inline double kernel_double(const Value& number) {
  double d = 0;
  mizan::decimal::parse_double(number.text, d);
  return d;
}

inline double nl_double(const Nl& number) {
  if (number.is_number_unsigned()) return static_cast<double>(number.get<std::uint64_t>());
  if (number.is_number_integer()) return static_cast<double>(number.get<std::int64_t>());
  return number.get<double>();
}

// ECMA-262 Number::toString from std::to_chars' shortest round-trip digits:
// independent of the kernel's decimal::shortest and js_number.
inline std::string js_spelling(double v) {
  if (v == 0) return "0";
  char buf[64];
  const char* end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific).ptr;
  std::string_view s(buf, static_cast<std::size_t>(end - buf));  // -d.ddde+XX
  std::string out;
  if (s[0] == '-') {
    out.push_back('-');
    s.remove_prefix(1);
  }
  const std::size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e))
    if (c != '.') digits.push_back(c);
  const int n = std::stoi(std::string(s.substr(e + 1))) + 1;  // v = 0.digits * 10^n
  const int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) return out + digits + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21) return out + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return out + "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  out += digits.substr(0, 1);
  if (k > 1) out += "." + digits.substr(1);
  return out + (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
}

inline std::string describe(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g (%a)", d, d);
  return buf;
}

// Empty when the kernel's `k` and nlohmann's `n` are the same JSON value and
// each string escapes identically in both; else the first difference, at
// `path`.
inline std::string difference(const Value& k, const Nl& n, const std::string& path = "$") {
  using mizan::json::Kind;
  const auto differs = [&](const std::string& what) { return path + ": " + what; };
  switch (k.kind) {
    case Kind::null:
      if (!n.is_null()) return differs("kernel null, nlohmann " + n.dump());
      return "";
    case Kind::boolean:
      if (!n.is_boolean() || n.get<bool>() != k.boolean)
        return differs(std::string("kernel ") + (k.boolean ? "true" : "false") + ", nlohmann " + n.dump());
      return "";
    case Kind::number: {
      if (!n.is_number()) return differs("kernel number " + k.text + ", nlohmann " + n.dump());
      const double mine = kernel_double(k);
      const double theirs = nl_double(n);
      // nlohmann reads "-0" as the integer 0; JSON.parse and the kernel keep -0.
      const bool negative_zero = k.text == "-0" && n.is_number_integer() && theirs == 0;
      if (std::memcmp(&mine, &theirs, sizeof mine) != 0 && !negative_zero)
        return differs("number " + show(k.text) + ": kernel " + describe(mine) + ", nlohmann " + describe(theirs));
      return "";
    }
    case Kind::string: {
      if (!n.is_string()) return differs("kernel string " + show(k.text) + ", nlohmann " + n.dump());
      const std::string& theirs = n.get_ref<const std::string&>();
      if (k.text != theirs) return differs("kernel string " + show(k.text) + ", nlohmann " + show(theirs));
      mizan::Str minimal, ascii;
      mizan::json::write_string(k.text, minimal);
      mizan::json::write_string(k.text, ascii, mizan::json::Escaping::ascii);
      if (minimal != n.dump()) return differs("string written " + show(minimal) + ", nlohmann " + show(n.dump()));
      const std::string nl_ascii = n.dump(-1, ' ', true);
      if (ascii != nl_ascii) return differs("ASCII-escaped " + show(ascii) + ", nlohmann " + show(nl_ascii));
      return "";
    }
    case Kind::array: {
      if (!n.is_array() || n.size() != k.items.size())
        return differs("kernel array of " + std::to_string(k.items.size()) + ", nlohmann " + show(n.dump()));
      for (std::size_t i = 0; i < k.items.size(); ++i) {
        std::string d = difference(k.items[i], n[i], path + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
    case Kind::object: {
      if (!n.is_object() || n.size() != k.members.size())
        return differs("kernel object of " + std::to_string(k.members.size()) + ", nlohmann " + show(n.dump()));
      std::size_t i = 0;
      for (auto it = n.begin(); it != n.end(); ++it, ++i) {
        const mizan::json::Member& m = k.members[i];
        if (m.key != it.key())
          return differs("member " + std::to_string(i) + " kernel " + show(m.key) + ", nlohmann " + show(it.key()));
        std::string d = difference(m.value, it.value(), path + "[" + show(m.key) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
  }
  return differs("unknown kind");
}

// The kernel's canonical form (keys in UTF-8 byte order at every depth,
// numbers as JavaScript spells them) built from nlohmann's value: strings as
// nlohmann escapes them, numbers through js_spelling.
inline void canonical(const Nl& n, std::string& out) {
  if (n.is_number()) {
    out += js_spelling(nl_double(n));
  } else if (n.is_array()) {
    out.push_back('[');
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i) out.push_back(',');
      canonical(n[i], out);
    }
    out.push_back(']');
  } else if (n.is_object()) {
    // std::string's < compares bytes as unsigned char: UTF-8 byte order.
    std::vector<std::pair<const std::string*, const Nl*>> sorted;
    for (auto it = n.begin(); it != n.end(); ++it) sorted.emplace_back(&it.key(), &it.value());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    out.push_back('{');
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      if (i) out.push_back(',');
      out += Nl(*sorted[i].first).dump();
      out.push_back(':');
      canonical(*sorted[i].second, out);
    }
    out.push_back('}');
  } else {
    out += n.dump();
  }
}

inline int depth(const Nl& n) {
  int deepest = 0;
  if (n.is_structured())
    for (const Nl& child : n) deepest = std::max(deepest, depth(child));
  return n.is_structured() ? deepest + 1 : 0;
}

// `text`, which the kernel accepted, with each \u escape that makes a lone
// surrogate spelled \ufffd instead; `count` says how many. Escapes pair as
// the kernel and JSON.parse pair them: a high surrogate directly followed by
// a low one. Done on the text, not the value: a lone surrogate in a value
// that a duplicate key later replaced still makes nlohmann refuse it.
inline std::string without_lone_surrogates(std::string_view text, int& count) {
  const auto unit_at = [&](std::size_t at) -> long {  // the code unit of a \uXXXX at `at`, or -1
    if (at + 6 > text.size() || text.substr(at, 2) != "\\u") return -1;
    long unit = 0;
    for (std::size_t k = at + 2; k < at + 6; ++k) {
      const char c = text[k];
      const int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
      unit = unit * 16 + digit;
    }
    return unit;
  };
  std::string out;
  count = 0;
  bool in_string = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') in_string = !in_string;
    if (!in_string || c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    const long unit = unit_at(i);
    if (unit < 0) {  // \" \\ \n and the like
      out.append(text.substr(i, 2));
      i += 2;
      continue;
    }
    const long low = unit_at(i + 6);
    if (unit >= 0xD800 && unit <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
      out.append(text.substr(i, 12));
      i += 12;
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      out += "\\ufffd";
      ++count;
    } else {
      out.append(text.substr(i, 6));
    }
    i += 6;
  }
  return out;
}

// Both parsers accepted the text as `mine` and `theirs`: the values, the
// writers read back by the other parser, and the canonical forms must agree.
inline std::string agree(const Value& mine, const Nl& theirs) {
  std::string d = difference(mine, theirs);
  if (!d.empty()) return "parsed values differ at " + d;

  mizan::Str written;
  mizan::json::write(mine, written);
  const Nl reread = nl_parse(written);
  if (reread.is_discarded()) return "nlohmann refuses the kernel's write(): " + show(written);
  d = difference(mine, reread);
  if (!d.empty()) return "nlohmann reads the kernel's write() " + show(written) + " differently at " + d;

  for (const bool ascii : {false, true}) {
    const std::string dumped = theirs.dump(-1, ' ', ascii);
    Value back;
    const mizan::Status s = mizan::json::parse(dumped, back);
    if (!s.ok()) return "the kernel refuses nlohmann's dump() " + show(dumped) + ": " + s.message;
    d = difference(back, theirs);
    if (!d.empty()) return "the kernel reads nlohmann's dump() " + show(dumped) + " differently at " + d;
  }

  mizan::Str kernel_canonical;
  std::string nl_canonical;
  mizan::json::write_canonical(mine, kernel_canonical);
  canonical(theirs, nl_canonical);
  if (kernel_canonical != nl_canonical)
    return "canonical forms differ: kernel " + show(kernel_canonical) + ", from nlohmann " + show(nl_canonical);
  return "";
}

inline Verdict compare(std::string_view text);

// nlohmann accepted the whole text as it would `rest` alone (after a byte
// order mark, or before a NUL byte): the kernel must agree on `rest`.
inline std::string agree_on(std::string_view rest, const char* what) {
  const Verdict inner = compare(rest);
  if (!inner.problem.empty()) return inner.problem;
  if (inner.outcome == Outcome::both_reject || inner.outcome == Outcome::lone_surrogate)
    return std::string("nlohmann accepts the text with ") + what + " but not without: " + show(rest);
  return "";
}

inline Verdict compare(std::string_view text) {
  Value mine;
  const mizan::Status status = mizan::json::parse(text, mine);
  const Nl theirs = nl_parse(text);
  if (status.ok() && !theirs.is_discarded()) return {Outcome::both_accept, agree(mine, theirs)};
  if (!status.ok() && theirs.is_discarded()) return {Outcome::both_reject, ""};

  if (status.ok()) {
    int lone = 0;
    const std::string replaced = without_lone_surrogates(text, lone);
    if (lone == 0) return {Outcome::disagree, "only the kernel accepts " + show(text)};
    // The rest of the document must still agree.
    const Verdict rest = compare(replaced);
    if (!rest.problem.empty()) return {Outcome::lone_surrogate, rest.problem};
    if (rest.outcome != Outcome::both_accept)
      return {Outcome::disagree, "with its lone surrogates as U+FFFD, " + show(replaced) + " is " + name(rest.outcome)};
    return {Outcome::lone_surrogate, ""};
  }

  if (status.code == mizan::Code::nesting_too_deep) {
    if (depth(theirs) <= mizan::json::kMaxJsonDepth)
      return {Outcome::disagree, "the kernel calls " + show(text) + " too deep, nlohmann's value is " +
                                     std::to_string(depth(theirs)) + " deep"};
    return {Outcome::too_deep, ""};
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") return {Outcome::byte_order_mark, agree_on(text.substr(3), "a BOM")};
  const std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos) return {Outcome::nul_byte, agree_on(text.substr(0, nul), "a NUL byte")};
  return {Outcome::disagree, "only nlohmann accepts " + show(text) + "; the kernel says " + status.message};
}

}  // namespace json_oracle
