#include "kernel/store.h"

#include <algorithm>

#include "kernel/invalidate_header.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/percent.h"
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
  return it == entries_.end() ? nullptr : it->second.get();
}

const Entry* Store::entry(EntryId id) const {
  const auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : it->second.get();
}

void Store::touch(EntryId id, Entry& e) {
  e.version = next_version();
  if (!e.changed) changed_.push_back(id);
  e.changed = true;
}

// Inlined into its two callers on purpose: as a call it costs ~0.45 KB gzip
// of the browser wasm (measured), most of what the 40 KB budget has left.
__attribute__((always_inline)) inline void Store::take_data(EntryId id, Entry& e, const Vec<json::RawMember>& slots,
                                                            double updated_at) {
  if (!slots.empty()) {
    const Str name(e.name());
    for (const json::RawMember& slot : slots) {
      std::uint32_t& place = slot_ids_[slot.key];  // 1 + its index in slot_contexts_; 0: new
      if (place == 0) {
        slot_contexts_.emplace_back();
        place = static_cast<std::uint32_t>(slot_contexts_.size());
      }
      Vec<Str>& contexts = slot_contexts_[place - 1];
      if (std::find(contexts.begin(), contexts.end(), name) == contexts.end()) contexts.push_back(name);
    }
  }
  server_data(id, e).assign(slots, next_version());
  e.has_data = true;
  e.status = EntryStatus::success;
  e.error.reset();
  e.stale = false;
  e.updated_at = updated_at;
  touch(id, e);
  show(id, e);
}

Status Store::entry_key(std::string_view name, std::string_view params_json, json::Value& params, Str& key) {
  if (name.empty()) return Status::fail(Code::invalid_argument, "the context name is empty");
  if (Status s = json::parse(params_json.empty() ? std::string_view("{}") : params_json, params); !s.ok()) return s;
  if (!params.is_object()) return Status::fail(Code::invalid_params, "params must be an object");
  key.assign(name);
  key.push_back('\0');
  json::write_canonical(params, key);
  return Status::success();
}

EntryId Store::create_entry(std::string_view name, const json::Value& params, Str key) {
  const EntryId id = ++next_entry_;
  Entry& e = *(entries_[id] = std::make_unique<Entry>());
  e.key = std::move(key);
  e.key.shrink_to_fit();  // built by appending: it may hold spare capacity
  index_.add(id, Str(name), normalise_params(params));
  insert_key(id);
  return id;
}

json::Value Store::params_of(const Entry& e) {
  json::Value params;
  json::parse(e.params_key(), params);  // canonical JSON: cannot fail
  return params;
}

