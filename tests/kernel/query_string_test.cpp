#include "kernel/query_string.h"

#include <gtest/gtest.h>

#include <string>

#include "kernel/json_parse.h"
#include "tests/kernel/str_print.h"

namespace mizan {
namespace {

std::string path(std::string_view name, const std::string& params) {
  json::Value v;
  const Status s = json::parse(params, v);
  EXPECT_TRUE(s.ok()) << s.message << " in " << params;
  return context_path(name, v);
}

TEST(QueryString, NoParamsNoQuery) { EXPECT_EQ(path("user", "{}"), "ctx/user/"); }

TEST(QueryString, NumberAndStringOfTheSameValueGiveOneUrl) {
  EXPECT_EQ(path("user", R"({"user_id":5})"), "ctx/user/?user_id=5");
  EXPECT_EQ(path("user", R"({"user_id":"5"})"), "ctx/user/?user_id=5");
  EXPECT_EQ(path("user", R"({"user_id":5.0})"), "ctx/user/?user_id=5");
}

TEST(QueryString, KeysInByteOrder) {
  EXPECT_EQ(path("c", R"({"b":1,"a":2,"B":3,"_":4,"aa":5})"), "ctx/c/?B=3&_=4&a=2&aa=5&b=1");
  // UTF-8 byte order puts U+E9 before U+1F600 and both after ASCII.
  EXPECT_EQ(path("c", "{\"\xF0\x9F\x98\x80\":1,\"\xC3\xA9\":2,\"z\":3}"), "ctx/c/?z=3&%C3%A9=2&%F0%9F%98%80=1");
}

TEST(QueryString, ScalarsInJavaScriptSpelling) {
  EXPECT_EQ(path("c", R"({"t":true,"f":false,"n":null})"), "ctx/c/?f=false&n=null&t=true");
  EXPECT_EQ(path("c", R"({"a":1.5,"b":1e21,"c":-0,"d":1E-7,"e":""})"), "ctx/c/?a=1.5&b=1e%2B21&c=0&d=1e-7&e=");
}

TEST(QueryString, ArraysAndObjectsAsCanonicalJson) {
  // [1,{"a":2,"z":1.0}] canonical is [1,{"a":2,"z":1}].
  EXPECT_EQ(path("c", R"({"v":[1,{"z":1.0,"a":2}]})"), "ctx/c/?v=%5B1%2C%7B%22a%22%3A2%2C%22z%22%3A1%7D%5D");
  EXPECT_EQ(path("c", R"({"o":{},"l":[]})"), "ctx/c/?l=%5B%5D&o=%7B%7D");
  EXPECT_EQ(path("c", R"({"s":["a/b"]})"), "ctx/c/?s=%5B%22a/b%22%5D");
}

TEST(QueryString, SpecialCharactersEncoded) {
  EXPECT_EQ(path("c", R"({"q":"a&b=c+d?e#f g%h"})"), "ctx/c/?q=a%26b%3Dc%2Bd%3Fe%23f%20g%25h");
  EXPECT_EQ(path("c", R"({"k&=":"x"})"), "ctx/c/?k%26%3D=x");
  EXPECT_EQ(path("c", "{\"q\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\"}"), "ctx/c/?q=caf%C3%A9%20%F0%9F%98%80");
  EXPECT_EQ(path("c", R"({"q":"A-z_0.9~/"})"), "ctx/c/?q=A-z_0.9~/");
  EXPECT_EQ(path("my ctx?", "{}"), "ctx/my%20ctx%3F/");
}

TEST(QueryString, KeyOrderDoesNotChangeTheUrl) {
  const std::string a = path("orders", R"({"user_id":5,"page":2,"filter":{"y":1,"x":[true,null]}})");
  const std::string b = path("orders", R"({"filter":{"x":[true,null],"y":1},"user_id":"5","page":2.0})");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "ctx/orders/?filter=%7B%22x%22%3A%5Btrue%2Cnull%5D%2C%22y%22%3A1%7D&page=2&user_id=5");
}

}  // namespace
}  // namespace mizan
