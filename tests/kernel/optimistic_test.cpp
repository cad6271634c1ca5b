// Optimistic layers (kernel/optimistic_layers.h) in the store, under every
// interleaving the brief of the feature names: overlapping calls that settle
// in any order, server data arriving under layers (refetches, merges,
// setData), purges, eviction, and function layers computed again over what
// lies under them. The test plays JS: it runs the "functions" that awaiting
// layers ask for, as js/kernel.js does before notifying readers.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/store.h"
#include "kernel/store_json.h"
#include "tests/kernel/abi_io.h"
#include "tests/kernel/str_print.h"
#include "wasm/exports.h"

namespace mizan {
namespace {

// A function update as the test writes it: the slot's text in, the new
// value's text out ("" : the function failed).
using Update = std::function<std::string(const std::string&)>;

class OptimisticTest : public ::testing::Test {
 protected:
  EntryId load(const char* name, const char* params, const char* bundle, double now = 0) {
    EntryId id = 0;
    EXPECT_TRUE(store.mount(name, params, id).ok());
    answer_fetch(bundle, now);
    return id;
  }

  void answer_fetch(const char* bundle, double now = 0) {
    for (const Command& c : store.take_commands())
      if (c.kind == Command::Kind::fetch) store.on_fetch_response(c.request, 200, bundle, now);
  }

  // A call with `targets` (the JSON js/validate.js writes); its update
  // functions are `updates` (numbered from 1). Evaluates what awaits.
  std::uint32_t call(const std::string& targets, std::vector<Update> updates = {}) {
    CallResponse read;
    EXPECT_TRUE(read_optimistic_targets(targets, read)) << targets;
    const std::uint32_t request = store.call("do_it", "{}");
    functions[request] = std::move(updates);
    store.add_layers(request, read);
    store.take_commands();
    evaluate();
    return request;
  }

  // What js/kernel.js does in #pump before reading anything.
  void evaluate() {
    while (const Layer* layer = store.awaiting_layer()) {
      ++evaluations;
      const std::string text = functions.at(layer->call).at(layer->update - 1)(layer->input);
      if (text.empty()) {
        store.settle_layer(nullptr);
        continue;
      }
      json::Value value;
      ASSERT_TRUE(json::parse(text, value).ok()) << text;
      store.settle_layer(&value);
    }
  }

  void succeed(std::uint32_t request, const char* body = R"({"result":null})", const char* header = "") {
    CallOutcome outcome;
    store.on_call_response(request, 200, header, body, outcome);
    EXPECT_TRUE(outcome.ok);
    evaluate();
  }

  void fail(std::uint32_t request) {
    store.on_call_failure(request);
    evaluate();
  }

  std::string slot(EntryId id, const char* name) {
    const Slot* s = store.entry(id)->data.find(name);
    return s ? s->text : "<none>";
  }

  std::uint32_t version(EntryId id, const char* name) { return store.entry(id)->data.find(name)->version; }

  Store store;
  std::map<std::uint32_t, std::vector<Update>> functions;
  int evaluations = 0;
};

// An update that adds `n` to a number slot.
Update add(int n) {
  return [n](const std::string& old) { return std::to_string(std::stoi(old) + n); };
}

Update times(int n) {
  return [n](const std::string& old) { return std::to_string(std::stoi(old) * n); };
}

std::string value_target(const char* context, const char* slot, const char* value, const char* params = nullptr) {
  std::string t = std::string(R"({"context":")") + context + R"(","slot":")" + slot + R"(","value":)" + value;
  if (params) t += std::string(R"(,"params":)") + params;
  return t + "}";
}

std::string update_target(const char* context, const char* slot) {
  return std::string(R"({"context":")") + context + R"(","slot":")" + slot + R"(","value":null})";
}

// {"result": [numbers], "merge": [targets]}
std::string targets(const std::vector<std::string>& items, const std::vector<int>& numbers) {
  mizan::Str out = R"({"result":[)";
  for (std::size_t k = 0; k < numbers.size(); ++k) out += (k ? "," : "") + std::to_string(numbers[k]);
  out += R"(],"merge":[)";
  for (std::size_t k = 0; k < items.size(); ++k) out += (k ? "," : "") + items[k];
  return out + "]}";
}

std::string values(const std::vector<std::string>& items) { return targets(items, std::vector<int>(items.size(), 0)); }

TEST_F(OptimisticTest, AValueUpsertsAsAMergeWouldAndGoesWhenTheCallFails) {
  const EntryId id = load("board", "{}", R"({"cards":[{"id":1,"t":"a"}],"info":{"n":"A"}})");
  const std::uint32_t info = version(id, "info");
  const std::uint32_t r = call(values({value_target("board", "cards", R"({"id":2,"t":"b"})")}));
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"a"},{"id":2,"t":"b"}])");
  EXPECT_EQ(version(id, "info"), info) << "an untouched slot keeps its version (and readers their object)";
  fail(r);
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"a"}])");
  EXPECT_EQ(version(id, "info"), info);
  EXPECT_EQ(store.awaiting_layer(), nullptr);
}

