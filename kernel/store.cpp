#include "kernel/store.h"

#include <algorithm>

#include "kernel/invalidate_header.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/query_string.h"
#include "kernel/small_sort.h"

namespace mizan {

const char* status_name(EntryStatus status) {
  switch (status) {
    case EntryStatus::idle: return "idle";
    case EntryStatus::loading: return "loading";
    case EntryStatus::success: return "success";
    case EntryStatus::error: return "error";
  }
  return "idle";
}

Store::Store(StoreConfig config) : config_(std::move(config)) {}

Entry* Store::find(EntryId id) {
  const auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

const Entry* Store::entry(EntryId id) const {
  const auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

void Store::touch(EntryId id, Entry& e) {
  e.version = next_version();
  if (!e.changed) changed_.push_back(id);
  e.changed = true;
}

// Inlined into its two callers on purpose: as a call it costs ~0.45 KB gzip
// of the browser wasm (measured), most of what the 40 KB budget has left.
__attribute__((always_inline)) inline void Store::take_data(EntryId id, Entry& e,
                                                            const std::vector<json::RawMember>& slots,
                                                            double updated_at) {
  for (const json::RawMember& slot : slots) slot_contexts_[slot.key].insert(e.name);
  e.data.assign(slots, next_version());
  e.has_data = true;
  e.status = EntryStatus::success;
  e.has_error = false;
  e.error = ServerError();
  e.stale = false;
  e.updated_at = updated_at;
  touch(id, e);
}

Status Store::entry_key(std::string_view name, std::string_view params_json, json::Value& params,
                        std::string& params_key, std::string& key) {
  if (name.empty()) return Status::fail(Code::invalid_argument, "the context name is empty");
  if (Status s = json::parse(params_json.empty() ? std::string_view("{}") : params_json, params); !s.ok()) return s;
  if (!params.is_object()) return Status::fail(Code::invalid_params, "params must be an object");
  json::write_canonical(params, params_key);
  key.assign(name);
  key.push_back('\0');
  key += params_key;
  return Status::success();
}

EntryId Store::create_entry(std::string_view name, const json::Value& params, std::string params_key, std::string key) {
  const EntryId id = ++next_entry_;
  Entry& e = entries_[id];
  e.name = std::string(name);
  e.params_key = std::move(params_key);
  e.path = context_path(name, params);
  index_.add(id, e.name, normalise_params(params));
  by_key_.emplace(std::move(key), id);
  return id;
}

Status Store::mount(std::string_view name, std::string_view params_json, EntryId& id) {
  json::Value params;
  std::string params_key;
  std::string key;
  if (Status s = entry_key(name, params_json, params, params_key, key); !s.ok()) return s;
  const auto existing = by_key_.find(key);
  if (existing != by_key_.end()) {
    id = existing->second;
    Entry& e = entries_.at(id);
    ++e.mounts;
    // Fresh data is kept until invalidated; anything else (never loaded,
    // stale, or failed last time) loads now.
    if (e.mounts == 1 && !e.fetching && (e.stale || !e.has_data || e.status == EntryStatus::error)) start_fetch(id, e);
    return Status::success();
  }
  id = create_entry(name, params, std::move(params_key), std::move(key));
  Entry& e = entries_.at(id);
  e.mounts = 1;
  start_fetch(id, e);
  return Status::success();
}

Status Store::lookup(std::string_view name, std::string_view params_json, EntryId& id) const {
  json::Value params;
  std::string params_key;
  std::string key;
  if (Status s = entry_key(name, params_json, params, params_key, key); !s.ok()) return s;
  const auto found = by_key_.find(key);
  id = found == by_key_.end() ? 0 : found->second;
  return Status::success();
}

Status Store::hydrate(std::string_view name, std::string_view params_json, std::string_view bundle_json,
                      double updated_at, double now, bool& applied, bool check_only) {
  applied = false;
  json::Value params;
  std::string params_key;
  std::string key;
  if (Status s = entry_key(name, params_json, params, params_key, key); !s.ok()) return s;
  std::vector<json::RawMember> slots;
  if (Status s = json::scan_object(bundle_json, slots); !s.ok()) return s;
  if (check_only) return Status::success();
  const auto existing = by_key_.find(key);
  EntryId id = 0;
  if (existing == by_key_.end()) {
    id = create_entry(name, params, std::move(params_key), std::move(key));
    mark_unused(id, entries_.at(id), now);
  } else {
    id = existing->second;
  }
  Entry& e = entries_.at(id);
  if (e.has_data && e.updated_at >= updated_at) return Status::success();
  // A fetch in flight keeps going: its answer is newer than the snapshot.
  take_data(id, e, slots, updated_at);
  applied = true;
  return Status::success();
}

double Store::unmount(EntryId id, double now) {
  Entry* e = find(id);
  if (e == nullptr || e->mounts == 0) return kNever;
  if (--e->mounts > 0) return kNever;
  // Nobody is waiting for the answer: abort rather than let a late response
  // write into an entry that may be evicted or remounted with newer truth.
  if (e->fetching) {
    cancel_fetch(*e);
    if (!e->has_data && e->status == EntryStatus::loading) e->status = EntryStatus::idle;
    touch(id, *e);
  }
  mark_unused(id, *e, now);
  return now + config_.gc_time_ms;
}

void Store::mark_unused(EntryId id, Entry& e, double now) {
  e.unused_since = now;
  // Never evicting (a server render's kernel): nothing to queue, so churn
  // costs no memory until the kernel is destroyed.
  if (config_.gc_time_ms != kNever) unmounted_.emplace_back(now, id);
}

void Store::refetch(EntryId id) {
  if (Entry* e = find(id)) start_fetch(id, *e);
}

void Store::cancel_fetch(Entry& e) {
  if (e.inflight != 0) {
    requests_.erase(e.inflight);
    Command abort;
    abort.kind = Command::Kind::abort;
    abort.request = e.inflight;
    commands_.push_back(std::move(abort));
    e.inflight = 0;
  }
  e.fetching = false;
}

// A new fetch supersedes one in flight: the older response can no longer
// overwrite what the newer request will bring (the newest request wins).
void Store::start_fetch(EntryId id, Entry& e, double delay_ms, std::size_t attempt) {
  cancel_fetch(e);
  const std::uint32_t request = ++next_request_;
  requests_[request] = Request{Request::Kind::fetch, id, attempt};
  e.inflight = request;
  e.fetching = true;
  if (!e.has_data) e.status = EntryStatus::loading;
  touch(id, e);
  Command fetch;
  fetch.kind = Command::Kind::fetch;
  fetch.request = request;
  fetch.text = e.path;
  fetch.delay_ms = delay_ms;
  commands_.push_back(std::move(fetch));
}

void Store::fail_fetch(EntryId id, Entry& e, std::size_t attempt, ServerError error) {
  if (attempt < config_.retry_delays_ms.size()) {
    start_fetch(id, e, config_.retry_delays_ms[attempt], attempt + 1);
    return;
  }
  e.fetching = false;
  e.status = EntryStatus::error;  // the last good data, if any, stays
  e.has_error = true;
  e.error = std::move(error);
  touch(id, e);
}

void Store::on_fetch_response(std::uint32_t request, int status, std::string_view body, double now) {
  const auto found = requests_.find(request);
  if (found == requests_.end() || found->second.kind != Request::Kind::fetch) return;  // superseded or aborted
  const Request r = found->second;
  requests_.erase(found);
  Entry* e = find(r.entry);
  if (e == nullptr || e->inflight != request) return;
  e->inflight = 0;  // answered: nothing left to abort
  if (status < 200 || status > 299) {
    ServerError error = parse_error_response(status, body);
    if (status >= 500) {
      fail_fetch(r.entry, *e, r.attempt, std::move(error));
    } else {
      fail_fetch(r.entry, *e, config_.retry_delays_ms.size(), std::move(error));  // 4xx: no retry
    }
    return;
  }
  std::vector<json::RawMember> slots;
  const Status scanned = json::scan_object(body, slots);
  if (!scanned.ok()) {
    ServerError error;
    error.status = status;
    error.code = "INVALID_RESPONSE";
    error.message = "The context response is not a JSON object of slots (" + scanned.message + ")";
    fail_fetch(r.entry, *e, config_.retry_delays_ms.size(), std::move(error));
    return;
  }
  e->fetching = false;
  take_data(r.entry, *e, slots, now);
}

void Store::on_fetch_failure(std::uint32_t request, std::string_view message, double now) {
  (void)now;
  const auto found = requests_.find(request);
  if (found == requests_.end() || found->second.kind != Request::Kind::fetch) return;
  const Request r = found->second;
  requests_.erase(found);
  Entry* e = find(r.entry);
  if (e == nullptr || e->inflight != request) return;
  e->inflight = 0;
  ServerError error;
  error.code = "NETWORK_ERROR";
  error.message = "The request failed before the server answered: " + std::string(message);
  fail_fetch(r.entry, *e, r.attempt, std::move(error));
}

void Store::invalidate(std::vector<InvalidateTarget> targets) {
  for (InvalidateTarget& t : targets) pending_.push_back(std::move(t));
}

void Store::resolve_targets(const InvalidateTarget& target, std::vector<EntryId>& out) const {
  const NormalParams params = target.scoped ? normalise_params(target.params) : NormalParams();
  if (target.kind == InvalidateTarget::Kind::context) {
    index_.match(target.name, params, out);
    return;
  }
  // A function-level target: the contexts known to hold that slot, or none.
  const auto contexts = slot_contexts_.find(target.name);
  if (contexts == slot_contexts_.end()) return;
  for (const std::string& context : contexts->second) index_.match(context, params, out);
}

void Store::flush() {
  std::vector<EntryId> matched;
  for (const InvalidateTarget& t : pending_) resolve_targets(t, matched);
  pending_.clear();
  // Each matching entry once, in mount order for deterministic commands.
  small_sort(matched, [](EntryId a, EntryId b) { return a < b; });
  matched.erase(std::unique(matched.begin(), matched.end()), matched.end());
  for (EntryId id : matched) {
    Entry& e = entries_.at(id);
    if (e.mounts > 0) {
      start_fetch(id, e);
    } else {
      e.stale = true;
    }
  }
}

std::uint32_t Store::call(std::string_view fn, std::string_view args_json) {
  const std::uint32_t request = ++next_request_;
  requests_[request] = Request{Request::Kind::call, 0, 0};
  Command call;
  call.kind = Command::Kind::call;
  call.request = request;
  call.text = "{";
  json::write_string(config_.call_body_key, call.text);
  call.text.push_back(':');
  json::write_string(fn, call.text);
  call.text += ",\"args\":";
  call.text += args_json.empty() ? std::string_view("{}") : args_json;
  call.text.push_back('}');
  commands_.push_back(std::move(call));
  return request;
}

const std::string& Store::id_field(const std::string& context, const std::string& slot) const {
  const std::string qualified = context + "." + slot;
  for (const auto& [name, field] : config_.id_fields)
    if (name == qualified) return field;
  for (const auto& [name, field] : config_.id_fields)
    if (name == slot) return field;
  return config_.default_id_field;
}

void Store::apply_merge(const MergeEntry& merge, std::vector<std::string>& problems) {
  InvalidateTarget target = InvalidateTarget::broad(merge.context);
  target.scoped = merge.scoped;
  target.params = merge.params;
  std::vector<EntryId> matched;
  resolve_targets(target, matched);
  small_sort(matched, [](EntryId a, EntryId b) { return a < b; });
  for (EntryId id : matched) {
    Entry& e = entries_.at(id);
    if (e.has_data) {
      const MergeResult result =
          e.data.merge(merge.slot, merge.value, id_field(merge.context, merge.slot), next_version());
      if (result == MergeResult::unknown_slot) {
        problems.push_back("merge into " + merge.context + "." + merge.slot + ": no such slot; skipped");
        continue;
      }
      if (result == MergeResult::kind_mismatch) {
        problems.push_back("merge into " + merge.context + "." + merge.slot + ": value does not fit the slot; skipped");
        continue;
      }
      touch(id, e);
    }
    // A fetch that started before this mutation may carry older truth: its
    // response is dropped and a new fetch follows (SWR's rule).
    if (e.fetching) start_fetch(id, e);
  }
}

void Store::on_call_response(std::uint32_t request, int status, std::string_view invalidate_header,
                             std::string_view body, CallOutcome& outcome) {
  // Only a call's own id is settled here: a fetch's id must not drop it.
  if (const auto found = requests_.find(request); found != requests_.end() && found->second.kind == Request::Kind::call)
    requests_.erase(found);
  std::vector<InvalidateTarget> targets;
  CallResponse response;
  outcome.ok = parse_call_response(status, body, response, outcome.error);
  if (outcome.ok) {
    for (const MergeEntry& m : response.merge) apply_merge(m, outcome.problems);
    targets = std::move(response.invalidate);
    outcome.problems.insert(outcome.problems.end(), response.problems.begin(), response.problems.end());
    outcome.result = std::move(response.result);
  }
  // The header is the only carrier for some mutations and rides on errors
  // too; the same target in body and header refetches once (flush dedupes
  // by entry).
  InvalidateHeader header = parse_invalidate_header(invalidate_header);
  for (InvalidateTarget& t : header.targets) targets.push_back(std::move(t));
  for (const HeaderItemError& e : header.errors)
    outcome.problems.push_back("X-Mizan-Invalidate item \"" + e.item + "\": " + e.message + "; skipped");
  invalidate(std::move(targets));
}

void Store::on_call_failure(std::uint32_t request) {
  if (const auto found = requests_.find(request); found != requests_.end() && found->second.kind == Request::Kind::call)
    requests_.erase(found);
}

void Store::evict(std::unordered_map<EntryId, Entry>::iterator it) {
  const EntryId id = it->first;
  Entry& e = it->second;
  std::string key = e.name;
  key.push_back('\0');
  key += e.params_key;
  by_key_.erase(key);
  index_.remove(id);
  // Listed as changed so that the JS side learns of the eviction (its
  // snapshot lookup then finds no entry) and lets go of its record too.
  if (!e.changed) changed_.push_back(id);
  entries_.erase(it);
}

void Store::purge() {
  pending_.clear();
  slot_contexts_.clear();  // learnt from the old identity's bundles
  std::vector<EntryId> mounted;
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& e = it->second;
    cancel_fetch(e);
    if (e.mounts == 0) {
      evict(it++);
      continue;
    }
    e.data = Bundle();
    e.has_data = false;
    e.has_error = false;
    e.error = ServerError();
    e.stale = false;
    e.updated_at = 0;
    mounted.push_back(it->first);
    ++it;
  }
  // In mount order, for deterministic commands.
  small_sort(mounted, [](EntryId a, EntryId b) { return a < b; });
  for (EntryId id : mounted) start_fetch(id, entries_.at(id));
}

double Store::collect_garbage(double now) {
  for (; unmounted_head_ < unmounted_.size(); ++unmounted_head_) {
    const auto [since, id] = unmounted_[unmounted_head_];
    if (since + config_.gc_time_ms > now) break;
    const auto it = entries_.find(id);
    if (it == entries_.end() || it->second.mounts > 0 || it->second.unused_since != since) continue;  // stale
    evict(it);
  }
  if (entries_.empty() && requests_.empty()) {
    // Idle: give back what bursts left behind (hash tables and vectors keep
    // their capacity after erasing), so the heap returns to its baseline.
    // (Not `x = {}`: that assigns an empty initializer list and keeps it.)
    entries_ = decltype(entries_)();
    by_key_ = decltype(by_key_)();
    index_ = ContextIndex();
    unmounted_ = decltype(unmounted_)();
    unmounted_head_ = 0;
    if (changed_.empty()) changed_ = decltype(changed_)();
    return kNever;
  }
  // Drop the consumed prefix once it is at least half the queue.
  if (unmounted_head_ * 2 >= unmounted_.size()) {
    unmounted_.erase(unmounted_.begin(), unmounted_.begin() + static_cast<std::ptrdiff_t>(unmounted_head_));
    unmounted_head_ = 0;
  }
  return unmounted_head_ < unmounted_.size() ? unmounted_[unmounted_head_].first + config_.gc_time_ms : kNever;
}

std::vector<Command> Store::take_commands() { return std::exchange(commands_, {}); }

std::vector<EntryId> Store::take_changed() {
  for (EntryId id : changed_)
    if (Entry* e = find(id)) e->changed = false;
  return std::exchange(changed_, {});
}

}  // namespace mizan
