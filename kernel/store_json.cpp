#include "kernel/store_json.h"

#include "kernel/decimal.h"
#include "kernel/js_number.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/small_sort.h"

namespace mizan {

namespace {

bool read_number(const json::Value& v, double& out) {
  return v.kind == json::Kind::number && decimal::parse_double(v.text, out);
}

// A non-empty string option's value into `out`; false when it is not one.
bool read_name(const json::Value& v, Str& out) {
  if (!v.is_string() || v.text.empty()) return false;
  out = v.text;
  return true;
}

// Why `v` is not a valid value of option `key` (then `out` is unspecified),
// or nullptr once it is read into `out`. Unknown options are JS's to refuse.
const char* read_option(const Str& key, const json::Value& v, StoreConfig& out) {
  if (key == "gcTime") {
    // null: never evict (JSON has no Infinity; JS sends gcTime Infinity so).
    if (v.is_null()) {
      out.gc_time_ms = Store::kNever;
    } else if (!read_number(v, out.gc_time_ms) || out.gc_time_ms < 0) {
      return "gcTime must be a number of ms >= 0";
    }
  } else if (key == "callBodyKey") {
    if (!read_name(v, out.call_body_key)) return "callBodyKey must be a non-empty string";
  } else if (key == "retryDelays") {
    const char* const wrong = "retryDelays must be an array of ms";
    if (!v.is_array()) return wrong;
    out.retry_delays_ms.clear();
    for (const json::Value& d : v.items) {
      double ms = 0;
      if (!read_number(d, ms) || ms < 0) return wrong;
      out.retry_delays_ms.push_back(ms);
    }
  } else if (key == "idField") {
    if (!read_name(v, out.default_id_field)) return "idField must be a non-empty string";
  } else if (key == "idFields") {
    const char* const wrong = "idFields must map \"context.slot\" or \"slot\" to a field name";
    if (!v.is_object()) return wrong;
    for (const json::Member& f : v.members) {
      Str field;
      if (!read_name(f.value, field)) return wrong;
      out.id_fields.emplace_back(f.key, std::move(field));
    }
  }
  return nullptr;
}

}  // namespace

Status parse_store_config(std::string_view text, StoreConfig& out) {
  json::Value config;
  if (Status s = json::parse(text, config); !s.ok()) return s;
  if (!config.is_object()) return Status::fail(Code::invalid_argument, "options must be an object");
  const char* wrong = nullptr;
  for (std::size_t k = 0; wrong == nullptr && k < config.members.size(); ++k)
    wrong = read_option(config.members[k].key, config.members[k].value, out);
  return wrong ? Status::fail(Code::invalid_argument, Str("options.") + wrong) : Status::success();
}

void write_effects_json(const Vec<Command>& commands, const Vec<EntryId>& changed, bool pending, Str& out) {
  out += "{\"commands\":";
  json::write_array(commands, out, [](const Command& c, Str& o) {
    o.push_back('[');
    append_int(static_cast<int>(c.kind), o);
    o.push_back(',');
    append_int(c.request, o);
    o.push_back(',');
    json::write_string(c.text, o);
    o.push_back(',');
    append_js_number(c.delay_ms, o);
    o.push_back(']');
  });
  out += ",\"changed\":";
  json::write_array(changed, out, [](EntryId id, Str& o) { append_int(id, o); });
  out += pending ? ",\"pending\":true}" : ",\"pending\":false}";
}

void write_entry_json(const Entry& e, std::uint32_t known_version, Str& out) {
  out += "{\"version\":";
  append_int(e.version, out);
  out += ",\"status\":\"";
  out += status_name(e.status);
  out += "\",\"fetching\":";
  out += e.fetching ? "true" : "false";
  out += ",\"updatedAt\":";
  append_js_number(e.updated_at, out);
  out += ",\"error\":";
  if (e.error) {
    write_error_json(*e.error, out);
  } else {
    out += "null";
  }
  if (!e.has_data) {
    out += ",\"data\":null,\"kept\":[],\"patches\":[]}";
    return;
  }
  // The slots in order, each changed one with its value and the others as
  // 0 (a place the reader fills in), then which those are.
  Str kept;
  Str patches;
  out += ",\"data\":{";
  for (const Slot& s : e.data.slots()) {
    if (out.back() != '{') out.push_back(',');
    json::write_string(s.name, out);
    out.push_back(':');
    const Patch* patch = s.patch();
    if (s.version <= known_version) {
      out.push_back('0');
      kept += kept.empty() ? "[" : ",";
      json::write_string(s.name, kept);
    } else if (patch && patch->base <= known_version) {
      // The reader holds the version this upsert applied to: the element.
      out.push_back('0');
      patches += patches.empty() ? "[[" : ",[";
      json::write_string(s.name, patches);
      patches.push_back(',');
      append_int(patch->index, patches);
      patches.push_back(',');
      patches.append(s.text.data() + patch->at, patch->length);
      patches.push_back(']');
    } else {
      out += s.text;
    }
  }
  out += "},\"kept\":";
  out += kept.empty() ? "[" : kept;
  out += "],\"patches\":";
  out += patches.empty() ? "[" : patches;
  out += "]}";
}

void write_dehydrated_json(const Store& store, Str& out) {
  Vec<EntryId> ids;
  for (const auto& [id, e] : store.entries())
    if (e->has_data && e->status == EntryStatus::success) ids.push_back(id);
  small_sort(ids, [](EntryId a, EntryId b) { return a < b; });
  out += "{\"mizan\":1,\"contexts\":";
  json::write_array(ids, out, [&](EntryId id, Str& o) {
    const Entry& e = *store.entry(id);
    o += "{\"context\":";
    json::write_string(e.name(), o);
    o += ",\"params\":";
    o += e.params_key();
    o += ",\"data\":{";
    bool first = true;
    for (const Slot& s : e.data.slots()) {
      if (!first) o.push_back(',');
      first = false;
      json::write_string(s.name, o);
      o.push_back(':');
      o += s.text;
    }
    o += "},\"updatedAt\":";
    append_js_number(e.updated_at, o);
    o.push_back('}');
  });
  out.push_back('}');
}

void write_call_outcome_json(const CallOutcome& outcome, Str& out) {
  if (outcome.ok) {
    out += "{\"result\":";
    json::write(outcome.result, out);
  } else {
    write_error_json(outcome.error, out);
    out.pop_back();  // its closing brace: the problems join the same object
  }
  out += ",\"problems\":";
  json::write_array(outcome.problems, out, [](const Str& p, Str& o) { json::write_string(p, o); });
  out.push_back('}');
}

}  // namespace mizan