TEST_F(OptimisticTest, OverlappingValueLayersTheFirstFailsTheSecondStays) {
  const EntryId id = load("board", "{}", R"({"cards":[{"id":1,"t":"a"}]})");
  const std::uint32_t first = call(values({value_target("board", "cards", R"({"id":2,"t":"new"})")}));
  const std::uint32_t second = call(values({value_target("board", "cards", R"({"id":1,"t":"edited"})")}));
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"edited"},{"id":2,"t":"new"}])");
  fail(first);
  // A snapshot restored here would also lose "edited".
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"edited"}])");
  succeed(second, R"({"result":null,"merge":[{"context":"board","slot":"cards","value":{"id":1,"t":"saved"}}]})");
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"saved"}])") << "the server's merge stands";
}

TEST_F(OptimisticTest, OverlappingFunctionLayersTheFirstFailsTheSecondIsComputedAgain) {
  const EntryId id = load("counter", "{}", R"({"count":1})");
  const std::uint32_t first = call(targets({update_target("counter", "count")}, {1}), {add(1)});
  EXPECT_EQ(slot(id, "count"), "2");
  const std::uint32_t second = call(targets({update_target("counter", "count")}, {1}), {times(10)});
  EXPECT_EQ(slot(id, "count"), "20");
  EXPECT_EQ(evaluations, 2);
  fail(first);
  EXPECT_EQ(slot(id, "count"), "10") << "the second function, over the server's 1";
  EXPECT_EQ(evaluations, 3);
  fail(second);
  EXPECT_EQ(slot(id, "count"), "1");
  EXPECT_EQ(evaluations, 3);
}

TEST_F(OptimisticTest, TheSecondSettlesFirstThenTheFirstFails) {
  const EntryId id = load("counter", "{}", R"({"count":1})");
  const std::uint32_t first = call(targets({update_target("counter", "count")}, {1}), {add(1)});
  const std::uint32_t second = call(targets({update_target("counter", "count")}, {1}), {times(10)});
  succeed(second, R"({"result":null,"merge":[{"context":"counter","slot":"count","value":10}]})");
  EXPECT_EQ(slot(id, "count"), "11") << "the server's 10, and the first call's +1 still over it";
  fail(first);
  EXPECT_EQ(slot(id, "count"), "10");
}

TEST_F(OptimisticTest, ARefetchGoesUnderTheLayersAndFunctionsRunOverIt) {
  const EntryId id = load("counter", "{}", R"({"count":1,"cards":[{"id":1}]})");
  call(targets({update_target("counter", "count"), value_target("counter", "cards", R"({"id":9})")}, {1, 0}), {add(1)});
  EXPECT_EQ(slot(id, "count"), "2");
  store.refetch(id);
  answer_fetch(R"({"count":5,"cards":[{"id":1},{"id":2}]})", 10);
  evaluate();
  EXPECT_EQ(slot(id, "count"), "6");
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1},{"id":2},{"id":9}])");
  EXPECT_EQ(store.entry(id)->updated_at, 10);
  EXPECT_EQ(evaluations, 2);
  // The same data again: nothing under the function changed, so it is not run again.
  store.refetch(id);
  answer_fetch(R"({"count":5,"cards":[{"id":1},{"id":2}]})", 20);
  evaluate();
  EXPECT_EQ(slot(id, "count"), "6");
  EXPECT_EQ(evaluations, 2);
}

TEST_F(OptimisticTest, AnotherCallsMergeGoesUnderTheLayer) {
  const EntryId id = load("board", "{}", R"({"cards":[{"id":1,"t":"a"}],"title":"T"})");
  const std::uint32_t mine = call(values({value_target("board", "cards", R"({"id":1,"t":"mine"})")}));
  const std::uint32_t other = store.call("other", "{}");
  succeed(other, R"({"result":null,"merge":[{"context":"board","slot":"cards","value":{"id":2,"t":"theirs"}},)"
                 R"({"context":"board","slot":"title","value":"U"}]})");
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"mine"},{"id":2,"t":"theirs"}])");
  EXPECT_EQ(slot(id, "title"), R"("U")");
  fail(mine);
  EXPECT_EQ(slot(id, "cards"), R"([{"id":1,"t":"a"},{"id":2,"t":"theirs"}])");
}

