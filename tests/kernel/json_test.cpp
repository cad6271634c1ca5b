#include <gtest/gtest.h>

#include <string>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/stable_key.h"
#include "tests/kernel/str_print.h"

namespace mizan::json {
namespace {

std::string roundtrip(const std::string& text) {
  Value v;
  const Status s = parse(text, v);
  EXPECT_TRUE(s.ok()) << s.message;
  mizan::Str out;
  write(v, out);
  return out;
}

Code parse_code(const std::string& text) {
  Value v;
  return parse(text, v).code;
}

TEST(Json, WritesCompactDocumentOrder) {
  EXPECT_EQ(roundtrip(R"( { "b" : [ 1 , 2.50 , -0 , 1E3 ] , "a" : { } , "c" : [ ] , "d" : "x" } )"),
            R"({"b":[1,2.50,-0,1E3],"a":{},"c":[],"d":"x"})");
  EXPECT_EQ(roundtrip("true"), "true");
  EXPECT_EQ(roundtrip(" null "), "null");
}

TEST(Json, DuplicateKeysKeepFirstPositionLastValue) {
  // JSON.parse('{"a":1,"b":2,"a":3}') is {a: 3, b: 2}.
  EXPECT_EQ(roundtrip(R"({"a":1,"b":2,"a":3})"), R"({"a":3,"b":2})");
  EXPECT_EQ(roundtrip(R"({"x":1,"x":2,"x":3})"), R"({"x":3})");
}

TEST(Json, EscapesDecodeToUtf8AndBack) {
  Value v;
  ASSERT_TRUE(parse(R"("\u00e9\ud83d\ude00\n\"\\\/")", v).ok());
  EXPECT_EQ(v.text, "\xC3\xA9\xF0\x9F\x98\x80\n\"\\/");
  mizan::Str out;
  write(v, out);
  EXPECT_EQ(out, "\"\xC3\xA9\xF0\x9F\x98\x80\\n\\\"\\\\/\"");
}

TEST(Json, LoneSurrogatesSurviveAsWtf8) {
  Value v;
  ASSERT_TRUE(parse(R"("\ud800\udbff\ude00x")", v).ok());  // lone high, then a pair
  mizan::Str out;
  write(v, out);
  EXPECT_EQ(out, R"("\ud800)"
                 "\xF4\x8F\xB8\x80"
                 R"(x")");
}

TEST(Json, PythonEscapingIsAsciiOnly) {
  mizan::Str out;
  write_string("\x7f\xC3\xA9\xF0\x9F\x98\x80\x01/", out, Escaping::ascii);
  EXPECT_EQ(out, R"("\u007f\u00e9\ud83d\ude00\u0001/")");
}

TEST(Json, RejectsMalformedText) {
  for (const char* bad : {"",    "{",     "[1,]", "{\"a\":}", "{\"a\" 1}", "01",       "1.",        "-",
                          ".5",  "1e",    "+1",   "'a'",      "\"a",       "\"\\x\"",  "\"\\u12\"", "nul",
                          "tru", "[1 2]", "{} x", "NaN",      "Infinity",  "\"a\tb\"", "{1:2}"}) {
    EXPECT_EQ(parse_code(bad), Code::invalid_json) << bad;
  }
}

TEST(Json, RejectsInvalidUtf8) {
  for (const char* bad : {"\"\xFF\"", "\"\xC3\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\""}) {
    EXPECT_EQ(parse_code(bad), Code::invalid_utf8);
  }
}

TEST(Json, RefusesDeepNestingWithoutRecursingFurther) {
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_EQ(parse_code(ok), Code::ok);
  const std::string deep(100000, '[');
  EXPECT_EQ(parse_code(deep), Code::nesting_too_deep);
  std::string objects;
  for (int k = 0; k <= kMaxJsonDepth; ++k) objects += "{\"a\":";
  EXPECT_EQ(parse_code(objects), Code::nesting_too_deep);
}

TEST(Json, RefusesNumbersBeyondDouble) {
  EXPECT_EQ(parse_code("1e400"), Code::invalid_json);
  EXPECT_EQ(parse_code("-1e309"), Code::invalid_json);
  EXPECT_EQ(parse_code(std::string(400, '9')), Code::invalid_json);
  EXPECT_EQ(parse_code("1e-400"), Code::ok);  // underflows to 0, as in JS
}

TEST(Json, ManyDuplicateKeysStayFast) {
  std::string text = "{";
  for (int k = 0; k < 50000; ++k) text += (k ? ",\"" : "\"") + std::to_string(k % 100) + "\":" + std::to_string(k);
  text += "}";
  Value v;
  ASSERT_TRUE(parse(text, v).ok());
  ASSERT_EQ(v.members.size(), 100u);
  EXPECT_EQ(v.find("7")->text, "49907");
}

TEST(StableKey, RefusesNonObjects) {
  mizan::Str out;
  EXPECT_EQ(stable_key("[1]", out).code, Code::invalid_params);
  EXPECT_EQ(stable_key("{", out).code, Code::invalid_json);
}

}  // namespace
}  // namespace mizan::json

