// nlohmann/json as an oracle for the kernel's JSON reader and writers, on a
// seeded corpus: json_oracle.h says what is compared and lists the
// documented differences, each asserted exactly here.
#include "tests/kernel/json_oracle.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "tests/kernel/json_corpus.h"

namespace {

using json_oracle::compare;
using json_oracle::Outcome;
using json_oracle::show;
using json_oracle::Verdict;

constexpr std::uint64_t kSeed = 0x6d697a616e;  // fixed: the corpus is the same on every run
constexpr int kMaxReported = 10;               // a systematic bug should not print thousands of failures

// Runs `documents` through the oracle: each must come out as `expected`
// (any outcome when `expected` is disagree) with no problem. Returns how
// often each outcome came up.
std::map<Outcome, int> expect_all(const std::vector<std::string>& documents, Outcome expected) {
  std::map<Outcome, int> tally;
  int reported = 0;
  for (const std::string& doc : documents) {
    const Verdict v = compare(doc);
    ++tally[v.outcome];
    const bool outcome_ok = expected == Outcome::disagree || v.outcome == expected;
    if ((outcome_ok && v.problem.empty()) || reported >= kMaxReported) continue;
    ++reported;
    ADD_FAILURE() << show(doc) << ": " << json_oracle::name(v.outcome) << " (expected " << json_oracle::name(expected)
                  << ") " << v.problem;
  }
  return tally;
}

Verdict expect_one(const std::string& doc, Outcome expected) {
  const Verdict v = compare(doc);
  EXPECT_EQ(json_oracle::name(v.outcome), std::string(json_oracle::name(expected))) << show(doc);
  EXPECT_EQ(v.problem, "") << show(doc);
  return v;
}

std::vector<std::string> documents(json_corpus::Generator& g, int count, bool lone_surrogates = false) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(g.document(i % 9, lone_surrogates));
  return out;
}

