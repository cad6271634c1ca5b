// The channel session (kernel/channel_session.h) with scripted time and
// randomness: every schedule it keeps is asserted to the millisecond.
#include "kernel/channel_session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/kernel/str_print.h"

namespace {

using mizan::Code;
using mizan::channels::Effects;
using mizan::channels::RpcFailure;
using mizan::channels::Session;
using mizan::channels::SubStatus;
using mizan::channels::Timing;
using Frames = mizan::Vec<mizan::Str>;
using Ids = mizan::Vec<std::uint32_t>;
using Failed = mizan::Vec<std::pair<std::uint32_t, RpcFailure>>;

constexpr double kNever = INFINITY;
const mizan::Str kSub1 = R"({"kind":"subscribe","id":1,"channel":"board_chat","params":{"board_id":1}})";

// A session with one subscription on an open socket (opened at `at`),
// effects taken.
Session open_with_one(double at = 0) {
  Session s;
  EXPECT_EQ(s.subscribe("board_chat", R"({"board_id":1})", at), 1);
  EXPECT_TRUE(s.take_effects().open);
  s.opened(at);
  EXPECT_EQ(s.take_effects().frames, Frames{kSub1});
  return s;
}

TEST(ChannelSessionTest, ASubscriptionOpensTheSocketAndIsSentOnceItOpens) {
  Session s;
  EXPECT_EQ(s.subscribe("board_chat", R"({"board_id":1})", 0), 1);
  EXPECT_EQ(s.status(1), SubStatus::connecting);
  EXPECT_TRUE(s.live(1));
  Effects e = s.take_effects();
  EXPECT_TRUE(e.open);
  EXPECT_FALSE(e.close);
  EXPECT_TRUE(e.frames.empty());  // nothing goes out before the socket opens
  EXPECT_EQ(e.wake_at, kNever);
  s.opened(40);
  e = s.take_effects();
  EXPECT_FALSE(e.open);
  EXPECT_EQ(e.frames, Frames{kSub1});
  EXPECT_EQ(e.changed, Ids{1});
  EXPECT_EQ(s.status(1), SubStatus::open);
  EXPECT_EQ(e.wake_at, 40 + 25000);  // the first ping
  // A second subscription on the open socket goes at once, born open.
  EXPECT_EQ(s.subscribe("cursor", "{}", 50), 2);
  e = s.take_effects();
  EXPECT_EQ(e.frames, Frames{R"({"kind":"subscribe","id":2,"channel":"cursor","params":{}})"});
  EXPECT_EQ(s.status(2), SubStatus::open);
  EXPECT_TRUE(e.changed.empty());
  EXPECT_FALSE(e.open);
}

TEST(ChannelSessionTest, ReconnectsAfterFullJitterBackoffUpToItsCapAndResetsWhenHealthy) {
  Session s = open_with_one(0);
  double now = 100;
  // Each drop waits random * min(30000, 500 * 2^n), then n + 1; here the
  // socket dropped once and then every attempt to connect fails.
  const double caps[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
  int i = 0;
  for (const double cap : caps) {
    const double random = i++ % 2 == 0 ? 0.5 : 0.999;
    s.closed(1006, now, random);
    const Effects e = s.take_effects();
    EXPECT_FALSE(e.open);
    EXPECT_EQ(e.wake_at, now + random * cap) << cap;
    EXPECT_EQ(s.status(1), SubStatus::reconnecting);
    s.tick(e.wake_at - 1, 0.5);
    EXPECT_FALSE(s.take_effects().open);  // not yet
    now = e.wake_at;
    s.tick(now, 0.5);
    EXPECT_TRUE(s.take_effects().open);
    now += 10;
  }
  // A socket open for less than healthy_after does not reset the count...
  s.opened(now);
  s.take_effects();
  s.closed(1006, now + 9999, 0.5);
  EXPECT_EQ(s.take_effects().wake_at, now + 9999 + 0.5 * 30000);
  now += 9999 + 0.5 * 30000;
  s.tick(now, 0);
  EXPECT_TRUE(s.take_effects().open);
  // ...one open that long does.
  s.opened(now);
  s.take_effects();
  s.closed(1006, now + 10000, 0.5);
  EXPECT_EQ(s.take_effects().wake_at, now + 10000 + 0.5 * 500);
}

TEST(ChannelSessionTest, AReconnectResubscribesEveryLiveSubscriptionInOneBatchWithItsParams) {
  Session s;
  EXPECT_EQ(s.subscribe("board_chat", R"({"board_id":1})", 0), 1);
  EXPECT_EQ(s.subscribe("cursor", R"({"b":[1,{"y":2,"x":1}],"a":"\u00e9"})", 0), 2);
  s.take_effects();
  s.opened(0);
  EXPECT_EQ(s.take_effects().frames.size(), 2u);
  s.closed(1006, 100, 0.5);
  Effects e = s.take_effects();
  EXPECT_EQ(e.changed, (Ids{1, 2}));
  EXPECT_EQ(s.status(1), SubStatus::reconnecting);
  EXPECT_EQ(s.status(2), SubStatus::reconnecting);
  s.tick(e.wake_at, 0);
  EXPECT_TRUE(s.take_effects().open);
  s.opened(400);
  e = s.take_effects();
  EXPECT_EQ(e.frames, (Frames{kSub1, R"({"kind":"subscribe","id":2,"channel":"cursor","params":)"
                                     R"({"a":"é","b":[1,{"x":1,"y":2}]}})"}));
  EXPECT_EQ(e.changed, (Ids{1, 2}));
  EXPECT_EQ(s.status(1), SubStatus::open);
  EXPECT_EQ(s.status(2), SubStatus::open);
}

TEST(ChannelSessionTest, ReadersOfOnePairShareOneSubscription) {
  Session s = open_with_one(0);
  // Equal params in another order, and a JSON escape of the same channel name.
  EXPECT_EQ(s.subscribe("board_chat", R"( { "board_id" : 1 } )", 10), 1);
  EXPECT_TRUE(s.take_effects().frames.empty());
  EXPECT_EQ(s.subscribe("board_chat", R"({"board_id":2})", 10), 2);  // other params: another one
  s.take_effects();
  s.unsubscribe(1, 20);
  EXPECT_TRUE(s.take_effects().frames.empty());  // one reader left
  EXPECT_TRUE(s.live(1));
  s.unsubscribe(1, 30);
  EXPECT_EQ(s.take_effects().frames, Frames{R"({"kind":"unsubscribe","id":1})"});
  EXPECT_FALSE(s.live(1));
  EXPECT_TRUE(s.issued(1));  // a late event for it is not garbage
  s.unsubscribe(1, 40);      // once more: nothing
  EXPECT_TRUE(s.take_effects().frames.empty());
  // The pair again: a new id, never reused.
  EXPECT_EQ(s.subscribe("board_chat", R"({"board_id":1})", 50), 3);
  EXPECT_EQ(s.take_effects().frames,
            Frames{R"({"kind":"subscribe","id":3,"channel":"board_chat","params":{"board_id":1}})"});
}

TEST(ChannelSessionTest, LeavingBeforeTheSocketOpensSendsNothing) {
  Session s;
  EXPECT_EQ(s.subscribe("a", "{}", 0), 1);
  EXPECT_EQ(s.subscribe("b", "{}", 0), 2);
  s.unsubscribe(1, 5);
  s.take_effects();
  s.opened(10);
  EXPECT_EQ(s.take_effects().frames, Frames{R"({"kind":"subscribe","id":2,"channel":"b","params":{}})"});
}

TEST(ChannelSessionTest, AServerCloseIsForGood) {
  Session s = open_with_one(0);
  EXPECT_EQ(s.subscribe("cursor", "{}", 0), 2);
  s.subscribe("board_chat", R"({"board_id":1})", 0);  // a second reader of 1
  s.take_effects();
  EXPECT_TRUE(s.close_frame(1));
  Effects e = s.take_effects();
  EXPECT_EQ(e.changed, Ids{1});
  EXPECT_EQ(s.status(1), SubStatus::closed);
  EXPECT_FALSE(s.live(1));
  EXPECT_FALSE(s.close_frame(1));  // already closed
  EXPECT_EQ(s.send(1, "{}").code, Code::not_open);
  // A drop: only 2 is resubscribed; 1 stays closed.
  s.closed(1006, 10, 0);
  e = s.take_effects();
  EXPECT_EQ(e.changed, Ids{2});
  s.tick(10, 0);
  s.take_effects();
  s.opened(20);
  e = s.take_effects();
  EXPECT_EQ(e.frames, Frames{R"({"kind":"subscribe","id":2,"channel":"cursor","params":{}})"});
  EXPECT_EQ(s.status(1), SubStatus::closed);
  // A new reader of the closed pair starts afresh.
  EXPECT_EQ(s.subscribe("board_chat", R"({"board_id":1})", 30), 3);
  EXPECT_EQ(s.take_effects().frames.size(), 1u);
  // Its readers leave: no unsubscribe frame for it.
  s.unsubscribe(1, 40);
  s.unsubscribe(1, 40);
  EXPECT_TRUE(s.take_effects().frames.empty());
  EXPECT_FALSE(s.close_frame(1));  // forgotten
}

TEST(ChannelSessionTest, AClosedLastSubscriptionLetsTheSocketGoIdle) {
  Session s = open_with_one(0);
  s.tick(100, 0);
  s.take_effects();
  EXPECT_TRUE(s.close_frame(1));  // at the latest time given: 100
  EXPECT_EQ(s.take_effects().wake_at, 100 + 5000);
  s.tick(5100, 0);
  EXPECT_TRUE(s.take_effects().close);
}

TEST(ChannelSessionTest, AHeartbeatWithoutPongIsADeadSocket) {
  Session s;
  s.subscribe("board_chat", R"({"board_id":1})", 0);
  for (int failed = 0; failed < 3; ++failed) {  // attempt count 3 (a 4000 ms cap)
    s.closed(1006, 0, 0);
    s.tick(0, 0);
  }
  s.take_effects();
  s.opened(1000);
  Effects e = s.take_effects();
  EXPECT_EQ(e.frames, Frames{kSub1});
  EXPECT_EQ(e.wake_at, 1000 + 25000);
  s.tick(25999, 0);
  EXPECT_TRUE(s.take_effects().frames.empty());
  s.tick(26000, 0);
  e = s.take_effects();
  EXPECT_EQ(e.frames, Frames{R"({"kind":"ping"})"});
  EXPECT_EQ(e.wake_at, 26000 + 10000);  // the pong's deadline
  s.pong(26050);
  EXPECT_EQ(s.take_effects().wake_at, 26050 + 25000);
  s.pong(26060);  // unasked: changes nothing
  EXPECT_EQ(s.take_effects().wake_at, 26050 + 25000);
  s.tick(51050, 0);
  EXPECT_EQ(s.take_effects().frames, Frames{R"({"kind":"ping"})"});
  const std::uint32_t call = s.rpc("move_card", R"({"id":1})", 51060);  // sent on the dying socket
  s.take_effects();
  s.tick(61049, 0.5);
  e = s.take_effects();
  EXPECT_FALSE(e.close);
  s.tick(61050, 0.5);  // no pong: dead
  e = s.take_effects();
  EXPECT_TRUE(e.close);
  EXPECT_FALSE(e.open);
  EXPECT_EQ(e.changed, Ids{1});
  EXPECT_EQ(s.status(1), SubStatus::reconnecting);
  EXPECT_EQ(e.failed, (Failed{{call, RpcFailure::network}}));
  // Open 60 s before dying: healthy (noticed by the tick), so the first
  // backoff step again.
  EXPECT_EQ(e.wake_at, 61050 + 0.5 * 500);
  // The runtime's close event for that socket comes later: ignored.
  s.closed(1006, 61100, 0.999);
  e = s.take_effects();
  EXPECT_EQ(e.wake_at, 61050 + 0.5 * 500);
  EXPECT_TRUE(e.failed.empty());
  EXPECT_FALSE(e.open);
  s.tick(61300, 0);
  EXPECT_TRUE(s.take_effects().open);
  s.opened(61400);
  EXPECT_EQ(s.take_effects().frames, Frames{kSub1});  // the RPC is not resent
}

TEST(ChannelSessionTest, RpcsAreQueuedUntilOpenAndTimeOutSentOrNot) {
  Session s;
  EXPECT_EQ(s.rpc("add_card", R"({"board_id":1})", 0), 1u);
  Effects e = s.take_effects();
  EXPECT_TRUE(e.open);
  EXPECT_TRUE(e.frames.empty());
  EXPECT_EQ(e.wake_at, 30000);  // its timeout
  EXPECT_EQ(s.rpc("ping_me", "{}", 10), 2u);
  s.take_effects();
  s.opened(20);
  e = s.take_effects();
  EXPECT_EQ(e.frames, (Frames{R"({"kind":"rpc","id":1,"fn":"add_card","args":{"board_id":1}})",
                              R"({"kind":"rpc","id":2,"fn":"ping_me","args":{}})"}));
  EXPECT_TRUE(s.rpc_response(2));
  EXPECT_FALSE(s.rpc_response(2));                  // answered already
  EXPECT_EQ(s.take_effects().wake_at, 20 + 25000);  // the ping is due before 1's timeout
  s.pong(0);                                        // unasked: nothing
  s.tick(25020, 0);
  s.pong(25030);
  s.take_effects();
  s.tick(29999, 0);
  EXPECT_TRUE(s.take_effects().failed.empty());
  s.tick(30000, 0);
  e = s.take_effects();
  EXPECT_EQ(e.failed, (Failed{{1, RpcFailure::timeout}}));
  EXPECT_EQ(e.wake_at, 30000 + 5000);  // nothing left: the idle close
  EXPECT_FALSE(s.rpc_response(1));     // after its timeout: unknown
  // An RPC never sent times out too.
  Session t;
  t.rpc("f", "{}", 0);
  t.take_effects();
  t.tick(30000, 0);
  e = t.take_effects();
  EXPECT_EQ(e.failed, (Failed{{1, RpcFailure::timeout}}));
  EXPECT_EQ(e.wake_at, 35000);  // the asked-for socket closes when idle
  t.tick(35000, 0);
  EXPECT_TRUE(t.take_effects().close);
}

TEST(ChannelSessionTest, ADropFailsTheSentRpcsAndKeepsTheUnsentOnes) {
  Session s = open_with_one(0);
  EXPECT_EQ(s.rpc("a", "{}", 10), 2u);
  EXPECT_EQ(s.take_effects().frames.size(), 1u);
  s.closed(1006, 20, 0.5);
  Effects e = s.take_effects();
  EXPECT_EQ(e.failed, (Failed{{2, RpcFailure::network}}));
  EXPECT_FALSE(s.rpc_response(2));
  EXPECT_EQ(s.rpc("b", R"({"x":1})", 30), 3u);  // while waiting to reconnect: queued
  e = s.take_effects();
  EXPECT_FALSE(e.open);  // the reconnect is already scheduled
  EXPECT_TRUE(e.frames.empty());
  s.tick(270, 0);
  EXPECT_TRUE(s.take_effects().open);
  s.closed(1006, 280, 0);  // failed to connect: 3 was never sent, so it waits on
  e = s.take_effects();
  EXPECT_TRUE(e.failed.empty());
  s.tick(280, 0);
  s.take_effects();
  s.opened(300);
  e = s.take_effects();
  EXPECT_EQ(e.frames, (Frames{kSub1, R"({"kind":"rpc","id":3,"fn":"b","args":{"x":1}})"}));
  // One more on the open socket: only it goes (3 went already).
  EXPECT_EQ(s.rpc("c", "{}", 310), 4u);
  EXPECT_EQ(s.take_effects().frames, Frames{R"({"kind":"rpc","id":4,"fn":"c","args":{}})"});
  EXPECT_TRUE(s.rpc_response(3));
  EXPECT_TRUE(s.rpc_response(4));
  EXPECT_EQ(s.take_effects().wake_at, 300 + 25000);  // their timeouts gone: the ping
}

TEST(ChannelSessionTest, NothingLiveAfterADropMeansNoReconnect) {
  Session s;
  s.rpc("a", "{}", 0);
  s.take_effects();
  s.opened(10);
  s.take_effects();
  s.closed(1006, 20, 0.5);
  Effects e = s.take_effects();
  EXPECT_EQ(e.failed.size(), 1u);
  EXPECT_EQ(e.wake_at, kNever);
  s.tick(100000, 0);
  EXPECT_FALSE(s.take_effects().open);
  // Unsubscribing the last one while waiting to reconnect stops waiting.
  Session t = open_with_one(0);
  t.closed(1006, 10, 0.5);
  EXPECT_LT(t.take_effects().wake_at, kNever);
  t.unsubscribe(1, 20);
  e = t.take_effects();
  EXPECT_TRUE(e.frames.empty());
  EXPECT_EQ(e.wake_at, kNever);
  // The next use opens at once.
  t.subscribe("a", "{}", 30);
  EXPECT_TRUE(t.take_effects().open);
}

TEST(ChannelSessionTest, AnIdleSocketClosesAndAUseBeforeThatKeepsIt) {
  Session s = open_with_one(0);
  s.unsubscribe(1, 100);
  Effects e = s.take_effects();
  EXPECT_EQ(e.frames, Frames{R"({"kind":"unsubscribe","id":1})"});
  EXPECT_EQ(e.wake_at, 100 + 5000);
  // Back before the deadline: no new socket, and the idle close is off.
  EXPECT_EQ(s.subscribe("board_chat", R"({"board_id":1})", 200), 2);
  e = s.take_effects();
  EXPECT_FALSE(e.open);
  EXPECT_EQ(e.frames.size(), 1u);
  EXPECT_EQ(e.wake_at, 25000);  // the ping
  s.unsubscribe(2, 300);
  s.take_effects();
  s.tick(5299, 0);
  EXPECT_FALSE(s.take_effects().close);
  s.tick(5300, 0);
  e = s.take_effects();
  EXPECT_TRUE(e.close);
  EXPECT_EQ(e.wake_at, kNever);
  // The runtime's close event for the socket it closed: no reconnect.
  s.closed(1000, 5310, 0);
  e = s.take_effects();
  EXPECT_FALSE(e.open);
  EXPECT_EQ(e.wake_at, kNever);
  // The next use opens a new one.
  s.rpc("f", "{}", 6000);
  EXPECT_TRUE(s.take_effects().open);
}

TEST(ChannelSessionTest, IdleWhileConnectingClosesTheSocketBeingOpened) {
  Session s;
  s.subscribe("a", "{}", 0);
  s.unsubscribe(1, 10);
  Effects e = s.take_effects();
  EXPECT_TRUE(e.open);
  EXPECT_EQ(e.wake_at, 10 + 5000);
  s.opened(20);
  e = s.take_effects();
  EXPECT_TRUE(e.frames.empty());
  EXPECT_EQ(e.wake_at, 5010);
  s.tick(5010, 0);
  EXPECT_TRUE(s.take_effects().close);
}

TEST(ChannelSessionTest, Close4401AsksForANewTokenWithTheNextOpen) {
  Session s = open_with_one(0);
  s.closed(4401, 50, 0.5);
  Effects e = s.take_effects();
  EXPECT_FALSE(e.renew_token);  // nothing opens yet
  EXPECT_EQ(e.wake_at, 50 + 250);
  s.tick(300, 0);
  e = s.take_effects();
  EXPECT_TRUE(e.open);
  EXPECT_TRUE(e.renew_token);  // the runtime obtains a token, then opens
  s.closed(1006, 310, 0.5);    // another failure: the token is not the problem
  s.tick(1000, 0);
  e = s.take_effects();
  EXPECT_TRUE(e.open);
  EXPECT_FALSE(e.renew_token);
  // After a 4401 with nothing live, the next use's open renews.
  s.opened(1000);
  s.unsubscribe(1, 1000);
  s.closed(4401, 1100, 0.5);
  e = s.take_effects();
  EXPECT_FALSE(e.open);
  EXPECT_EQ(e.wake_at, kNever);
  s.closed(4401, 1200, 0.5);  // no socket: ignored
  s.rpc("f", "{}", 2000);
  e = s.take_effects();
  EXPECT_TRUE(e.open);
  EXPECT_TRUE(e.renew_token);
}

TEST(ChannelSessionTest, SendGoesOnlyOnAnOpenSubscription) {
  Session s;
  s.subscribe("board_chat", R"({"board_id":1})", 0);
  const mizan::Status early = s.send(1, R"({"text":"hi"})");
  EXPECT_EQ(early.code, Code::not_open);
  EXPECT_FALSE(early.message.empty());
  s.opened(0);
  s.take_effects();
  EXPECT_TRUE(s.send(1, "{\"text\":\n\"a\\nb\"}").ok());
  // A raw newline (whitespace) would split the frame lines: a space.
  EXPECT_EQ(s.take_effects().frames, Frames{R"({"kind":"send","subscription":1,"payload":{"text": "a\nb"}})"});
  EXPECT_EQ(s.send(7, "1").code, Code::not_open);  // unknown
  s.closed(1006, 10, 0.5);
  s.take_effects();
  EXPECT_EQ(s.send(1, "1").code, Code::not_open);  // reconnecting
  EXPECT_TRUE(s.take_effects().frames.empty());
}

TEST(ChannelSessionTest, BadParamsAreRefusedAndIssueNothing) {
  Session s;
  EXPECT_EQ(s.subscribe("a", "{", 0), -static_cast<int>(Code::invalid_json));
  EXPECT_EQ(s.subscribe("a", "[1]", 0), -static_cast<int>(Code::invalid_params));
  EXPECT_EQ(s.subscribe("a", "{\"a\":\"\xff\"}", 0), -static_cast<int>(Code::invalid_utf8));
  Effects e = s.take_effects();
  EXPECT_FALSE(e.open);
  EXPECT_FALSE(s.issued(1));
  EXPECT_EQ(s.subscribe("a", "{}", 0), 1);
}

TEST(ChannelSessionTest, UnknownIdsAreNoOps) {
  Session s = open_with_one(0);
  s.unsubscribe(99, 1);
  s.unsubscribe(0, 1);
  EXPECT_FALSE(s.close_frame(99));
  EXPECT_FALSE(s.close_frame(0));
  EXPECT_FALSE(s.rpc_response(99));
  EXPECT_FALSE(s.rpc_response(1));  // a subscription's id is no RPC
  EXPECT_EQ(s.status(99), SubStatus::closed);
  EXPECT_FALSE(s.live(99));
  EXPECT_FALSE(s.issued(99));
  EXPECT_FALSE(s.issued(0));
  s.opened(5);  // not asked for: ignored
  Effects e = s.take_effects();
  EXPECT_TRUE(e.frames.empty());
  EXPECT_TRUE(e.changed.empty());
  EXPECT_EQ(s.status(1), SubStatus::open);
  // A NaN random cannot stall the reconnect.
  s.closed(1006, 10, NAN);
  EXPECT_EQ(s.take_effects().wake_at, 10);
}

TEST(ChannelSessionTest, ChangesAreListedOncePerTake) {
  Session s = open_with_one(0);
  s.closed(1006, 10, 0);
  s.tick(10, 0);
  s.opened(20);
  const Effects e = s.take_effects();
  EXPECT_EQ(e.changed, Ids{1});  // reconnecting, then open again: once
  EXPECT_EQ(s.status(1), SubStatus::open);
}

TEST(ChannelSessionTest, TimingFromJson) {
  Timing t;
  ASSERT_TRUE(
      mizan::channels::parse_timing(R"({"idleClose":0,"backoffBase":100,"backoffCap":1e3,)"
                                    R"("healthyAfter":1,"pingEvery":2,"pongWithin":3,"rpcTimeout":4.5,"x":"y"})",
                                    t)
          .ok());
  EXPECT_EQ(t.idle_close, 0);
  EXPECT_EQ(t.backoff_base, 100);
  EXPECT_EQ(t.backoff_cap, 1000);
  EXPECT_EQ(t.healthy_after, 1);
  EXPECT_EQ(t.ping_every, 2);
  EXPECT_EQ(t.pong_within, 3);
  EXPECT_EQ(t.rpc_timeout, 4.5);
  Timing d;
  EXPECT_TRUE(mizan::channels::parse_timing("{}", d).ok());
  EXPECT_EQ(d.idle_close, Timing().idle_close);
  for (const char* bad :
       {R"({"pingEvery":-1})", R"({"pingEvery":"5"})", R"({"pingEvery":null})", R"({"pingEvery":[1]})"}) {
    const mizan::Status s = mizan::channels::parse_timing(bad, d);
    EXPECT_EQ(s.code, Code::invalid_argument) << bad;
  }
  EXPECT_NE(mizan::channels::parse_timing(R"({"pingEvery":-1})", d).message.find("pingEvery"), std::string::npos);
  EXPECT_EQ(mizan::channels::parse_timing("{", d).code, Code::invalid_json);
  EXPECT_EQ(mizan::channels::parse_timing("[]", d).code, Code::invalid_json);  // not an object
  // The timing given is the one kept.
  Session s(t);
  s.subscribe("a", "{}", 0);
  s.take_effects();
  s.opened(0);
  EXPECT_EQ(s.take_effects().wake_at, 2);  // pingEvery
  s.closed(1006, 10, 1);
  EXPECT_EQ(s.take_effects().wake_at, 10 + 100);  // healthy after 1 ms: base
}

// Random scripts against a model of the runtime and the wire: whatever
// happens in whatever order, a socket gets frames only while open, each
// subscription is subscribed at most once per socket, an RPC is sent at
// most once and ends exactly once (answered or failed), and once nothing
// is used the socket closes and nothing stays scheduled.
TEST(ChannelSessionTest, RandomScriptsKeepTheBookkeepingStraight) {
  Timing timing;
  timing.idle_close = 50;
  timing.backoff_base = 10;
  timing.backoff_cap = 100;
  timing.healthy_after = 100;
  timing.ping_every = 40;
  timing.pong_within = 20;
  timing.rpc_timeout = 80;
  std::mt19937 rng(7);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const auto random = [&] { return static_cast<double>(rng() % 1000) / 1000; };
  const char* channels[] = {"a", "b", "c"};
  for (int run = 0; run < 300; ++run) {
    Session s(timing);
    enum { none, connecting, open } socket = none;  // the runtime's socket
    double now = 0;
    double wake = kNever;
    bool ping_asked = false;
    std::vector<std::uint32_t> held;  // one entry per reader
    std::set<std::uint32_t> pending, sent, on_socket;
    const auto take = [&] {
      const Effects e = s.take_effects();
      ASSERT_FALSE(std::isnan(e.wake_at));
      ASSERT_GE(e.wake_at, now);
      wake = e.wake_at;
      if (e.close) socket = none;  // closed by the runtime: no closed() follows
      if (e.close) ping_asked = false;
      if (e.close) on_socket.clear();
      if (e.open) {
        ASSERT_EQ(socket, none);
        socket = connecting;
      }
      ASSERT_TRUE(e.frames.empty() || socket == open);
      for (const auto& [id, why] : e.failed) ASSERT_EQ(pending.erase(id), 1u) << id;
      for (const std::string f : e.frames) {
        const std::uint32_t id = static_cast<std::uint32_t>(std::atoi(f.c_str() + f.find_first_of("0123456789")));
        if (f.rfind(R"({"kind":"rpc")", 0) == 0) {
          ASSERT_EQ(pending.count(id), 1u);
          ASSERT_TRUE(sent.insert(id).second) << "sent twice: " << f;
        } else if (f.rfind(R"({"kind":"subscribe")", 0) == 0) {
          ASSERT_TRUE(on_socket.insert(id).second) << "subscribed twice: " << f;
        } else if (f.rfind(R"({"kind":"unsubscribe")", 0) == 0) {
          ASSERT_EQ(on_socket.erase(id), 1u) << f;
        } else {
          ASSERT_EQ(f, R"({"kind":"ping"})");
          ping_asked = true;
        }
      }
      for (const std::uint32_t id : held)
        if (s.status(id) != SubStatus::closed)
          ASSERT_EQ(s.status(id) == SubStatus::open, on_socket.count(id) == 1) << id;
    };
    for (int step = 0; step < 200; ++step) {
      switch (pick(10)) {
        case 0:
        case 1: {
          const int id = s.subscribe(channels[pick(3)], pick(2) ? "{}" : R"({"x":1})", now);
          ASSERT_GT(id, 0);
          held.push_back(static_cast<std::uint32_t>(id));
          break;
        }
        case 2:
          if (held.empty()) break;
          {
            const std::size_t i = pick(held.size());
            s.unsubscribe(held[i], now);
            held.erase(held.begin() + static_cast<std::ptrdiff_t>(i));
          }
          break;
        case 3: pending.insert(s.rpc("f", "{}", now)); break;
        case 4:  // the server answers a call sent on this socket
          if (socket == open) {
            for (const std::uint32_t id : pending) {
              if (sent.count(id) == 0) continue;
              ASSERT_TRUE(s.rpc_response(id));
              pending.erase(id);
              break;
            }
          }
          break;
        case 5:
          if (socket == connecting) {
            socket = open;
            s.opened(now);
          }
          break;
        case 6:
          if (socket != none && pick(3) == 0) {
            socket = none;
            ping_asked = false;
            on_socket.clear();
            s.closed(pick(4) == 0 ? 4401 : 1006, now, random());
          }
          break;
        case 7:
          if (socket == open && !on_socket.empty() && pick(4) == 0) {
            const std::uint32_t id = *on_socket.begin();
            ASSERT_TRUE(s.close_frame(id));
            on_socket.erase(id);  // the server ended it: no unsubscribe for it
          }
          break;
        case 8:
          if (socket == open && ping_asked && pick(2) == 0) {
            ping_asked = false;
            s.pong(now);
          }
          break;
        default:  // time passes, up to the next deadline
          now = std::min(wake, now + static_cast<double>(pick(30)));
          if (now == wake) s.tick(now, random());
      }
      take();
      if (HasFatalFailure()) return;
    }
    // Everyone leaves and time runs out: the socket closes, nothing is due.
    for (const std::uint32_t id : held) s.unsubscribe(id, now);
    take();
    for (int i = 0; i < 100 && wake != kNever; ++i) {
      now = wake;
      s.tick(now, random());
      take();
      if (HasFatalFailure()) return;
    }
    EXPECT_EQ(wake, kNever);
    EXPECT_EQ(socket, none);
    EXPECT_TRUE(pending.empty());
  }
}

}  // namespace
