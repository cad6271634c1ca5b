#include "kernel/bundle.h"

#include <utility>

#include "kernel/js_number.h"
#include "kernel/json_write.h"

namespace mizan {

namespace {

Slot* find_slot(Vec<Slot>& slots, std::string_view name) {
  for (Slot& s : slots)
    if (s.name == name) return &s;
  return nullptr;
}

Str compact(const json::Value& v) {
  Str text;
  json::write(v, text);
  return text;
}

// The kind of the value a slot's text holds, from its first character (the
// text is valid JSON and starts at its value): '[' a list, '{' an object,
// 'n' null, anything else a scalar.
char kind_of(const Str& text) { return text.empty() ? 'n' : text[0]; }

// §6 sorts values into three shapes; null is a scalar but fits any of them,
// so a slot can go from "not loaded" to data and back.
bool replaceable(char slot, const json::Value& value) {
  if (slot == 'n' || value.is_null()) return true;
  if (slot == '[') return value.is_array();
  if (slot == '{') return value.is_object();
  return value.is_scalar();
}

// The byte range [first, last) of every element of the list in `text`
// (first just after '[' or ',', last at the ',' or ']' that ends it), in
// one pass.
Vec<std::pair<std::uint32_t, std::uint32_t>> element_bounds(std::string_view text) {
  Vec<std::pair<std::uint32_t, std::uint32_t>> bounds;
  std::size_t start = text.find('[') + 1;
  int depth = 0;
  bool in_string = false;
  bool any = false;  // "[ ]" has no element
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\r': break;
      case '"':
        in_string = true;
        any = true;
        break;
      case '[':
      case '{':
        ++depth;
        any = true;
        break;
      case ']':
      case '}':
        if (depth == 0) {
          if (any) bounds.emplace_back(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i));
          return bounds;
        }
        --depth;
        break;
      case ',':
        if (depth > 0) break;
        bounds.emplace_back(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i));
        start = i + 1;
        break;
      default: any = true; break;
    }
  }
  return bounds;
}

// An id's key: its canonical JSON, as JavaScript would compare ids (5 and
// 5.0 are one number, 5 and "5" are not). `raw` is valid JSON. Nearly all
// ids are strings without escapes or numbers, whose canonical form needs
// no parse; only the rest are parsed.
void id_key(std::string_view raw, Str& key) {
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
bool element_id(std::string_view element, std::string_view id_field, Vec<json::RawMember>& members, Str& key) {
  const std::size_t first = element.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos || element[first] != '{') return false;
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
void build_index(const Str& text, std::string_view id_field, ListIndex& list) {
  list.id_field.assign(id_field);
  list.bounds = element_bounds(text);
  list.ids.clear();
  list.ids.reserve(list.bounds.size());
  Vec<json::RawMember> members;
  Str key;
  for (std::size_t k = 0; k < list.bounds.size(); ++k) {
    const auto [first, last] = list.bounds[k];
    if (element_id(std::string_view(text).substr(first, last - first), id_field, members, key))
      list.ids.emplace(key, static_cast<std::uint32_t>(k));  // keeps the first holder of an id
  }
}

MergeResult upsert(Slot& slot, const json::Value& value, std::string_view id_field) {
  if (!slot.list || slot.list->id_field != id_field) {
    if (!slot.list) slot.list = std::make_unique<ListIndex>();
    build_index(slot.text, id_field, *slot.list);
  }
  ListIndex& list = *slot.list;
  const Str element = compact(value);
  const auto count = static_cast<std::uint32_t>(list.bounds.size());
  std::uint32_t index = count;
  Str key;
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
  list.patch = Patch{slot.version, index, at, length};
  return index < count ? MergeResult::upserted : MergeResult::appended;
}

}  // namespace

// A slot whose text did not change keeps its version, and its upsert index
// (still true of the same text).
void Bundle::take(Vec<Slot>& previous, Str name, Str text, std::uint32_t version) {
  Slot slot;
  slot.name = std::move(name);
  slot.text = std::move(text);
  slot.version = version;
  if (Slot* before = find_slot(previous, slot.name); before && before->text == slot.text) {
    slot.version = before->version;
    slot.list = std::move(before->list);
  }
  slots_.push_back(std::move(slot));
}

void Bundle::assign(const json::Value& object, std::uint32_t version) {
  Vec<Slot> previous = std::move(slots_);
  slots_.clear();
  slots_.reserve(object.members.size());
  for (const json::Member& m : object.members) take(previous, m.key, compact(m.value), version);
}

void Bundle::assign(const Vec<json::RawMember>& members, std::uint32_t version) {
  Vec<Slot> previous = std::move(slots_);
  slots_.clear();
  slots_.reserve(members.size());
  for (const json::RawMember& m : members) take(previous, m.key, Str(m.text), version);
}

MergeResult Bundle::merge(std::string_view slot_name, const json::Value& value, std::string_view id_field,
                          std::uint32_t version) {
  Slot* slot = find_slot(slots_, slot_name);
  if (!slot) return MergeResult::unknown_slot;
  const char kind = kind_of(slot->text);
  MergeResult result;
  if (kind == '[' && value.is_object()) {
    result = upsert(*slot, value, id_field);
  } else if (replaceable(kind, value)) {
    slot->text = compact(value);
    slot->list.reset();  // a whole new value: no index, no element patch
    result = MergeResult::replaced;
  } else {
    return MergeResult::kind_mismatch;
  }
  slot->version = version;
  return result;
}

const Slot* Bundle::find(std::string_view name) const {
  for (const Slot& s : slots_)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace mizan
