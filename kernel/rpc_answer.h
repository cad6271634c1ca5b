#pragma once
// An `rpc-response` frame that succeeded (PROTOCOL.md §9) as the body of the
// HTTP call's answer (§1) that the store reads: {"result": data,
// "invalidate": ..., "merge": ...}. Each value's text is copied as it stands
// in the frame, so a number beyond a double's precision (an id past 2^53)
// reaches the store as the server wrote it, as it does over HTTP; a round
// trip through JSON.parse and JSON.stringify would round it.
#include <string_view>

#include "kernel/status.h"
#include "kernel/str.h"

namespace mizan::channels {

// `frame` must be a JSON object (it is validated as parse() would); absent
// members are left out of `out`.
Status rpc_answer_body(std::string_view frame, Str& out);

}  // namespace mizan::channels
