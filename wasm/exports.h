#pragma once
// The C exports of the wasm module (exports.cpp): the one list of the
// boundary. The native test suite calls them through these declarations by
// their C names, so that ASan/UBSan also cover the boundary
// (tests/kernel/exports_test.cpp).
//
// In the module each export has the name JS calls it by, MIZAN_EXPORT's
// argument (mizan_store_mount -> storeMount): js/wasm.js takes the exports
// from the module as they are, so this stays the one list of both sides,
// and tests/js/exports.test.js checks that each build exports what the
// runtime calls. (One-character names were measured: 0.2 KB less wasm, but
// as much more JS for the table that maps them back.)
//
// Conventions:
//  - Text arguments are written one after another into the input buffer
//    (mizan_reserve_input) and passed as their byte lengths, in order.
//  - Text results are left in the output buffer (mizan_output_ptr /
//    mizan_output_len) and the call returns their length, >= 0.
//  - A negative int is always an error: the negated mizan::Code
//    (kernel/status.h), with the message in the output buffer. No other
//    meaning is ever given to a negative int.
//  - A store handle is > 0 (from mizan_store_create); entry ids are > 0;
//    request ids are > 0. Times are milliseconds as doubles.
#include <cstddef>
#include <cstdint>

#ifdef __wasm__
// Exported under `name` (which also keeps the function through LTO).
#define MIZAN_EXPORT(name) __attribute__((export_name(name)))
#else
#define MIZAN_EXPORT(name)
#endif

