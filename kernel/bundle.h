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
// O(list). A reader is told how a list changed by elements (Patch), so it
// decodes only new elements and keeps the others' objects.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/flat_table.h"
#include "kernel/json_parse.h"
#include "kernel/json_value.h"
#include "kernel/status.h"

namespace mizan {

// The last change to a list slot (an upsert, a new list from a refetch or
// a merge of a whole list), for a reader that holds the version it was
// applied to (`base`): how to build the new list from the one it holds, so
// that every element whose text did not change keeps its identity and only
// new elements are sent. Made when the change is, as the reader reads it
// (store_json.h): `runs` "from,count,...", `count` held elements from
// index `from`, or with from -1 the next `count` new elements, which
// `added` holds ("e1,e2,...", a copy kept until the slot changes again).
struct Patch {
  std::uint32_t base = 0;
  std::string runs;
  std::string added;
};

// What a list slot that has taken an upsert keeps for the next one; after a
// new list, its bounds and patch (no id_field: the next upsert builds the
// ids).
struct ListIndex {
  std::string id_field;  // what `ids` is keyed on
  // Each element's byte range [first, last) in the slot's text, without
  // the whitespace around it.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> bounds;
  // An element's id (its id_field, when the element is an object that has
  // one) in canonical JSON, so that 5 and 5.0 (one JavaScript number) are
  // one key while 5 and "5" are two -> the first element holding it.
  FlatMap<std::string, std::uint32_t> ids;
  Patch patch;  // base 0: no element patch leads to this text
};

struct Slot {
  std::string name;
  std::string text;  // the value's JSON text, handed to JS as is
  std::uint32_t version = 0;
  std::unique_ptr<ListIndex> list;  // a list slot's upsert index or patch, once needed

  // The element patch that leads to this version, or nullptr.
  const Patch* patch() const { return list && list->patch.base != 0 ? &list->patch : nullptr; }
};

// How a merge changed a bundle.
enum class MergeResult { replaced, upserted, appended, unknown_slot, kind_mismatch };

class Bundle {
 public:
  // Replaces the content with `object` (a JSON object of slots). A slot whose
  // JSON text is unchanged keeps its version; others get `version`. A list
  // replacing a list gets a patch (Patch) that takes each of its elements
  // whose text the old list held from there (matched by text, so a moved
  // element is found too; each held element once), and keeps its version
  // when it holds the same elements in the same order (only whitespace
  // changed). It keeps its element bounds, so the next replace scans only
  // the new text.
  void assign(const json::Value& object, std::uint32_t version);

  // The same from a scanned response (json::scan_object): slots keep the
  // server's text, so ingesting a large bundle costs one validating pass
  // and a copy.
  void assign(const std::vector<json::RawMember>& members, std::uint32_t version);

  // Splices `value` into `slot` (PROTOCOL.md §6) and stamps it with `version`:
  //  - slot holds a list and value is an object: upsert by `id_field` (replace
  //    the first element whose id_field equals value's, compared as
  //    canonical JSON, in place; else append);
  //  - otherwise, values of the same kind (both lists, both objects, both
  //    scalars of any type) or where either side is null: replace (as
  //    assign() replaces a slot: a list keeps what it can of the old one).
  // An unknown slot or a kind mismatch (a list and a scalar, an object and a
  // list) changes nothing.
  MergeResult merge(std::string_view slot, const json::Value& value, std::string_view id_field, std::uint32_t version);

  const std::vector<Slot>& slots() const { return slots_; }
  const Slot* find(std::string_view name) const;
  bool empty() const { return slots_.empty(); }

 private:
  void take(std::vector<Slot>& previous, std::string name, std::string text, std::uint32_t version);

  std::vector<Slot> slots_;
};

}  // namespace mizan
