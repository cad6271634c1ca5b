// The wasm boundary: translation only, no decisions. Bulk text crosses as
// UTF-8 bytes in wasm memory (JS writes arguments into the input buffer with
// TextEncoder.encodeInto and reads results from the output buffer); the
// exports themselves take and return only numbers.
//
// Plain C exports rather than Embind: this module passes nothing but
// scalars, which the C ABI carries directly, and Embind's runtime costs
// ~9 KB gzip here (4 KB of wasm, 5 KB of glue; measured on this module),
// over a fifth of the 40 KB budget, plus ~150 ns per call in its
// eval-free invoker. Nothing can be thrown across: the kernel returns codes.
//
// Operations return the output length (>= 0) on success, or the negated
// mizan::Code on failure with the message in the output buffer.
#include "wasm/exports.h"

// Also built natively for the test suite (tests/kernel/exports_test.cpp),
// so that ASan/UBSan see the boundary code too. What exports a function
// from the module, and under which name, is its declaration there.
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "kernel/cache_key.h"
#include "kernel/channel_session.h"
#include "kernel/envelope.h"
#include "kernel/invalidate_header.h"
#include "kernel/js_number.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/rpc_answer.h"
#include "kernel/stable_key.h"
#include "kernel/store.h"
#include "kernel/store_json.h"
#include "kernel/str.h"
#include "kernel/vec.h"
#include "wasm/heap.h"

namespace {

using mizan::Code;
using mizan::Status;
using mizan::Str;

// A string rather than a vector of bytes: its code is in the module anyway.
Str input;
Str output;

// Hands out argument slices of the input buffer in order.
class Args {
 public:
  std::string_view next(std::size_t len) {
    std::string_view s(input.data() + at_, len);
    at_ += len;
    return s;
  }

 private:
  std::size_t at_ = 0;
};

// The buffers keep their capacity between calls, which saves allocations,
// but not more than this once a large body has passed: a long-lived page
// must not hold its largest response forever.
constexpr std::size_t kKeptBufferBytes = 64 * 1024;

void fresh_output() {
  if (output.capacity() > kKeptBufferBytes) {
    Str().swap(output);
  } else {
    output.clear();
  }
}

int finish(const Status& status) {
  if (status.ok()) return static_cast<int>(output.size());
  output = status.message;
  return -static_cast<int>(status.code);
}

mizan::Vec<std::unique_ptr<mizan::Store>> stores;

mizan::Store& store(int handle) { return *stores[static_cast<std::size_t>(handle) - 1]; }

#ifdef MIZAN_CHANNELS
mizan::Vec<std::unique_ptr<mizan::channels::Session>> sessions;

mizan::channels::Session& session(int handle) { return *sessions[static_cast<std::size_t>(handle) - 1]; }
#endif

}  // namespace

