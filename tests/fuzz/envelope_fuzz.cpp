// Call responses and error envelopes (PROTOCOL.md §1, §3) for any status and
// body. Input: an optional status line ("404\n", up to 4 digits, optionally
// signed) and the body; without one the status is 200. Every answer is either
// a result or an error value with a code and a message, and whatever the
// kernel writes back to JS is JSON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/envelope.h"
#include "tests/fuzz/check.h"

namespace {

void split_status(std::string_view input, int& status, std::string_view& body) {
  status = 200;
  body = input;
  std::size_t i = 0;
  const bool negative = !input.empty() && input[0] == '-';
  if (negative) ++i;
  int value = 0;
  const std::size_t digits = i;
  while (i < input.size() && i - digits < 4 && input[i] >= '0' && input[i] <= '9')
    value = value * 10 + (input[i++] - '0');
  if (i == digits || i >= input.size() || input[i] != '\n') return;
  status = negative ? -value : value;
  body = input.substr(i + 1);
}

void check_error(const mizan::ServerError& e, int status, std::string_view body) {
  const std::string where = "status " + std::to_string(status) + ", body " + fuzz::show(body);
  CHECK(e.status == status, where + ": error status " + std::to_string(e.status));
  CHECK(!e.code.empty(), where + ": an error without a code");
  CHECK(!e.message.empty(), where + ": an error without a message");
  if (!fuzz::is_json(body) && (status < 200 || status > 299))
    CHECK(e.code == "HTTP_" + std::to_string(status), where + ": code " + fuzz::show(e.code) + " for a non-JSON body");
  mizan::Str json;
  mizan::write_error_json(e, json);
  CHECK(fuzz::is_json(json), where + ": write_error_json wrote " + fuzz::show(json));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int status;
  std::string_view body;
  split_status(std::string_view(reinterpret_cast<const char*>(data), size), status, body);
  const std::string where = "status " + std::to_string(status) + ", body " + fuzz::show(body);

  const mizan::ServerError plain = mizan::parse_error_response(status, body);
  check_error(plain, status, body);

  mizan::CallResponse response;
  mizan::ServerError error;
  const bool ok = mizan::parse_call_response(status, body, response, error);
  if (!ok) {
    check_error(error, status, body);
    if (status < 200 || status > 299) {
      CHECK(error.code == plain.code && error.message == plain.message &&
                fuzz::canonical(error.details) == fuzz::canonical(plain.details),
            where + ": parse_call_response and parse_error_response disagree");
    }
    return 0;
  }
  CHECK(status >= 200 && status <= 299, where + ": a result from a non-2xx answer");
  if (status == 204) CHECK(response.result.is_null(), where + ": 204 with a result");
  for (const mizan::InvalidateTarget& t : response.invalidate) {
    CHECK(!t.name.empty(), where + ": an invalidate target without a name");
    CHECK(!t.scoped || t.params.is_object(), where + ": scoped target params are not an object");
  }
  for (const mizan::MergeEntry& m : response.merge) {
    CHECK(!m.context.empty() && !m.slot.empty(), where + ": a merge without a context or slot");
    CHECK(!m.scoped || m.params.is_object(), where + ": scoped merge params are not an object");
  }
  for (const mizan::Str& p : response.problems) CHECK(!p.empty(), where + ": an empty problem");
  mizan::Str json;
  mizan::write_call_response_json(response, json);
  CHECK(fuzz::is_json(json), where + ": write_call_response_json wrote " + fuzz::show(json));
  return 0;
}
