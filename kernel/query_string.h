#pragma once
// The URL of a context fetch (PROTOCOL.md §1): `ctx/{name}/?{params}`, keys
// in byte order, values in their §5 normal form (arrays and objects as their
// canonical JSON), percent-encoded, so the same params always give the same
// URL and edge caches can key on it.
#include <string_view>

#include "kernel/json_value.h"
#include "kernel/str.h"

namespace mizan {

// Relative to the base URL; `params` must be an object.
Str context_path(std::string_view name, const json::Value& params);

}  // namespace mizan
