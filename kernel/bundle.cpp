#include "kernel/bundle.h"

#include <utility>

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

// §6 sorts values into three shapes; null is a scalar but fits any of them,
// so a slot can go from "not loaded" to data and back.
bool replaceable(const json::Value& slot, const json::Value& value) {
  if (slot.is_null() || value.is_null()) return true;
  if (slot.is_scalar() && value.is_scalar()) return true;
  return slot.kind == value.kind;
}

// Canonical, so the ids 5 and 5.0 (one JavaScript number) match, while 5
// and "5" stay different records.
std::string canonical(const json::Value& v) {
  std::string text;
  json::write_canonical(v, text);
  return text;
}

// The byte range [first, last) of every element of the list in `text`
// (first just after '[' or ',', last at the ',' or ']' that ends it). Found
// in one pass on a slot's first upsert and kept up to date after, so each
// later upsert splices its element in without scanning the text again.
std::vector<std::pair<std::uint32_t, std::uint32_t>> element_bounds(std::string_view text) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> bounds;
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

// Ids compare as JavaScript would see them: 5 and 5.0 are one number, 5 and
// "5" are not. Strings and identical tokens (nearly all ids) are compared
// directly; only differently spelled numbers and structures go canonical.
bool same_id(const json::Value& a, const json::Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case json::Kind::string: return a.text == b.text;
    case json::Kind::null: return true;
    case json::Kind::boolean: return a.boolean == b.boolean;
    case json::Kind::number:
      if (a.text == b.text) return true;
      [[fallthrough]];
    default: return canonical(a) == canonical(b);
  }
}

MergeResult upsert(Slot& slot, const json::Value& value, std::string_view id_field) {
  std::vector<json::Value>& items = slot.value.items;
  const std::string element = compact(value);
  std::size_t index = items.size();
  if (const json::Value* id = value.find(id_field)) {
    for (std::size_t k = 0; k < items.size(); ++k) {
      const json::Value* other = items[k].is_object() ? items[k].find(id_field) : nullptr;
      if (other && same_id(*other, *id)) {
        index = k;
        break;
      }
    }
  }
  const bool in_place = index < items.size();
  if (slot.bounds.size() != items.size()) slot.bounds = element_bounds(slot.text);
  const auto length = static_cast<std::uint32_t>(element.size());
  std::uint32_t at;
  if (in_place) {
    items[index] = value;
    const auto [first, last] = slot.bounds[index];
    slot.text.replace(first, last - first, element);
    at = first;
    slot.bounds[index].second = first + length;
    const std::uint32_t old_length = last - first;
    for (std::size_t k = index + 1; k < slot.bounds.size(); ++k) {
      slot.bounds[k].first = slot.bounds[k].first + length - old_length;
      slot.bounds[k].second = slot.bounds[k].second + length - old_length;
    }
  } else {
    items.push_back(value);
    slot.text.pop_back();  // the list's ']'
    if (items.size() > 1) slot.text.push_back(',');
    at = static_cast<std::uint32_t>(slot.text.size());
    slot.text += element;
    slot.text.push_back(']');
    slot.bounds.emplace_back(at, at + length);
  }
  slot.patch_base = slot.version;
  slot.patch_index = static_cast<std::uint32_t>(index);
  slot.patch_at = at;
  slot.patch_length = length;
  return in_place ? MergeResult::upserted : MergeResult::appended;
}

}  // namespace

void Bundle::assign(json::Value object, std::uint32_t version) {
  std::vector<Slot> previous = std::move(slots_);
  slots_.clear();
  slots_.reserve(object.members.size());
  for (json::Member& m : object.members) {
    Slot slot;
    slot.name = std::move(m.key);
    slot.value = std::move(m.value);
    slot.text = compact(slot.value);
    slot.version = version;
    slot.parsed = true;
    const Slot* before = find_slot(previous, slot.name);
    if (before && before->text == slot.text) slot.version = before->version;
    slots_.push_back(std::move(slot));
  }
}

void Bundle::assign(const std::vector<json::RawMember>& members, std::uint32_t version) {
  std::vector<Slot> previous = std::move(slots_);
  slots_.clear();
  slots_.reserve(members.size());
  for (const json::RawMember& m : members) {
    Slot slot;
    slot.name = m.key;
    slot.text = std::string(m.text);
    slot.version = version;
    const Slot* before = find_slot(previous, slot.name);
    if (before && before->text == slot.text) slot.version = before->version;
    slots_.push_back(std::move(slot));
  }
}

MergeResult Bundle::merge(std::string_view slot_name, const json::Value& value, std::string_view id_field,
                          std::uint32_t version) {
  Slot* slot = find_slot(slots_, slot_name);
  if (!slot) return MergeResult::unknown_slot;
  if (!slot->parsed) {
    // The text was validated when it arrived, so this cannot fail.
    json::parse(slot->text, slot->value);
    slot->parsed = true;
  }
  MergeResult result;
  if (slot->value.is_array() && value.is_object()) {
    result = upsert(*slot, value, id_field);
  } else if (replaceable(slot->value, value)) {
    slot->value = value;
    slot->text = compact(value);
    slot->patch_base = 0;  // a whole new value: no element patch
    slot->bounds.clear();
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