TEST_F(OptimisticTest, AValueAboveAFunctionAppliesToItsResult) {
  const EntryId id = load("c", "{}", R"({"tags":["a"]})");
  const Update push_b = [](const std::string& old) { return old.substr(0, old.size() - 1) + R"(,"b"])"; };
  call(targets({update_target("c", "tags")}, {1}), {push_b});
  const std::uint32_t replace = call(values({value_target("c", "tags", R"(["z"])")}));
  EXPECT_EQ(slot(id, "tags"), R"(["z"])");
  const Update wrap = [](const std::string& old) { return R"({"was":)" + old + "}"; };
  // A function result replaces the slot whatever its kind (here an object into a list).
  call(targets({update_target("c", "tags")}, {1}), {wrap});
  EXPECT_EQ(slot(id, "tags"), R"({"was":["z"]})");
  fail(replace);
  EXPECT_EQ(slot(id, "tags"), R"({"was":["a","b"]})");
}

TEST_F(OptimisticTest, AFailingFunctionShowsTheSlotUnchanged) {
  const EntryId id = load("c", "{}", R"({"n":1})");
  call(targets({update_target("c", "n")}, {1}), {[](const std::string&) { return std::string(); }});
  EXPECT_EQ(slot(id, "n"), "1");
  EXPECT_EQ(store.awaiting_layer(), nullptr);
}

TEST_F(OptimisticTest, ScopedTargetsLayerOnlyTheMatchingEntries) {
  const EntryId five = load("user", R"({"user_id":5})", R"({"name":"A"})");
  const EntryId six = load("user", R"({"user_id":6})", R"({"name":"B"})");
  call(values({value_target("user", "name", R"("Ann")", R"({"user_id":"5"})")}));
  EXPECT_EQ(slot(five, "name"), R"("Ann")");
  EXPECT_EQ(slot(six, "name"), R"("B")");
}

TEST_F(OptimisticTest, WhatDoesNotFitShowsNothing) {
  const EntryId id = load("c", "{}", R"({"list":[1],"n":2})");
  const std::uint32_t v = store.entry(id)->version;
  call(values({value_target("c", "nope", "1"), value_target("c", "list", "3"), value_target("other", "list", "[]")}));
  EXPECT_EQ(slot(id, "list"), "[1]");
  EXPECT_EQ(slot(id, "n"), "2");
  EXPECT_GE(store.entry(id)->version, v);
}

TEST_F(OptimisticTest, AnEntryNotHeldGetsNoLayerAndOneLoadingShowsItOnceDataArrives) {
  const std::uint32_t early = call(values({value_target("later", "n", "1")}));
  EntryId later = 0;
  ASSERT_TRUE(store.mount("later", "{}", later).ok());
  answer_fetch(R"({"n":0})");
  EXPECT_EQ(slot(later, "n"), "0") << "created after the call: no layer";
  succeed(early);

  EntryId loading = 0;
  ASSERT_TRUE(store.mount("loading", "{}", loading).ok());
  const Vec<Command> commands = store.take_commands();
  ASSERT_EQ(commands.size(), 1u);
  const std::uint32_t fetch = commands[0].request;
  call(targets({update_target("loading", "n"), value_target("loading", "m", "7")}, {1, 0}), {add(100)});
  EXPECT_FALSE(store.entry(loading)->has_data);
  EXPECT_EQ(evaluations, 0) << "nothing to compute from yet";
  store.on_fetch_response(fetch, 200, R"({"n":1,"m":0})", 0);
  evaluate();
  EXPECT_EQ(slot(loading, "n"), "101");
  EXPECT_EQ(slot(loading, "m"), "7");
}

TEST_F(OptimisticTest, APurgeTakesEveryLayerOff) {
  const EntryId id = load("c", "{}", R"({"n":1})");
  const std::uint32_t r = call(targets({update_target("c", "n")}, {1}), {add(1)});
  store.purge();
  EXPECT_FALSE(store.entry(id)->has_data);
  answer_fetch(R"({"n":50})");
  evaluate();
  EXPECT_EQ(slot(id, "n"), "50") << "nothing of the old identity's layers";
  fail(r);  // the call settles after: nothing left to take off
  EXPECT_EQ(slot(id, "n"), "50");
}

