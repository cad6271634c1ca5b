// The context store under any sequence of mounts, unmounts, responses (fetch
// bodies, call bodies with merge and invalidate, X-Mizan-Invalidate headers),
// flushes, garbage collection, hydration, lookups and identity purges,
// answered in any order.
// A model of what the store was told (mounts per entry, requests the commands
// started) is checked against the store after every step, and every slot of
// every entry holding data must be JSON whose text and parsed value agree.
//
// Input layout (FuzzedDataProvider): each choice is one byte from the end
// (the first picks the gc time, then one per operation and one per choice it
// makes); strings (names, params, bodies, headers) come from the front, each
// ended by a backslash and one other byte. tests/fuzz/seeds.py writes the seed
// corpus in this layout: keep its tables and choices in step with this file.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "kernel/decimal.h"
#include "kernel/invalidate_header.h"
#include "kernel/invalidate_target.h"
#include "kernel/json_parse.h"
#include "kernel/store.h"
#include "kernel/store_json.h"
#include "kernel/utf8.h"
#include "tests/fuzz/check.h"

namespace {

using mizan::EntryId;
using mizan::Store;

// The tables: a choice of n + 1 for a table of n picks the fuzz string.
const char* const kNames[] = {"user", "board", "feed", "notifications"};
const char* const kParams[] = {"{}",
                               R"({"user_id":5})",
                               R"({"user_id":"5"})",
                               R"({"board_id":1,"tab":"cards"})",
                               R"({"board_id":2})",
                               R"({"q":"caf\u00e9","n":null,"f":true})",
                               R"({"a":[1,2],"o":{"b":1}})",
                               ""};
const char* const kSlots[] = {"cards", "profile", "items", "me"};
const char* const kValues[] = {
    "[]",
    R"([{"id":1,"t":"a"},{"id":2,"t":"b"}])",
    R"([ {"id" : 1 , "t":"a,b]"} , {"id":2} ,3,"x",null,[1,{"id":1}] ])",
    R"([{"uuid":"u1","t":"a"},{"uuid":"u2"}])",
    R"({"name":"A","tags":["x"]})",
    "5",
    R"("s\"tr\\")",
    "null",
    R"([{"id":1.0},{"id":"1"},{"id":{"k":[1]}}])",
    R"([{"id":1,"id":2}])",
    R"("\ud800")",
    "1e308",
    "[[[[[[[[]]]]]]]]",
};
const char* const kMergeValues[] = {
    R"({"id":1,"t":"new"})",
    R"({"id":3,"t":"appended"})",
    R"({"uuid":"u2","t":"z"})",
    R"({"id":"1"})",
    R"({"id":1e0})",
    R"({"t":"no id"})",
    R"([{"id":9}])",
    "7",
    "null",
    R"("str")",
    R"({"id":{"k":[1]}})",
    R"({"name":"B"})",
};
const char* const kTargets[] = {
    R"("board")",
    R"({"context":"board","params":{"board_id":1}})",
    R"({"context":"user","params":{"user_id":5}})",
    R"({"function":"cards"})",
    R"({"context":"feed","params":{}})",
    R"({"function":"nope"})",
};
const char* const kHeaders[] = {"",
                                "board",
                                "board;board_id=1",
                                "user;user_id=5, notifications",
                                "feed;a=%zz, ;x, board;tab=cards",
                                "user;user_id=5;user_id=6"};
const int kStatuses[] = {200, 200, 200, 201, 204, 304, 400, 401, 403, 404, 500, 502, 503, 0, 199, 299};
const double kGcTimes[] = {300000, 0, 1000, Store::kNever};
const double kTicks[] = {0, 1, 200, 400, 1000, 60000, 300000, 600000};

constexpr std::size_t kMaxString = 4096;
constexpr int kMaxSteps = 256;

template <typename T, std::size_t n>
constexpr std::size_t count(const T (&)[n]) {
  return n;
}

class Harness {
 public:
  Harness(FuzzedDataProvider& in, mizan::StoreConfig config)
      : in_(in), gc_time_(config.gc_time_ms), store_(std::move(config)) {}