extern "C" {

// Grows the input buffer to at least `bytes` and returns its address; also
// clears the output buffer.
MIZAN_EXPORT("reserveInput") std::uintptr_t mizan_reserve_input(std::size_t bytes);
// The output buffer's address and length (the result of the last call).
MIZAN_EXPORT("outputPtr") std::uintptr_t mizan_output_ptr();
MIZAN_EXPORT("outputLen") std::size_t mizan_output_len();

// stableKey(params JSON): the canonical JSON's length, or -code.
MIZAN_EXPORT("stableKey") int mizan_stable_key(std::size_t params_len);
#ifndef MIZAN_BROWSER_BUILD  // servers and tools: a browser's kernel reads call responses and the header itself
// The header's targets and malformed items as JSON: always its length.
MIZAN_EXPORT("parseInvalidateHeader") int mizan_parse_invalidate_header(std::size_t text_len);
// A call response: its JSON's length, or -server_error with the error
// value ({status, code, message, details}) as the output.
MIZAN_EXPORT("parseCallResponse") int mizan_parse_call_response(int status, std::size_t body_len);
// Only secret holders derive keys and send the header.
// deriveCacheKey: the key's length, or -code. user_len < 0: no user
// (public content); allow_empty_secret != 0 lets "" sign (tests only).
MIZAN_EXPORT("deriveCacheKey")
int mizan_derive_cache_key(std::size_t secret_len, std::size_t context_len, std::size_t params_len, int user_len,
                           double rev, int allow_empty_secret);
// The X-Mizan-Invalidate text for targets JSON: its length, or -code.
MIZAN_EXPORT("formatInvalidateHeader") int mizan_format_invalidate_header(std::size_t targets_len);
#endif

// A store for config JSON: its handle (> 0), or -code.
MIZAN_EXPORT("storeCreate") int mizan_store_create(std::size_t config_len);
MIZAN_EXPORT("storeDestroy") void mizan_store_destroy(int handle);
// Mounts (name, params JSON): the entry id (> 0), or -code.
MIZAN_EXPORT("storeMount") int mizan_store_mount(int handle, std::size_t name_len, std::size_t params_len);
// The entry id of (name, params) if one exists, 0 if none, or -code;
// mounts nothing.
MIZAN_EXPORT("storeLookup") int mizan_store_lookup(int handle, std::size_t name_len, std::size_t params_len);
// 1 when the bundle was put in, 0 when the entry held newer data (or
// apply == 0: check only), or -code. apply == 2: setData's write (the
// slots given replace the entry's, whatever it held; Store::hydrate).
MIZAN_EXPORT("storeHydrate")
int mizan_store_hydrate(int handle, std::size_t name_len, std::size_t params_len, std::size_t data_len,
                        double updated_at, double now, int apply);
#ifndef MIZAN_BROWSER_BUILD  // servers dehydrate
// The loaded contexts as dehydrated-state JSON: its length.
MIZAN_EXPORT("storeDehydrate") int mizan_store_dehydrate(int handle);
#endif
// Unmounts one reference to an entry: when it may be evicted (ms), or
// Infinity when it is still mounted or is never evicted.
MIZAN_EXPORT("storeUnmount") double mizan_store_unmount(int handle, int id, double now);
MIZAN_EXPORT("storeRefetch") void mizan_store_refetch(int handle, int id);
// Targets JSON: 0, or -code for JSON that is not a target list.
MIZAN_EXPORT("storeInvalidate") int mizan_store_invalidate(int handle, std::size_t targets_len);
// Ends the tick: batched invalidations turn into fetches.
MIZAN_EXPORT("storeFlush") void mizan_store_flush(int handle);
// A call of fn with args JSON and its optimistic targets (JSON as
// kernel/optimistic_layers.h reads them; none when 0 bytes, and always
// none in a build without layers): its request id (> 0), or -code for
// malformed targets (then nothing is sent or shown).
MIZAN_EXPORT("storeCall")
int mizan_store_call(int handle, std::size_t fn_len, std::size_t args_len, std::size_t optimistic_len = 0);
#ifdef MIZAN_LAYERS  // optimistic updates: the full build and mizan_kernel_browser_optimistic.wasm
// The first optimistic function update awaiting its value, as JSON
// "call,update,input" (the call's request id, the function's number from
// 1, the slot's value under it: a JSON array without its brackets): its
// length, or 0 when none awaits.
MIZAN_EXPORT("storeLayerInput") int mizan_store_layer_input(int handle);
// That update's result, as JSON (0 bytes: the function failed; the slot
// shows unchanged).
MIZAN_EXPORT("storeLayerValue") void mizan_store_layer_value(int handle, std::size_t value_len);
#endif
MIZAN_EXPORT("storeFetchResponse")
void mizan_store_fetch_response(int handle, int request, int status, std::size_t body_len, double now);
MIZAN_EXPORT("storeFetchFailure")
void mizan_store_fetch_failure(int handle, int request, std::size_t message_len, double now);
// As mizan_parse_call_response, after applying the response's merges and
// invalidations (the header's too) to the store.
MIZAN_EXPORT("storeCallResponse")
int mizan_store_call_response(int handle, int request, int status, std::size_t header_len, std::size_t body_len);
MIZAN_EXPORT("storeCallFailure") void mizan_store_call_failure(int handle, int request);
// A change of user: everything loaded goes (see Store::purge).
MIZAN_EXPORT("storePurge") void mizan_store_purge(int handle);
// Evicts what is due: the next deadline (ms), or Infinity.
MIZAN_EXPORT("storeCollectGarbage") double mizan_store_collect_garbage(int handle, double now);
// Evicts an unmounted entry now: 1, or 0 when it is mounted or unknown.
MIZAN_EXPORT("storeDrop") int mizan_store_drop(int handle, int entry);
// The commands and changed entries since the last call, as JSON: its length.
MIZAN_EXPORT("storeTakeEffects") int mizan_store_take_effects(int handle);
// The entry's snapshot JSON (slots newer than known_version only): its
// length, or 0 when the entry no longer exists (evicted).
MIZAN_EXPORT("storeDescribe") int mizan_store_describe(int handle, int id, double known_version);
// How many entries the store holds.
MIZAN_EXPORT("storeSize") int mizan_store_size(int handle);
#ifdef MIZAN_CHANNELS  // channels (PROTOCOL.md §9): the full build and the *_channels browser builds
// A channel session (kernel/channel_session.h) for timing JSON
// ({"idleClose", "backoffBase", "backoffCap", "healthyAfter", "pingEvery",
// "pongWithin", "rpcTimeout"}: optional ms >= 0): its handle (> 0), or -code.
MIZAN_EXPORT("chCreate") int mizan_ch_create(std::size_t config_len);
MIZAN_EXPORT("chDestroy") void mizan_ch_destroy(int handle);
// A reader of (channel, params JSON): the subscription id (> 0, shared by
// the pair's live readers), or -code.
MIZAN_EXPORT("chSubscribe")
int mizan_ch_subscribe(int handle, std::size_t channel_len, std::size_t params_len, double now);
MIZAN_EXPORT("chUnsubscribe") void mizan_ch_unsubscribe(int handle, int id, double now);
// A `send` frame with the payload JSON: 0, or -NOT_OPEN (nothing sent).
MIZAN_EXPORT("chSend") int mizan_ch_send(int handle, int id, std::size_t payload_len);
// An RPC of fn with args JSON: its id (> 0).
MIZAN_EXPORT("chRpc") int mizan_ch_rpc(int handle, std::size_t fn_len, std::size_t args_len, double now);
// The socket opened; it closed with `code` (random in [0, 1): the
// reconnect's jitter).
MIZAN_EXPORT("chOpened") void mizan_ch_opened(int handle, double now);
MIZAN_EXPORT("chClosed") void mizan_ch_closed(int handle, int code, double now, double random);
// Control frames: 1 when they name what the session knows, else 0.
MIZAN_EXPORT("chCloseFrame") int mizan_ch_close_frame(int handle, int id);
MIZAN_EXPORT("chRpcResponse") int mizan_ch_rpc_response(int handle, int id);
// A successful rpc-response frame (input) as the HTTP call's answer body
// (kernel/rpc_answer.h): the output's length.
MIZAN_EXPORT("chRpcBody") int mizan_ch_rpc_body(std::size_t frame_len);
MIZAN_EXPORT("chPong") void mizan_ch_pong(int handle, double now);
MIZAN_EXPORT("chTick") void mizan_ch_tick(int handle, double now, double random);
// A subscription's SubStatus: 0 connecting, 1 open, 2 reconnecting, 3
// closed (also for unknown ids).
MIZAN_EXPORT("chStatus") int mizan_ch_status(int handle, int id);
// What to do, as text: its length. The first line is JSON
// {"open":0|1,"close":0|1,"renew":0|1,"changed":[id…],"failed":[[id,1 (timeout)|2 (network)]…],
// "wake":ms|null}; each next line one frame to send, in order.
MIZAN_EXPORT("chTakeEffects") int mizan_ch_take_effects(int handle);
#endif
#if defined(__EMSCRIPTEN__) && !defined(MIZAN_BROWSER_BUILD)  // the allocator's count (wasm/heap.h)
// Bytes allocated and not freed (leak checks and benchmarks, in Node).
MIZAN_EXPORT("heapInUse") std::size_t mizan_heap_in_use();
#endif

}  // extern "C"
