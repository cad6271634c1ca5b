#pragma once
// The kernel's one hash table: open addressing with linear probing over a
// power-of-two array of slots, at most 3/4 full, erased by backward shift
// (no tombstones). Each slot keeps its key's hash (0: empty), so a probe
// compares keys only on a full hash match and growing hashes nothing again.
//
// libc++'s unordered_map and unordered_set cost ~1.5 KB gzip of wasm in
// shared machinery (prime bucket counts, rehash) plus node code per
// instantiation. Here insertion, growth and erasure are non-template
// routines (flat_table.cpp), as Vec's growth is: an item type brings only
// its lookup and, unless trivially copyable, its relocation, as in Vec
// (-0.3 KB gzip of the browser wasm against a table per item type). Only
// what the kernel uses is here. Unlike the std containers:
//  - growing and erasing move items: a reference or iterator is good only
//    until the next insert or erase (hold a unique_ptr for a stable item);
//  - iteration order is arbitrary and changes as the table does: anything
//    that shows the order to a caller sorts first.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
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

namespace flat_detail {

// What the shared routines need to know of a table's items. A slot is the
// hash of the item's key with the top bit set (0: empty, and then no item
// lives there) and, at `item` bytes in, the item.
struct Layout {
  std::size_t slot;               // bytes per slot
  std::size_t item;               // the item's offset in its slot
  vec_detail::Relocate relocate;  // nullptr: its bytes move
  void (*destroy)(void* item);    // nullptr: nothing to end
};

inline constexpr std::size_t kNone = ~std::size_t{0};

// A slot's hash, read and written as bytes (the slots are raw memory).
inline std::uint32_t slot_hash(const char* slot) {
  std::uint32_t hash;
  std::memcpy(&hash, slot, sizeof hash);
  return hash;
}
inline void set_slot_hash(char* slot, std::uint32_t hash) { std::memcpy(slot, &hash, sizeof hash); }

// The table without its item type: insertion, growth and erasure are here
// once (flat_table.cpp) for every table, as Vec's growth is. (Lookup stays
// with the item type, FlatTable::locate: it is the hot path, and comparing
// keys through a function pointer made mounting ~5 % slower.)
struct Core {
  char* slots = nullptr;
  std::size_t capacity = 0;  // slots: 0 or a power of two
  std::size_t size = 0;      // items

  std::uint32_t hash_at(std::size_t i, const Layout& layout) const { return slot_hash(slots + i * layout.slot); }
  void* item_at(std::size_t i, const Layout& layout) const { return slots + i * layout.slot + layout.item; }

  // A slot for a new item of `hash` (grown first when 3/4 would be full):
  // its hash is set and the caller constructs the item in it.
  void* add(std::uint32_t hash, const Layout& layout);
  // Ends the item of slot `i`.
  void erase_at(std::size_t i, const Layout& layout);
  // Ends every item and gives the memory back.
  void clear(const Layout& layout);
  // Twice the slots (4 at first), the items moved over.
  void grow(const Layout& layout);
};

}  // namespace flat_detail

template <typename Item>
class FlatTable {
  using Key = std::remove_cv_t<std::remove_reference_t<decltype(flat_key(std::declval<Item&>()))>>;
  static constexpr bool kIdKeys = std::is_same_v<Key, std::uint32_t>;
  static_assert(kIdKeys || std::is_convertible_v<const Key&, std::string_view>, "keys are ids or text");
  // What a key is looked up as: text as a view of its bytes.
  using LookupKey = std::conditional_t<kIdKeys, std::uint32_t, std::string_view>;

  static constexpr std::size_t kAlign = alignof(Item) > 4 ? alignof(Item) : 4;
  static constexpr std::size_t kItemAt = kAlign;  // after the 4-byte hash, aligned
  static constexpr std::size_t kSlot = (kItemAt + sizeof(Item) + kAlign - 1) / kAlign * kAlign;
  static_assert(kAlign <= alignof(std::max_align_t), "malloc'd slots must suit the item");

  static void destroy(void* item) { static_cast<Item*>(item)->~Item(); }
  static constexpr flat_detail::Layout kLayout{kSlot, kItemAt, vec_detail::relocator<Item>(),
                                               std::is_trivially_destructible_v<Item> ? nullptr : &destroy};

  template <bool Const>
  class Iter {
    using Ref = std::conditional_t<Const, const Item&, Item&>;

