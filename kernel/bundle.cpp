#include "kernel/bundle.h"

#include <cstring>
#include <utility>

#include "kernel/js_number.h"
#include "kernel/json_write.h"

namespace mizan {

namespace {

Slot* find_slot(std::vector<Slot>& slots, std::string_view name) {
  for (Slot& s : slots)
    if (s.name == name) return &s;
  return nullptr;
}

std::string compact(const json::Value& v) {
  std::string text;
  json::write(v, text);
  return text;
}

// The kind of the value a slot's text holds, from its first character (the
// text is valid JSON and starts at its value): '[' a list, '{' an object,
// 'n' null, anything else a scalar.
char kind_of(const std::string& text) { return text.empty() ? 'n' : text[0]; }

// §6 sorts values into three shapes; null is a scalar but fits any of them,
// so a slot can go from "not loaded" to data and back.
bool replaceable(char slot, const json::Value& value) {
  if (slot == 'n' || value.is_null()) return true;
  if (slot == '[') return value.is_array();
  if (slot == '{') return value.is_object();
  return value.is_scalar();
}

// The byte range [first, last) of every element of the list `text`
// (without the whitespace around it, so that an element matches itself
// wherever it stands in a pretty-printed list), in one pass.
std::vector<std::pair<std::uint32_t, std::uint32_t>> element_bounds(std::string_view text) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> bounds;
  std::uint32_t first = 0;
  std::uint32_t end = 0;  // just after the element's last character; 0: none yet
  int depth = 0;
  for (std::uint32_t i = 1; i < text.size(); ++i) {  // after the '['
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (depth == 0 && (c == ',' || c == ']')) {
      if (end != 0) bounds.emplace_back(first, end);  // "[ ]" has no element
      if (c == ']') break;
      end = 0;
      continue;
    }
    if (end == 0) first = i;
    if (c == '"') {
      // On to the closing quote at once (memchr: most of a list's text is
      // in strings), one that follows an even number of backslashes.
      for (std::uint32_t escapes = 1; escapes % 2 != 0;) {
        i = static_cast<std::uint32_t>(text.find('"', i + 1));
        for (escapes = 0; text[i - escapes - 1] == '\\';) ++escapes;
      }
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
    end = i + 1;
  }
  return bounds;
}

// An id's key: its canonical JSON, as JavaScript would compare ids (5 and
// 5.0 are one number, 5 and "5" are not). `raw` is valid JSON. Nearly all
// ids are strings without escapes or numbers, whose canonical form needs
// no parse; only the rest are parsed.
void id_key(std::string_view raw, std::string& key) {
  key.clear();
  if (raw[0] == '"' && raw.find('\\') == std::string_view::npos) {
    key.assign(raw);
  } else if (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) {
    append_js_number(raw, key);
  } else {
    json::Value v;
    json::parse(raw, v);  // valid: it passed the parser when it arrived
    json::write_canonical(v, key);
  }
}

// The key of a list element's id, or false when it has none (it is not an
// object, or has no `id_field`). `members` is scratch.
bool element_id(std::string_view element, std::string_view id_field, std::vector<json::RawMember>& members,
                std::string& key) {
  if (element[0] != '{') return false;
  json::scan_object(element, members);  // valid: resolves duplicate keys as JSON.parse does
  for (const json::RawMember& m : members) {
    if (m.key == id_field) {
      id_key(m.text, key);
      return true;
    }
  }
  return false;
}

// Finds every element's range and id in one pass over the list's text:
// the cost of a slot's first upsert (after each load); later upserts find
// their element by id at once and splice only its text.
void build_index(const std::string& text, std::string_view id_field, ListIndex& list) {
  list.id_field.assign(id_field);
  list.bounds = element_bounds(text);
  list.ids.clear();
  list.ids.reserve(list.bounds.size());
  std::vector<json::RawMember> members;
  std::string key;
  for (std::size_t k = 0; k < list.bounds.size(); ++k) {
    const auto [first, last] = list.bounds[k];
    if (element_id(std::string_view(text).substr(first, last - first), id_field, members, key))
      list.ids.emplace(key, static_cast<std::uint32_t>(k));  // keeps the first holder of an id
  }
}

// Appends a run (Patch) to `runs`: `count` elements from `from`, -1: new ones.
void add_run(std::string& runs, int from, std::uint32_t count) {
  if (!runs.empty()) runs.push_back(',');
  runs += std::to_string(from);
  runs.push_back(',');
  runs += std::to_string(count);
}

MergeResult upsert(Slot& slot, const json::Value& value, std::string_view id_field) {
  // (A list that was replaced has its bounds, not its ids.)
  if (!slot.list || slot.list->id_field.empty() || slot.list->id_field != id_field) {
    if (!slot.list) slot.list = std::make_unique<ListIndex>();
    build_index(slot.text, id_field, *slot.list);
  }
  ListIndex& list = *slot.list;
  const std::string element = compact(value);
  const auto count = static_cast<std::uint32_t>(list.bounds.size());
  std::uint32_t index = count;
  std::string key;
  const json::Value* id = value.find(id_field);
  if (id) {
    json::write_canonical(*id, key);
    if (const auto found = list.ids.find(key); found != list.ids.end()) index = found->second;
  }
  const auto length = static_cast<std::uint32_t>(element.size());
  std::uint32_t at;
  if (index < count) {
    // The element keeps its id (that is how it was found): `ids` stands.
    const auto [first, last] = list.bounds[index];
    slot.text.replace(first, last - first, element);
    at = first;
    list.bounds[index].second = first + length;
    // The elements after it move by the difference (often none: an edit
    // that keeps the element's length).
    const std::uint32_t shift = length - (last - first);  // modulo 2^32
    if (shift != 0) {
      for (std::size_t k = index + 1; k < count; ++k) {
        list.bounds[k].first += shift;
        list.bounds[k].second += shift;
      }
    }
  } else {
    slot.text.pop_back();  // the list's ']'
    if (count > 0) slot.text.push_back(',');
    at = static_cast<std::uint32_t>(slot.text.size());
    slot.text += element;
    slot.text.push_back(']');
    list.bounds.emplace_back(at, at + length);
    if (id) list.ids.emplace(key, count);
  }
  // The elements before it, it, and those after it.
  list.patch.base = slot.version;
  list.patch.runs.clear();
  add_run(list.patch.runs, 0, index);
  add_run(list.patch.runs, -1, 1);
  add_run(list.patch.runs, static_cast<int>(index + 1), static_cast<std::uint32_t>(list.bounds.size()) - index - 1);
  list.patch.added = element;
  return index < count ? MergeResult::upserted : MergeResult::appended;
}

using Bounds = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

constexpr std::uint32_t kNew = ~0u;  // a new element, not one held

// A text's hash, four bytes at a time: a list's every element is hashed
// when it is replaced, so this is most of what that costs.
std::uint32_t text_hash(std::string_view t) {
  std::uint32_t h = 2166136261u;
  std::size_t i = 0;
  for (std::uint32_t word; i + 4 <= t.size(); i += 4) {
    std::memcpy(&word, t.data() + i, 4);
    h = (h ^ word) * 0x9E3779B1u;
    h ^= h >> 15;
  }
  for (; i < t.size(); ++i) h = (h ^ static_cast<unsigned char>(t[i])) * 16777619u;
  return h;
}

// How the list `after` is made of the elements of the list `before` and
// new ones, as a patch: each new element takes an element of `before`
// with the same text, each once (found by hashing, so a moved element is
// found too). Returns whether any element was taken; `same` when all
// were, in order.
bool reuse(std::string_view before, const ListIndex* held, std::string_view after, ListIndex& list, bool& same) {
  // Where the held elements lie: known when the list was replaced or
  // upserted into before (its bounds), else found now.
  const Bounds& old = held ? held->bounds : (list.bounds = element_bounds(before));
  Bounds now = element_bounds(after);
  Patch& patch = list.patch;
  const auto n = static_cast<std::uint32_t>(old.size());
  const auto m = static_cast<std::uint32_t>(now.size());
  const auto text = [](std::string_view whole, std::pair<std::uint32_t, std::uint32_t> r) {
    return whole.substr(r.first, r.second - r.first);
  };
  // The held elements by hash: open addressing over 1 + an element's index
  // (0: empty, kNew: taken). Inserts and lookups give up after a few
  // probes (an element left out is new if asked for), so that many equal
  // texts cost no long probes.
  std::size_t size = 2;
  while (size < 4 * std::size_t{n}) size *= 2;  // a quarter full: short probes
  const std::size_t mask = size - 1;
  std::vector<std::uint32_t> table(size);
  for (std::uint32_t j = 0; j < n; ++j) {
    std::size_t i = text_hash(text(before, old[j])) & mask;
    for (int probes = 0; table[i] != 0 && probes < 8; ++probes) i = (i + 1) & mask;
    if (table[i] == 0) table[i] = j + 1;  // else left out (then new if asked for)
  }
  // Consecutive taken elements make a run; so do consecutive new ones,
  // whose text is one stretch. One step past the end closes the last run.
  std::uint32_t from = 0;
  std::uint32_t count = 0;  // of the run being built (0: none yet)
  bool taken = true;        // known at the end; until then, runs are made
  for (std::uint32_t k = 0; k <= m; ++k) {
    std::uint32_t j = kNew;
    if (k == m) {
      // One run: all of `before` in order (the same list), or all new.
      same = patch.runs.empty() && from == 0 && count == n && count == m;
      taken = !patch.runs.empty() || (count != 0 && from != kNew);
      j = kNew - 1;  // continues no run
    } else {
      const std::string_view t = text(after, now[k]);
      std::size_t i = text_hash(t) & mask;
      for (int probes = 0; table[i] != 0 && probes < 8; ++probes, i = (i + 1) & mask) {
        if (table[i] != kNew && text(before, old[table[i] - 1]) == t) {
          j = std::exchange(table[i], kNew) - 1;
          break;
        }
      }
    }
    if (count != 0 && (from == kNew ? j == from : from + count == j)) {
      ++count;
      continue;
    }
    if (count != 0 && taken) {  // (all new: no patch to make)
      add_run(patch.runs, from == kNew ? -1 : static_cast<int>(from), count);
      if (from == kNew) {
        if (!patch.added.empty()) patch.added.push_back(',');
        patch.added.append(after, now[k - count].first, now[k - 1].second - now[k - count].first);
      }
    }
    from = j;
    count = 1;
  }
  list.bounds = std::move(now);  // for the next time
  return taken;
}

// The slot takes the value `text` at `version`, unless it holds that text
// already (then it keeps its version, and its upsert index, still true). A
// list replacing a list gets the patch that leads to it, or keeps its
// version when its elements are the same.
void set_value(Slot& slot, std::string text, std::uint32_t version) {
  if (slot.text == text) return;
  bool same = false;
  std::unique_ptr<ListIndex> list;
  if (slot.text[0] == '[' && text[0] == '[') {
    // A list keeps its bounds (no id index: the next upsert builds it),
    // and the patch when it took elements of the old one.
    list = std::make_unique<ListIndex>();
    if (reuse(slot.text, slot.list.get(), text, *list, same) && !same) list->patch.base = slot.version;
  }
  slot.list = std::move(list);
  slot.text = std::move(text);
  if (!same) slot.version = version;
}

}  // namespace

void Bundle::take(std::vector<Slot>& previous, std::string name, std::string text, std::uint32_t version) {
  Slot slot;
  slot.name = std::move(name);
  slot.version = version;
  if (Slot* before = find_slot(previous, slot.name)) {
    // Taken over (the name stays, so no later member can match it again).
    slot.text = std::move(before->text);
    slot.version = before->version;
    slot.list = std::move(before->list);
    set_value(slot, std::move(text), version);
  } else {
    slot.text = std::move(text);
  }
  slots_.push_back(std::move(slot));
}

void Bundle::assign(const json::Value& object, std::uint32_t version) {
  std::vector<Slot> previous = std::move(slots_);
  slots_.clear();
  slots_.reserve(object.members.size());
  for (const json::Member& m : object.members) take(previous, m.key, compact(m.value), version);
}

void Bundle::assign(const std::vector<json::RawMember>& members, std::uint32_t version) {
  std::vector<Slot> previous = std::move(slots_);
  slots_.clear();
  slots_.reserve(members.size());
  for (const json::RawMember& m : members) take(previous, m.key, std::string(m.text), version);
}

MergeResult Bundle::merge(std::string_view slot_name, const json::Value& value, std::string_view id_field,
                          std::uint32_t version) {
  Slot* slot = find_slot(slots_, slot_name);
  if (!slot) return MergeResult::unknown_slot;
  const char kind = kind_of(slot->text);
  if (kind == '[' && value.is_object()) {
    const MergeResult result = upsert(*slot, value, id_field);
    slot->version = version;
    return result;
  }
  if (!replaceable(kind, value)) return MergeResult::kind_mismatch;
  set_value(*slot, compact(value), version);
  return MergeResult::replaced;
}

const Slot* Bundle::find(std::string_view name) const {
  for (const Slot& s : slots_)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace mizan
