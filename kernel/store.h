#pragma once
// The context store: every mounted context's state, kept right under any
// ordering of responses, mutations and unmounts. Sans-IO: the store never
// fetches or waits. It emits commands ("fetch this URL as request 7", "abort
// request 7", "POST this call body as request 8") and is handed responses,
// the current time and the end of each tick, so every race is a
// deterministic native test.
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <utility>

#include "kernel/bundle.h"
#include "kernel/context_index.h"
#include "kernel/envelope.h"
#include "kernel/flat_table.h"
#include "kernel/invalidate_target.h"
#include "kernel/optimistic_layers.h"
#include "kernel/status.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

enum class EntryStatus : unsigned char { idle, loading, success, error };
const char* status_name(EntryStatus status);

struct StoreConfig {
  double gc_time_ms = 300000;                // unused entries are evicted after this
  Str call_body_key = "fn";                  // PROTOCOL.md §1: {"fn": name, "args": {...}}
  Vec<double> retry_delays_ms = {200, 400};  // context GETs only (§3)
  Str default_id_field = "id";               // merge upserts match list items on this
  // Per-slot identity fields as ("context.slot" or "slot", field); a handful
  // at most, so a list (each hash-map type costs wasm bytes).
  Vec<std::pair<Str, Str>> id_fields;
};

// A call's answer as the store read it: the result, or the error value;
// either way the items it skipped (bad merge or invalidate items, header
// garbage), so that one bad item neither fails the call nor goes unseen.
struct CallOutcome {
  bool ok = false;
  json::Value result;  // when ok
  ServerError error;   // when not
  Vec<Str> problems;
};

struct Command {
  enum class Kind : unsigned char { fetch, abort, call };
  Kind kind = Kind::fetch;
  std::uint32_t request = 0;
  Str text;             // fetch: URL relative to the base; call: the JSON body
  double delay_ms = 0;  // fetch: wait this long first (a retry)
};

// Lean on purpose: a page may hold tens of thousands. The identity is one
// string, the fetch URL is made when a fetch starts, and an error is held
// only while there is one.
struct Entry {
  // name '\0' stableKey(params): the store's key for the entry, and the
  // one copy of its name and params (a name may hold '\0' itself; the
  // canonical params never do, so the last '\0' separates them).
  Str key;
  std::uint32_t mounts = 0;
  std::uint32_t version = 0;   // changes whenever anything visible changes
  std::uint32_t inflight = 0;  // the request whose response this entry awaits
  EntryStatus status = EntryStatus::idle;
  // Bit-fields, so that the doubles below need no padding before them.
  bool fetching : 1;
  bool stale : 1;  // invalidated while unmounted: refetch on next mount
  bool has_data : 1;
  bool changed : 1;  // listed for take_changed()
  double updated_at = 0;
  double unused_since = 0;
  Bundle data;
  std::unique_ptr<ServerError> error;  // the last failure, while it stands

  Entry() : fetching(false), stale(false), has_data(false), changed(false) {}

  std::string_view name() const { return std::string_view(key).substr(0, key.rfind('\0')); }
  std::string_view params_key() const { return std::string_view(key).substr(key.rfind('\0') + 1); }  // stableKey
};

class Store {
 public:
  explicit Store(StoreConfig config = {});

  // One mount of (name, params); the same key shares one entry and one fetch.
  Status mount(std::string_view name, std::string_view params_json, EntryId& id);
  // Returns the time at which the entry may be evicted, or infinity when it
  // is still mounted elsewhere.
  double unmount(EntryId id, double now);
  void refetch(EntryId id);
  // The entry of (name, params) when one is mounted or cached, else 0.
  // Mounts nothing: a render can read what is there before it subscribes.
  Status lookup(std::string_view name, std::string_view params_json, EntryId& id) const;

  // Puts server-rendered data (a JSON object of slots, loaded at
  // `updated_at`) into the entry of (name, params), creating it unmounted
  // and evictable like any unused entry. An entry that already holds data
  // at least as new keeps it (`applied` false): an old snapshot never
  // overwrites what the client fetched since. Hydrated data counts as
  // fresh, so the first mount shows it and does not fetch.
  // `check_only`: validate the arguments and change nothing.
  // `set` (kernel.setData): the slots given replace the entry's own (or
  // are added), the others stay, whatever the entry held; a fetch in
  // flight is replaced by a new one, as for a merge (§6.2).
  Status hydrate(std::string_view name, std::string_view params_json, std::string_view bundle_json, double updated_at,
                 double now, bool& applied, bool check_only = false, bool set = false);

  // Queued; applied by flush() so that targets arriving in one tick refetch
  // each matching entry once.
  void invalidate(Vec<InvalidateTarget> targets);
  bool has_pending() const { return !pending_.empty(); }
  void flush();

  std::uint32_t call(std::string_view fn, std::string_view args_json);

  // Optimistic updates (optimistic_layers.h): the call's layers go on every
  // entry held now that a target matches (as a merge matches, §6); an
  // entry created later gets none, one without data shows them once it has
  // some. They come off when the call settles (on_call_response,
  // on_call_failure) or the store is purged; an evicted entry takes its
  // own with it. `targets` as read_optimistic_targets() read them. The
  // first call with targets makes the store's OptimisticLayers: until then
  // the store reaches none of their code (a build that never calls this
  // links none). These three are defined in optimistic_layers.cpp.
  void add_layers(std::uint32_t call, const CallResponse& targets);
  // The first function layer awaiting its value from JS, or nullptr. JS
  // hands the function's result to settle_layer() (nullptr: the function
  // failed; the slot then shows unchanged).
  const Layer* awaiting_layer() const;
  void settle_layer(const json::Value* value);

