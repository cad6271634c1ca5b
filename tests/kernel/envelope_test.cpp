#include "kernel/envelope.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/kernel/str_print.h"

namespace mizan {
namespace {

TEST(Envelope, EveryStatusGetsACode) {
  for (int status : {400, 401, 403, 404, 500, 501, 502, 503}) {
    const ServerError e = parse_error_response(status, "<html>oops</html>");
    EXPECT_EQ(e.status, status);
    EXPECT_EQ(e.code, "HTTP_" + std::to_string(status));
    EXPECT_FALSE(e.message.empty());
    EXPECT_TRUE(e.details.is_null());
  }
}

TEST(Envelope, InvalidUtf8BodyIsAnInvalidResponse) {
  CallResponse r;
  ServerError e;
  EXPECT_FALSE(parse_call_response(200, "{\"result\": \"\xFF\"}", r, e));
  EXPECT_EQ(e.code, "INVALID_RESPONSE");
}

TEST(Envelope, DeepBodyIsRefusedNotRecursed) {
  CallResponse r;
  ServerError e;
  EXPECT_FALSE(parse_call_response(200, "{\"result\": " + std::string(100000, '['), r, e));
  EXPECT_EQ(e.code, "INVALID_RESPONSE");
  EXPECT_NE(e.message.find("deeper"), std::string::npos) << e.message;
}

TEST(Envelope, ResultIsMovedNotReparsed) {
  CallResponse r;
  ServerError e;
  ASSERT_TRUE(parse_call_response(201, R"({"result": {"b": [1, {"c": 2}]}, "merge": null})", r, e));
  ASSERT_TRUE(r.result.is_object());
  EXPECT_EQ(r.result.find("b")->items[1].find("c")->text, "2");
  EXPECT_TRUE(r.merge.empty());
  EXPECT_TRUE(r.problems.empty());
}

}  // namespace
}  // namespace mizan
