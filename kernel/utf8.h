#pragma once
// UTF-8 helpers. Input from the network must be strict UTF-8; inside the
// kernel strings are WTF-8 so that a lone surrogate from a JSON `\ud800`
// escape survives (see json_value.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernel/str.h"

namespace mizan::utf8 {

// Appends `cp` (any value up to 0x10FFFF, surrogates included) as WTF-8.
void append(Str& out, std::uint32_t cp);

// Decodes the code point at `i` and advances `i`. Accepts encoded surrogates
// only when `allow_surrogates`. Returns false on an ill-formed sequence.
bool next(std::string_view s, std::size_t& i, std::uint32_t& cp, bool allow_surrogates);

// The byte offset of the first ill-formed sequence, or npos when `s` is UTF-8.
std::size_t first_invalid(std::string_view s);

}  // namespace mizan::utf8