  void on_fetch_response(std::uint32_t request, int status, std::string_view body, double now);
  void on_fetch_failure(std::uint32_t request, std::string_view message, double now);
  // What the call answered, into `outcome` (write_call_outcome_json spells
  // it for JS). Merges apply at once; invalidations, the header's too, are
  // queued.
  void on_call_response(std::uint32_t request, int status, std::string_view invalidate_header, std::string_view body,
                        CallOutcome& outcome);
  void on_call_failure(std::uint32_t request);

  // The identity changed (another user, or logged out): nothing loaded for
  // the old one may be shown again. Fetches in flight are aborted (their
  // answers are dropped), unmounted entries are evicted, mounted ones lose
  // their data and error and load again, queued invalidations are dropped.
  // Calls in flight are the caller's to settle (on_call_failure).
  void purge();

  // Evicts unmounted entries older than gc_time; returns the next deadline.
  // Costs what it evicts, not what is mounted.
  double collect_garbage(double now);
  // Evicts one entry now if nothing reads it (devtools' drop): its fetch,
  // if one is in flight, is aborted. False for a mounted or unknown entry.
  bool drop(EntryId id);

  Vec<Command> take_commands();
  Vec<EntryId> take_changed();

  const Entry* entry(EntryId id) const;
  // Every entry, in no order.
  const FlatMap<EntryId, std::unique_ptr<Entry>>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  std::size_t requests_in_flight() const { return requests_.size(); }

  static constexpr double kNever = std::numeric_limits<double>::infinity();

 private:
  struct Request {
    enum class Kind : unsigned char { fetch, call };
    Kind kind = Kind::fetch;
    EntryId entry = 0;
    std::size_t attempt = 0;
  };

  Entry* find(EntryId id);
  // name '\0' stableKey(params) (Entry::key); `params` gets the parsed params.
  static Status entry_key(std::string_view name, std::string_view params_json, json::Value& params, Str& key);
  EntryId create_entry(std::string_view name, const json::Value& params, Str key);
  // The entry's params, parsed again from its key (they are kept once),
  // and its fetch URL (relative to the base).
  static json::Value params_of(const Entry& e);
  static Str path_of(const Entry& e);
  // The entry of `key`, or 0; and the upkeep of by_key_ (see there).
  EntryId find_key(std::string_view key) const;
  void insert_key(EntryId id);
  void erase_key(EntryId id);
  std::size_t key_slot(std::string_view key) const;
  void mark_unused(EntryId id, Entry& e, double now);
  void start_fetch(EntryId id, Entry& e, double delay_ms = 0, std::size_t attempt = 0);
  void cancel_fetch(Entry& e);
  void fail_fetch(EntryId id, Entry& e, std::size_t attempt, ServerError error);
  // A bundle (fetched or hydrated) becomes the entry's data: success, fresh.
  void take_data(EntryId id, Entry& e, const Vec<json::RawMember>& slots, double updated_at);
  void touch(EntryId id, Entry& e);
  void evict(EntryId id);
  void resolve_targets(const InvalidateTarget& target, Vec<EntryId>& out) const;
  const Str& id_field(const Str& context, const Str& slot) const;
  void apply_merge(const MergeEntry& merge, Vec<Str>& problems);
  friend class OptimisticLayers;
  // The layers' hooks (OptimisticLayers::server_data, show, drop), or
  // without layers: the entry's own data; nothing; nothing.
  Bundle& server_data(EntryId id, Entry& e);
  void show(EntryId id, Entry& e);
  void drop_layers(std::uint32_t call, EntryId entry);
  // The entries a merge (or an optimistic target) names, in mount order.
  void match(const MergeEntry& merge, Vec<EntryId>& out) const;
  std::uint32_t next_version() { return ++version_; }

  StoreConfig config_;
  // Each entry in a node of its own: a reference to it outlives inserts
  // and erases of others.
  FlatMap<EntryId, std::unique_ptr<Entry>> entries_;
  // The entries by Entry::key: open addressing with linear probing over
  // ids (0: empty), a power of two in size and at most 3/4 full, so that
  // the key is stored once (in the entry) and a mount costs no node.
  Vec<EntryId> by_key_;
  std::size_t keys_ = 0;
  ContextIndex index_;
  std::unique_ptr<OptimisticLayers> layers_;  // null until the first call with optimistic targets
  // Which contexts are known to hold a slot: function-level targets name a
  // slot, and PROTOCOL.md §4 resolves them to the contexts that have it.
  // A slot name -> 1 + its index in slot_contexts_: the context names
  // holding it (a few). (A map of lists would be one more hash-table type in wasm.)
  FlatMap<Str, std::uint32_t> slot_ids_;
  Vec<Vec<Str>> slot_contexts_;
  FlatMap<std::uint32_t, Request> requests_;
  Vec<InvalidateTarget> pending_;
  Vec<Command> commands_;
  Vec<EntryId> changed_;
  // Unmounts in time order (gc_time is constant, so also deadline order):
  // collect_garbage() looks only at what is due, never at mounted entries.
  // A record is stale when its entry was remounted (or unmounted again)
  // since; popping it then does nothing.
  Vec<std::pair<double, EntryId>> unmounted_;
  std::size_t unmounted_head_ = 0;
  EntryId next_entry_ = 0;
  std::uint32_t next_request_ = 0;
  std::uint32_t version_ = 0;
};

}  // namespace mizan
