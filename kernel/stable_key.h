#pragma once
#include <string_view>

#include "kernel/status.h"
#include "kernel/str.h"

namespace mizan {

// stableKey(params): the identity of a mounted context's params as canonical
// compact JSON (keys in UTF-8 byte order at every depth, numbers spelled as
// JavaScript does). `params_json` must hold a JSON object.
Status stable_key(std::string_view params_json, Str& out);

}  // namespace mizan
