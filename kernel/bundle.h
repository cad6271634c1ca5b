#pragma once
// A context's data: a bundle of slots (function name -> JSON value), each
// with a version that changes only when that slot's content changes, so the
// JS side can hand React the same object for an untouched slot.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/json_parse.h"
#include "kernel/json_value.h"
#include "kernel/status.h"

namespace mizan {

struct Slot {
  std::string name;
  json::Value value;  // built on first need (a merge): see `parsed`
  std::string text;   // the value's JSON text, handed to JS as is
  std::uint32_t version = 0;
  bool parsed = false;  // `value` holds `text`, parsed
  // When the last change was an upsert into a list, the version it was
  // applied to (else 0), the element's index and where its new text lies in
  // `text`: a reader that holds that version can apply just the element and
  // keep every other element's identity.
  std::uint32_t patch_base = 0;
  std::uint32_t patch_index = 0;
  std::uint32_t patch_at = 0;
  std::uint32_t patch_length = 0;
  // For a list slot that has taken upserts: each element's byte range in
  // `text`, so the next upsert need not scan it (see bundle.cpp).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> bounds;
};

// How a merge changed a bundle.
enum class MergeResult { replaced, upserted, appended, unknown_slot, kind_mismatch };

class Bundle {
 public:
  // Replaces the content with `object` (a JSON object of slots). A slot whose
  // JSON text is unchanged keeps its version; others get `version`.
  void assign(json::Value object, std::uint32_t version);

  // The same from a scanned response (json::scan_object): slots keep the
  // server's text and are parsed only if a merge needs their structure, so
  // ingesting a large bundle costs one validating pass and a copy.
  void assign(const std::vector<json::RawMember>& members, std::uint32_t version);

  // Splices `value` into `slot` (PROTOCOL.md §6) and stamps it with `version`:
  //  - slot holds a list and value is an object: upsert by `id_field` (replace
  //    the element whose id_field equals value's, compared as canonical JSON,
  //    in place; else append);
  //  - otherwise, values of the same kind (both lists, both objects, both
  //    scalars of any type) or where either side is null: replace.
  // An unknown slot or a kind mismatch (a list and a scalar, an object and a
  // list) changes nothing.
  MergeResult merge(std::string_view slot, const json::Value& value, std::string_view id_field, std::uint32_t version);

  const std::vector<Slot>& slots() const { return slots_; }
  const Slot* find(std::string_view name) const;
  bool empty() const { return slots_.empty(); }

 private:
  std::vector<Slot> slots_;
};

}  // namespace mizan
