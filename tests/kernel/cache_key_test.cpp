#include "kernel/cache_key.h"

#include <gtest/gtest.h>

#include <string>

#include "kernel/json_parse.h"
#include "tests/kernel/str_print.h"

namespace mizan {
namespace {

std::string key(const char* params_json, std::optional<std::string_view> user = std::nullopt, std::int64_t rev = 0) {
  json::Value params;
  EXPECT_TRUE(json::parse(params_json, params).ok());
  CacheKeyInput in;
  in.context = "user";
  in.params = &params;
  in.user_id = user;
  in.rev = rev;
  mizan::Str out;
  EXPECT_TRUE(derive_cache_key("test-secret", in, out).ok());
  return out;
}

TEST(CacheKey, EveryInputChangesTheKey) {
  const std::string base = key(R"({"user_id":42})");
  EXPECT_EQ(base, "ctx:user:e0c738b614dcd849274c89d736c8c2ee5c4444c7ec677796ac2a2298b3865632");
  EXPECT_NE(key(R"({"user_id":43})"), base);
  EXPECT_NE(key(R"({"user_id":42})", "42"), base);
  EXPECT_NE(key(R"({"user_id":42})", ""), base);  // an empty user is still a user
  EXPECT_NE(key(R"({"user_id":42})", std::nullopt, 1), base);
  EXPECT_EQ(key(R"({"user_id":"42"})"), base);  // normalised: 42 == "42"
  EXPECT_EQ(key(R"({"user_id":42.0})"), base);  // and 42.0 == 42, as in JS
}

TEST(CacheKey, KeyOrderDoesNotMatter) {
  EXPECT_EQ(key(R"({"a":1,"b":true,"c":null})"), key(R"({"c":null,"b":true,"a":1})"));
}

TEST(CacheKey, MissingParamsAreRefused) {
  CacheKeyInput in;
  in.context = "user";
  mizan::Str out;
  EXPECT_EQ(derive_cache_key("k", in, out).code, Code::invalid_params);
}

TEST(CacheKeyTest, RefusesAnEmptySecretUnlessAllowed) {
  json::Value params;
  ASSERT_TRUE(json::parse(R"({"user_id":42})", params).ok());
  CacheKeyInput in;
  in.context = "user";
  in.params = &params;
  mizan::Str out = "unchanged";
  const Status refused = derive_cache_key("", in, out);
  EXPECT_EQ(refused.code, Code::invalid_argument);
  EXPECT_NE(refused.message.find("secret is empty"), std::string::npos);
  EXPECT_EQ(out, "unchanged");
  in.allow_empty_secret = true;
  ASSERT_TRUE(derive_cache_key("", in, out).ok());
  EXPECT_EQ(out.rfind("ctx:user:", 0), 0u);
}

}  // namespace
}  // namespace mizan
