// The context store's lifecycle and races, driven deterministically: the
// test plays the transport (answers commands in any order) and the clock.
#include "kernel/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/query_string.h"
#include "kernel/small_sort.h"
#include "kernel/store_json.h"
#include "tests/kernel/str_print.h"

namespace mizan {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  EntryId mount(const char* name, const char* params = "{}") {
    EntryId id = 0;
    const Status s = store.mount(name, params, id);
    EXPECT_TRUE(s.ok()) << s.message;
    return id;
  }

  // Takes the pending commands; the test answers them.
  Vec<Command> commands() { return store.take_commands(); }

  std::uint32_t only_fetch(const char* path = nullptr) {
    const Vec<Command> c = commands();
    EXPECT_EQ(c.size(), 1u);
    if (c.empty()) return 0;
    EXPECT_EQ(c[0].kind, Command::Kind::fetch);
    if (path) EXPECT_EQ(c[0].text, path);
    return c[0].request;
  }

  std::string slot(EntryId id, const char* name) {
    const Slot* s = store.entry(id)->data.find(name);
    return s ? s->text : "<none>";
  }

  const Entry& at(EntryId id) { return *store.entry(id); }

  bool call(const char* body, const char* header, mizan::Str& out) {
    const std::uint32_t request = store.call("do_it", "{}");
    commands();
    CallOutcome outcome;
    store.on_call_response(request, 200, header, body, outcome);
    out.clear();
    write_call_outcome_json(outcome, out);
    return outcome.ok;
  }

  Store store;
};

TEST_F(StoreTest, FirstLoadGoesLoadingThenSuccess) {
  const EntryId id = mount("user", R"({"user_id":5})");
  EXPECT_EQ(at(id).status, EntryStatus::loading);
  EXPECT_TRUE(at(id).fetching);
  const std::uint32_t r = only_fetch("ctx/user/?user_id=5");
  EXPECT_EQ(store.take_changed(), Vec<EntryId>{id});
  store.on_fetch_response(r, 200, R"({"user_profile":{"name":"A"},"user_orders":[]})", 1000);
  EXPECT_EQ(at(id).status, EntryStatus::success);
  EXPECT_FALSE(at(id).fetching);
  EXPECT_EQ(at(id).updated_at, 1000);
  EXPECT_EQ(slot(id, "user_profile"), R"({"name":"A"})");
  EXPECT_EQ(store.take_changed(), Vec<EntryId>{id});
  EXPECT_EQ(store.requests_in_flight(), 0u);
}

TEST_F(StoreTest, SameKeySharesOneEntryAndOneFetch) {
  const EntryId a = mount("user", R"({"b":1,"a":2})");
  const EntryId b = mount("user", R"({"a":2,"b":1})");
  EXPECT_EQ(a, b);
  EXPECT_EQ(store.size(), 1u);
  only_fetch();
  EXPECT_EQ(at(a).mounts, 2u);
  EXPECT_EQ(store.unmount(a, 0), Store::kNever);  // still mounted once
  EXPECT_TRUE(commands().empty());
}

TEST_F(StoreTest, RefetchKeepsDataAndSuccessWhileFetching) {
  const EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 200, R"({"p":1})", 0);
  store.refetch(id);
  EXPECT_EQ(at(id).status, EntryStatus::success);
  EXPECT_TRUE(at(id).fetching);
  EXPECT_EQ(slot(id, "p"), "1");
}

TEST_F(StoreTest, FailedRefetchKeepsLastGoodData) {
  const EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 200, R"({"p":1})", 0);
  store.refetch(id);
  store.on_fetch_response(only_fetch(), 403, R"({"error":{"code":"FORBIDDEN","message":"no"}})", 0);
  EXPECT_TRUE(commands().empty()) << "4xx is not retried";
  EXPECT_EQ(at(id).status, EntryStatus::error);
  EXPECT_EQ(at(id).error->code, "FORBIDDEN");
  EXPECT_EQ(slot(id, "p"), "1");
}

TEST_F(StoreTest, ServerErrorsRetryTwiceWithBackoffThenFail) {
  const EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 502, "<html>bad gateway</html>", 0);
  Vec<Command> c = commands();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].delay_ms, 200);
  store.on_fetch_failure(c[0].request, "connection reset", 0);
  c = commands();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].delay_ms, 400);
  EXPECT_EQ(at(id).status, EntryStatus::loading);
  store.on_fetch_response(c[0].request, 500, "", 0);
  EXPECT_TRUE(commands().empty());
  EXPECT_EQ(at(id).status, EntryStatus::error);
  EXPECT_EQ(at(id).error->code, "HTTP_500");
  EXPECT_EQ(store.requests_in_flight(), 0u);
}

TEST_F(StoreTest, RetryRecovers) {
  const EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 503, "", 0);
  store.on_fetch_response(only_fetch(), 200, R"({"p":2})", 0);
  EXPECT_EQ(at(id).status, EntryStatus::success);
  EXPECT_EQ(at(id).error, nullptr);
}

TEST_F(StoreTest, NewestRequestWinsOutOfOrderResponses) {
  const EntryId id = mount("user");
  const std::uint32_t first = only_fetch();
  store.refetch(id);
  Vec<Command> c = commands();
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, Command::Kind::abort);
  EXPECT_EQ(c[0].request, first);
  const std::uint32_t second = c[1].request;
  store.on_fetch_response(second, 200, R"({"p":"new"})", 2);
  store.on_fetch_response(first, 200, R"({"p":"old"})", 3);  // late, superseded
  EXPECT_EQ(slot(id, "p"), R"("new")");
  EXPECT_EQ(at(id).updated_at, 2);
}

