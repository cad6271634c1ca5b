#pragma once
// Finds the mounted contexts an invalidation or merge target names
// (PROTOCOL.md §4): broad (every instance of a name) or scoped (instances
// whose params include the target's, compared in §5 normal form, so 5 matches
// "5"). Indexed by name and by each (param, value) pair, so a scoped match
// costs in proportion to the smallest candidate set, not to the number of
// mounted contexts.
//
// The index keeps ids only: an entry's name and params are the store's
// (Entry::key), handed in again on removal, so they are held once.
#include <cstdint>
#include <memory>
#include <utility>

#include "kernel/flat_table.h"
#include "kernel/json_value.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

using EntryId = std::uint32_t;

// Params as (key, normal form) pairs sorted by key; nested values as
// canonical JSON.
using NormalParams = Vec<std::pair<Str, Str>>;
NormalParams normalise_params(const json::Value& params);

class ContextIndex {
 public:
  void add(EntryId id, const Str& name, const NormalParams& params);
  // `name` and `params` as add() had them.
  void remove(EntryId id, const Str& name, const NormalParams& params);

  // Appends to `out` every entry of `name` whose params include all of
  // `target`; an empty target matches every instance.
  void match(const Str& name, const NormalParams& target, Vec<EntryId>& out) const;

  // Forgets every entry and name, and gives the memory back.
  void clear() {
    names_.clear();
    pairs_.clear();
    name_ids_.clear();
  }

 private:
  // The ids of a name's instances, or of those holding one (param, value)
  // pair. Most pairs have a single holder (an id, a slug), which is kept
  // inline: a set only for the rest.
  struct Holders {
    EntryId one = 0;  // 0: none (ids start at 1)
    std::unique_ptr<FlatSet<EntryId>> more;
    std::size_t size() const { return (one != 0 ? 1 : 0) + (more ? more->size() : 0); }
    void insert(EntryId id);
    void erase(EntryId id);
    bool contains(EntryId id) const;
    template <typename Visit>
    void each(Visit visit) const {
      if (one != 0) visit(one);
      if (more)
        for (EntryId id : *more) visit(id);
    }
  };
  // A (param, value) pair of the name numbered `name_id`.
  static Str pair_key(std::uint32_t name_id, const std::pair<Str, Str>& p);

  // One type for both, so that wasm holds one hash-table instantiation.
  FlatMap<Str, Holders> names_;  // a name -> its instances
  FlatMap<Str, Holders> pairs_;  // pair_key -> the instances holding it
  // Each name seen, numbered from 1 (kept until the index is reset: names
  // are few). Pair keys start with the number rather than the name, so
  // that most stay within Str's inline buffer.
  FlatMap<Str, std::uint32_t> name_ids_;
};

}  // namespace mizan
