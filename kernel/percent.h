#pragma once
// Percent-encoding as the X-Mizan-Invalidate header uses it (PROTOCOL.md §4).
#include <string_view>

#include "kernel/str.h"

namespace mizan {

// Python's urllib.parse.quote(s): every byte except ASCII letters, digits and
// "_.-~/" becomes %XX with uppercase hex.
void percent_encode(std::string_view s, Str& out);

// Decodes %XX (either case). False on a '%' without two hex digits or on a
// result that is not UTF-8.
bool percent_decode(std::string_view s, Str& out);

}  // namespace mizan
