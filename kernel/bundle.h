#pragma once
// A context's data: a bundle of slots (function name -> JSON value), each
// with a version that changes only when that slot's content changes, so the
// JS side can hand React the same object for an untouched slot.
//
// A slot is kept once, as the JSON text the server sent (after any merges):
// that is what JS decodes, what a refetch compares and what a server render
// embeds. Nothing is parsed into a tree: a merge needs only the slot's kind
// (its first character) and, for an upsert into a list, where each element
// lies and which element holds which id (ListIndex, built on the first
// upsert and kept in step after), so an upsert costs O(element), not
// O(list).
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>

#include "kernel/flat_table.h"
#include "kernel/json_parse.h"
#include "kernel/json_value.h"
#include "kernel/status.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan {

// The last upsert into a list slot: the version it was applied to, the
// element's index and where its new text lies in the slot's text. A reader
// that holds that version can apply just the element and keep every other
// element's identity.
struct Patch {
  std::uint32_t base = 0;
  std::uint32_t index = 0;
  std::uint32_t at = 0;
  std::uint32_t length = 0;
};

// What a list slot that has taken an upsert keeps for the next one.
struct ListIndex {
  Str id_field;  // what `ids` is keyed on
  // Each element's byte range [first, last) in the slot's text: first just
  // after '[' or ',', last at the ',' or ']' that ends it.
  Vec<std::pair<std::uint32_t, std::uint32_t>> bounds;
  // An element's id (its id_field, when the element is an object that has
  // one) in canonical JSON, so that 5 and 5.0 (one JavaScript number) are
  // one key while 5 and "5" are two -> the first element holding it.
  FlatMap<Str, std::uint32_t> ids;
  Patch patch;  // base 0: the last change was not an upsert
};

struct Slot {
  Str name;
  Str text;  // the value's JSON text, handed to JS as is
  std::uint32_t version = 0;
  std::unique_ptr<ListIndex> list;  // a list slot's upsert index, once needed

  // The element patch that leads to this version, or nullptr.
  const Patch* patch() const { return list && list->patch.base != 0 ? &list->patch : nullptr; }
};

// How a merge changed a bundle.
enum class MergeResult { replaced, upserted, appended, unknown_slot, kind_mismatch };

class Bundle {
 public:
  // Replaces the content with `object` (a JSON object of slots). A slot whose
  // JSON text is unchanged keeps its version; others get `version`.
  void assign(const json::Value& object, std::uint32_t version);

  // The same from a scanned response (json::scan_object): slots keep the
  // server's text, so ingesting a large bundle costs one validating pass
  // and a copy.
  void assign(const Vec<json::RawMember>& members, std::uint32_t version);

  // Splices `value` into `slot` (PROTOCOL.md §6) and stamps it with `version`:
  //  - slot holds a list and value is an object: upsert by `id_field` (replace
  //    the first element whose id_field equals value's, compared as
  //    canonical JSON, in place; else append);
  //  - otherwise, values of the same kind (both lists, both objects, both
  //    scalars of any type) or where either side is null: replace.
  // An unknown slot or a kind mismatch (a list and a scalar, an object and a
  // list) changes nothing.
  MergeResult merge(std::string_view slot, const json::Value& value, std::string_view id_field, std::uint32_t version);

  const Vec<Slot>& slots() const { return slots_; }
  const Slot* find(std::string_view name) const;
  bool empty() const { return slots_.empty(); }

 private:
  void take(Vec<Slot>& previous, Str name, Str text, std::uint32_t version);

  Vec<Slot> slots_;
};

}  // namespace mizan