TEST_F(StoreTest, InvalidationsInOneTickRefetchEachEntryOnce) {
  const EntryId a = mount("user", R"({"user_id":5})");
  const EntryId b = mount("user", R"({"user_id":6})");
  const EntryId c = mount("notifications");
  for (const Command& cmd : commands()) store.on_fetch_response(cmd.request, 200, R"({"x":1})", 0);
  InvalidateTarget scoped = InvalidateTarget::broad("user");
  scoped.scoped = true;
  scoped.params = json::Value::make_object();
  scoped.params.members.push_back({"user_id", json::Value::make_string("5")});
  store.invalidate({InvalidateTarget::broad("user"), scoped});
  store.invalidate({scoped});
  EXPECT_TRUE(store.has_pending());
  EXPECT_TRUE(commands().empty()) << "nothing happens before the tick ends";
  store.flush();
  const Vec<Command> cmds = commands();
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0].text, "ctx/user/?user_id=5");
  EXPECT_EQ(cmds[1].text, "ctx/user/?user_id=6");
  EXPECT_TRUE(at(a).fetching && at(b).fetching);
  EXPECT_FALSE(at(c).fetching);
}

TEST_F(StoreTest, ScopedMatchingNormalisesAndIgnoresExtraMountedParams) {
  const EntryId five = mount("user", R"({"user_id":5,"tab":"orders"})");
  mount("user", R"({"user_id":6})");
  for (const Command& cmd : commands()) store.on_fetch_response(cmd.request, 200, "{}", 0);
  mizan::Str out;
  ASSERT_TRUE(call(R"({"result":null,"invalidate":[{"context":"user","params":{"user_id":"5"}}]})", "", out));
  store.flush();
  const Vec<Command> cmds = commands();
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].request, at(five).inflight);
}

TEST_F(StoreTest, InvalidationDuringFetchSupersedesIt) {
  const EntryId id = mount("user");
  const std::uint32_t old = only_fetch();
  store.invalidate({InvalidateTarget::broad("user")});
  store.flush();
  const Vec<Command> cmds = commands();
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0].kind, Command::Kind::abort);
  store.on_fetch_response(cmds[1].request, 200, R"({"p":"after"})", 0);
  store.on_fetch_response(old, 200, R"({"p":"before"})", 0);
  EXPECT_EQ(slot(id, "p"), R"("after")");
}

TEST_F(StoreTest, MergeDuringFetchIsNotLost) {
  const EntryId id = mount("board", R"({"board_id":1})");
  store.on_fetch_response(only_fetch(), 200, R"({"cards":[{"id":1,"t":"a"}],"info":{"n":"B"}})", 0);
  store.refetch(id);
  const std::uint32_t before_mutation = only_fetch();
  mizan::Str out;
  ASSERT_TRUE(call(
      R"({"result":{"id":2,"t":"b"},"merge":[{"context":"board","slot":"cards","value":{"id":2,"t":"b"}}]})", "", out));
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"a"},{"id":2,"t":"b"}])");
  const Vec<Command> cmds = commands();  // the overlapped fetch is replaced
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0].kind, Command::Kind::abort);
  EXPECT_EQ(cmds[0].request, before_mutation);
  store.on_fetch_response(before_mutation, 200, R"({"cards":[{"id":1,"t":"a"}],"info":{"n":"B"}})", 0);
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"a"},{"id":2,"t":"b"}])") << "the pre-mutation response was dropped";
}

TEST_F(StoreTest, MergesIntoTheServersOwnTextStayValidJson) {
  const EntryId id = mount("board");
  store.on_fetch_response(only_fetch(), 200, "{ \"cards\" : [ {\"id\": 1, \"t\": \"a\"} ,\n {\"id\": 2} ] }", 0);
  EXPECT_EQ(slot(id, "cards"), "[ {\"id\": 1, \"t\": \"a\"} ,\n {\"id\": 2} ]") << "kept as sent";
  mizan::Str out;
  ASSERT_TRUE(call(R"({"result":1,"merge":[{"context":"board","slot":"cards","value":{"id":1,"t":"z"}},
                                          {"context":"board","slot":"cards","value":{"id":3}}]})",
                   "", out));
  json::Value cards;
  ASSERT_TRUE(json::parse(slot(id, "cards"), cards).ok()) << slot(id, "cards");
  mizan::Str canonical;
  json::write_canonical(cards, canonical);
  EXPECT_EQ(canonical, R"([{"id":1,"t":"z"},{"id":2},{"id":3}])");
}

