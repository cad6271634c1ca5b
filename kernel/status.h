#pragma once
// Errors cross every boundary as values: the kernel never throws, and the
// numeric codes below are part of the wasm ABI (js/errors.js maps them to
// stable string codes), so append new ones; never renumber.
#include <utility>

#include "kernel/str.h"

namespace mizan {

enum class Code : int {
  ok = 0,
  invalid_argument = 1,  // a caller passed the wrong shape or type
  invalid_json = 2,      // text is not JSON
  invalid_utf8 = 3,      // bytes are not UTF-8
  nesting_too_deep = 4,  // JSON nests deeper than kMaxJsonDepth
  invalid_params = 5,    // params have a value the operation cannot take
  server_error = 6,      // an error response, decoded into ServerError JSON
  not_open = 7,          // a channel subscription that is not open was sent to
};

// The stable string codes users see (js/errors.js spells the same ones).
inline const char* code_name(Code code) {
  switch (code) {
    case Code::ok: return "OK";
    case Code::invalid_argument: return "INVALID_ARGUMENT";
    case Code::invalid_json: return "INVALID_JSON";
    case Code::invalid_utf8: return "INVALID_UTF8";
    case Code::nesting_too_deep: return "NESTING_TOO_DEEP";
    case Code::invalid_params: return "INVALID_PARAMS";
    case Code::server_error: return "SERVER_ERROR";
    case Code::not_open: return "NOT_OPEN";
  }
  return "UNKNOWN";
}

struct Status {
  Code code = Code::ok;
  Str message;

  bool ok() const { return code == Code::ok; }
  static Status success() { return {}; }
  static Status fail(Code c, Str msg) { return {c, std::move(msg)}; }
};

}  // namespace mizan
