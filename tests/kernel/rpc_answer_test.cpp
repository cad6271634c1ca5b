// kernel/rpc_answer.h: a successful rpc-response frame as the HTTP call's
// answer body, its values' text unchanged.
#include "kernel/rpc_answer.h"

#include <gtest/gtest.h>

#include "tests/kernel/str_print.h"

namespace mizan::channels {
namespace {

Str body(std::string_view frame) {
  Str out("stale");
  const Status s = rpc_answer_body(frame, out);
  EXPECT_TRUE(s.ok()) << s.message;
  return out;
}

TEST(RpcAnswer, DataIsTheResultAndTheRestKeepsItsNames) {
  EXPECT_EQ(
      body(R"({"kind":"rpc-response","id":3,"ok":true,"data":{"id":1},"invalidate":[{"context":"board"}],)"
           R"("merge":[{"context":"board","slot":"cards","value":{"id":1}}]})"),
      R"({"result":{"id":1},"invalidate":[{"context":"board"}],"merge":[{"context":"board","slot":"cards","value":{"id":1}}]})");
}

TEST(RpcAnswer, NumbersAndStringsKeepTheFramesSpelling) {
  EXPECT_EQ(body(R"({"kind":"rpc-response","id":1,"ok":true,"data":[12345678901234567890, -0, 1.50, 1E2, "\u00e9"]})"),
            R"({"result":[12345678901234567890, -0, 1.50, 1E2, "\u00e9"]})");
}

TEST(RpcAnswer, AbsentMembersAreLeftOutAndOrderIsTheAnswers) {
  EXPECT_EQ(body(R"({"kind":"rpc-response","id":1,"ok":true})"), "{}");
  EXPECT_EQ(body(R"({"merge":[],"ok":true,"data":null})"), R"({"result":null,"merge":[]})");
}

TEST(RpcAnswer, ADuplicateKeyTakesItsLastValueAsJsonParseDoes) {
  EXPECT_EQ(body(R"({"data":1,"data":2})"), R"({"result":2})");
}

TEST(RpcAnswer, WhatIsNotAJsonObjectIsRefused) {
  for (const char* frame : {"", "[]", "42", R"({"data":1e400})", R"({"data":})", R"({"data":1} x)"}) {
    Str out;
    EXPECT_FALSE(rpc_answer_body(frame, out).ok()) << frame;
  }
}

}  // namespace
}  // namespace mizan::channels