TEST_F(OptimisticTest, AnEvictedEntryTakesItsLayersWithIt) {
  StoreConfig config;
  config.gc_time_ms = 100;
  store = Store(config);
  const EntryId id = load("c", "{}", R"({"n":1})");
  const std::uint32_t r = call(targets({update_target("c", "n")}, {1}), {add(1)});
  store.unmount(id, 0);
  store.collect_garbage(100);
  EXPECT_EQ(store.entry(id), nullptr);
  EXPECT_EQ(store.awaiting_layer(), nullptr);
  succeed(r);
  EntryId again = 0;
  ASSERT_TRUE(store.mount("c", "{}", again).ok());
  answer_fetch(R"({"n":1})");
  evaluate();
  EXPECT_EQ(slot(again, "n"), "1");
  EXPECT_EQ(evaluations, 1);
}

TEST_F(OptimisticTest, TheDescriptionShowsTheViewAndKeepsUntouchedSlots) {
  const EntryId id = load("c", "{}", R"({"a":[{"id":1}],"b":2})");
  mizan::Str out;
  write_entry_json(*store.entry(id), 0, out);
  const std::uint32_t known = store.entry(id)->version;
  const std::uint32_t r = call(values({value_target("c", "a", R"({"id":1,"x":true})")}));
  out.clear();
  write_entry_json(*store.entry(id), known, out);
  EXPECT_NE(out.find(R"("data":{"a":[{"id":1,"x":true}],"b":0},"kept":["b"])"), std::string::npos) << out;
  const std::uint32_t layered = store.entry(id)->version;
  fail(r);
  out.clear();
  write_entry_json(*store.entry(id), layered, out);
  EXPECT_NE(out.find(R"("data":{"a":[{"id":1}],"b":0},"kept":["b"])"), std::string::npos) << out;
}

TEST_F(OptimisticTest, SetDataReplacesTheGivenSlotsUnderTheLayers) {
  const EntryId id = load("c", "{}", R"({"n":1,"keep":{"k":1}})");
  const std::uint32_t keep = version(id, "keep");
  call(targets({update_target("c", "n")}, {1}), {add(1)});
  bool applied = false;
  ASSERT_TRUE(store.hydrate("c", "{}", R"({"n":10,"extra":[]})", 50, 50, applied, false, true).ok());
  evaluate();
  EXPECT_TRUE(applied);
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(slot(id, "n"), "11");
  EXPECT_EQ(slot(id, "extra"), "[]");
  EXPECT_EQ(version(id, "keep"), keep);
  EXPECT_EQ(store.entry(id)->updated_at, 50);
}

TEST_F(OptimisticTest, SetDataCreatesACachedEntryThatAMountShowsWithoutFetching) {
  bool applied = false;
  ASSERT_TRUE(store.hydrate("user", R"({"user_id":5})", R"({"name":"A"})", 7, 7, applied, false, true).ok());
  EXPECT_TRUE(applied);
  EntryId id = 0;
  ASSERT_TRUE(store.lookup("user", R"({"user_id":5})", id).ok());
  ASSERT_NE(id, 0u);
  EXPECT_EQ(store.entry(id)->mounts, 0u);
  EXPECT_EQ(store.entry(id)->status, EntryStatus::success);
  EXPECT_EQ(store.entry(id)->updated_at, 7);
  EntryId mounted = 0;
  ASSERT_TRUE(store.mount("user", R"({"user_id":5})", mounted).ok());
  EXPECT_EQ(mounted, id);
  EXPECT_TRUE(store.take_commands().empty());
  EXPECT_EQ(slot(id, "name"), R"("A")");
  EXPECT_EQ(store.collect_garbage(1e12), Store::kNever) << "mounted now: not evicted";
  EXPECT_FALSE(store.hydrate("user", "[]", "{}", 0, 0, applied, false, true).ok());
  EXPECT_FALSE(store.hydrate("user", "{}", "[1]", 0, 0, applied, false, true).ok());
  // An older time than the data held does not stop a write (it does a hydration).
  ASSERT_TRUE(store.hydrate("user", R"({"user_id":5})", R"({"name":"B"})", 1, 1, applied, false, true).ok());
  EXPECT_EQ(slot(id, "name"), R"("B")");
}