TEST_F(StoreTest, SnapshotsCarryAnUpsertAsOneElement) {
  const EntryId id = mount("board");
  mizan::Str loading;
  write_entry_json(at(id), 0, loading);
  EXPECT_NE(loading.find(R"("data":null,"kept":[],"patches":[])"), std::string::npos) << loading;
  store.on_fetch_response(only_fetch(), 200, R"({"cards":[{"id":1},{"id":2}],"info":{}})", 0);
  mizan::Str before;
  write_entry_json(at(id), 0, before);
  EXPECT_NE(before.find(R"("data":{"cards":[{"id":1},{"id":2}],"info":{}},"kept":[],"patches":[])"), std::string::npos)
      << before;
  const std::uint32_t seen = at(id).version;
  mizan::Str same;
  write_entry_json(at(id), seen, same);
  EXPECT_NE(same.find(R"("data":{"cards":0,"info":0},"kept":["cards","info"],"patches":[])"), std::string::npos)
      << same;
  mizan::Str out;
  ASSERT_TRUE(call(R"({"result":1,"merge":[{"context":"board","slot":"cards","value":{"id":2,"x":true}}]})", "", out));
  mizan::Str patch;
  write_entry_json(at(id), seen, patch);
  EXPECT_NE(patch.find(R"("data":{"cards":0,"info":0},"kept":["info"],"patches":[["cards",1,{"id":2,"x":true}]])"),
            std::string::npos)
      << patch;
  EXPECT_EQ(patch.find(R"({"id":1})"), std::string::npos) << "untouched elements are not resent";
  mizan::Str full;
  write_entry_json(at(id), 0, full);  // a reader that never saw the list gets all of it
  EXPECT_NE(full.find(R"("data":{"cards":[{"id":1},{"id":2,"x":true}],"info":{}},"kept":[],"patches":[])"),
            std::string::npos)
      << full;
  json::Value parsed;
  for (const mizan::Str* text : {&loading, &before, &same, &patch, &full})
    EXPECT_TRUE(json::parse(*text, parsed).ok()) << *text;
}

TEST_F(StoreTest, MergeKeepsUntouchedSlotVersions) {
  const EntryId id = mount("board");
  store.on_fetch_response(only_fetch(), 200, R"({"cards":[{"id":1,"t":"a"}],"info":{"n":"B"}})", 0);
  const std::uint32_t info_version = at(id).data.find("info")->version;
  const std::uint32_t cards_version = at(id).data.find("cards")->version;
  mizan::Str out;
  ASSERT_TRUE(call(R"({"result":1,"merge":[{"context":"board","slot":"cards","value":{"id":1,"t":"z"}}]})", "", out));
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"z"}])");
  EXPECT_NE(at(id).data.find("cards")->version, cards_version);
  EXPECT_EQ(at(id).data.find("info")->version, info_version);
  EXPECT_TRUE(commands().empty()) << "a merge needs no refetch";
}

TEST_F(StoreTest, MergeIntoUnknownSlotOrUnmountedContextIsHarmless) {
  const EntryId id = mount("board");
  store.on_fetch_response(only_fetch(), 200, R"({"cards":[]})", 0);
  const std::uint32_t version = at(id).version;
  mizan::Str out;
  ASSERT_TRUE(call(
      R"({"result":1,"merge":[{"context":"board","slot":"nope","value":1},{"context":"other","slot":"x","value":1}]})",
      "", out));
  EXPECT_NE(out.find("no such slot"), std::string::npos) << out;
  EXPECT_EQ(at(id).version, version);
}

TEST_F(StoreTest, UnmountDuringFetchAbortsAndDropsTheResponse) {
  const EntryId id = mount("user");
  const std::uint32_t r = only_fetch();
  EXPECT_EQ(store.unmount(id, 100), 100 + 300000);
  const Vec<Command> cmds = commands();
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].kind, Command::Kind::abort);
  EXPECT_EQ(store.requests_in_flight(), 0u);
  store.on_fetch_response(r, 200, R"({"p":1})", 0);
  EXPECT_FALSE(at(id).has_data);
  EXPECT_EQ(at(id).status, EntryStatus::idle);
}

TEST_F(StoreTest, RepeatedMountUnmountLeavesNothingBehind) {
  for (int k = 0; k < 1000; ++k) {
    const EntryId id = mount("user", R"({"user_id":1})");
    store.unmount(id, k);
  }
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.requests_in_flight(), 0u);
  std::size_t fetches = 0, aborts = 0;
  for (const Command& c : commands()) (c.kind == Command::Kind::fetch ? fetches : aborts)++;
  EXPECT_EQ(fetches, 1000u);  // never loaded, so each mount asks again...
  EXPECT_EQ(aborts, 1000u);   // ...and each unmount cancels it
  EXPECT_EQ(store.collect_garbage(999 + 300000), Store::kNever);
  EXPECT_EQ(store.size(), 0u);
}

TEST_F(StoreTest, FreshDataIsReusedOnRemountUntilInvalidated) {
  EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 200, R"({"p":1})", 0);
  store.unmount(id, 10);
  id = mount("user");
  EXPECT_TRUE(commands().empty());
  store.unmount(id, 20);
  store.invalidate({InvalidateTarget::broad("user")});
  store.flush();
  EXPECT_TRUE(commands().empty()) << "unmounted: marked stale, not fetched";
  EXPECT_TRUE(at(id).stale);
  id = mount("user");
  only_fetch();
}

TEST_F(StoreTest, RemountAfterAnErrorTriesAgain) {
  EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 404, "", 0);
  EXPECT_EQ(at(id).status, EntryStatus::error);
  store.unmount(id, 0);
  id = mount("user");
  only_fetch();
  EXPECT_EQ(at(id).status, EntryStatus::loading);
}

TEST_F(StoreTest, GarbageCollectionWaitsForGcTime) {
  const EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 200, R"({"p":1})", 0);
  const double due = store.unmount(id, 1000);
  EXPECT_EQ(store.collect_garbage(due - 1), due);
  EXPECT_EQ(store.size(), 1u);
  store.take_changed();
  EXPECT_EQ(store.collect_garbage(due), Store::kNever);
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(store.entry(id), nullptr);
  EXPECT_EQ(store.take_changed(), Vec<EntryId>{id}) << "evictions are reported";
}

