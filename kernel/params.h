#pragma once
// Param values in their PROTOCOL.md §5 normal form: JavaScript's String()
// of a scalar, which Mizan's Python and TypeScript servers both use for
// matching, query strings and cache keys.
#include "kernel/json_value.h"
#include "kernel/str.h"

namespace mizan {

// Appends the normal form of a scalar to `out`; false for arrays and objects,
// which have none.
bool append_normalised(const json::Value& scalar, Str& out);

}  // namespace mizan