   public:
    Iter(char* at, char* end) : at_(at), end_(end) { skip(); }
    Ref operator*() const { return *reinterpret_cast<Item*>(at_ + kItemAt); }
    auto* operator->() const { return &**this; }
    Iter& operator++() {
      at_ += kSlot;
      skip();
      return *this;
    }
    bool operator==(const Iter& other) const { return at_ == other.at_; }
    bool operator!=(const Iter& other) const { return at_ != other.at_; }

   private:
    friend class FlatTable;
    void skip() {
      while (at_ != end_ && flat_detail::slot_hash(at_) == 0) at_ += kSlot;
    }
    char* at_;
    char* end_;
  };

 public:
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;

  FlatTable() = default;
  FlatTable(const FlatTable& other) { *this = other; }
  FlatTable(FlatTable&& other) noexcept : core_(std::exchange(other.core_, {})) {}
  FlatTable& operator=(const FlatTable& other) {
    if (this == &other) return *this;
    clear();
    if (other.core_.capacity == 0) return *this;
    core_.slots = static_cast<char*>(vec_detail::allocate(other.core_.capacity, kSlot));
    core_.capacity = other.core_.capacity;
    core_.size = other.core_.size;
    for (std::size_t i = 0; i < core_.capacity; ++i) {
      const std::uint32_t hash = other.core_.hash_at(i, kLayout);
      flat_detail::set_slot_hash(core_.slots + i * kSlot, hash);
      if (hash != 0) ::new (item(i)) Item(*other.item(i));
    }
    return *this;
  }
  FlatTable& operator=(FlatTable&& other) noexcept {
    if (this != &other) {
      clear();
      core_ = std::exchange(other.core_, {});
    }
    return *this;
  }
  ~FlatTable() { clear(); }

  iterator begin() { return {core_.slots, end_slot()}; }
  iterator end() { return {end_slot(), end_slot()}; }
  const_iterator begin() const { return {core_.slots, end_slot()}; }
  const_iterator end() const { return {end_slot(), end_slot()}; }

  std::size_t size() const { return core_.size; }
  bool empty() const { return core_.size == 0; }
  // Gives the memory back too.
  void clear() { core_.clear(kLayout); }
  // Room for `n` items without growing.
  void reserve(std::size_t n) {
    while (n * 4 > core_.capacity * 3) core_.grow(kLayout);
  }

  template <typename K>
  iterator find(const K& key) {
    const std::size_t i = locate(key);
    return i == flat_detail::kNone ? end() : iterator(core_.slots + i * kSlot, end_slot());
  }
  template <typename K>
  const_iterator find(const K& key) const {
    const std::size_t i = locate(key);
    return i == flat_detail::kNone ? end() : const_iterator(core_.slots + i * kSlot, end_slot());
  }
  template <typename K>
  std::size_t count(const K& key) const {
    return locate(key) == flat_detail::kNone ? 0 : 1;
  }

  void erase(iterator it) { core_.erase_at(static_cast<std::size_t>(it.at_ - core_.slots) / kSlot, kLayout); }
  template <typename K>
  bool erase(const K& key) {
    const std::size_t i = locate(key);
    if (i == flat_detail::kNone) return false;
    core_.erase_at(i, kLayout);
    return true;
  }

 protected:
  // The item of `key`, and whether it was inserted now (with a default
  // value) rather than found.
  template <typename K>
  std::pair<Item*, bool> claim(const K& key) {
    const LookupKey lookup(key);
    const std::uint32_t hash = hash_of(lookup);
    if (const std::size_t i = locate(lookup, hash); i != flat_detail::kNone) return {item(i), false};
    Item* made = ::new (core_.add(hash, kLayout)) Item();
    flat_key(*made) = Key(key);
    return {made, true};
  }

 private:
  static std::uint32_t hash_of(const LookupKey& key) { return flat_hash(key) | 0x80000000u; }

  template <typename K>
  std::size_t locate(const K& key) const {
    const LookupKey lookup(key);
    return locate(lookup, hash_of(lookup));
  }
  std::size_t locate(const LookupKey& key, std::uint32_t hash) const {
    if (core_.capacity == 0) return flat_detail::kNone;
    const std::size_t mask = core_.capacity - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t at = core_.hash_at(i, kLayout);
      if (at == 0) return flat_detail::kNone;
      if (at == hash && flat_key(*item(i)) == key) return i;
    }
  }

  Item* item(std::size_t i) const { return static_cast<Item*>(core_.item_at(i, kLayout)); }
  char* end_slot() const { return core_.slots + core_.capacity * kSlot; }

  flat_detail::Core core_;
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