namespace {

// In canonical JSON (valid, no whitespace): the end of the string token at
// `i`, or of the value at `i` (a ',' or the closing bracket after it).
std::size_t string_end(std::string_view text, std::size_t i) {
  for (++i; text[i] != '"'; ++i)
    if (text[i] == '\\') ++i;
  return i + 1;
}

std::size_t value_end(std::string_view text, std::size_t i) {
  for (int depth = 0;; ++i) {
    const char c = text[i];
    if (c == '"') {
      i = string_end(text, i) - 1;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}' || c == ',') && depth == 0) {
      return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

// Percent-encodes a JSON string token's characters.
void append_string(std::string_view token, Str& out) {
  if (token.find('\\') == std::string_view::npos) {
    percent_encode(token.substr(1, token.size() - 2), out);
    return;
  }
  json::Value decoded;
  json::parse(token, decoded);
  percent_encode(decoded.text, out);
}

}  // namespace

// context_path() of the entry's name and params, made from its canonical
// params: they already hold every value in its §5 normal form (numbers as
// JS spells them, nested values canonical), keys sorted, so only a
// string's quotes and escapes are left to undo. No parse and no sort: a
// fetch starts often (every refetch), and the URL is not kept.
Str Store::path_of(const Entry& e) {
  Str out = "ctx/";
  percent_encode(e.name(), out);
  out.push_back('/');
  const std::string_view params = e.params_key();
  char separator = '?';
  for (std::size_t i = 1; i + 1 < params.size();) {  // between '{' and '}'
    out.push_back(separator);
    separator = '&';
    const std::size_t key_end = string_end(params, i);
    append_string(params.substr(i, key_end - i), out);
    out.push_back('=');
    const std::size_t end = value_end(params, key_end + 1);  // after the ':'
    const std::string_view value = params.substr(key_end + 1, end - key_end - 1);
    if (value[0] == '"') {
      append_string(value, out);
    } else {
      percent_encode(value, out);
    }
    i = end + 1;
  }
  return out;
}

// by_key_: the probe for `key` starts at its hash's slot.
std::size_t Store::key_slot(std::string_view key) const { return flat_hash(key) & (by_key_.size() - 1); }

EntryId Store::find_key(std::string_view key) const {
  if (by_key_.empty()) return 0;
  for (std::size_t i = key_slot(key);; i = (i + 1) & (by_key_.size() - 1)) {
    const EntryId id = by_key_[i];
    if (id == 0 || entries_.at(id)->key == key) return id;
  }
}

void Store::insert_key(EntryId id) {
  if ((keys_ + 1) * 4 > by_key_.size() * 3) {
    // Grow to twice the size (from 16): at most 3/8 full again.
    Vec<EntryId> old = std::move(by_key_);
    by_key_.assign(old.empty() ? 16 : old.size() * 2, 0);
    keys_ = 0;
    for (EntryId held : old)
      if (held != 0) insert_key(held);
  }
  std::size_t i = key_slot(entries_.at(id)->key);
  while (by_key_[i] != 0) i = (i + 1) & (by_key_.size() - 1);
  by_key_[i] = id;
  ++keys_;
}

// Linear probing's deletion without tombstones: each later id of the run
// that the gap would hide from its own start slot moves into the gap.
void Store::erase_key(EntryId id) {
  const std::size_t mask = by_key_.size() - 1;
  std::size_t gap = key_slot(entries_.at(id)->key);
  while (by_key_[gap] != id) gap = (gap + 1) & mask;
  for (std::size_t j = (gap + 1) & mask; by_key_[j] != 0; j = (j + 1) & mask) {
    const std::size_t home = key_slot(entries_.at(by_key_[j])->key);
    // Stays when its home lies cyclically in (gap, j].
    const bool stays = gap < j ? (gap < home && home <= j) : (gap < home || home <= j);
    if (stays) continue;
    by_key_[gap] = by_key_[j];
    gap = j;
  }
  by_key_[gap] = 0;
  --keys_;
}

Status Store::mount(std::string_view name, std::string_view params_json, EntryId& id) {
  json::Value params;
  Str key;
  if (Status s = entry_key(name, params_json, params, key); !s.ok()) return s;
  id = find_key(key);
  if (id != 0) {
    Entry& e = *entries_.at(id);
    ++e.mounts;
    // Fresh data is kept until invalidated; anything else (never loaded,
    // stale, or failed last time) loads now.
    if (e.mounts == 1 && !e.fetching && (e.stale || !e.has_data || e.status == EntryStatus::error)) start_fetch(id, e);
    return Status::success();
  }
  id = create_entry(name, params, std::move(key));
  Entry& e = *entries_.at(id);
  e.mounts = 1;
  start_fetch(id, e);
  return Status::success();
}

Status Store::lookup(std::string_view name, std::string_view params_json, EntryId& id) const {
  json::Value params;
  Str key;
  if (Status s = entry_key(name, params_json, params, key); !s.ok()) return s;
  id = find_key(key);
  return Status::success();
}

Status Store::hydrate(std::string_view name, std::string_view params_json, std::string_view bundle_json,
                      double updated_at, double now, bool& applied, bool check_only, bool set) {
  applied = false;
  json::Value params;
  Str key;
  if (Status s = entry_key(name, params_json, params, key); !s.ok()) return s;
  Vec<json::RawMember> slots;
  if (Status s = json::scan_object(bundle_json, slots); !s.ok()) return s;
  if (check_only) return Status::success();
  EntryId id = find_key(key);
  if (id == 0) {
    id = create_entry(name, params, std::move(key));
    mark_unused(id, *entries_.at(id), now);
  }
  Entry& e = *entries_.at(id);
  // set: the server's slots, then the given ones, as one object: a later
  // duplicate key wins in the earlier one's place (json::scan_object reads
  // them as JSON.parse does), so the given slots replace theirs in order.
  Str both;
  if (set) {
    const auto add = [&both](std::string_view slot, std::string_view text) {
      both += both.empty() ? '{' : ',';
      json::write_string(slot, both);
      both += ':';
      both += text;
    };
    for (const Slot& s : server_data(id, e).slots()) add(s.name, s.text);
    for (const json::RawMember& m : slots) add(m.key, m.text);
    both += both.empty() ? "{}" : "}";
    json::scan_object(both, slots);
  } else if (e.has_data && e.updated_at >= updated_at) {
    return Status::success();
  }
  // A fetch in flight keeps going: its answer is newer than the snapshot
  // (not than what the app sets, which may follow a mutation).
  take_data(id, e, slots, updated_at);
  if (set && e.fetching) start_fetch(id, e);
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
  fetch.text = path_of(e);
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
  e.error = std::make_unique<ServerError>(std::move(error));
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
  Vec<json::RawMember> slots;
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
  error.message = "The request failed before the server answered: " + Str(message);
  fail_fetch(r.entry, *e, r.attempt, std::move(error));
}

void Store::invalidate(Vec<InvalidateTarget> targets) {
  for (InvalidateTarget& t : targets) pending_.push_back(std::move(t));
}

void Store::resolve_targets(const InvalidateTarget& target, Vec<EntryId>& out) const {
  const NormalParams params = target.scoped ? normalise_params(target.params) : NormalParams();
  if (target.kind == InvalidateTarget::Kind::context) {
    index_.match(target.name, params, out);
    return;
  }
  // A function-level target: the contexts known to hold that slot, or none.
  const auto slot = slot_ids_.find(target.name);
  if (slot == slot_ids_.end()) return;
  for (const Str& context : slot_contexts_[slot->second - 1]) index_.match(context, params, out);
}

void Store::flush() {
  Vec<EntryId> matched;
  for (const InvalidateTarget& t : pending_) resolve_targets(t, matched);
  pending_.clear();
  // Each matching entry once, in mount order for deterministic commands.
  small_sort(matched, [](EntryId a, EntryId b) { return a < b; });
  matched.erase(std::unique(matched.begin(), matched.end()), matched.end());
  for (EntryId id : matched) {
    Entry& e = *entries_.at(id);
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

const Str& Store::id_field(const Str& context, const Str& slot) const {
  if (config_.id_fields.empty()) return config_.default_id_field;
  const Str qualified = context + "." + slot;
  for (const auto& [name, field] : config_.id_fields)
    if (name == qualified) return field;
  for (const auto& [name, field] : config_.id_fields)
    if (name == slot) return field;
  return config_.default_id_field;
}

void Store::match(const MergeEntry& merge, Vec<EntryId>& out) const {
  InvalidateTarget target = InvalidateTarget::broad(merge.context);
  target.scoped = merge.scoped;
  target.params = merge.params;
  resolve_targets(target, out);
  small_sort(out, [](EntryId a, EntryId b) { return a < b; });
}

void Store::apply_merge(const MergeEntry& merge, Vec<Str>& problems) {
  Vec<EntryId> matched;
  match(merge, matched);
  for (EntryId id : matched) {
    Entry& e = *entries_.at(id);
    if (e.has_data) {
      const MergeResult result =
          server_data(id, e).merge(merge.slot, merge.value, id_field(merge.context, merge.slot), next_version());
      if (result == MergeResult::unknown_slot || result == MergeResult::kind_mismatch) {
        problems.push_back("merge into " + merge.context + "." + merge.slot +
                           (result == MergeResult::unknown_slot ? ": no such slot; skipped"
                                                                : ": value does not fit the slot; skipped"));
        continue;
      }
      touch(id, e);
      show(id, e);
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
  drop_layers(request, 0);  // before the merges: what stands after is the server's answer
  Vec<InvalidateTarget> targets;
  CallResponse response;
  outcome.ok = parse_call_response(status, body, response, outcome.error);
  if (outcome.ok) {
    for (const MergeEntry& m : response.merge) apply_merge(m, outcome.problems);
    targets = std::move(response.invalidate);
    // Moved one by one: a range insert is ~0.3 KB more gzip of wasm for this line.
    for (Str& p : response.problems) outcome.problems.push_back(std::move(p));
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
  drop_layers(request, 0);
}

Bundle& Store::server_data(EntryId id, Entry& e) { return layers_ ? layers_->server_data(id, e) : e.data; }

void Store::show(EntryId id, Entry& e) {
  if (layers_) layers_->show(*this, id, e);
}

void Store::drop_layers(std::uint32_t call, EntryId entry) {
  if (layers_) layers_->drop(*this, call, entry);
}

void Store::evict(EntryId id) {
  drop_layers(0, id);  // shows nothing: the base record went too
  const Entry& e = *entries_.at(id);
  erase_key(id);
  index_.remove(id, Str(e.name()), normalise_params(params_of(e)));
  // Listed as changed so that the JS side learns of the eviction (its
  // snapshot lookup then finds no entry) and lets go of its record too.
  if (!e.changed) changed_.push_back(id);
  entries_.erase(id);
}

void Store::purge() {
  pending_.clear();
  layers_.reset();    // shown over the old identity's data
  slot_ids_.clear();  // learnt from the old identity's bundles
  slot_contexts_.clear();
  Vec<EntryId> unused;
  Vec<EntryId> mounted;
  for (const auto& [id, e] : entries_) {
    cancel_fetch(*e);
    if (e->mounts == 0) {
      unused.push_back(id);  // evicted below: erasing moves the table's items
      continue;
    }
    e->data = Bundle();
    e->has_data = false;
    e->error.reset();
    e->stale = false;
    e->updated_at = 0;
    mounted.push_back(id);
  }
  // In mount order, for deterministic commands and changes.
  const auto by_id = [](EntryId a, EntryId b) { return a < b; };
  small_sort(unused, by_id);
  for (EntryId id : unused) evict(id);
  small_sort(mounted, by_id);
  for (EntryId id : mounted) start_fetch(id, *entries_.at(id));
}

double Store::collect_garbage(double now) {
  for (; unmounted_head_ < unmounted_.size(); ++unmounted_head_) {
    const auto [since, id] = unmounted_[unmounted_head_];
    if (since + config_.gc_time_ms > now) break;
    const Entry* e = entry(id);
    if (e == nullptr || e->mounts > 0 || e->unused_since != since) continue;  // stale
    evict(id);
  }
  if (entries_.empty() && requests_.empty()) {
    // Idle: give back what bursts left behind (hash tables and vectors keep
    // their capacity after erasing), so the heap returns to its baseline.
    // The tables' clear() does (through their shared core: assigning new
    // tables inlined their item destructors here, +130 B gzip); a vector
    // is replaced (not `x = {}`: that assigns an empty initializer list and
    // keeps the capacity).
    entries_.clear();
    by_key_ = decltype(by_key_)();
    keys_ = 0;
    index_.clear();
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

bool Store::drop(EntryId id) {
  const auto it = entries_.find(id);
  if (it == entries_.end() || it->second->mounts > 0) return false;
  cancel_fetch(*it->second);
  evict(id);  // its place in the unmounted queue is skipped as stale
  return true;
}

Vec<Command> Store::take_commands() { return std::exchange(commands_, {}); }

Vec<EntryId> Store::take_changed() {
  for (EntryId id : changed_)
    if (Entry* e = find(id)) e->changed = false;
  return std::exchange(changed_, {});
}

}  // namespace mizan
