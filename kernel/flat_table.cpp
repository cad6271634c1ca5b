#include "kernel/flat_table.h"

namespace mizan::flat_detail {

namespace {

// Moves the item of slot `from` into the empty slot `to`, with its hash;
// `from` is empty after.
void move_slot(char* to, char* from, const Layout& layout) {
  set_slot_hash(to, slot_hash(from));
  if (layout.relocate == nullptr) {
    std::memcpy(to + layout.item, from + layout.item, layout.slot - layout.item);
  } else {
    layout.relocate(to + layout.item, from + layout.item);
  }
  set_slot_hash(from, 0);
}

// The first empty slot of `hash`'s run (there is one: never full).
std::size_t free_slot(const Core& core, std::uint32_t hash, const Layout& layout) {
  const std::size_t mask = core.capacity - 1;
  std::size_t i = hash & mask;
  while (core.hash_at(i, layout) != 0) i = (i + 1) & mask;
  return i;
}

}  // namespace

void* Core::add(std::uint32_t hash, const Layout& layout) {
  if ((size + 1) * 4 > capacity * 3) grow(layout);
  const std::size_t i = free_slot(*this, hash, layout);
  set_slot_hash(slots + i * layout.slot, hash);
  ++size;
  return item_at(i, layout);
}

void Core::grow(const Layout& layout) {
  Core old = *this;
  capacity = old.capacity == 0 ? 4 : old.capacity * 2;
  slots = static_cast<char*>(vec_detail::allocate(capacity, layout.slot));
  for (std::size_t i = 0; i < capacity; ++i) set_slot_hash(slots + i * layout.slot, 0);
  for (std::size_t i = 0; i < old.capacity; ++i) {
    const std::uint32_t hash = old.hash_at(i, layout);
    if (hash != 0) move_slot(slots + free_slot(*this, hash, layout) * layout.slot, old.slots + i * layout.slot, layout);
  }
  std::free(old.slots);
}

// Linear probing's deletion without tombstones: each later item of the run
// that the gap would hide from its home slot moves into the gap.
void Core::erase_at(std::size_t gap, const Layout& layout) {
  if (layout.destroy != nullptr) layout.destroy(item_at(gap, layout));
  set_slot_hash(slots + gap * layout.slot, 0);
  const std::size_t mask = capacity - 1;
  for (std::size_t j = (gap + 1) & mask; hash_at(j, layout) != 0; j = (j + 1) & mask) {
    const std::size_t home = hash_at(j, layout) & mask;
    // Stays when its home lies cyclically in (gap, j].
    const bool stays = gap < j ? (gap < home && home <= j) : (gap < home || home <= j);
    if (stays) continue;
    move_slot(slots + gap * layout.slot, slots + j * layout.slot, layout);
    gap = j;
  }
  --size;
}

void Core::clear(const Layout& layout) {
  if (layout.destroy != nullptr)
    for (std::size_t i = 0; i < capacity; ++i)
      if (hash_at(i, layout) != 0) layout.destroy(item_at(i, layout));
  std::free(slots);
  *this = Core();
}

}  // namespace mizan::flat_detail
