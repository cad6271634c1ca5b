#pragma once
// The JSON forms in which the store talks to the JS runtime: its config in,
// its effects and entry snapshots out. Snapshots carry only the slots that
// changed since the version JS already holds, so JS decodes each slot once
// per change and keeps the same object for untouched slots.
#include <cstdint>
#include <string_view>

#include "kernel/status.h"
#include "kernel/store.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

// {"gcTime": ms or null (never evict), "callBodyKey": "fn", "retryDelays": [200, 400],
//  "idField": "id", "idFields": {"board.cards": "uuid"}}; every key optional.
Status parse_store_config(std::string_view json, StoreConfig& out);

// {"commands": [[kind, request, text, delay], ...], "changed": [ids],
//  "pending": bool} with kind 0 fetch, 1 abort, 2 call.
void write_effects_json(const Vec<Command>& commands, const Vec<EntryId>& changed, bool pending, Str& out);

// {"version", "status", "fetching", "updatedAt", "error", "data", "kept",
//  "patches"}: "data" is null before any data, else an object of every
// slot in order, where a slot newer than `known_version` has its value and
// any other slot 0: a place for the reader to fill in, as named by
//   "kept": [name, ...] unchanged since `known_version` (the reader holds
//           it: slot versions never exceed the entry's, which the reader
//           remembers), and
//   "patches": [[name, index, element], ...] changed by one upsert into a
//           list the reader holds (index == length: appended).
// So the reader keeps no slot versions of its own, and JSON.parse makes the
// data object itself (own properties, "__proto__" included).
void write_entry_json(const Entry& entry, std::uint32_t known_version, Str& out);

// {"result": ..., "problems": [...]} for an answered call, or the error
// value {status, code, message, details} plus "problems" for a refused one.
void write_call_outcome_json(const CallOutcome& outcome, Str& out);

// {"mizan": 1, "contexts": [{"context", "params", "data", "updatedAt"}, ...]}:
// every entry holding successfully loaded data, in creation order, for a
// server-rendered page to hand to Store::hydrate() in the browser. Slots
// keep the text the server sent (after any merges).
void write_dehydrated_json(const Store& store, Str& out);

}  // namespace mizan
