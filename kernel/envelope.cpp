#include "kernel/envelope.h"

#include "kernel/js_number.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"

namespace mizan {

namespace {

bool is_success(int status) { return status >= 200 && status < 300; }

Str http_code(int status) { return "HTTP_" + int_string(status); }

const json::Value* string_member(const json::Value& object, std::string_view key) {
  const json::Value* v = object.find(key);
  return v != nullptr && v->is_string() && !v->text.empty() ? v : nullptr;
}

// Fills code/message/details from an object holding them (the FastAPI inner
// object, or the Django envelope itself).
void read_error_fields(const json::Value& fields, ServerError& error) {
  if (const json::Value* code = string_member(fields, "code")) error.code = code->text;
  if (const json::Value* message = string_member(fields, "message")) error.message = message->text;
  if (const json::Value* details = fields.find("details")) error.details = *details;
}

// Recognises an error envelope in a parsed body; false when there is none.
bool read_error_envelope(const json::Value& body, ServerError& error) {
  if (!body.is_object()) return false;
  if (const json::Value* inner = body.find("error")) {
    if (inner->is_object()) {
      read_error_fields(*inner, error);  // FastAPI
    } else if (inner->is_string()) {
      error.message = inner->text;
      read_error_fields(body, error);
    } else if (inner->kind == json::Kind::boolean && inner->boolean) {
      read_error_fields(body, error);  // Django
    } else {
      return false;
    }
    return true;
  }
  // FastAPI's own HTTPException and validation errors: {"detail": ...}.
  if (const json::Value* detail = body.find("detail")) {
    if (detail->is_string()) {
      error.message = detail->text;
    } else {
      error.message = "Request validation failed";
      error.details = *detail;
    }
    return true;
  }
  return false;
}

void read_merge_list(const json::Value& list, Vec<MergeEntry>& out, Vec<Str>& problems) {
  if (!list.is_array()) {
    problems.push_back("\"merge\" is not a list; ignored");
    return;
  }
  for (std::size_t k = 0; k < list.items.size(); ++k) {
    const json::Value& item = list.items[k];
    const Str where = "merge[" + int_string(k) + "]";
    const json::Value* context = item.is_object() ? string_member(item, "context") : nullptr;
    const json::Value* slot = item.is_object() ? string_member(item, "slot") : nullptr;
    const json::Value* value = item.is_object() ? item.find("value") : nullptr;
    if (context == nullptr || slot == nullptr || value == nullptr) {
      problems.push_back(where + " needs a \"context\" and a \"slot\" string and a \"value\"; skipped");
      continue;
    }
    MergeEntry entry;
    entry.context = context->text;
    entry.slot = slot->text;
    entry.value = *value;
    if (const json::Value* params = item.find("params"); params != nullptr && !params->is_null()) {
      if (!params->is_object()) {
        problems.push_back(where + ".params is not an object; skipped");
        continue;
      }
      entry.scoped = true;
      entry.params = *params;
    }
    out.push_back(std::move(entry));
  }
}

}  // namespace

void read_invalidate_list(const json::Value& list, Vec<InvalidateTarget>& out, Vec<Str>& problems) {
  if (!list.is_array()) {
    problems.push_back("\"invalidate\" is not a list; ignored");
    return;
  }
  Str why;
  for (std::size_t k = 0; k < list.items.size(); ++k) {
    InvalidateTarget target;
    if (read_target(list.items[k], target, why)) {
      out.push_back(std::move(target));
    } else {
      problems.push_back("invalidate[" + int_string(k) + "]: " + why + "; skipped");
    }
  }
}

ServerError parse_error_response(int status, std::string_view body) {
  ServerError error;
  error.status = status;
  json::Value parsed;
  const bool is_json = !body.empty() && json::parse(body, parsed).ok();
  if (is_json) read_error_envelope(parsed, error);
  if (error.code.empty()) error.code = http_code(status);
  if (error.message.empty())
    error.message = "The server answered " + int_string(status) +
                    (body.empty() ? " with an empty body"
                     : is_json    ? ""
                                  : " with a body that is not JSON");
  return error;
}

bool parse_call_response(int status, std::string_view body, CallResponse& out, ServerError& error) {
  if (!is_success(status)) {
    error = parse_error_response(status, body);
    return false;
  }
  if (status == 204) return true;  // No Content: a null result
  const auto invalid = [&](Str message) {
    error.status = status;
    error.code = "INVALID_RESPONSE";
    error.message = std::move(message);
    return false;
  };
  json::Value parsed;
  if (body.empty()) return invalid("The server answered " + int_string(status) + " with an empty body");
  if (Status s = json::parse(body, parsed); !s.ok())
    return invalid("The server answered " + int_string(status) + " with a body that is not JSON (" + s.message + ")");
  json::Value* result = parsed.is_object() ? parsed.find("result") : nullptr;
  if (result == nullptr) {
    // Some servers put an error envelope in a 200.
    error.status = status;
    if (read_error_envelope(parsed, error)) {
      if (error.code.empty()) error.code = http_code(status);
      if (error.message.empty()) error.message = "The server reported an error";
      return false;
    }
    return invalid("The call response has no \"result\" key");
  }
  out.result = std::move(*result);
  if (const json::Value* list = parsed.find("invalidate"); list != nullptr && !list->is_null())
    read_invalidate_list(*list, out.invalidate, out.problems);
  if (const json::Value* list = parsed.find("merge"); list != nullptr && !list->is_null())
    read_merge_list(*list, out.merge, out.problems);
  return true;
}

void write_call_response_json(const CallResponse& response, Str& out) {
  out += "{\"result\":";
  json::write(response.result, out);
  out += ",\"invalidate\":";
  json::write_array(response.invalidate, out, write_target);
  out += ",\"merge\":";
  json::write_array(response.merge, out, [](const MergeEntry& m, Str& o) {
    o += "{\"context\":";
    json::write_string(m.context, o);
    o += ",\"slot\":";
    json::write_string(m.slot, o);
    o += ",\"value\":";
    json::write(m.value, o);
    if (m.scoped) {
      o += ",\"params\":";
      json::write(m.params, o);
    }
    o.push_back('}');
  });
  out += ",\"problems\":";
  json::write_array(response.problems, out, [](const Str& p, Str& o) { json::write_string(p, o); });
  out.push_back('}');
}

void write_error_json(const ServerError& error, Str& out) {
  out += "{\"status\":";
  append_int(error.status, out);
  out += ",\"code\":";
  json::write_string(error.code, out);
  out += ",\"message\":";
  json::write_string(error.message, out);
  out += ",\"details\":";
  json::write(error.details, out);
  out.push_back('}');
}

}  // namespace mizan