TEST_F(OptimisticTest, SetDataDuringAFetchReplacesTheFetch) {
  EntryId id = 0;
  ASSERT_TRUE(store.mount("c", "{}", id).ok());
  const Vec<Command> first = store.take_commands();
  bool applied = false;
  ASSERT_TRUE(store.hydrate("c", "{}", R"({"n":1})", 0, 0, applied, false, true).ok());
  EXPECT_EQ(store.entry(id)->status, EntryStatus::success);
  const Vec<Command> after = store.take_commands();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].kind, Command::Kind::abort);
  EXPECT_EQ(after[0].request, first[0].request);
  EXPECT_EQ(after[1].kind, Command::Kind::fetch);
  store.on_fetch_response(first[0].request, 200, R"({"n":0})", 0);  // the old answer: dropped
  EXPECT_EQ(slot(id, "n"), "1");
}

TEST(OptimisticTargetsTest, MalformedListsAreRefused) {
  CallResponse out;
  EXPECT_TRUE(read_optimistic_targets("", out));
  EXPECT_TRUE(out.merge.empty());
  EXPECT_TRUE(read_optimistic_targets(R"({"result":[0,12],"merge":[{"context":"c","slot":"s","value":1},)"
                                      R"({"context":"c","slot":"s","value":null,"params":{"a":1}}]})",
                                      out));
  ASSERT_EQ(out.merge.size(), 2u);
  EXPECT_TRUE(out.merge[1].scoped);
  for (const char* bad : {"{", "[]", R"({"result":[0],"merge":[]})", R"({"result":[0],"merge":[{"context":"c"}]})",
                          R"({"result":[-1],"merge":[{"context":"c","slot":"s","value":1}]})",
                          R"({"result":[0],"merge":[{"context":"c","slot":"s","value":1,"params":3}]})"}) {
    CallResponse fresh;
    EXPECT_FALSE(read_optimistic_targets(bad, fresh)) << bad;
  }
}

// Through the C ABI, as js/kernel.js drives it (and under ASan/UBSan).
using test::output;
using test::write_input;

TEST(OptimisticExportsTest, AFunctionLayerThroughTheBoundary) {
  auto len = write_input({"{}"});
  const int store = mizan_store_create(len[0]);
  len = write_input({"c", "{}"});
  const int id = mizan_store_mount(store, len[0], len[1]);
  mizan_store_take_effects(store);
  len = write_input({R"({"n":[1]})"});
  mizan_store_fetch_response(store, 1, 200, len[0], 0);
  len = write_input({"f", "{}", R"({"result":[0],"merge":[{"context":"c","slot":"n"}]})"});
  const int refused = mizan_store_call(store, len[0], len[1], len[2]);
  EXPECT_LT(refused, 0);
  EXPECT_NE(output(mizan_store_take_effects(store)).find(R"("commands":[])"), std::string::npos) << "nothing sent";
  len = write_input({"f", "{}", R"({"result":[1],"merge":[{"context":"c","slot":"n","value":null}]})"});
  const int call = mizan_store_call(store, len[0], len[1], len[2]);
  ASSERT_GT(call, 0);
  EXPECT_EQ(output(mizan_store_layer_input(store)), std::to_string(call) + ",1,[1]");
  len = write_input({"[1,2]"});
  mizan_store_layer_value(store, len[0]);
  EXPECT_EQ(mizan_store_layer_input(store), 0);
  EXPECT_NE(output(mizan_store_describe(store, id, 0)).find(R"("data":{"n":[1,2]})"), std::string::npos);
  len = write_input({"c", "{}", R"({"n":[0]})"});
  EXPECT_EQ(mizan_store_hydrate(store, len[0], len[1], len[2], 5, 5, 2), 1);  // setData
  EXPECT_EQ(output(mizan_store_layer_input(store)), std::to_string(call) + ",1,[0]");
  mizan_store_layer_value(store, 0);  // the function failed: unchanged
  EXPECT_NE(output(mizan_store_describe(store, id, 0)).find(R"("data":{"n":[0]})"), std::string::npos);
  len = write_input({"", R"({"result":null})"});
  mizan_store_call_response(store, call, 200, len[0], len[1]);
  EXPECT_NE(output(mizan_store_describe(store, id, 0)).find(R"("data":{"n":[0]})"), std::string::npos);
  len = write_input({"d", "{}", "[]"});
  EXPECT_LT(mizan_store_hydrate(store, len[0], len[1], len[2], 5, 5, 2), 0);
  mizan_store_destroy(store);
}

}  // namespace
}  // namespace mizan
