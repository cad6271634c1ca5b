// The Embind table: translation only, no decisions. Bulk text crosses as
// UTF-8 bytes in wasm memory (JS writes arguments into the input buffer with
// TextEncoder.encodeInto and reads results from the output buffer); Embind
// carries only scalar control calls, which cost nanoseconds where strings
// cost microseconds per KB.
//
// Every operation returns the output length (>= 0) on success, or the
// negated mizan::Code on failure with the message in the output buffer.
#include <emscripten/bind.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/cache_key.h"
#include "kernel/envelope.h"
#include "kernel/invalidate_header.h"
#include "kernel/json_parse.h"
#include "kernel/stable_key.h"

namespace {

using mizan::Code;
using mizan::Status;

std::vector<char> input;
std::string output;

// Hands out argument slices of the input buffer in order.
class Args {
 public:
  std::string_view next(std::size_t len) {
    std::string_view s(input.data() + at_, len);
    at_ += len;
    return s;
  }

 private:
  std::size_t at_ = 0;
};

int finish(const Status& status) {
  if (status.ok()) return static_cast<int>(output.size());
  output = status.message;
  return -static_cast<int>(status.code);
}

std::uintptr_t reserve_input(std::size_t bytes) {
  if (input.size() < bytes) input.resize(bytes);
  return reinterpret_cast<std::uintptr_t>(input.data());
}

std::uintptr_t output_ptr() { return reinterpret_cast<std::uintptr_t>(output.data()); }

std::size_t output_len() { return output.size(); }

int stable_key(std::size_t params_len) { return finish(mizan::stable_key(Args().next(params_len), output)); }

// user_len < 0: no user (public content).
int derive_cache_key(std::size_t secret_len, std::size_t context_len, std::size_t params_len, int user_len,
                     double rev) {
  Args args;
  const std::string_view secret = args.next(secret_len);
  mizan::CacheKeyInput in;
  in.context = args.next(context_len);
  mizan::json::Value params;
  if (Status s = mizan::json::parse(args.next(params_len), params); !s.ok()) return finish(s);
  in.params = &params;
  if (user_len >= 0) in.user_id = args.next(static_cast<std::size_t>(user_len));
  in.rev = static_cast<std::int64_t>(rev);  // js/ passes only safe integers
  return finish(mizan::derive_cache_key(secret, in, output));
}

int parse_invalidate_header(std::size_t text_len) {
  output.clear();
  mizan::write_header_json(mizan::parse_invalidate_header(Args().next(text_len)), output);
  return static_cast<int>(output.size());
}

int format_invalidate_header(std::size_t targets_len) {
  mizan::json::Value list;
  if (Status s = mizan::json::parse(Args().next(targets_len), list); !s.ok()) return finish(s);
  if (!list.is_array()) return finish(Status::fail(Code::invalid_argument, "targets must be an array"));
  std::vector<mizan::InvalidateTarget> targets(list.items.size());
  std::string why;
  for (std::size_t k = 0; k < targets.size(); ++k)
    if (!mizan::read_target(list.items[k], targets[k], why))
      return finish(Status::fail(Code::invalid_argument, "targets[" + std::to_string(k) + "]: " + why));
  return finish(mizan::format_invalidate_header(targets, output));
}

// Success: the call response JSON. A server or envelope error: the error
// JSON, returned with Code::server_error.
int parse_call_response(int status, std::size_t body_len) {
  mizan::CallResponse response;
  mizan::ServerError error;
  output.clear();
  if (mizan::parse_call_response(status, Args().next(body_len), response, error)) {
    mizan::write_call_response_json(response, output);
    return static_cast<int>(output.size());
  }
  mizan::write_error_json(error, output);
  return -static_cast<int>(Code::server_error);
}

}  // namespace

EMSCRIPTEN_BINDINGS(mizan_kernel) {
  using emscripten::function;
  function("reserveInput", &reserve_input);
  function("outputPtr", &output_ptr);
  function("outputLen", &output_len);
  function("stableKey", &stable_key);
  function("deriveCacheKey", &derive_cache_key);
  function("parseInvalidateHeader", &parse_invalidate_header);
  function("formatInvalidateHeader", &format_invalidate_header);
  function("parseCallResponse", &parse_call_response);
}