  void step() {
    ++step_;
    switch (choose(16)) {
      case 0: mount(); break;
      case 1: unmount(); break;
      case 2: fetch_response(); break;
      case 3: fetch_failure(); break;
      case 4: call(); break;
      case 5: call_response(); break;
      case 6: call_failure(); break;
      case 7:
        trace("flush", "");
        store_.flush();
        break;
      case 8: collect_garbage(); break;
      case 9: hydrate(); break;
      case 10: lookup(); break;
      case 11: {
        const EntryId id = choose(static_cast<std::size_t>(max_id_) + 2);
        trace("refetch", std::to_string(id));
        store_.refetch(id);
        break;
      }
      case 12: invalidate(); break;
      case 13:
        now_ += kTicks[choose(count(kTicks))];
        trace("tick", std::to_string(now_));
        break;
      case 14: changed(); break;
      default: purge(); break;
    }
    take_commands();
    check();
  }

  // Dehydrate, hydrate the result into a new store: the same entries, slots
  // and times come back.
  void dehydrate_round_trip() {
    mizan::Str text;
    mizan::write_dehydrated_json(store_, text);
    mizan::json::Value doc;
    const mizan::Status s = mizan::json::parse(text, doc);
    CHECK(s.ok(), "dehydrated JSON does not parse (" + s.message + "): " + fuzz::show(text));
    const mizan::json::Value* contexts = doc.find("contexts");
    CHECK(contexts != nullptr && contexts->is_array(), "no contexts in " + fuzz::show(text));
    Store fresh;
    for (const mizan::json::Value& c : contexts->items) {
      const mizan::json::Value* name = c.find("context");
      const mizan::json::Value* params = c.find("params");
      const mizan::json::Value* data = c.find("data");
      const mizan::json::Value* updated = c.find("updatedAt");
      CHECK(name && params && data && updated && name->is_string() && updated->kind == mizan::json::Kind::number,
            "a dehydrated context lacks a field: " + fuzz::show(text));
      mizan::Str params_text, data_text;
      mizan::json::write(*params, params_text);
      mizan::json::write(*data, data_text);
      double at = 0;
      CHECK(mizan::decimal::parse_double(updated->text, at), "updatedAt " + updated->text);
      bool applied = false;
      const mizan::Status h = fresh.hydrate(name->text, params_text, data_text, at, now_, applied);
      CHECK(h.ok() && applied, "hydrating " + fuzz::show(params_text) + " " + fuzz::show(data_text) + ": " + h.message);
      EntryId original = 0, copy = 0;
      CHECK(store_.lookup(name->text, params_text, original).ok() && original != 0,
            "a dehydrated context the store does not have: " + fuzz::show(params_text));
      CHECK(fresh.lookup(name->text, params_text, copy).ok() && copy != 0, "hydrated but not found");
      const mizan::Entry& a = *store_.entry(original);
      const mizan::Entry& b = *fresh.entry(copy);
      CHECK(a.params_key() == b.params_key() && a.updated_at == b.updated_at && b.status == mizan::EntryStatus::success,
            "hydrated entry differs: " + fuzz::show(b.params_key()));
      CHECK(a.data.slots().size() == b.data.slots().size(), "hydrated slot count differs");
      // The copy's slots are the original's, written compactly.
      for (std::size_t k = 0; k < a.data.slots().size(); ++k) {
        const mizan::Slot& was = a.data.slots()[k];
        const mizan::Slot& is = b.data.slots()[k];
        mizan::json::Value value;
        mizan::Str compact;
        CHECK(mizan::json::parse(was.text, value).ok(), "slot text is not JSON: " + fuzz::show(was.text));
        mizan::json::write(value, compact);
        CHECK(was.name == is.name && is.text == compact,
              "hydrated slot " + fuzz::show(is.name) + " is " + fuzz::show(is.text) + ", was " + fuzz::show(was.text));
      }
    }
  }

 private:
  // MIZAN_FUZZ_TRACE=1 store_fuzz <input>: what the input does, step by step.
  void trace(const char* op, const std::string& detail) const {
    static const bool on = std::getenv("MIZAN_FUZZ_TRACE") != nullptr;
    if (on) std::fprintf(stderr, "%3d %-13s %s\n", step_, op, detail.c_str());
  }

