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

Status bad(const std::string& what) { return Status::fail(Code::invalid_argument, "options." + what); }

}  // namespace

Status parse_store_config(std::string_view text, StoreConfig& out) {
  json::Value config;
  if (Status s = json::parse(text, config); !s.ok()) return s;
  if (!config.is_object()) return Status::fail(Code::invalid_argument, "options must be an object");
  for (const json::Member& m : config.members) {
    const json::Value& v = m.value;
    if (m.key == "gcTime") {
      // null: never evict (JSON has no Infinity; JS sends gcTime Infinity so).
      if (v.kind == json::Kind::null) {
        out.gc_time_ms = Store::kNever;
      } else if (!read_number(v, out.gc_time_ms) || out.gc_time_ms < 0) {
        return bad("gcTime must be a number of ms >= 0");
      }
    } else if (m.key == "callBodyKey") {
      if (!v.is_string() || v.text.empty()) return bad("callBodyKey must be a non-empty string");
      out.call_body_key = v.text;
    } else if (m.key == "retryDelays") {
      if (!v.is_array()) return bad("retryDelays must be an array of ms");
      out.retry_delays_ms.clear();
      for (const json::Value& d : v.items) {
        double ms = 0;
        if (!read_number(d, ms) || ms < 0) return bad("retryDelays must be an array of ms");
        out.retry_delays_ms.push_back(ms);
      }
    } else if (m.key == "idField") {
      if (!v.is_string() || v.text.empty()) return bad("idField must be a non-empty string");
      out.default_id_field = v.text;
    } else if (m.key == "idFields") {
      if (!v.is_object()) return bad("idFields must map \"context.slot\" or \"slot\" to a field name");
      for (const json::Member& f : v.members) {
        if (!f.value.is_string() || f.value.text.empty()) return bad("idFields." + f.key + " must be a field name");
        out.id_fields.emplace_back(f.key, f.value.text);
      }
    }
  }
  return Status::success();
}

void write_effects_json(const std::vector<Command>& commands, const std::vector<EntryId>& changed, bool pending,
                        std::string& out) {
  out += "{\"commands\":";
  json::write_array(commands, out, [](const Command& c, std::string& o) {
    o += "[" + std::to_string(static_cast<int>(c.kind)) + "," + std::to_string(c.request) + ",";
    json::write_string(c.text, o);
    o.push_back(',');
    append_js_number(c.delay_ms, o);
    o.push_back(']');
  });
  out += ",\"changed\":";
  json::write_array(changed, out, [](EntryId id, std::string& o) { o += std::to_string(id); });
  out += pending ? ",\"pending\":true}" : ",\"pending\":false}";
}

void write_entry_json(const Entry& e, std::uint32_t known_version, std::string& out) {
  out += "{\"version\":" + std::to_string(e.version) + ",\"status\":\"" + status_name(e.status) + "\",\"fetching\":";
  out += e.fetching ? "true" : "false";
  out += ",\"updatedAt\":";
  append_js_number(e.updated_at, out);
  out += e.has_data ? ",\"hasData\":true" : ",\"hasData\":false";
  out += ",\"error\":";
  if (e.has_error) {
    write_error_json(e.error, out);
  } else {
    out += "null";
  }
  out += ",\"slots\":";
  json::write_array(e.data.slots(), out, [&](const Slot& s, std::string& o) {
    o.push_back('[');
    json::write_string(s.name, o);
    o += "," + std::to_string(s.version) + ",";
    if (s.version <= known_version) {
      o += "null";
    } else if (s.patch_base != 0 && s.patch_base <= known_version) {
      // The reader holds the version this upsert applied to: send the element.
      o += "null," + std::to_string(s.patch_index) + ",";
      o.append(s.text, s.patch_at, s.patch_length);
    } else {
      o += s.text;
    }
    o.push_back(']');
  });
  out.push_back('}');
}

void write_dehydrated_json(const Store& store, std::string& out) {
  std::vector<EntryId> ids;
  for (const auto& [id, e] : store.entries())
    if (e.has_data && e.status == EntryStatus::success) ids.push_back(id);
  small_sort(ids, [](EntryId a, EntryId b) { return a < b; });
  out += "{\"mizan\":1,\"contexts\":";
  json::write_array(ids, out, [&](EntryId id, std::string& o) {
    const Entry& e = *store.entry(id);
    o += "{\"context\":";
    json::write_string(e.name, o);
    o += ",\"params\":" + e.params_key + ",\"data\":{";
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

void write_call_outcome_json(const CallOutcome& outcome, std::string& out) {
  if (outcome.ok) {
    out += "{\"result\":";
    json::write(outcome.result, out);
  } else {
    write_error_json(outcome.error, out);
    out.pop_back();  // its closing brace: the problems join the same object
  }
  out += ",\"problems\":";
  json::write_array(outcome.problems, out, [](const std::string& p, std::string& o) { json::write_string(p, o); });
  out.push_back('}');
}

}  // namespace mizan