TEST_F(StoreTest, GarbageCollectionCountsFromTheLastUnmount) {
  EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 200, R"({"p":1})", 0);
  store.unmount(id, 0);
  id = mount("user");      // back before its deadline
  store.unmount(id, 100);  // and gone again: the clock restarts
  EXPECT_EQ(store.collect_garbage(300000), 300100);
  EXPECT_EQ(store.size(), 1u);
  const EntryId other = mount("other");
  EXPECT_EQ(store.collect_garbage(300100), Store::kNever) << "mounted entries are not deadlines";
  EXPECT_EQ(store.size(), 1u);
  EXPECT_NE(store.entry(other), nullptr);
}

TEST_F(StoreTest, CallThatInvalidatesAMidFetchContextRefetchesOnce) {
  const EntryId id = mount("user", R"({"user_id":5})");
  const std::uint32_t old = only_fetch();
  mizan::Str out;
  ASSERT_TRUE(call(R"({"result":1,"invalidate":["user",{"context":"user","params":{"user_id":5}}]})",
                   "user;user_id=5, user", out));
  EXPECT_EQ(out, R"({"result":1,"problems":[]})");
  store.flush();
  const Vec<Command> cmds = commands();
  ASSERT_EQ(cmds.size(), 2u);  // abort the old fetch, one new fetch
  EXPECT_EQ(cmds[0].request, old);
  store.on_fetch_response(old, 200, R"({"p":"old"})", 0);
  EXPECT_FALSE(at(id).has_data);
  store.on_fetch_response(cmds[1].request, 200, R"({"p":"new"})", 0);
  EXPECT_EQ(slot(id, "p"), R"("new")");
}

TEST_F(StoreTest, FunctionTargetsResolveToContextsHoldingTheSlot) {
  const EntryId user = mount("user");
  const EntryId board = mount("board");
  for (const Command& c : commands())
    store.on_fetch_response(c.request, 200, c.text == "ctx/user/" ? R"({"user_profile":1})" : R"({"cards":[]})", 0);
  InvalidateTarget fn;
  fn.kind = InvalidateTarget::Kind::function;
  fn.name = "user_profile";
  store.invalidate({fn});
  store.flush();
  Vec<Command> cmds = commands();
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].request, at(user).inflight);
  EXPECT_FALSE(at(board).fetching);
  fn.name = "unknown_function";
  store.invalidate({fn});
  store.flush();
  EXPECT_TRUE(commands().empty()) << "unknown function: nothing, never everything";
}

TEST_F(StoreTest, BadResponsesNeverCorruptOtherEntries) {
  const EntryId good = mount("good");
  const EntryId bad = mount("bad");
  Vec<Command> cmds = commands();
  store.on_fetch_response(cmds[0].request, 200, R"({"p":1})", 0);
  store.on_fetch_response(cmds[1].request, 200, "<html>login</html>", 0);
  EXPECT_EQ(at(bad).status, EntryStatus::error);
  EXPECT_EQ(at(bad).error->code, "INVALID_RESPONSE");
  EXPECT_EQ(at(good).status, EntryStatus::success);
  mizan::Str out;
  EXPECT_FALSE(call("<html>500</html>", "garbage;;=, ok", out));
  EXPECT_NE(out.find("INVALID_RESPONSE"), std::string::npos) << out;
  EXPECT_EQ(slot(good, "p"), "1");
  store.flush();  // the header's good item still applies
  EXPECT_TRUE(commands().empty()) << "no context named ok or garbage is mounted";
}

TEST_F(StoreTest, ScopedMatchScalesWithMatches) {
  for (int n = 0; n < 100; ++n)
    for (int k = 0; k < 100; ++k) {
      const std::string params = R"({"org":)" + std::to_string(k % 10) + R"(,"id":)" + std::to_string(k) + "}";
      mount(("ctx" + std::to_string(n)).c_str(), params.c_str());
    }
  commands();
  InvalidateTarget t = InvalidateTarget::broad("ctx42");
  t.scoped = true;
  t.params = json::Value::make_object();
  t.params.members.push_back({"org", json::Value::make_string("3")});
  store.invalidate({t});
  store.flush();
  std::size_t fetches = 0;
  for (const Command& c : commands()) fetches += c.kind == Command::Kind::fetch;
  EXPECT_EQ(fetches, 10u);
  EXPECT_EQ(store.size(), 10000u);
}

TEST_F(StoreTest, RefusesBadParams) {
  EntryId id = 0;
  EXPECT_EQ(store.mount("user", "[1]", id).code, Code::invalid_params);
  EXPECT_EQ(store.mount("user", "{", id).code, Code::invalid_json);
  EXPECT_EQ(store.mount("", "{}", id).code, Code::invalid_argument);
  EXPECT_EQ(store.size(), 0u);
}

// --- SSR: lookup, hydrate, dehydrate

TEST_F(StoreTest, LookupFindsByCanonicalParamsAndMountsNothing) {
  EntryId found = 99;
  ASSERT_TRUE(store.lookup("board", R"({"board_id":1})", found).ok());
  EXPECT_EQ(found, 0u);
  const EntryId id = mount("board", R"({"board_id":1,"x":[1,2]})");
  commands();
  ASSERT_TRUE(store.lookup("board", R"({"x":[1,2],"board_id":1})", found).ok());
  EXPECT_EQ(found, id);
  EXPECT_EQ(at(id).mounts, 1u);
  EXPECT_TRUE(commands().empty());
  EXPECT_EQ(store.lookup("board", "[1]", found).code, Code::invalid_params);
  EXPECT_EQ(store.lookup("", "{}", found).code, Code::invalid_argument);
}