TEST(JsonOracle, SpellsNumbersAsJavaScriptDoes) {
  // The oracle's own number spelling, against String(n) in JavaScript.
  EXPECT_EQ(json_oracle::js_spelling(0.1), "0.1");
  EXPECT_EQ(json_oracle::js_spelling(-0.0), "0");
  EXPECT_EQ(json_oracle::js_spelling(100), "100");
  EXPECT_EQ(json_oracle::js_spelling(1e21), "1e+21");
  EXPECT_EQ(json_oracle::js_spelling(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(json_oracle::js_spelling(std::ldexp(1.0, 70)), "1.1805916207174113e+21");
  EXPECT_EQ(json_oracle::js_spelling(1e-6), "0.000001");
  EXPECT_EQ(json_oracle::js_spelling(1.5e-7), "1.5e-7");
  EXPECT_EQ(json_oracle::js_spelling(-123e-20), "-1.23e-18");
  EXPECT_EQ(json_oracle::js_spelling(5e-324), "5e-324");
  EXPECT_EQ(json_oracle::js_spelling(1.7976931348623157e308), "1.7976931348623157e+308");
}

TEST(JsonOracle, GeneratedDocumentsAgree) {
  json_corpus::Generator g(kSeed);
  const auto tally = expect_all(documents(g, 3000), Outcome::both_accept);
  EXPECT_EQ(tally.at(Outcome::both_accept), 3000);
}

TEST(JsonOracle, NumbersAgreeBitForBit) {
  // Each token alone and a few in an array: integers beyond 2^53 and 2^64,
  // many-digit decimals, exponents, subnormals, exact ties between doubles.
  json_corpus::Generator g(kSeed + 1);
  std::vector<std::string> docs;
  for (int i = 0; i < 3000; ++i) docs.push_back(g.number());
  for (int i = 0; i < 300; ++i) docs.push_back("[" + g.number() + "," + g.number() + "," + g.number() + "]");
  expect_all(docs, Outcome::both_accept);
}

TEST(JsonOracle, NumbersBeyondADoubleAreRefusedByBoth) {
  // JSON.parse would give Infinity, which no JSON writer can spell back.
  for (const char* doc : {
           "1e309",
           "-1e309",
           "1.7976931348623159e308",
           "[1e999999999999]",
           // the exact tie between DBL_MAX and 2^1024 rounds to even: 2^1024
           "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302"
           "8641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985"
           "5571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
       })
    expect_one(doc, Outcome::both_reject);
  expect_one("1e-999999999999", Outcome::both_accept);  // underflow is 0, not an error
  expect_one("0e999999999999", Outcome::both_accept);
}

TEST(JsonOracle, MalformedDocumentsAreRefusedByBoth) {
  // Structure, literals and numbers.
  expect_all({"",           " ",          "[",       "]",           "{",     "}",       "[1,]",  "[,1]",       "[1 2]",
              "{\"a\":1,}", "{,}",        "{\"a\"}", "{\"a\" 1}",   "{1:1}", "{'a':1}", "['a']", "{\"a\":1}}", "[1]]",
              "1 x",        "[01]",       "[-01]",   "[1.]",        "[.1]",  "[+1]",    "[1e]",  "[1e+]",      "[-]",
              "[0x10]",     "[Infinity]", "[NaN]",   "[-Infinity]", "tru",   "nul",     "True",  "NULL"},
             Outcome::both_reject);
  // Strings: bad escapes, raw control characters, bytes that are not UTF-8
  // (overlong, an encoded surrogate, beyond U+10FFFF, truncated, a lone
  // continuation byte).
  expect_all({"\"abc",
              "\"\\x41\"",
              "\"\\u12\"",
              "\"\\u12G4\"",
              "\"\\U0041\"",
              "\"\\\"",
              "\"\\a\"",
              "\"\\'\"",
              "\"a\tb\"",
              "\"a\nb\"",
              "\"\x01\"",
              "\"\x1f\"",
              std::string("\"a\0b\"", 5),
              "\"\xff\"",
              "\"\xc0\xaf\"",
              "\"\xe0\x80\xaf\"",
              "\"\xed\xa0\x80\"",
              "\"\xf4\x90\x80\x80\"",
              "\"\xe2\x82\"",
              "\"\x80\""},
             Outcome::both_reject);
  // No comments; no whitespace but JSON's four (not \v, \f, U+00A0); not
  // half a byte order mark; NUL bytes before a value ends.
  expect_all({"//c\n1", "/*c*/1", "[1,/*x*/2]", "[1]//", "\v1", "\f1", "\u00a01", "\xEF\xBB", std::string("\0", 1),
              std::string(1, '\0') + "1", std::string("[1\0]", 4), std::string("tru\0", 4)},
             Outcome::both_reject);
}

TEST(JsonOracle, MutatedDocumentsAgreeOrDifferAsDocumented) {
  json_corpus::Generator g(kSeed + 2);
  std::vector<std::string> docs;
  for (const std::string& doc : documents(g, 4000)) docs.push_back(g.mutate(doc));
  const auto tally = expect_all(docs, Outcome::disagree);
  // The mutations must mostly break documents, and not all of them.
  EXPECT_GT(tally.count(Outcome::both_reject) ? tally.at(Outcome::both_reject) : 0, 2000);
  EXPECT_GT(tally.count(Outcome::both_accept) ? tally.at(Outcome::both_accept) : 0, 100);
}

TEST(JsonOracle, DuplicateKeysKeepFirstPositionLastValueInBoth) {
  // As JSON.parse does; "\u0061" is the key "a" too.
  for (const char* doc : {R"({"a":1,"b":2,"a":3})", R"({"a":1,"b":2,"\u0061":[3]})", R"({"x":1,"x":2,"x":{"x":3}})"})
    expect_one(doc, Outcome::both_accept);
  const json_oracle::Nl n = json_oracle::nl_parse(R"({"a":1,"b":2,"a":3})");
  EXPECT_EQ(n.dump(), R"({"a":3,"b":2})");
}

// The documented differences, each exactly.

TEST(JsonOracleDifference, LoneSurrogatesOnlyTheKernelAccepts) {
  // JSON.parse('"\ud800"') is a one-unit string; nlohmann refuses it.
  for (const char* doc : {R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\ud800\ud800\udc00")", R"("\udbff")",
                          R"({"\ud800":1,"\ufffd":2})", R"(["x\udfff", 1.5])"}) {
    expect_one(doc, Outcome::lone_surrogate);
    EXPECT_TRUE(json_oracle::nl_parse(doc).is_discarded()) << doc;
  }
  mizan::json::Value v;
  ASSERT_TRUE(mizan::json::parse(R"("\ud800\ud800\udc00")", v).ok());
  EXPECT_EQ(v.text, "\xED\xA0\x80\xF0\x90\x80\x80");  // WTF-8: the lone one, then U+10000

  // Generated documents: a lone surrogate anywhere is the whole difference.
  json_corpus::Generator g(kSeed + 3);
  int with = 0;
  int reported = 0;
  for (const std::string& doc : documents(g, 1500, true)) {
    mizan::json::Value parsed;
    ASSERT_TRUE(mizan::json::parse(doc, parsed).ok()) << show(doc);
    int count = 0;
    json_oracle::without_lone_surrogates(doc, count);
    const bool lone = count > 0;
    with += lone;
    const Verdict verdict = compare(doc);
    if (reported < kMaxReported &&
        (verdict.outcome != (lone ? Outcome::lone_surrogate : Outcome::both_accept) || !verdict.problem.empty())) {
      ++reported;
      ADD_FAILURE() << show(doc) << ": " << json_oracle::name(verdict.outcome) << " " << verdict.problem;
    }
  }
  EXPECT_GT(with, 300);
}

TEST(JsonOracleDifference, NestingBeyondTheLimitOnlyNlohmannAccepts) {
  // The kernel refuses more than kMaxJsonDepth levels (NESTING_TOO_DEEP)
  // rather than recurse into the small wasm stack; nlohmann has no limit.
  const auto arrays = [](int n) { return std::string(n, '[') + std::string(n, ']'); };
  const auto objects = [](int n) {
    std::string doc;
    for (int i = 0; i < n; ++i) doc += "{\"k\":";
    return doc + "1" + std::string(n, '}');
  };
  expect_one(arrays(256), Outcome::both_accept);
  expect_one(objects(256), Outcome::both_accept);
  for (const std::string& doc : {arrays(257), objects(257), arrays(5000), "[" + objects(256) + "]"}) {
    expect_one(doc, Outcome::too_deep);
    mizan::json::Value v;
    EXPECT_EQ(mizan::json::parse(doc, v).code, mizan::Code::nesting_too_deep);
    EXPECT_GT(json_oracle::depth(json_oracle::nl_parse(doc)), 256);
  }
}

TEST(JsonOracleDifference, ByteOrderMarkOnlyNlohmannAccepts) {
  // nlohmann skips a leading UTF-8 BOM (RFC 8259 8.1 allows it); JSON.parse
  // does not, and neither does the kernel.
  const std::string bom = "\xEF\xBB\xBF";
  mizan::json::Value v;
  EXPECT_EQ(mizan::json::parse(bom + "{}", v).code, mizan::Code::invalid_json);
  EXPECT_EQ(json_oracle::nl_parse(bom + "{}").dump(), "{}");
  expect_one(bom + bom + "{}", Outcome::both_reject);  // only one is skipped
  expect_one(" " + bom + "{}", Outcome::both_reject);  // and only first

  json_corpus::Generator g(kSeed + 4);
  std::vector<std::string> docs;
  for (const std::string& doc : documents(g, 300)) docs.push_back(bom + doc);
  expect_all(docs, Outcome::byte_order_mark);
}

TEST(JsonOracleDifference, NulByteEndsTheInputOnlyForNlohmann) {
  // nlohmann's lexer reads a NUL byte outside a string as the end of the
  // input and ignores what follows; JSON.parse and the kernel refuse it.
  const std::string nul(1, '\0');
  expect_one("1" + nul + "x", Outcome::nul_byte);
  expect_one("[1]" + nul + "]]", Outcome::nul_byte);
  expect_one("{\"a\":1} " + nul, Outcome::nul_byte);
  EXPECT_EQ(json_oracle::nl_parse("[1]" + nul + "]]").dump(), "[1]");
  expect_one("[1" + nul + "]", Outcome::both_reject);    // before the value ends
  expect_one("\"a" + nul + "\"", Outcome::both_reject);  // inside a string
  const std::string bom = "\xEF\xBB\xBF";
  expect_one(bom + "2" + nul, Outcome::byte_order_mark);  // both quirks at once

  json_corpus::Generator g(kSeed + 5);
  std::vector<std::string> docs;
  for (const std::string& doc : documents(g, 300)) docs.push_back(doc + nul + g.document(2));
  expect_all(docs, Outcome::nul_byte);
}

TEST(JsonOracleDifference, NegativeZeroIsTheIntegerZeroForNlohmann) {
  // Object.is(JSON.parse("-0"), -0) in JavaScript; nlohmann reads "-0" as
  // an integer, which has no sign. "-0.0" is a double in both.
  mizan::json::Value v;
  ASSERT_TRUE(mizan::json::parse("-0", v).ok());
  EXPECT_TRUE(std::signbit(json_oracle::kernel_double(v)));
  const json_oracle::Nl n = json_oracle::nl_parse("-0");
  EXPECT_TRUE(n.is_number_integer());
  EXPECT_FALSE(std::signbit(json_oracle::nl_double(n)));
  expect_one("-0", Outcome::both_accept);  // the comparison allows exactly this

  const json_oracle::Nl f = json_oracle::nl_parse("-0.0");
  EXPECT_TRUE(f.is_number_float());
  EXPECT_TRUE(std::signbit(f.get<double>()));
  expect_one("[-0.0,-0e5,-1e-400]", Outcome::both_accept);
}

}  // namespace
