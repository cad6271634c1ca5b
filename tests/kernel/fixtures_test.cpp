// The shared fixtures, driven through the kernel's C++ API. The same files
// drive tests/js/fixtures.test.js through the wasm build.
#include <optional>

#include "kernel/cache_key.h"
#include "kernel/envelope.h"
#include "kernel/invalidate_header.h"
#include "kernel/stable_key.h"
#include "tests/kernel/fixture_io.h"
#include "tests/kernel/str_print.h"

namespace mizan {
namespace {

using testing::canonical;
using testing::load_fixture;
using testing::parse_or_fail;
using testing::str;

TEST(Fixtures, StableKey) {
  const json::Value fixture = load_fixture("stable_key.json");
  for (const json::Value& c : fixture.find("cases")->items) {
    SCOPED_TRACE(str(c, "name"));
    mizan::Str params_text, key;
    json::write(*c.find("params"), params_text);
    ASSERT_TRUE(stable_key(params_text, key).ok());
    EXPECT_EQ(key, str(c, "key"));
  }
}

CacheKeyInput cache_key_input(const json::Value& c, const json::Value* params) {
  CacheKeyInput in;
  in.context = str(c, "context");
  in.params = params;
  if (const json::Value* user = c.find("user")) in.user_id = user->text;
  if (const json::Value* rev = c.find("rev")) in.rev = std::stoll(rev->text);
  return in;
}

TEST(Fixtures, CacheKey) {
  const json::Value fixture = load_fixture("cache_key.json");
  for (const json::Value& c : fixture.find("cases")->items) {
    SCOPED_TRACE(str(c, "name"));
    const CacheKeyInput in = cache_key_input(c, c.find("params"));
    mizan::Str key, message;
    const Status derived = derive_cache_key(str(c, "secret"), in, key);
    if (const json::Value* error = c.find("error")) {
      EXPECT_EQ(code_name(derived.code), error->text);
      EXPECT_FALSE(derived.message.empty());
      continue;
    }
    ASSERT_TRUE(derived.ok()) << derived.message;
    if (c.find("key")) EXPECT_EQ(key, str(c, "key"));
    if (c.find("message")) {
      ASSERT_TRUE(cache_key_message(in, message).ok());
      EXPECT_EQ(message, str(c, "message"));
    }
    if (const json::Value* other = c.find("key_of")) {
      mizan::Str other_key;
      ASSERT_TRUE(derive_cache_key(str(c, "secret"), cache_key_input(c, other->find("params")), other_key).ok());
      EXPECT_EQ(key, other_key);
    }
  }
}

TEST(Fixtures, InvalidateHeaderParse) {
  const json::Value fixture = load_fixture("invalidate_header.json");
  for (const json::Value& c : fixture.find("parse")->items) {
    SCOPED_TRACE(str(c, "name"));
    mizan::Str out;
    write_header_json(parse_invalidate_header(str(c, "header")), out);
    const json::Value parsed = parse_or_fail(out);
    EXPECT_EQ(canonical(*parsed.find("targets")), canonical(*c.find("targets")));
    const Vec<json::Value>& errors = parsed.find("errors")->items;
    const Vec<json::Value>& expected = c.find("errors")->items;
    ASSERT_EQ(errors.size(), expected.size()) << out;
    for (std::size_t k = 0; k < errors.size(); ++k) {
      EXPECT_EQ(canonical(*errors[k].find("index")), canonical(*expected[k].find("index")));
      EXPECT_EQ(canonical(*errors[k].find("context")), canonical(*expected[k].find("context")));
      EXPECT_FALSE(str(errors[k], "message").empty());
    }
  }
}

TEST(Fixtures, InvalidateHeaderFormat) {
  const json::Value fixture = load_fixture("invalidate_header.json");
  for (const json::Value& c : fixture.find("format")->items) {
    SCOPED_TRACE(str(c, "name"));
    Vec<InvalidateTarget> targets;
    mizan::Str why;
    for (const json::Value& t : c.find("targets")->items) {
      targets.emplace_back();
      ASSERT_TRUE(read_target(t, targets.back(), why)) << why;
    }
    mizan::Str header;
    const Status formatted = format_invalidate_header(targets, header);
    if (const json::Value* error = c.find("error")) {
      EXPECT_EQ(code_name(formatted.code), error->text);
      continue;
    }
    ASSERT_TRUE(formatted.ok()) << formatted.message;
    EXPECT_EQ(header, str(c, "header"));
  }
}

TEST(Fixtures, CallResponse) {
  const json::Value fixture = load_fixture("call_response.json");
  for (const json::Value& c : fixture.find("cases")->items) {
    SCOPED_TRACE(str(c, "name"));
    CallResponse response;
    ServerError error;
    const bool ok = parse_call_response(std::stoi(c.find("status")->text), str(c, "body"), response, error);
    mizan::Str out;
    if (const json::Value* want = c.find("ok")) {
      ASSERT_TRUE(ok) << error.code << ": " << error.message;
      write_call_response_json(response, out);
      const json::Value got = parse_or_fail(out);
      for (const char* key : {"result", "invalidate", "merge"})
        EXPECT_EQ(canonical(*got.find(key)), canonical(*want->find(key))) << key;
      EXPECT_EQ(std::to_string(got.find("problems")->items.size()), want->find("problems")->text);
      continue;
    }
    const json::Value& want = *c.find("error");
    ASSERT_FALSE(ok);
    write_error_json(error, out);
    const json::Value got = parse_or_fail(out);
    for (const char* key : {"status", "code", "details"})
      EXPECT_EQ(canonical(*got.find(key)), canonical(*want.find(key))) << key;
    if (want.find("message")) EXPECT_EQ(str(got, "message"), str(want, "message"));
    EXPECT_FALSE(str(got, "message").empty());
  }
}

}  // namespace
}  // namespace mizan