TEST_F(StoreTest, HydratedEntryMountsWithDataAndNoFetch) {
  bool applied = false;
  ASSERT_TRUE(
      store.hydrate("board", R"({"board_id":1})", R"({"cards":[{"id":1}],"info":{"n":"A"}})", 500, 1000, applied).ok());
  EXPECT_TRUE(applied);
  EXPECT_TRUE(commands().empty());
  const EntryId id = mount("board", R"({"board_id":1})");
  EXPECT_TRUE(commands().empty());  // the first fetch is skipped
  EXPECT_EQ(at(id).status, EntryStatus::success);
  EXPECT_FALSE(at(id).fetching);
  EXPECT_EQ(at(id).updated_at, 500);
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1}])");
  // Hydrated slots are known to function-level invalidation like fetched ones.
  Vec<InvalidateTarget> targets;
  ASSERT_TRUE(read_targets(R"([{"function":"cards"}])", targets).ok());
  store.invalidate(std::move(targets));
  store.flush();
  only_fetch("ctx/board/?board_id=1");
}

TEST_F(StoreTest, HydrationNeverOverwritesNewerData) {
  const EntryId id = mount("board", R"({"board_id":1})");
  store.on_fetch_response(only_fetch(), 200, R"({"cards":["new"]})", 2000);
  bool applied = true;
  ASSERT_TRUE(store.hydrate("board", R"({"board_id":1})", R"({"cards":["old"]})", 1500, 2100, applied).ok());
  EXPECT_FALSE(applied);
  EXPECT_EQ(slot(id, "cards"), R"(["new"])");
  ASSERT_TRUE(store.hydrate("board", R"({"board_id":1})", R"({"cards":["newer"]})", 3000, 3100, applied).ok());
  EXPECT_TRUE(applied);
  EXPECT_EQ(slot(id, "cards"), R"(["newer"])");
}

TEST_F(StoreTest, HydrationDuringAFetchKeepsTheFetchWhoseAnswerIsNewer) {
  const EntryId id = mount("board", R"({"board_id":1})");
  const std::uint32_t r = only_fetch();
  bool applied = false;
  ASSERT_TRUE(store.hydrate("board", R"({"board_id":1})", R"({"cards":["ssr"]})", 100, 200, applied).ok());
  EXPECT_TRUE(applied);
  EXPECT_EQ(at(id).status, EntryStatus::success);
  EXPECT_TRUE(at(id).fetching);
  store.on_fetch_response(r, 200, R"({"cards":["live"]})", 300);
  EXPECT_EQ(slot(id, "cards"), R"(["live"])");
}

TEST_F(StoreTest, CheckOnlyHydrationValidatesAndChangesNothing) {
  bool applied = true;
  ASSERT_TRUE(store.hydrate("board", "{}", R"({"a":1})", 1, 1, applied, /*check_only=*/true).ok());
  EXPECT_FALSE(applied);
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(store.hydrate("board", "{}", "[1]", 1, 1, applied, /*check_only=*/true).code, Code::invalid_json);
  EXPECT_EQ(store.size(), 0u);
}

TEST_F(StoreTest, BadHydrationChangesNothing) {
  bool applied = true;
  EXPECT_EQ(store.hydrate("board", "{}", "[1,2]", 1, 1, applied).code, Code::invalid_json);
  EXPECT_EQ(store.hydrate("board", "{}", R"({"a":)", 1, 1, applied).code, Code::invalid_json);
  EXPECT_EQ(store.hydrate("board", "7", "{}", 1, 1, applied).code, Code::invalid_params);
  EXPECT_FALSE(applied);
  EXPECT_EQ(store.size(), 0u);
}

TEST_F(StoreTest, UnmountedHydratedEntriesAreEvictedAfterGcTime) {
  bool applied = false;
  ASSERT_TRUE(store.hydrate("board", "{}", R"({"a":1})", 1, 1000, applied).ok());
  EXPECT_EQ(store.collect_garbage(1000), 1000 + StoreConfig().gc_time_ms);
  EXPECT_EQ(store.size(), 1u);
  store.collect_garbage(1000 + StoreConfig().gc_time_ms);
  EXPECT_EQ(store.size(), 0u);
}

TEST_F(StoreTest, DehydrateListsLoadedEntriesWithMergedSlotsAndRoundTrips) {
  const EntryId a = mount("board", R"({"board_id":1})");
  store.on_fetch_response(only_fetch(), 200, R"({"cards":[{"id":1,"t":"x"}],"info":{"n":"<\/script>"}})", 10);
  mount("board", R"({"board_id":2})");
  commands();  // still loading: not dehydrated
  const EntryId c = mount("user");
  store.on_fetch_response(only_fetch(), 500, "{}", 11);
  store.on_fetch_response(only_fetch(), 500, "{}", 12);
  store.on_fetch_response(only_fetch(), 500, "{}", 13);
  EXPECT_EQ(at(c).status, EntryStatus::error);
  mizan::Str out;
  ASSERT_TRUE(call(R"({"result":1,"merge":[{"context":"board","slot":"cards","value":{"id":2,"t":"y"}}]})", "", out));
  mizan::Str dehydrated;
  write_dehydrated_json(store, dehydrated);
  EXPECT_EQ(
      dehydrated,
      R"({"mizan":1,"contexts":[{"context":"board","params":{"board_id":1},"data":{"cards":[{"id":1,"t":"x"},{"id":2,"t":"y"}],"info":{"n":"<\/script>"}},"updatedAt":10}]})");
  (void)a;

  // What one store dehydrates, another hydrates to the same slots.
  json::Value state;
  ASSERT_TRUE(json::parse(dehydrated, state).ok());
  Store other;
  for (const json::Value& ctx : state.find("contexts")->items) {
    mizan::Str params;
    mizan::Str data;
    json::write(*ctx.find("params"), params);
    json::write(*ctx.find("data"), data);
    bool applied = false;
    ASSERT_TRUE(other.hydrate(ctx.find("context")->text, params, data, 10, 20, applied).ok());
  }
  EntryId id = 0;
  ASSERT_TRUE(other.lookup("board", R"({"board_id":1})", id).ok());
  ASSERT_NE(id, 0u);
  EXPECT_EQ(other.entry(id)->data.find("cards")->text, R"([{"id":1,"t":"x"},{"id":2,"t":"y"}])");
}