namespace mizan::json {
namespace {

Code scan_code(const std::string& text) {
  Vec<RawMember> members;
  return scan_object(text, members).code;
}

TEST(ScanObject, ReturnsRawMemberTextInDocumentOrder) {
  Vec<RawMember> members;
  ASSERT_TRUE(scan_object(R"( { "b" : [1, {"x": "y"}] , "a":"s\u00e9" ,"c":1.50e2 } )", members).ok());
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].key, "b");
  EXPECT_EQ(members[0].text, R"([1, {"x": "y"}])");
  EXPECT_EQ(members[1].text, R"("s\u00e9")");
  EXPECT_EQ(members[2].text, "1.50e2");
}

TEST(ScanObject, DecodesKeysAndResolvesDuplicatesLikeParse) {
  Vec<RawMember> members;
  ASSERT_TRUE(scan_object(R"({"\u00e9":1,"b":2,"\u00e9":3})", members).ok());
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].key, "\xC3\xA9");
  EXPECT_EQ(members[0].text, "3");
  std::string many = "{";
  for (int k = 0; k < 1000; ++k) many += (k ? ",\"" : "\"") + std::to_string(k % 40) + "\":" + std::to_string(k);
  many += "}";  // alive while `members` views into it
  ASSERT_TRUE(scan_object(many, members).ok());
  ASSERT_EQ(members.size(), 40u);
  EXPECT_EQ(members[3].text, "963");
}

TEST(ScanObject, ValidatesExactlyAsParseDoes) {
  // Every document, placed as a member value, is accepted or refused by
  // both with the same code.
  for (const std::string doc : {"1",
                                "[1,]",
                                "{\"a\":}",
                                "01",
                                "1.",
                                "-",
                                "\"\\x\"",
                                "\"\\u12\"",
                                "nul",
                                "[1 2]",
                                "{1:2}",
                                "\"\xFF\"",
                                "\"\xED\xA0\x80\"",
                                "1e400",
                                "-1e309",
                                "1e-400",
                                "123456789012345678901234567890",
                                "[[[]]]",
                                "{\"a\":[{}]}",
                                "\"a\\u00e9\\ud83d\\ude00\"",
                                "[true,false,null]",
                                "\"\t\"",
                                "{\"a\" 1}",
                                "[1,{\"b\":[2,]}]"}) {
    const std::string text = "{\"k\":" + doc + "}";
    Value v;
    EXPECT_EQ(scan_code(text), parse(text, v).code) << doc;
  }
  EXPECT_EQ(scan_code("[1]"), Code::invalid_json);
  EXPECT_EQ(scan_code("{} x"), Code::invalid_json);
  std::string deep = "{\"k\":" + std::string(kMaxJsonDepth, '[');
  EXPECT_EQ(scan_code(deep), Code::nesting_too_deep);
}

}  // namespace
}  // namespace mizan::json
