#include "kernel/context_index.h"

#include "kernel/json_write.h"
#include "kernel/params.h"

namespace mizan {

NormalParams normalise_params(const json::Value& params) {
  NormalParams out;
  out.reserve(params.members.size());
  for (const json::Member* m : json::sorted_members(params.members)) {
    Str value;
    if (!append_normalised(m->value, value)) json::write_canonical(m->value, value);
    out.emplace_back(m->key, std::move(value));
  }
  return out;
}

Str ContextIndex::pair_key(std::uint32_t name_id, const std::pair<Str, Str>& p) {
  // The number 7 bits a byte, a high bit on all but the last: it ends where
  // the pair begins.
  Str key;
  for (; name_id >= 0x80; name_id >>= 7) key.push_back(static_cast<char>((name_id & 0x7f) | 0x80));
  key.push_back(static_cast<char>(name_id));
  key += p.first;
  key.push_back('\0');
  key += p.second;
  return key;
}

void ContextIndex::Holders::insert(EntryId id) {
  if (one == 0) {
    one = id;
    return;
  }
  if (!more) more = std::make_unique<FlatSet<EntryId>>();
  more->insert(id);
}

void ContextIndex::Holders::erase(EntryId id) {
  if (one == id) {
    one = 0;
  } else if (more) {
    more->erase(id);
  }
}

bool ContextIndex::Holders::contains(EntryId id) const { return one == id || (more && more->count(id) != 0); }

void ContextIndex::add(EntryId id, const Str& name, const NormalParams& params) {
  names_[name].insert(id);
  std::uint32_t& name_id = name_ids_[name];
  if (name_id == 0) name_id = static_cast<std::uint32_t>(name_ids_.size());
  for (const auto& p : params) pairs_[pair_key(name_id, p)].insert(id);
}

void ContextIndex::remove(EntryId id, const Str& name, const NormalParams& params) {
  const auto erase = [id](FlatMap<Str, Holders>& map, const Str& key) {
    const auto found = map.find(key);
    if (found == map.end()) return;
    found->second.erase(id);
    if (found->second.size() == 0) map.erase(found);
  };
  erase(names_, name);
  const auto name_id = name_ids_.find(name);
  if (name_id == name_ids_.end()) return;
  for (const auto& p : params) erase(pairs_, pair_key(name_id->second, p));
}

void ContextIndex::match(const Str& name, const NormalParams& target, Vec<EntryId>& out) const {
  if (target.empty()) {
    const auto instances = names_.find(name);
    if (instances != names_.end()) instances->second.each([&](EntryId id) { out.push_back(id); });
    return;
  }
  // Each pair's holders, the rarest first: its holders that hold every
  // other pair too are the matches.
  const auto name_id = name_ids_.find(name);
  if (name_id == name_ids_.end()) return;
  Vec<const Holders*> pairs;
  for (const auto& p : target) {
    const auto found = pairs_.find(pair_key(name_id->second, p));
    if (found == pairs_.end()) return;  // no instance has this pair
    pairs.push_back(&found->second);
    if (found->second.size() < pairs.front()->size()) std::swap(pairs.front(), pairs.back());
  }
  pairs.front()->each([&](EntryId id) {
    for (std::size_t k = 1; k < pairs.size(); ++k)
      if (!pairs[k]->contains(id)) return;
    out.push_back(id);
  });
}

}  // namespace mizan