TEST(StoreConfigTest, NullGcTimeNeverEvicts) {
  StoreConfig config;
  ASSERT_TRUE(parse_store_config(R"({"gcTime":null})", config).ok());
  EXPECT_EQ(config.gc_time_ms, Store::kNever);
  Store store(config);
  EntryId id = 0;
  ASSERT_TRUE(store.mount("user", "{}", id).ok());
  EXPECT_EQ(store.unmount(id, 5), Store::kNever);
  EXPECT_EQ(store.collect_garbage(1e300), Store::kNever);
  EXPECT_EQ(store.size(), 1u);
}

TEST(StoreConfigTest, ReadsEveryOptionAndSaysWhichIsWrong) {
  StoreConfig config;
  ASSERT_TRUE(
      parse_store_config(
          R"({"gcTime":5,"callBodyKey":"name","retryDelays":[1,2.5],"idField":"uuid","idFields":{"board.cards":"slug"},"other":1})",
          config)
          .ok());
  EXPECT_EQ(config.gc_time_ms, 5);
  EXPECT_EQ(config.call_body_key, "name");
  EXPECT_EQ(config.retry_delays_ms, (Vec<double>{1, 2.5}));
  EXPECT_EQ(config.default_id_field, "uuid");
  ASSERT_EQ(config.id_fields.size(), 1u);
  EXPECT_EQ(config.id_fields[0].first, "board.cards");
  EXPECT_EQ(config.id_fields[0].second, "slug");
  const std::pair<const char*, const char*> refused[] = {
      {"[]", "options must be an object"},
      {R"({"gcTime":-1})", "options.gcTime must be a number of ms >= 0"},
      {R"({"gcTime":"5"})", "options.gcTime must be a number of ms >= 0"},
      {R"({"callBodyKey":""})", "options.callBodyKey must be a non-empty string"},
      {R"({"retryDelays":5})", "options.retryDelays must be an array of ms"},
      {R"({"retryDelays":[1,-1]})", "options.retryDelays must be an array of ms"},
      {R"({"idField":7})", "options.idField must be a non-empty string"},
      {R"({"idFields":[]})", R"(options.idFields must map "context.slot" or "slot" to a field name)"},
      {R"({"idFields":{"cards":""}})", R"(options.idFields must map "context.slot" or "slot" to a field name)"},
  };
  for (const auto& [text, message] : refused) {
    StoreConfig fresh;
    const Status s = parse_store_config(text, fresh);
    EXPECT_EQ(s.code, Code::invalid_argument) << text;
    EXPECT_EQ(s.message, message) << text;
  }
}

// --- Identity change: purge

TEST_F(StoreTest, PurgeDropsTheOldIdentitysDataAndRefetchesWhatIsMounted) {
  const EntryId mounted = mount("user", R"({"user_id":1})");
  store.on_fetch_response(only_fetch(), 200, R"({"profile":{"name":"Alice"}})", 10);
  const EntryId cached = mount("orders");
  store.on_fetch_response(only_fetch(), 200, R"({"list":[1,2]})", 11);
  store.unmount(cached, 12);
  store.take_changed();

  store.purge();
  EXPECT_EQ(store.entry(cached), nullptr);  // evicted
  EXPECT_FALSE(at(mounted).has_data);
  EXPECT_TRUE(at(mounted).data.empty());
  EXPECT_EQ(at(mounted).status, EntryStatus::loading);
  const std::uint32_t refetch = only_fetch("ctx/user/?user_id=1");
  Vec<EntryId> changed = store.take_changed();
  small_sort(changed, [](EntryId a, EntryId b) { return a < b; });
  EXPECT_EQ(changed, (Vec<EntryId>{mounted, cached}));

  store.on_fetch_response(refetch, 200, R"({"profile":{"name":"Bob"}})", 20);
  EXPECT_EQ(slot(mounted, "profile"), R"({"name":"Bob"})");
}

TEST_F(StoreTest, AResponseForTheOldIdentityArrivingAfterPurgeIsDropped) {
  const EntryId id = mount("user");
  const std::uint32_t alice = only_fetch();
  store.purge();
  const Vec<Command> c = commands();
  ASSERT_EQ(c.size(), 2u);  // abort Alice's request, fetch again
  EXPECT_EQ(c[0].kind, Command::Kind::abort);
  EXPECT_EQ(c[0].request, alice);
  EXPECT_EQ(c[1].kind, Command::Kind::fetch);
  store.on_fetch_response(alice, 200, R"({"profile":"Alice"})", 5);  // late
  EXPECT_FALSE(at(id).has_data);
  EXPECT_EQ(at(id).status, EntryStatus::loading);
  store.on_fetch_response(c[1].request, 200, R"({"profile":"Bob"})", 6);
  EXPECT_EQ(slot(id, "profile"), R"("Bob")");
}

