#pragma once
// How the native tests and tools print the kernel's strings: as text, in
// stream output and in GoogleTest's failure messages (without this,
// GoogleTest prints a Str as a list of chars).
#include <ostream>

#include "kernel/str.h"

namespace mizan {

inline std::ostream& operator<<(std::ostream& os, const Str& s) { return os << s.view(); }

// GoogleTest's printer for a value's type, found by argument-dependent lookup.
inline void PrintTo(const Str& s, std::ostream* os) { *os << '"' << s.view() << '"'; }

}  // namespace mizan
