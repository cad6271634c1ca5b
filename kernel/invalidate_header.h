#pragma once
// The X-Mizan-Invalidate header (PROTOCOL.md §4):
//   user
//   user;user_id=5, notifications
// Items split on ',', params on ';', key from value on '='; keys, values and
// names percent-encoded (Python's urllib.parse.quote).
#include <cstddef>
#include <string_view>

#include "kernel/invalidate_target.h"
#include "kernel/status.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

struct HeaderItemError {
  std::size_t index = 0;  // position of the item among the comma-separated ones
  Str item;               // the item as received, trimmed
  Str message;
  Str context;  // the item's context name when that part was readable
};

struct InvalidateHeader {
  Vec<InvalidateTarget> targets;  // the well-formed items, in order
  Vec<HeaderItemError> errors;    // the malformed ones, reported
};

// Never fails as a whole: a malformed item lands in `errors` and the others
// still apply. Empty items and whitespace around any part are tolerated.
InvalidateHeader parse_invalidate_header(std::string_view text);

// The header text for `targets` (items joined by ", ", param keys sorted).
// Function-level targets have no header form and nested param values no
// normal form: both are refused.
Status format_invalidate_header(const Vec<InvalidateTarget>& targets, Str& out);

// {"targets": [...], "errors": [{"index", "item", "message", "context"}]}
void write_header_json(const InvalidateHeader& header, Str& out);

}  // namespace mizan
