#include "kernel/context_index.h"

#include <algorithm>

#include "kernel/json_write.h"
#include "kernel/params.h"

namespace mizan {

NormalParams normalise_params(const json::Value& params) {
  NormalParams out;
  out.reserve(params.members.size());
  for (const json::Member* m : json::sorted_members(params.members)) {
    std::string value;
    if (!append_normalised(m->value, value)) json::write_canonical(m->value, value);
    out.emplace_back(m->key, std::move(value));
  }
  return out;
}

std::string ContextIndex::pair_key(const std::pair<std::string, std::string>& p) {
  std::string key = p.first;
  key.push_back('\0');
  key += p.second;
  return key;
}

void ContextIndex::add(EntryId id, const std::string& name, NormalParams params) {
  Instances& instances = names_[name];
  instances.all.insert(id);
  for (const auto& p : params) instances.by_param[pair_key(p)].insert(id);
  entries_[id] = Indexed{name, std::move(params)};
}

void ContextIndex::remove(EntryId id) {
  const auto found = entries_.find(id);
  if (found == entries_.end()) return;
  const auto instances = names_.find(found->second.name);
  instances->second.all.erase(id);
  for (const auto& p : found->second.params) {
    const auto bucket = instances->second.by_param.find(pair_key(p));
    bucket->second.erase(id);
    if (bucket->second.empty()) instances->second.by_param.erase(bucket);
  }
  if (instances->second.all.empty()) names_.erase(instances);
  entries_.erase(found);
}

void ContextIndex::match(const std::string& name, const NormalParams& target, std::vector<EntryId>& out) const {
  const auto instances = names_.find(name);
  if (instances == names_.end()) return;
  if (target.empty()) {
    out.insert(out.end(), instances->second.all.begin(), instances->second.all.end());
    return;
  }
  // Start from the rarest (param, value) pair, then check the others.
  const std::unordered_set<EntryId>* smallest = nullptr;
  for (const auto& p : target) {
    const auto bucket = instances->second.by_param.find(pair_key(p));
    if (bucket == instances->second.by_param.end()) return;  // no instance has this pair
    if (smallest == nullptr || bucket->second.size() < smallest->size()) smallest = &bucket->second;
  }
  for (EntryId id : *smallest) {
    const NormalParams& params = entries_.at(id).params;
    const bool all = std::all_of(target.begin(), target.end(), [&](const auto& want) {
      const auto it = std::lower_bound(params.begin(), params.end(), want,
                                       [](const auto& a, const auto& b) { return a.first < b.first; });
      return it != params.end() && it->first == want.first && it->second == want.second;
    });
    if (all) out.push_back(id);
  }
}

}  // namespace mizan