  // 0 .. n - 1 (n at most 256) from exactly one byte, whatever n is, so that
  // a seed's choices keep their meaning as the state changes.
  std::size_t choose(std::size_t n) {
    const std::size_t byte = in_.ConsumeIntegral<std::uint8_t>();
    return n < 2 ? 0 : byte % (n < 256 ? n : 256);
  }

  // A table entry, or (the last choice) a string from the input.
  template <std::size_t n>
  std::string pick(const char* const (&table)[n]) {
    const std::size_t k = choose(n + 1);
    return k < n ? table[k] : in_.ConsumeRandomLengthString(kMaxString);
  }

  // A context name. JS hands the kernel well-formed UTF-8 only (TextEncoder
  // replaces lone surrogates), so other bytes stand for "user".
  std::string name() {
    std::string n = pick(kNames);
    return mizan::utf8::first_invalid(n) == std::string::npos ? n : "user";
  }

  // A bundle of up to three slots from the tables, or any text.
  std::string bundle() {
    const std::size_t slots = choose(5);
    if (slots == 4) return in_.ConsumeRandomLengthString(kMaxString);
    std::string out = "{";
    for (std::size_t k = 0; k < slots; ++k) {
      if (k) out += ",";
      out += "\"" + pick(kSlots) + "\":";  // one pick per statement: the input is read in order
      out += pick(kValues);
    }
    return out + "}";
  }