TEST_F(StoreTest, PurgeDropsQueuedInvalidationsAndLearntSlots) {
  const EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 200, R"({"profile":1})", 1);
  Vec<InvalidateTarget> targets;
  ASSERT_TRUE(read_targets(R"(["user"])", targets).ok());
  store.invalidate(std::move(targets));
  store.purge();
  EXPECT_FALSE(store.has_pending());
  const std::uint32_t refetch = only_fetch();
  store.flush();
  EXPECT_TRUE(commands().empty());
  // The function-level target knew `profile` from Alice's bundle; after the
  // purge nothing is known until Bob's bundle arrives.
  ASSERT_TRUE(read_targets(R"([{"function":"profile"}])", targets).ok());
  store.invalidate(std::move(targets));
  store.flush();
  EXPECT_TRUE(commands().empty());
  store.on_fetch_response(refetch, 200, R"({"profile":2})", 2);
  EXPECT_EQ(slot(id, "profile"), "2");
}

TEST_F(StoreTest, AFetchIdGivenAsACallIdDoesNotDropTheFetch) {
  const EntryId id = mount("user");
  const std::uint32_t r = only_fetch();
  store.on_call_failure(r);
  CallOutcome ignored;
  store.on_call_response(r, 200, "", R"({"result":1})", ignored);
  store.on_fetch_response(r, 200, R"({"a":1})", 5);
  EXPECT_EQ(at(id).status, EntryStatus::success);
  EXPECT_EQ(store.requests_in_flight(), 0u);
}

// --- The lean entry: one key string, the key table, the index's slots

TEST_F(StoreTest, AnEntryHoldsItsNameAndParamsOnceInItsKey) {
  const EntryId id = mount("us\0er", R"({"b":[2,{"y":1,"x":1.0}],"a":"5"})");
  EXPECT_EQ(at(id).name(), "us");  // a C string: the name ends at its '\0'
  EXPECT_EQ(at(id).params_key(), R"({"a":"5","b":[2,{"x":1,"y":1}]})");
  // The URL is made from the canonical params when the fetch starts: the
  // same as from the params as given (sorted keys, JS number spelling).
  EXPECT_EQ(only_fetch(), at(id).inflight);
  store.refetch(id);
  const Vec<Command> cmds = commands();
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[1].text, R"(ctx/us/?a=5&b=%5B2%2C%7B%22x%22%3A1%2C%22y%22%3A1%7D%5D)");

  const std::string name("a\0b", 3);  // a name holding '\0' itself
  EntryId odd = 0;
  ASSERT_TRUE(store.mount(name, R"({"k":1})", odd).ok());
  EXPECT_EQ(at(odd).name(), name);
  EXPECT_EQ(at(odd).params_key(), R"({"k":1})");
  EntryId found = 0;
  ASSERT_TRUE(store.lookup(name, R"({"k":1})", found).ok());
  EXPECT_EQ(found, odd);
  ASSERT_TRUE(store.lookup("a", R"({"k":1})", found).ok());
  EXPECT_EQ(found, 0u);
}

TEST_F(StoreTest, TheFetchUrlMadeFromTheKeyIsContextPath) {
  // The URL is made from the canonical params when a fetch starts; it must
  // be what context_path() makes of the params as given.
  static const char* const params[] = {
      "{}",
      R"({"b":1,"a":"x"})",
      R"({"n":1.0,"m":-0,"big":1e21,"small":0.0000001,"f":2.50})",
      R"({"t":true,"f":false,"z":null})",
      R"({"s":"a b&c=d/é\u00e9\ud83d\ude00","q":"\"\\\n","u":"\u0000"})",
      R"({"nested":{"y":[1,2.0,{"b":"\u00e9","a":null}],"x":{}},"list":[]})",
      R"({"é":1,"Z":2,"a":3,"\u0000":4,"%":"%"})",
      R"({"lone":"\ud800","pair":"\ud83d\ude00"})",
  };
  for (const char* p : params) {
    const EntryId id = mount("ctx é/1", p);
    json::Value given;
    ASSERT_TRUE(json::parse(p, given).ok()) << p;
    EXPECT_EQ(only_fetch(), at(id).inflight);
    store.refetch(id);
    const Vec<Command> cmds = commands();
    ASSERT_EQ(cmds.size(), 2u);
    EXPECT_EQ(cmds[1].text, context_path("ctx é/1", given)) << p;
  }
}

