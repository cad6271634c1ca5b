#pragma once
// Optimistic updates (kernel.call()'s `optimistic` option) as layers over
// the server's data. Each pending call's changes stay layers of their own,
// in call order, until the call settles; readers see the server's data with
// every live layer applied in that order. Taking a layer off makes the view
// again from the server's data and the other layers, so when the first of
// two overlapping calls fails only its change goes (restoring a snapshot
// taken before it would also undo the second's), and server data arriving
// meanwhile (a refetch, another call's merge, setData) goes under the layers.
//
// While an entry has layers, its Entry::data is the view (so the snapshot
// path shows it, whole) and the server's data is kept in a base record
// (call 0) of the store's layer list; server writes go to the base and the
// view is made again (OptimisticLayers::show).
//
// A value layer splices its value by PROTOCOL.md §6 (an object with an id
// into a list upserts that element). A function layer's value is computed
// in JS, where the function is: functions cannot cross into wasm. The layer
// keeps the slot text it was computed from (`input`), and is computed again
// whenever the slot under it changes (the server's data or a lower layer):
// making a view stops at such a layer and marks it awaiting; JS asks for it
// (Store::awaiting_layer), runs the function, hands the result back
// (Store::settle_layer) and the view is made again, all before any reader
// is notified. Keeping function layers here, in one list with the value
// layers, rather than re-running them in JS over the kernel's data, keeps a
// single order: a value layer above a function layer applies to its result,
// and a function above a value layer sees it.
//
// Only what asks for layers reaches this code: a store makes its
// OptimisticLayers at the first call with targets (Store::add_layers), and
// its own writes reach them only through the virtual hooks below, whose
// code only the vtable refers to, which only that construction does. A
// build whose exports never add layers (the base browser wasm: wasm/
// exports.cpp without MIZAN_LAYERS) links none of it.
#include <cstdint>
#include <memory>
#include <string_view>

#include "kernel/bundle.h"
#include "kernel/context_index.h"
#include "kernel/envelope.h"
#include "kernel/json_value.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

class Store;
struct Entry;

// One change a pending call shows on one entry, or (call 0) the server's
// data of an entry with layers.
struct Layer {
  std::uint32_t call = 0;  // the call's request id: layers apply in call order and go with their call
  EntryId entry = 0;       // 0: dropped (the list is compacted after)
  // 0: `value` is spliced by §6; else the number (from 1, among the call's
  // functions) of the JS function whose result `value` is: it replaces the
  // slot whole.
  std::uint32_t update = 0;
  bool awaiting = false;  // update: JS is to compute `value` from `input`
  Str slot;
  Str id_field;  // a value's upsert identity (StoreConfig)
  Str input;     // update: the slot's text `value` was (or is to be) computed from
  json::Value value;
  Bundle base;  // call 0: the server's data
};

// The `optimistic` option's targets, as js/validate.js writes them:
//   {"result": [0, 1, ...], "merge": [{"context", "params", "slot", "value"}, ...]}
// a call response's merge list (§6), read by the same reader, and each
// item's function number (0: the item is a value; a function item's
// value is a placeholder). False when malformed (then nothing may apply).
bool read_optimistic_targets(std::string_view text, CallResponse& out);

// `to` holds `from`'s slots; a slot whose text is unchanged keeps its
// version (Bundle::assign), the others get `version`.
void copy_bundle(const Bundle& from, Bundle& to, std::uint32_t version);

// The view of `entry` into `out`: `base` with the entry's layers applied in
// order. False when a function layer awaits its value (now marked so):
// `out` is then unfinished.
// (A list of pointers: a layer is moved and kept whole, never copied.)
using Layers = Vec<std::unique_ptr<Layer>>;
bool apply_layers(Layers& layers, EntryId entry, const Bundle& base, Bundle& out);

// A store's layers, in call order (base records anywhere), and what its
// writes do with them. Not `final`, so that calls through the hooks stay
// virtual (a devirtualised call would link them into every build).
class OptimisticLayers {
 public:
  virtual ~OptimisticLayers() = default;

  // The store's hooks. The entry's server data: its base record's while
  // it has layers, else its own.
  virtual Bundle& server_data(EntryId id, Entry& e);
  // Makes an entry's view again from its base and layers, or, when its
  // last layer went, makes its server data its data again. Nothing for an
  // entry without layers.
  virtual void show(Store& store, EntryId id, Entry& e);
  // Drops the layers (base records too) of `call`, or of `entry` (0: any),
  // and shows what they were on.
  virtual void drop(Store& store, std::uint32_t call, EntryId entry);

  // Store::add_layers, awaiting_layer and settle_layer.
  void add(Store& store, std::uint32_t call, const CallResponse& targets);
  const Layer* awaiting() const;
  void settle(Store& store, const json::Value* value);

 private:
  Layers layers_;
};

}  // namespace mizan
