// X-Mizan-Invalidate (PROTOCOL.md §4): any header text parses into targets
// and reported errors, one per non-empty item, and what parses formats back
// to a header that parses to the same targets. The same input, when it is a
// JSON list of targets, also checks the other direction: what the formatter
// accepts, the parser reads back as the same targets.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/invalidate_header.h"
#include "kernel/invalidate_target.h"
#include "kernel/params.h"
#include "kernel/utf8.h"
#include "tests/fuzz/check.h"

namespace {

using mizan::InvalidateHeader;
using mizan::InvalidateTarget;
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> items(std::string_view text) {
  std::vector<std::string_view> out;
  for (;;) {
    const std::size_t at = text.find(',');
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + 1);
  }
}

bool utf8(std::string_view s) { return mizan::utf8::first_invalid(s) == std::string_view::npos; }

// What a header can say of a target: its params as (key, normal form), by key.
Pairs pairs(const InvalidateTarget& t) {
  Pairs out;
  if (!t.scoped) return out;
  for (const mizan::json::Member& m : t.params.members) {
    mizan::Str value;
    mizan::append_normalised(m.value, value);
    out.emplace_back(m.key, std::move(value));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const InvalidateTarget& t) {
  std::string out = fuzz::show(t.name);
  for (const auto& [key, value] : pairs(t)) out += ";" + fuzz::show(key) + "=" + fuzz::show(value);
  return out;
}

void check_parsed(std::string_view text, const InvalidateHeader& header) {
  const std::vector<std::string_view> parts = items(text);
  std::size_t non_empty = 0;
  for (std::string_view part : parts) non_empty += trim(part).empty() ? 0 : 1;
  CHECK(header.targets.size() + header.errors.size() == non_empty,
        "header " + fuzz::show(text) + ": " + std::to_string(non_empty) + " items, " +
            std::to_string(header.targets.size()) + " targets, " + std::to_string(header.errors.size()) + " errors");
  std::size_t previous = 0;
  for (std::size_t k = 0; k < header.errors.size(); ++k) {
    const mizan::HeaderItemError& e = header.errors[k];
    CHECK(e.index < parts.size() && (k == 0 || e.index > previous), "error index " + std::to_string(e.index));
    CHECK(e.item == trim(parts[e.index]), "error item " + fuzz::show(e.item));
    CHECK(!e.message.empty(), "an error without a message for " + fuzz::show(e.item));
    CHECK(utf8(e.context), "error context " + fuzz::show(e.context));
    previous = e.index;
  }
  for (const InvalidateTarget& t : header.targets) {
    CHECK(t.kind == InvalidateTarget::Kind::context, "a function target from a header: " + describe(t));
    CHECK(!t.name.empty() && utf8(t.name), "target name " + fuzz::show(t.name));
    CHECK(t.scoped == (t.params.is_object() && !t.params.members.empty()), "scoped/params mismatch: " + describe(t));
    Pairs seen = pairs(t);
    for (std::size_t k = 0; k < seen.size(); ++k) {
      CHECK(!seen[k].first.empty(), "an empty param key: " + describe(t));  // an empty value is "" (q=)
      CHECK(utf8(seen[k].first) && utf8(seen[k].second), "a param that is not UTF-8: " + describe(t));
      CHECK(k == 0 || seen[k].first != seen[k - 1].first, "a param key twice: " + describe(t));
    }
    for (const mizan::json::Member& m : t.params.members)
      CHECK(m.value.is_string(), "a header param that is not a string: " + describe(t));
  }
  mizan::Str json;
  mizan::write_header_json(header, json);
  CHECK(fuzz::is_json(json), "write_header_json wrote " + fuzz::show(json));
}

// `formatted` (from `targets`) parses back to the same targets, and formats
// again to the same text.
void check_reparse(const mizan::Vec<InvalidateTarget>& targets, const std::string& formatted) {
  const InvalidateHeader again = mizan::parse_invalidate_header(formatted);
  CHECK(again.errors.empty(), "formatted " + fuzz::show(formatted) +
                                  " has a bad item: " + (again.errors.empty() ? "" : again.errors[0].message));
  CHECK(again.targets.size() == targets.size(), "formatted " + fuzz::show(formatted) + " parses to " +
                                                    std::to_string(again.targets.size()) + " targets, not " +
                                                    std::to_string(targets.size()));
  for (std::size_t k = 0; k < targets.size(); ++k)
    CHECK(again.targets[k].name == targets[k].name && pairs(again.targets[k]) == pairs(targets[k]),
          describe(targets[k]) + " came back as " + describe(again.targets[k]) + " via " + fuzz::show(formatted));
  mizan::Str twice;
  CHECK(mizan::format_invalidate_header(again.targets, twice).ok() && twice == formatted,
        fuzz::show(formatted) + " formats again as " + fuzz::show(twice));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const InvalidateHeader header = mizan::parse_invalidate_header(text);
  check_parsed(text, header);
  mizan::Str formatted;
  const mizan::Status s = mizan::format_invalidate_header(header.targets, formatted);
  CHECK(s.ok(), "parsed targets of " + fuzz::show(text) + " do not format: " + s.message);
  check_reparse(header.targets, formatted);

  // The formatter's own input: a JSON list of targets, as the app gives it.
  mizan::Vec<InvalidateTarget> targets;
  if (mizan::read_targets(text, targets).ok() && mizan::format_invalidate_header(targets, formatted).ok())
    check_reparse(targets, formatted);
  return 0;
}