TEST_F(StoreTest, TheKeyTableFindsEveryEntryThroughChurn) {
  // Enough keys to grow the table many times and collide; evictions in
  // random order exercise the backward-shift deletion.
  constexpr int kCount = 3000;
  std::vector<EntryId> ids(kCount);
  const auto params = [](int k) {
    return R"({"id":)" + std::to_string(k % 1000) + R"(,"s":")" + std::to_string(k / 1000) + "\"}";
  };
  for (int k = 0; k < kCount; ++k) ids[k] = mount(("c" + std::to_string(k % 7)).c_str(), params(k).c_str());
  commands();
  std::mt19937 rng(5);
  std::vector<int> order(kCount);
  for (int k = 0; k < kCount; ++k) order[k] = k;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<bool> gone(kCount, false);
  double now = 0;
  for (int n = 0; n < kCount * 2 / 3; ++n) {
    const int k = order[n];
    store.unmount(ids[k], now);
    gone[k] = true;
    now += 1;
    if (n % 100 == 99) store.collect_garbage(now + StoreConfig().gc_time_ms);
  }
  store.collect_garbage(now + StoreConfig().gc_time_ms);
  EXPECT_EQ(store.size(), static_cast<std::size_t>(kCount - kCount * 2 / 3));
  for (int k = 0; k < kCount; ++k) {
    EntryId found = 0;
    ASSERT_TRUE(store.lookup(("c" + std::to_string(k % 7)).c_str(), params(k), found).ok());
    ASSERT_EQ(found, gone[k] ? 0u : ids[k]) << "key " << k;
  }
  // Mounting an evicted key again makes a new entry; a held one is shared.
  for (int k = 0; k < kCount; ++k) {
    const EntryId again = mount(("c" + std::to_string(k % 7)).c_str(), params(k).c_str());
    ASSERT_EQ(again == ids[k], !gone[k]) << "key " << k;
  }
  EXPECT_EQ(store.size(), static_cast<std::size_t>(kCount));
}

TEST_F(StoreTest, ScopedMatchesStayRightAsEntriesComeAndGo) {
  // Each (param, value) pair held by one entry, by a few, or by many; some
  // entries go, which moves others in their name's list of instances.
  std::vector<EntryId> ids;
  for (int k = 0; k < 60; ++k) {
    const std::string params =
        R"({"a":)" + std::to_string(k % 3) + R"(,"b":)" + std::to_string(k % 4) + R"(,"u":)" + std::to_string(k) + "}";
    ids.push_back(mount("m", params.c_str()));
  }
  for (const Command& c : commands()) store.on_fetch_response(c.request, 200, "{}", 0);
  std::vector<bool> gone(ids.size(), false);
  for (std::size_t k = 0; k < ids.size(); k += 5) {
    store.unmount(ids[k], 0);
    gone[k] = true;
  }
  store.collect_garbage(StoreConfig().gc_time_ms);
  const auto invalidated = [&](const char* params) {
    std::string body = R"({"result":null,"invalidate":[{"context":"m","params":)";
    body += params;
    body += "}]}";
    mizan::Str out;
    EXPECT_TRUE(call(body.c_str(), "", out));
    store.flush();
    std::vector<std::size_t> which;
    for (const Command& c : commands()) {
      if (c.kind != Command::Kind::fetch) continue;
      for (std::size_t k = 0; k < ids.size(); ++k)
        if (!gone[k] && at(ids[k]).inflight == c.request) which.push_back(k);
      store.on_fetch_response(c.request, 200, "{}", 0);
    }
    return which;
  };
  const auto expected = [&](auto keep) {
    std::vector<std::size_t> which;
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (!gone[k] && keep(static_cast<int>(k))) which.push_back(k);
    return which;
  };
  EXPECT_EQ(invalidated(R"({"a":1})"), expected([](int k) { return k % 3 == 1; }));
  EXPECT_EQ(invalidated(R"({"a":"2","b":3})"), expected([](int k) { return k % 3 == 2 && k % 4 == 3; }));
  EXPECT_EQ(invalidated(R"({"b":1,"u":13})"), expected([](int k) { return k == 13; }));
  EXPECT_EQ(invalidated(R"({"b":2,"u":13})"), expected([](int) { return false; }));
  EXPECT_EQ(invalidated(R"({"u":15})"), expected([](int) { return false; })) << "evicted";
  EXPECT_EQ(invalidated("{}"), expected([](int) { return true; }));
}

TEST_F(StoreTest, AnErrorIsHeldOnlyWhileItStands) {
  const EntryId id = mount("user");
  store.on_fetch_response(only_fetch(), 404, R"({"error":{"code":"GONE","message":"no"}})", 0);
  ASSERT_NE(at(id).error, nullptr);
  EXPECT_EQ(at(id).error->code, "GONE");
  store.refetch(id);
  store.on_fetch_response(only_fetch(), 200, R"({"a":1})", 1);
  EXPECT_EQ(at(id).error, nullptr);
  mizan::Str described;
  write_entry_json(at(id), 0, described);
  EXPECT_NE(described.find(R"("error":null)"), std::string::npos) << described;
}

TEST_F(StoreTest, DropEvictsOneUnmountedEntryNowAndNeverAMountedOne) {
  const EntryId kept = mount("user", R"({"user_id":1})");
  const EntryId dropped = mount("user", R"({"user_id":2})");
  for (const Command& c : commands()) store.on_fetch_response(c.request, 200, R"({"p":1})", 0);
  store.take_changed();
  EXPECT_FALSE(store.drop(kept));  // mounted: it stays
  store.unmount(dropped, 10);
  EXPECT_TRUE(store.drop(dropped));
  EXPECT_EQ(store.entry(dropped), nullptr);
  EXPECT_NE(store.entry(kept), nullptr);
  EXPECT_EQ(store.take_changed(), Vec<EntryId>{dropped});  // JS learns of it as of an eviction
  EXPECT_FALSE(store.drop(dropped));                       // gone already
  EXPECT_FALSE(store.drop(9999));
  // Its place in the eviction queue is skipped, and a new mount loads anew.
  EXPECT_EQ(store.collect_garbage(10 + 300000), Store::kNever);
  const EntryId again = mount("user", R"({"user_id":2})");
  EXPECT_NE(again, dropped);
  EXPECT_NE(only_fetch("ctx/user/?user_id=2"), 0u);
}

}  // namespace
}  // namespace mizan
