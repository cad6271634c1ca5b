#pragma once
// The kernel's one hash table: open addressing with linear probing over a
// power-of-two array of slots, at most 3/4 full, erased by backward shift
// (no tombstones). Each slot keeps its key's hash (0: empty), so a probe
// compares keys only on a full hash match and growing hashes nothing again.
//
// libc++'s unordered_map and unordered_set cost ~1.5 KB gzip of wasm in
// shared machinery (prime bucket counts, rehash) plus node code per
// instantiation; this is a few hundred bytes per instantiation. Only what
// the kernel uses is here. Unlike the std containers:
//  - growing and erasing move items: a reference or iterator is good only
//    until the next insert or erase (hold a unique_ptr for a stable item);
//  - iteration order is arbitrary and changes as the table does: anything
//    that shows the order to a caller sorts first.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <type_traits>
#include <utility>

#include "kernel/vec.h"

namespace mizan {

// FNV-1a, its low bits mixed with its high bits (the slot is hash & mask).
inline std::uint32_t flat_hash(std::string_view key) {
  std::uint32_t h = 2166136261u;
  for (const char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h ^ (h >> 15);
}

// Ids are sequential: a multiplicative mix spreads any stride of them.
inline std::uint32_t flat_hash(std::uint32_t key) {
  key *= 0x9E3779B1u;
  return key ^ (key >> 15);
}

// The key of a set's item (the item) or of a map's (the pair's first).
template <typename K>
K& flat_key(K& item) {
  return item;
}
template <typename K, typename V>
K& flat_key(std::pair<K, V>& item) {
  return item.first;
}
template <typename K, typename V>
const K& flat_key(const std::pair<K, V>& item) {
  return item.first;
}

template <typename Item>
class FlatTable {
  struct Slot {
    std::uint32_t hash = 0;  // flat_hash(key) with the top bit set; 0: empty
    Item item{};
  };

  template <bool Const>
  class Iter {
    using SlotPtr = std::conditional_t<Const, const Slot*, Slot*>;

   public:
    Iter(SlotPtr at, SlotPtr end) : at_(at), end_(end) { skip(); }
    auto& operator*() const { return at_->item; }
    auto* operator->() const { return &at_->item; }
    Iter& operator++() {
      ++at_;
      skip();
      return *this;
    }
    bool operator==(const Iter& other) const { return at_ == other.at_; }
    bool operator!=(const Iter& other) const { return at_ != other.at_; }

   private:
    friend class FlatTable;
    void skip() {
      while (at_ != end_ && at_->hash == 0) ++at_;
    }
    SlotPtr at_;
    SlotPtr end_;
  };

 public:
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;

  iterator begin() { return {slots_.data(), slots_.data() + slots_.size()}; }
  iterator end() { return {slots_.data() + slots_.size(), slots_.data() + slots_.size()}; }
  const_iterator begin() const { return {slots_.data(), slots_.data() + slots_.size()}; }
  const_iterator end() const { return {slots_.data() + slots_.size(), slots_.data() + slots_.size()}; }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Gives the memory back too.
  void clear() {
    Vec<Slot>().swap(slots_);
    size_ = 0;
  }
  // Room for `n` items without growing.
  void reserve(std::size_t n) {
    while (n * 4 > slots_.size() * 3) grow();
  }

  template <typename Key>
  iterator find(const Key& key) {
    const std::size_t i = locate(key, hash_of(key));
    return i == kNone ? end() : iterator(slots_.data() + i, slots_.data() + slots_.size());
  }
  template <typename Key>
  const_iterator find(const Key& key) const {
    const std::size_t i = locate(key, hash_of(key));
    return i == kNone ? end() : const_iterator(slots_.data() + i, slots_.data() + slots_.size());
  }
  template <typename Key>
  std::size_t count(const Key& key) const {
    return locate(key, hash_of(key)) == kNone ? 0 : 1;
  }

  void erase(iterator it) { erase_at(static_cast<std::size_t>(it.at_ - slots_.data())); }
  template <typename Key>
  bool erase(const Key& key) {
    const std::size_t i = locate(key, hash_of(key));
    if (i == kNone) return false;
    erase_at(i);
    return true;
  }

 protected:
  // The item of `key`, and whether it was inserted now (with a default
  // value) rather than found.
  template <typename Key>
  std::pair<Item*, bool> claim(const Key& key) {
    const std::uint32_t hash = hash_of(key);
    if (const std::size_t i = locate(key, hash); i != kNone) return {&slots_[i].item, false};
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    Slot& slot = slots_[free_slot(hash)];
    slot.hash = hash;
    using K = std::remove_reference_t<decltype(flat_key(slot.item))>;
    flat_key(slot.item) = K(key);
    ++size_;
    return {&slot.item, true};
  }

 private:
  static constexpr std::size_t kNone = ~std::size_t{0};

  template <typename Key>
  static std::uint32_t hash_of(const Key& key) {
    return flat_hash(key) | 0x80000000u;
  }

  template <typename Key>
  std::size_t locate(const Key& key, std::uint32_t hash) const {
    if (slots_.empty()) return kNone;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.hash == 0) return kNone;
      if (slot.hash == hash && flat_key(slot.item) == key) return i;
    }
  }

  std::size_t free_slot(std::uint32_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    return i;
  }

  // Twice the size (from 4): at most 3/8 full again.
  void grow() {
    Vec<Slot> old(slots_.empty() ? 4 : slots_.size() * 2);
    old.swap(slots_);
    for (Slot& slot : old)
      if (slot.hash != 0) slots_[free_slot(slot.hash)] = std::move(slot);
  }

  // Linear probing's deletion without tombstones: each later item of the
  // run that the gap would hide from its home slot moves into the gap.
  void erase_at(std::size_t gap) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t j = (gap + 1) & mask; slots_[j].hash != 0; j = (j + 1) & mask) {
      const std::size_t home = slots_[j].hash & mask;
      // Stays when its home lies cyclically in (gap, j].
      const bool stays = gap < j ? (gap < home && home <= j) : (gap < home || home <= j);
      if (stays) continue;
      slots_[gap] = std::move(slots_[j]);
      gap = j;
    }
    slots_[gap] = Slot();
    --size_;
  }

  Vec<Slot> slots_;
  std::size_t size_ = 0;
};

template <typename K>
class FlatSet : public FlatTable<K> {
 public:
  // Whether `key` is new.
  template <typename Key>
  bool insert(const Key& key) {
    return this->claim(key).second;
  }
};

template <typename K, typename V>
class FlatMap : public FlatTable<std::pair<K, V>> {
 public:
  template <typename Key>
  V& operator[](const Key& key) {
    return this->claim(key).first->second;
  }
  // Keeps the value already held, if any; returns whether `key` is new.
  template <typename Key>
  bool emplace(const Key& key, V value) {
    const auto [item, inserted] = this->claim(key);
    if (inserted) item->second = std::move(value);
    return inserted;
  }
  // `key` must be present.
  template <typename Key>
  V& at(const Key& key) {
    const auto found = this->find(key);
    if (found == this->end()) std::abort();
    return found->second;
  }
  template <typename Key>
  const V& at(const Key& key) const {
    const auto found = this->find(key);
    if (found == this->end()) std::abort();
    return found->second;
  }
};

}  // namespace mizan