  // A call body: a result with up to three merges and three invalidations, or any text.
  std::string call_body() {
    const std::size_t shape = choose(4);
    if (shape == 3) return in_.ConsumeRandomLengthString(kMaxString);
    std::string out = R"({"result":)" + pick(kValues);
    if (shape >= 1) {
      out += R"(,"merge":[)";
      for (std::size_t k = 0, n = choose(4); k < n; ++k) {
        if (k) out += ",";
        out += R"({"context":")" + name();
        out += R"(","slot":")" + pick(kSlots);
        out += R"(","value":)" + pick(kMergeValues);
        if (choose(2)) out += R"(,"params":)" + pick(kParams);
        out += "}";
      }
      out += "]";
    }
    if (shape >= 2) {
      out += R"(,"invalidate":[)";
      for (std::size_t k = 0, n = choose(4); k < n; ++k) out += (k ? "," : "") + pick(kTargets);
      out += "]";
    }
    return out + "}";
  }

  // One of the requests in flight, or (the last choice) any number: an
  // answered, aborted or unknown request. Never one of `other`'s: the JS
  // runtime hands call answers to on_call_* and fetch answers to on_fetch_*.
  std::uint32_t request(const std::set<std::uint32_t>& pending, const std::set<std::uint32_t>& other) {
    const std::size_t k = choose(pending.size() + 1);
    if (k < pending.size()) return *std::next(pending.begin(), static_cast<std::ptrdiff_t>(k));
    const auto any = static_cast<std::uint32_t>(choose(256));
    return other.count(any) ? 0 : any;  // ids start at 1
  }

  void mount() {
    const std::string n = name();
    const std::string p = pick(kParams);
    EntryId id = 0;
    const mizan::Status s = store_.mount(n, p, id);
    trace("mount", fuzz::show(n) + " " + fuzz::show(p) + " -> " + (s.ok() ? std::to_string(id) : s.message));
    if (!s.ok()) {
      CHECK(!s.message.empty(), "a mount error without a message");
      return;
    }
    ++mounts_[id];
    if (id > max_id_) max_id_ = id;
  }

  void unmount() {
    const EntryId id = choose(static_cast<std::size_t>(max_id_) + 2);
    const double deadline = store_.unmount(id, now_);
    trace("unmount", std::to_string(id));
    auto it = mounts_.find(id);
    if (it == mounts_.end() || it->second == 0) {
      CHECK(deadline == Store::kNever, "unmounting entry " + std::to_string(id) + " that nobody mounted");
      return;
    }
    --it->second;
    CHECK(deadline == (it->second > 0 ? Store::kNever : now_ + gc_time_),
          "unmount deadline of entry " + std::to_string(id));
  }

  void fetch_response() {
    const std::uint32_t r = request(fetches_, calls_);
    const int status = kStatuses[choose(count(kStatuses))];
    const std::string body = bundle();
    fetches_.erase(r);
    trace("fetch", "request " + std::to_string(r) + ": " + std::to_string(status) + " " + fuzz::show(body));
    store_.on_fetch_response(r, status, body, now_);
  }

  void fetch_failure() {
    const std::uint32_t r = request(fetches_, calls_);
    fetches_.erase(r);
    trace("fetch failure", "request " + std::to_string(r));
    store_.on_fetch_failure(r, "connection reset", now_);
  }

  void call() {
    const std::string args = pick(kParams);
    calls_.insert(store_.call("add_card", args));
    trace("call", "request " + std::to_string(*calls_.rbegin()) + " " + fuzz::show(args));
    args_json_ = args.empty() || fuzz::is_json(args);
  }

  void call_response() {
    const std::uint32_t r = request(calls_, fetches_);
    const int status = kStatuses[choose(count(kStatuses))];
    const std::string header = pick(kHeaders);
    const std::string body = call_body();
    calls_.erase(r);
    trace("call response", "request " + std::to_string(r) + ": " + std::to_string(status) + " header " +
                               fuzz::show(header) + " " + fuzz::show(body));
    mizan::CallOutcome outcome;
    store_.on_call_response(r, status, header, body, outcome);
    const bool ok = outcome.ok;
    mizan::Str out;
    mizan::write_call_outcome_json(outcome, out);
    mizan::json::Value v;
    const mizan::Status s = mizan::json::parse(out, v);
    CHECK(s.ok() && v.is_object(), "on_call_response wrote " + fuzz::show(out) + " (" + s.message + ")");
    CHECK(v.find("problems") != nullptr && v.find("problems")->is_array(), "no problems list: " + fuzz::show(out));
    if (ok) {
      CHECK(v.find("result") != nullptr, "a result without result: " + fuzz::show(out));
    } else {
      const mizan::json::Value* code = v.find("code");
      CHECK(code != nullptr && code->is_string() && !code->text.empty(), "an error without a code: " + fuzz::show(out));
    }
  }

  void call_failure() {
    const std::uint32_t r = request(calls_, fetches_);
    calls_.erase(r);
    trace("call failure", "request " + std::to_string(r));
    store_.on_call_failure(r);
  }

  void collect_garbage() {
    const double next = store_.collect_garbage(now_);
    trace("gc", std::to_string(store_.size()) + " entries left");
    CHECK(next > now_, "collect_garbage's next deadline is not in the future");
    for (const auto& [id, n] : mounts_)
      CHECK(n == 0 || store_.entry(id) != nullptr, "mounted entry " + std::to_string(id) + " was evicted");
  }

  void hydrate() {
    const std::string n = name();
    const std::string p = pick(kParams);
    const std::string b = bundle();
    const double at = now_ + kTicks[choose(count(kTicks))] - 1000;
    bool applied = false;
    // Checking first changes nothing and gives the same verdict.
    const std::size_t size = store_.size();
    EntryId before = 0;
    const bool known = store_.lookup(n, p, before).ok() && before != 0;
    const std::uint32_t version = known ? store_.entry(before)->version : 0;
    const mizan::Status checked = store_.hydrate(n, p, b, at, now_, applied, /*check_only=*/true);
    CHECK(!applied && store_.size() == size && (!known || store_.entry(before)->version == version),
          "a check_only hydrate changed the store");
    const mizan::Status s = store_.hydrate(n, p, b, at, now_, applied);
    CHECK(s.code == checked.code, "check_only said " + checked.message + ", hydrate " + s.message);
    trace("hydrate", fuzz::show(n) + " " + fuzz::show(p) + " " + fuzz::show(b) + " at " + std::to_string(at) + " -> " +
                         (s.ok() ? (applied ? "applied" : "kept") : s.message));
    if (!s.ok()) {
      CHECK(!applied && !s.message.empty(), "a failed hydrate applied, or said nothing");
      return;
    }
    EntryId id = 0;
    CHECK(store_.lookup(n, p, id).ok() && id != 0 && store_.entry(id) != nullptr, "hydrated entry not found");
    if (id > max_id_) max_id_ = id;
    if (!applied) return;
    mizan::Vec<mizan::json::RawMember> slots;
    CHECK(mizan::json::scan_object(b, slots).ok(), "hydrate accepted a bundle scan_object refuses");
    const mizan::Bundle& data = store_.entry(id)->data;
    CHECK(data.slots().size() == slots.size(), "hydrated slot count");
    for (std::size_t k = 0; k < slots.size(); ++k)
      CHECK(data.slots()[k].name == slots[k].key && data.slots()[k].text == slots[k].text,
            "hydrated slot " + fuzz::show(slots[k].key));
  }

  void lookup() {
    const std::string n = name();
    const std::string p = pick(kParams);
    EntryId id = 0;
    const bool ok = store_.lookup(n, p, id).ok();
    trace("lookup", fuzz::show(n) + " " + fuzz::show(p) + " -> " + std::to_string(id));
    if (!ok) return;
    CHECK(id == 0 || (store_.entry(id) != nullptr && store_.entry(id)->name() == n), "lookup found a stranger");
  }

  void invalidate() {
    mizan::Vec<mizan::InvalidateTarget> targets;
    if (choose(2)) {
      targets = mizan::parse_invalidate_header(pick(kHeaders)).targets;
    } else if (!mizan::read_targets("[" + pick(kTargets) + "]", targets).ok()) {
      return;
    }
    trace("invalidate", std::to_string(targets.size()) + " targets");
    store_.invalidate(std::move(targets));
  }

  // The identity changed: nothing of the old one stays, mounted entries load again.
  void purge() {
    trace("purge", "");
    store_.purge();
    for (const auto& [id, e] : store_.entries())
      CHECK(e->mounts > 0 && !e->has_data && !e->error && e->data.empty(),
            "entry " + std::to_string(id) + " kept something of the old identity");
  }

  // What JS does after a call: take the changed ids and read each entry,
  // knowing some earlier version.
  void changed() {
    const std::uint32_t known = static_cast<std::uint32_t>(choose(256));
    trace("changed", "known version " + std::to_string(known));
    for (EntryId id : store_.take_changed()) {
      const mizan::Entry* e = store_.entry(id);
      if (e == nullptr) continue;  // evicted
      CHECK(!e->changed, "entry " + std::to_string(id) + " still marked changed");
      mizan::Str json;
      mizan::write_entry_json(*e, known, json);
      CHECK(fuzz::is_json(json), "write_entry_json wrote " + fuzz::show(json));
    }
  }

  void take_commands() {
    for (const mizan::Command& c : store_.take_commands()) {
      switch (c.kind) {
        case mizan::Command::Kind::fetch:
          CHECK(fetches_.insert(c.request).second, "fetch request " + std::to_string(c.request) + " reused");
          CHECK(c.text.view().substr(0, 4) == "ctx/" && c.delay_ms >= 0, "fetch command " + fuzz::show(c.text));
          break;
        case mizan::Command::Kind::abort:
          CHECK(fetches_.erase(c.request) == 1, "abort of request " + std::to_string(c.request) + ", not in flight");
          break;
        case mizan::Command::Kind::call:
          CHECK(calls_.count(c.request) == 1, "call command for request " + std::to_string(c.request));
          CHECK(!args_json_ || fuzz::is_json(c.text), "call body " + fuzz::show(c.text));
          break;
      }
    }
  }

  void check() {
    CHECK(store_.requests_in_flight() == fetches_.size() + calls_.size(),
          "requests in flight: store " + std::to_string(store_.requests_in_flight()) + ", commands " +
              std::to_string(fetches_.size()) + " fetches + " + std::to_string(calls_.size()) + " calls");
    std::set<std::uint32_t> inflight;
    for (const auto& [id, held] : store_.entries()) {
      const mizan::Entry& e = *held;
      const std::string where =
          "entry " + std::to_string(id) + " (" + std::string(e.name()) + " " + std::string(e.params_key()) + ")";
      const auto m = mounts_.find(id);
      const std::uint32_t mounted = m == mounts_.end() ? 0 : m->second;
      CHECK(e.mounts == mounted, where + ": " + std::to_string(e.mounts) + " mounts, " + std::to_string(mounted) +
                                     " mount() calls not undone");
      std::uint32_t& seen = versions_[id];
      CHECK(e.version >= seen, where + ": version went back from " + std::to_string(seen));
      seen = e.version;
      CHECK(e.fetching == (e.inflight != 0), where + ": fetching but no request, or the reverse");
      if (e.fetching)
        CHECK(fetches_.count(e.inflight) == 1 && inflight.insert(e.inflight).second,
              where + ": awaits request " + std::to_string(e.inflight) + ", not in flight or shared");
      // The last error stays while a refetch runs (and after an unmount stops it).
      CHECK(e.status != mizan::EntryStatus::error || e.error, where + ": error status without an error");
      CHECK(e.status != mizan::EntryStatus::success || (e.has_data && !e.error), where + ": success");
      CHECK(e.status != mizan::EntryStatus::loading || (e.fetching && !e.has_data), where + ": loading");
      CHECK(e.has_data || e.data.empty(), where + ": slots without data");
      EntryId found = 0;
      CHECK(store_.lookup(e.name(), e.params_key(), found).ok() && found == id, where + ": lookup finds another entry");
      check_slots(where, e);
    }
  }

  void check_slots(const std::string& where, const mizan::Entry& e) {
    const mizan::Vec<mizan::Slot>& slots = e.data.slots();
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const mizan::Slot& s = slots[k];
      const std::string at = where + " slot " + fuzz::show(s.name);
      for (std::size_t j = 0; j < k; ++j) CHECK(slots[j].name != s.name, at + ": twice");
      CHECK(s.version > 0 && s.version <= e.version, at + ": version " + std::to_string(s.version));
      mizan::json::Value value;
      const mizan::Status parsed = mizan::json::parse(s.text, value);
      CHECK(parsed.ok(), at + ": text is not JSON (" + parsed.message + "): " + fuzz::show(s.text));
      if (s.list) {
        // The upsert index: each element's range holds that element.
        CHECK(value.is_array() && s.list->bounds.size() == value.items.size(), at + ": index of another list");
        for (std::size_t i = 0; i < s.list->bounds.size(); ++i) {
          const auto [first, last] = s.list->bounds[i];
          mizan::json::Value item;
          CHECK(first <= last && last <= s.text.size() &&
                    mizan::json::parse(std::string_view(s.text).substr(first, last - first), item).ok() &&
                    fuzz::canonical(item) == fuzz::canonical(value.items[i]),
                at + ": element " + std::to_string(i) + " out of place in " + fuzz::show(s.text));
        }
      }
      const mizan::Patch* patch = s.patch();
      if (patch == nullptr) continue;
      CHECK(patch->base < s.version && std::size_t{patch->at} + patch->length <= s.text.size(),
            at + ": patch out of range");
      mizan::json::Value element;
      const std::string_view text = std::string_view(s.text).substr(patch->at, patch->length);
      CHECK(mizan::json::parse(text, element).ok(),
            at + ": patched element " + fuzz::show(text) + " in " + fuzz::show(s.text));
      CHECK(value.is_array() && patch->index < value.items.size() &&
                fuzz::canonical(value.items[patch->index]) == fuzz::canonical(element),
            at + ": element " + std::to_string(patch->index) + " is not " + fuzz::show(text) + " in " +
                fuzz::show(s.text));
    }
  }

  FuzzedDataProvider& in_;
  double gc_time_;
  Store store_;
  double now_ = 0;
  int step_ = 0;
  EntryId max_id_ = 0;
  bool args_json_ = true;
  std::map<EntryId, std::uint32_t> mounts_;    // mount() calls minus unmount() calls
  std::map<EntryId, std::uint32_t> versions_;  // the last version seen
  std::set<std::uint32_t> fetches_;            // started, not aborted or answered
  std::set<std::uint32_t> calls_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  mizan::StoreConfig config;
  config.gc_time_ms = kGcTimes[in.ConsumeIntegral<std::uint8_t>() % count(kGcTimes)];
  config.id_fields = {{"board.cards", "uuid"}};
  Harness harness(in, std::move(config));
  for (int step = 0; step < kMaxSteps && in.remaining_bytes() > 0; ++step) harness.step();
  harness.dehydrate_round_trip();
  return 0;
}
