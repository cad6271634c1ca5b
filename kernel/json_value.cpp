#include "kernel/json_value.h"

#include "kernel/small_sort.h"

namespace mizan::json {

const Value* Value::find(std::string_view key) const {
  for (const Member& m : members)
    if (m.key == key) return &m.value;
  return nullptr;
}

Value* Value::find(std::string_view key) { return const_cast<Value*>(static_cast<const Value*>(this)->find(key)); }

Value Value::make_string(Str s) {
  Value v;
  v.kind = Kind::string;
  v.text = std::move(s);
  return v;
}

Value Value::make_object() {
  Value v;
  v.kind = Kind::object;
  return v;
}

Value Value::make_array() {
  Value v;
  v.kind = Kind::array;
  return v;
}

Vec<const Member*> sorted_members(const Vec<Member>& members) {
  Vec<const Member*> sorted;
  sorted.reserve(members.size());
  for (const Member& m : members) sorted.push_back(&m);
  // Stable, so equal keys stay in document order.
  small_sort(sorted, [](const Member* a, const Member* b) { return a->key < b->key; });
  return sorted;
}

}  // namespace mizan::json
