#pragma once
// Response envelopes (PROTOCOL.md §1, §3):
//   call success   {"result": <any>, "invalidate": [...]?, "merge": [...]?}
//   FastAPI error  {"error": {"code", "message", "details"}}
//   Django error   {"error": true, "code", "message", "details"}
#include <string_view>

#include "kernel/invalidate_target.h"
#include "kernel/json_value.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

struct MergeEntry {
  Str context;
  Str slot;
  json::Value value;
  bool scoped = false;  // params present: only matching mounted bundles
  json::Value params;
};

struct CallResponse {
  json::Value result;
  Vec<InvalidateTarget> invalidate;
  Vec<MergeEntry> merge;
  // Ill-formed invalidate or merge items: skipped, each said here, so one bad
  // item neither fails the call nor hides the good ones.
  Vec<Str> problems;
};

// The kernel's error value {status, code, message, details}. `code` is the
// server's, else HTTP_<status>, else (2xx that is not an envelope)
// INVALID_RESPONSE.
struct ServerError {
  int status = 0;
  Str code;
  Str message;
  json::Value details;
};

// True when the response carries a result; otherwise `error` says why.
// `out` and `error` come default-constructed: they are filled, not reset
// (resetting them cost the browser wasm 0.1 KB gzip of inlined destructors).
bool parse_call_response(int status, std::string_view body, CallResponse& out, ServerError& error);

// Reads either error envelope; falls back to HTTP_<status> for an empty,
// non-JSON (an HTML error page) or unrecognised body.
ServerError parse_error_response(int status, std::string_view body);

// Reads a body's `invalidate` list into `out`; bad items go to `problems`.
void read_invalidate_list(const json::Value& list, Vec<InvalidateTarget>& out, Vec<Str>& problems);

void write_call_response_json(const CallResponse& response, Str& out);
void write_error_json(const ServerError& error, Str& out);

}  // namespace mizan
