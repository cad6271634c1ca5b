#pragma once
// Finds the mounted contexts an invalidation or merge target names
// (PROTOCOL.md §4): broad (every instance of a name) or scoped (instances
// whose params include the target's, compared in §5 normal form, so 5 matches
// "5"). Indexed by name and by each (param, value) pair, so a scoped match
// costs in proportion to the smallest candidate set, not to the number of
// mounted contexts.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kernel/json_value.h"

namespace mizan {

using EntryId = std::uint32_t;

// Params as (key, normal form) pairs sorted by key; nested values as
// canonical JSON.
using NormalParams = std::vector<std::pair<std::string, std::string>>;
NormalParams normalise_params(const json::Value& params);

class ContextIndex {
 public:
  void add(EntryId id, const std::string& name, NormalParams params);
  void remove(EntryId id);

  // Appends to `out` every entry of `name` whose params include all of
  // `target`; an empty target matches every instance.
  void match(const std::string& name, const NormalParams& target, std::vector<EntryId>& out) const;

 private:
  struct Instances {
    std::unordered_set<EntryId> all;
    std::unordered_map<std::string, std::unordered_set<EntryId>> by_param;  // key '\0' value
  };
  struct Indexed {
    std::string name;
    NormalParams params;
  };
  static std::string pair_key(const std::pair<std::string, std::string>& p);

  std::unordered_map<std::string, Instances> names_;
  std::unordered_map<EntryId, Indexed> entries_;
};

}  // namespace mizan
