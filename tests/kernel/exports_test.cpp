// The wasm boundary (wasm/exports.cpp), built natively and called the way
// js/wasm.js calls it: arguments written one after another into the input
// buffer, results read from the output buffer. Natively, and under
// ASan/UBSan, so that the boundary's own code is checked too (a helper there
// once recursed into itself, undefined behaviour the wasm build hid).
#include "wasm/exports.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "tests/kernel/abi_io.h"
#include "tests/kernel/str_print.h"

namespace {

using mizan::test::output;
using mizan::test::write_input;

TEST(ExportsTest, StableKeyAndItsErrorPath) {
  auto len = write_input({R"({"b":1,"a":[true,null]})"});
  EXPECT_EQ(output(mizan_stable_key(len[0])), R"({"a":[true,null],"b":1})");
  len = write_input({"{"});
  const int rc = mizan_stable_key(len[0]);
  EXPECT_LT(rc, 0);
  EXPECT_NE(output(rc).find("offset"), std::string::npos);
}

TEST(ExportsTest, LargeBuffersAreTrimmedAndStillWork) {
  std::string big = R"({"k":")" + std::string(300 * 1024, 'x') + R"("})";
  auto len = write_input({big});
  EXPECT_EQ(output(mizan_stable_key(len[0])).size(), big.size());
  // The next small call gets a trimmed buffer and a correct answer.
  len = write_input({R"({"z":1})"});
  EXPECT_EQ(output(mizan_stable_key(len[0])), R"({"z":1})");
  len = write_input({"user;user_id=5, %zz"});
  EXPECT_NE(output(mizan_parse_invalidate_header(len[0])).find(R"("user_id":"5")"), std::string::npos);
}

TEST(ExportsTest, KeysAndCallResponses) {
  auto len = write_input({"test-secret", "user", R"({"user_id":42})"});
  EXPECT_EQ(output(mizan_derive_cache_key(len[0], len[1], len[2], -1, 0, 0)),
            "ctx:user:e0c738b614dcd849274c89d736c8c2ee5c4444c7ec677796ac2a2298b3865632");
  len = write_input({"", "user", "{}"});
  EXPECT_LT(mizan_derive_cache_key(len[0], len[1], len[2], -1, 0, 0), 0);  // an empty secret
  len = write_input({R"({"error":true,"code":"NOPE","message":"no"})"});
  const int rc = mizan_parse_call_response(400, len[0]);
  EXPECT_LT(rc, 0);
  EXPECT_NE(output(rc).find(R"("code":"NOPE")"), std::string::npos);
}

TEST(ExportsTest, AStoreThroughItsWholeLife) {
  auto len = write_input({R"({"gcTime":0})"});
  const int store = mizan_store_create(len[0]);
  ASSERT_GT(store, 0);
  len = write_input({"board", R"({"board_id":1})"});
  const int id = mizan_store_mount(store, len[0], len[1]);
  ASSERT_GT(id, 0);
  const std::string effects = output(mizan_store_take_effects(store));
  EXPECT_NE(effects.find(R"([0,1,"ctx/board/?board_id=1",0])"), std::string::npos) << effects;
  len = write_input({R"({"cards":[{"id":1}],"info":{"n":"A"}})"});
  mizan_store_fetch_response(store, 1, 200, len[0], 10);
  const std::string described = output(mizan_store_describe(store, id, 0));
  EXPECT_NE(described.find(R"("data":{"cards":[{"id":1}],)"), std::string::npos) << described;

  len = write_input({"add_card", R"({"board_id":1})"});
  const int call = mizan_store_call(store, len[0], len[1]);
  EXPECT_NE(output(mizan_store_take_effects(store)).find(R"({\"fn\":\"add_card\")"), std::string::npos);
  len = write_input({"", R"({"result":7,"merge":[{"context":"board","slot":"cards","value":{"id":2}}]})"});
  EXPECT_EQ(output(mizan_store_call_response(store, call, 200, len[0], len[1])), R"({"result":7,"problems":[]})");
  EXPECT_NE(output(mizan_store_describe(store, id, 0)).find(R"([{"id":1},{"id":2}])"), std::string::npos);
  len = write_input({"board", "{}", R"({"x":1})"});
  EXPECT_EQ(mizan_store_hydrate(store, len[0], len[1], len[2], 5, 20, 1), 1);
  len = write_input({"board", "{}"});
  EXPECT_GT(mizan_store_lookup(store, len[0], len[1]), 0);
  EXPECT_GT(mizan_store_dehydrate(store), 0);
  mizan_store_purge(store);
  EXPECT_EQ(mizan_store_size(store), 1);  // the mounted entry; the hydrated one is evicted
  EXPECT_EQ(mizan_store_unmount(store, id, 30), 30);
  mizan_store_collect_garbage(store, 30);
  EXPECT_EQ(mizan_store_size(store), 0);
  EXPECT_EQ(mizan_store_describe(store, id, 0), 0);  // evicted: 0, never a negative (an error)
  mizan_store_destroy(store);
  // A destroyed handle's slot is reused.
  len = write_input({"{}"});
  EXPECT_EQ(mizan_store_create(len[0]), store);
  mizan_store_destroy(store);
}

// A channel session through its whole life: the effects text is a JSON
// line, then one frame a line.
TEST(ExportsTest, AChannelSessionThroughItsWholeLife) {
  auto len = write_input({R"({"pingEvery":1000,"rpcTimeout":500})"});
  const int ch = mizan_ch_create(len[0]);
  ASSERT_GT(ch, 0);
  len = write_input({"board_chat", R"({"board_id":1})"});
  EXPECT_EQ(mizan_ch_subscribe(ch, len[0], len[1], 0), 1);
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),
            R"({"open":1,"close":0,"renew":0,"changed":[],"failed":[],"wake":null})");
  EXPECT_EQ(mizan_ch_status(ch, 1), 0);  // connecting
  len = write_input({R"({"text":"hi"})"});
  int rc = mizan_ch_send(ch, 1, len[0]);
  EXPECT_EQ(rc, -7);  // NOT_OPEN
  EXPECT_FALSE(output(rc).empty());
  len = write_input({"add_card", R"({"n":2})"});
  EXPECT_EQ(mizan_ch_rpc(ch, len[0], len[1], 10), 2);
  mizan_ch_opened(ch, 20);
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),
            "{\"open\":0,\"close\":0,\"renew\":0,\"changed\":[1],\"failed\":[],\"wake\":510}\n"
            R"({"kind":"subscribe","id":1,"channel":"board_chat","params":{"board_id":1}})"
            "\n"
            R"({"kind":"rpc","id":2,"fn":"add_card","args":{"n":2}})");
  EXPECT_EQ(mizan_ch_status(ch, 1), 1);  // open
  len = write_input({R"({"text":"hi"})"});
  EXPECT_EQ(mizan_ch_send(ch, 1, len[0]), 0);
  EXPECT_EQ(mizan_ch_rpc_response(ch, 2), 1);
  EXPECT_EQ(mizan_ch_rpc_response(ch, 2), 0);
  len = write_input({"slow", "{}"});
  EXPECT_EQ(mizan_ch_rpc(ch, len[0], len[1], 30), 3);
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),
            "{\"open\":0,\"close\":0,\"renew\":0,\"changed\":[],\"failed\":[],\"wake\":530}\n"
            R"({"kind":"send","subscription":1,"payload":{"text":"hi"}})"
            "\n"
            R"({"kind":"rpc","id":3,"fn":"slow","args":{}})");
  len = write_input({"bye", "{}"});
  EXPECT_EQ(mizan_ch_rpc(ch, len[0], len[1], 40), 4);
  mizan_ch_tick(ch, 530, 0.5);          // 3 times out
  mizan_ch_closed(ch, 4401, 600, 0.5);  // 4 was sent: network
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),
            "{\"open\":0,\"close\":0,\"renew\":0,\"changed\":[1],\"failed\":[[3,1],[4,2]],\"wake\":850}\n"
            R"({"kind":"rpc","id":4,"fn":"bye","args":{}})");
  EXPECT_EQ(mizan_ch_status(ch, 1), 2);  // reconnecting
  mizan_ch_tick(ch, 850, 0);             // after the 4401: a new token, then the socket
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),
            R"({"open":1,"close":0,"renew":1,"changed":[],"failed":[],"wake":null})");
  mizan_ch_opened(ch, 900);
  mizan_ch_take_effects(ch);
  mizan_ch_tick(ch, 1900, 0);
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),
            "{\"open\":0,\"close\":0,\"renew\":0,\"changed\":[],\"failed\":[],\"wake\":11900}\n"
            R"({"kind":"ping"})");
  mizan_ch_pong(ch, 1950);
  EXPECT_EQ(mizan_ch_close_frame(ch, 1), 1);
  EXPECT_EQ(mizan_ch_close_frame(ch, 1), 0);
  EXPECT_EQ(mizan_ch_status(ch, 1), 3);  // closed
  EXPECT_EQ(mizan_ch_close_frame(ch, -5), 0);
  EXPECT_EQ(mizan_ch_status(ch, -5), 3);
  mizan_ch_unsubscribe(ch, -5, 2000);
  mizan_ch_unsubscribe(ch, 1, 2000);
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),
            R"({"open":0,"close":0,"renew":0,"changed":[1],"failed":[],"wake":2950})");
  mizan_ch_tick(ch, 6950, 0);                   // idle since the close frame (1950): the socket goes
  EXPECT_EQ(output(mizan_ch_take_effects(ch)),  // and no ping on the socket closing
            R"({"open":0,"close":1,"renew":0,"changed":[],"failed":[],"wake":null})");
  // Bad params and bad timing: -code with the message.
  len = write_input({"board_chat", "[1]"});
  rc = mizan_ch_subscribe(ch, len[0], len[1], 2000);
  EXPECT_EQ(rc, -5);  // INVALID_PARAMS
  EXPECT_NE(output(rc).find("object"), std::string::npos);
  len = write_input({R"({"backoffCap":-1})"});
  rc = mizan_ch_create(len[0]);
  EXPECT_EQ(rc, -1);  // INVALID_ARGUMENT
  EXPECT_NE(output(rc).find("backoffCap"), std::string::npos);
  mizan_ch_destroy(ch);
  // A destroyed handle's slot is reused.
  len = write_input({"{}"});
  EXPECT_EQ(mizan_ch_create(len[0]), ch);
  mizan_ch_destroy(ch);
}

}  // namespace