extern "C" {

std::uintptr_t mizan_reserve_input(std::size_t bytes) {
  if (input.size() > kKeptBufferBytes && bytes <= kKeptBufferBytes) Str(kKeptBufferBytes, '\0').swap(input);
  if (input.size() < bytes) input.resize(bytes);
  fresh_output();
  return reinterpret_cast<std::uintptr_t>(input.data());
}

std::uintptr_t mizan_output_ptr() { return reinterpret_cast<std::uintptr_t>(output.data()); }

std::size_t mizan_output_len() { return output.size(); }

int mizan_stable_key(std::size_t params_len) { return finish(mizan::stable_key(Args().next(params_len), output)); }

#ifndef MIZAN_BROWSER_BUILD  // servers and tools: a browser's kernel reads call responses and the header itself
int mizan_parse_invalidate_header(std::size_t text_len) {
  fresh_output();
  mizan::write_header_json(mizan::parse_invalidate_header(Args().next(text_len)), output);
  return static_cast<int>(output.size());
}

// Success: the call response JSON. A server or envelope error: the error
// JSON, returned with Code::server_error.
int mizan_parse_call_response(int status, std::size_t body_len) {
  mizan::CallResponse response;
  mizan::ServerError error;
  fresh_output();
  if (mizan::parse_call_response(status, Args().next(body_len), response, error)) {
    mizan::write_call_response_json(response, output);
    return static_cast<int>(output.size());
  }
  mizan::write_error_json(error, output);
  return -static_cast<int>(Code::server_error);
}

// Only secret holders derive keys and send the header.
// user_len < 0: no user (public content).
int mizan_derive_cache_key(std::size_t secret_len, std::size_t context_len, std::size_t params_len, int user_len,
                           double rev, int allow_empty_secret) {
  Args args;
  const std::string_view secret = args.next(secret_len);
  mizan::CacheKeyInput in;
  in.allow_empty_secret = allow_empty_secret != 0;
  in.context = args.next(context_len);
  mizan::json::Value params;
  if (Status s = mizan::json::parse(args.next(params_len), params); !s.ok()) return finish(s);
  in.params = &params;
  if (user_len >= 0) in.user_id = args.next(static_cast<std::size_t>(user_len));
  in.rev = static_cast<std::int64_t>(rev);  // js/ passes only safe integers
  return finish(mizan::derive_cache_key(secret, in, output));
}

int mizan_format_invalidate_header(std::size_t targets_len) {
  mizan::Vec<mizan::InvalidateTarget> targets;
  if (Status s = mizan::read_targets(Args().next(targets_len), targets); !s.ok()) return finish(s);
  return finish(mizan::format_invalidate_header(targets, output));
}
#endif

// --- The context store; a handle names one store (one per createKernel()).

int mizan_store_create(std::size_t config_len) {
  mizan::StoreConfig config;
  if (Status s = mizan::parse_store_config(Args().next(config_len), config); !s.ok()) return finish(s);
  // A destroyed store's place is reused; else a new one at the end.
  std::size_t k = 0;
  while (k < stores.size() && stores[k]) ++k;
  if (k == stores.size()) stores.emplace_back();
  stores[k] = std::make_unique<mizan::Store>(std::move(config));
  return static_cast<int>(k + 1);
}

void mizan_store_destroy(int handle) { stores[static_cast<std::size_t>(handle) - 1].reset(); }

// The entry id (> 0), or the negated error code.
int mizan_store_mount(int handle, std::size_t name_len, std::size_t params_len) {
  Args args;
  const std::string_view name = args.next(name_len);
  mizan::EntryId id = 0;
  const Status s = store(handle).mount(name, args.next(params_len), id);
  return s.ok() ? static_cast<int>(id) : finish(s);
}

// The entry id (> 0) of (name, params) if one exists, 0 if none, or the
// negated error code; mounts nothing.
int mizan_store_lookup(int handle, std::size_t name_len, std::size_t params_len) {
  Args args;
  const std::string_view name = args.next(name_len);
  mizan::EntryId id = 0;
  const Status s = store(handle).lookup(name, args.next(params_len), id);
  return s.ok() ? static_cast<int>(id) : finish(s);
}

// 1 when the data was put in, 0 when the entry held newer data (or `apply`
// is 0: check only), or the negated error code. `apply` 2: setData.
int mizan_store_hydrate(int handle, std::size_t name_len, std::size_t params_len, std::size_t data_len,
                        double updated_at, double now, int apply) {
  Args args;
  const std::string_view name = args.next(name_len);
  const std::string_view params = args.next(params_len);
  bool applied = false;
  const Status s =
      store(handle).hydrate(name, params, args.next(data_len), updated_at, now, applied, apply == 0, apply == 2);
  return s.ok() ? static_cast<int>(applied) : finish(s);
}

#ifndef MIZAN_BROWSER_BUILD  // servers render pages and dehydrate; browsers hydrate
int mizan_store_dehydrate(int handle) {
  fresh_output();
  mizan::write_dehydrated_json(store(handle), output);
  return static_cast<int>(output.size());
}
#endif

double mizan_store_unmount(int handle, int id, double now) {
  return store(handle).unmount(static_cast<mizan::EntryId>(id), now);
}

void mizan_store_refetch(int handle, int id) { store(handle).refetch(static_cast<mizan::EntryId>(id)); }

int mizan_store_invalidate(int handle, std::size_t targets_len) {
  mizan::Vec<mizan::InvalidateTarget> targets;
  if (Status s = mizan::read_targets(Args().next(targets_len), targets); !s.ok()) return finish(s);
  store(handle).invalidate(std::move(targets));
  return 0;
}

void mizan_store_flush(int handle) { store(handle).flush(); }

// Without layers (MIZAN_LAYERS: the full build, the optimistic browser
// build, the native tests) no targets come: js/kernel.js refuses the
// option before anything is sent.
int mizan_store_call(int handle, std::size_t fn_len, std::size_t args_len,
                     [[maybe_unused]] std::size_t optimistic_len) {
  Args args;
  const std::string_view fn = args.next(fn_len);
  const std::string_view call_args = args.next(args_len);
  mizan::Store& into = store(handle);
#ifdef MIZAN_LAYERS
  mizan::CallResponse targets;
  if (!mizan::read_optimistic_targets(args.next(optimistic_len), targets))
    return finish(Status::fail(Code::invalid_argument, "options.optimistic: malformed targets"));
  const std::uint32_t request = into.call(fn, call_args);
  into.add_layers(request, targets);
  return static_cast<int>(request);
#else
  return static_cast<int>(into.call(fn, call_args));
#endif
}

#ifdef MIZAN_LAYERS
// "call,update,input": JS reads it in brackets.
int mizan_store_layer_input(int handle) {
  const mizan::Layer* layer = store(handle).awaiting_layer();
  fresh_output();
  if (layer == nullptr) return 0;
  mizan::append_int(layer->call, output);
  output.push_back(',');
  mizan::append_int(layer->update, output);
  output.push_back(',');
  output += layer->input;
  return static_cast<int>(output.size());
}

void mizan_store_layer_value(int handle, std::size_t value_len) {
  mizan::json::Value value;
  const bool ok = value_len > 0 && mizan::json::parse(Args().next(value_len), value).ok();
  store(handle).settle_layer(ok ? &value : nullptr);
}
#endif

void mizan_store_fetch_response(int handle, int request, int status, std::size_t body_len, double now) {
  store(handle).on_fetch_response(static_cast<std::uint32_t>(request), status, Args().next(body_len), now);
}

void mizan_store_fetch_failure(int handle, int request, std::size_t message_len, double now) {
  store(handle).on_fetch_failure(static_cast<std::uint32_t>(request), Args().next(message_len), now);
}

// As parse_call_response: the result JSON, or the error JSON with
// Code::server_error.
int mizan_store_call_response(int handle, int request, int status, std::size_t header_len, std::size_t body_len) {
  Args args;
  const std::string_view header = args.next(header_len);
  mizan::CallOutcome outcome;
  store(handle).on_call_response(static_cast<std::uint32_t>(request), status, header, args.next(body_len), outcome);
  fresh_output();
  mizan::write_call_outcome_json(outcome, output);
  return outcome.ok ? static_cast<int>(output.size()) : -static_cast<int>(Code::server_error);
}

void mizan_store_call_failure(int handle, int request) {
  store(handle).on_call_failure(static_cast<std::uint32_t>(request));
}

void mizan_store_purge(int handle) { store(handle).purge(); }

double mizan_store_collect_garbage(int handle, double now) { return store(handle).collect_garbage(now); }

int mizan_store_drop(int handle, int entry) {
  return entry > 0 && store(handle).drop(static_cast<mizan::EntryId>(entry)) ? 1 : 0;
}

int mizan_store_take_effects(int handle) {
  mizan::Store& s = store(handle);
  fresh_output();
  mizan::write_effects_json(s.take_commands(), s.take_changed(), s.has_pending(), output);
  return static_cast<int>(output.size());
}

// The entry's snapshot JSON, or 0 (never valid JSON) when it was evicted:
// a negative return means an error everywhere on this boundary.
int mizan_store_describe(int handle, int id, double known_version) {
  const mizan::Entry* e = store(handle).entry(static_cast<mizan::EntryId>(id));
  if (e == nullptr) return 0;
  fresh_output();
  mizan::write_entry_json(*e, static_cast<std::uint32_t>(known_version), output);
  return static_cast<int>(output.size());
}

int mizan_store_size(int handle) { return static_cast<int>(store(handle).size()); }

#ifdef MIZAN_CHANNELS
// --- Channel sessions; a handle names one (one per createKernel() that
// uses channels). Ids cross as ints: a negative one is simply unknown.

int mizan_ch_create(std::size_t config_len) {
  mizan::channels::Timing timing;
  if (Status s = mizan::channels::parse_timing(Args().next(config_len), timing); !s.ok()) return finish(s);
  std::size_t k = 0;
  while (k < sessions.size() && sessions[k]) ++k;
  if (k == sessions.size()) sessions.emplace_back();
  sessions[k] = std::make_unique<mizan::channels::Session>(timing);
  return static_cast<int>(k + 1);
}

void mizan_ch_destroy(int handle) { sessions[static_cast<std::size_t>(handle) - 1].reset(); }

int mizan_ch_subscribe(int handle, std::size_t channel_len, std::size_t params_len, double now) {
  Args args;
  const std::string_view channel = args.next(channel_len);
  const std::string_view params = args.next(params_len);
  const int id = session(handle).subscribe(channel, params, now);
  // Only bad params fail: stableKey says why (again, on this rare path).
  return id > 0 ? id : finish(mizan::stable_key(params, output));
}

void mizan_ch_unsubscribe(int handle, int id, double now) {
  session(handle).unsubscribe(static_cast<std::uint32_t>(id), now);
}

int mizan_ch_send(int handle, int id, std::size_t payload_len) {
  return finish(session(handle).send(static_cast<std::uint32_t>(id), Args().next(payload_len)));
}

int mizan_ch_rpc(int handle, std::size_t fn_len, std::size_t args_len, double now) {
  Args args;
  const std::string_view fn = args.next(fn_len);
  return static_cast<int>(session(handle).rpc(fn, args.next(args_len), now));
}

void mizan_ch_opened(int handle, double now) { session(handle).opened(now); }

void mizan_ch_closed(int handle, int code, double now, double random) { session(handle).closed(code, now, random); }

int mizan_ch_close_frame(int handle, int id) {
  return session(handle).close_frame(static_cast<std::uint32_t>(id)) ? 1 : 0;
}

int mizan_ch_rpc_response(int handle, int id) {
  return session(handle).rpc_response(static_cast<std::uint32_t>(id)) ? 1 : 0;
}

int mizan_ch_rpc_body(std::size_t frame_len) {
  return finish(mizan::channels::rpc_answer_body(Args().next(frame_len), output));
}

void mizan_ch_pong(int handle, double now) { session(handle).pong(now); }

void mizan_ch_tick(int handle, double now, double random) { session(handle).tick(now, random); }

int mizan_ch_status(int handle, int id) {
  return static_cast<int>(session(handle).status(static_cast<std::uint32_t>(id)));
}

// The frames are compact JSON (no raw newline in any), so a line each.
int mizan_ch_take_effects(int handle) {
  const mizan::channels::Effects e = session(handle).take_effects();
  fresh_output();
  output = "{\"open\":0,\"close\":0,\"renew\":0,\"changed\":[";
  if (e.open) output[8] = '1';  // the flags' digits
  if (e.close) output[18] = '1';
  if (e.renew_token) output[28] = '1';
  for (std::size_t i = 0; i < e.changed.size(); ++i) {
    if (i > 0) output += ',';
    mizan::append_int(e.changed[i], output);
  }
  output += "],\"failed\":[";
  for (std::size_t i = 0; i < e.failed.size(); ++i) {
    output += i > 0 ? ",[" : "[";
    mizan::append_int(e.failed[i].first, output);
    output += e.failed[i].second == mizan::channels::RpcFailure::timeout ? ",1]" : ",2]";
  }
  output += "],\"wake\":";
  // Infinity (nothing pending), and NaN from a NaN time, are no time: null.
  if (e.wake_at - e.wake_at == 0) {
    mizan::append_js_number(e.wake_at, output);
  } else {
    output += "null";
  }
  output += '}';
  for (const Str& frame : e.frames) {
    output += '\n';
    output += frame;
  }
  return static_cast<int>(output.size());
}
#endif

// Bytes the allocator has handed out and not taken back (its blocks,
// headers included): the kernel's real heap use (linear memory only ever
// grows), for leak checks and benchmarks.
#if defined(__EMSCRIPTEN__) && !defined(MIZAN_BROWSER_BUILD)  // leak checks run in Node
std::size_t mizan_heap_in_use() { return mizan::heap::module_in_use(); }
#endif

}  // extern "C"
