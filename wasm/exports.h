#pragma once
// The C exports of the wasm module (exports.cpp). js/wasm.js calls them by
// name; the native test suite calls them through these declarations, so
// that ASan/UBSan also cover the boundary (tests/kernel/exports_test.cpp).
#include <cstddef>
#include <cstdint>

extern "C" {

std::uintptr_t mizan_reserve_input(std::size_t bytes);
std::uintptr_t mizan_output_ptr();
std::size_t mizan_output_len();
int mizan_stable_key(std::size_t params_len);
int mizan_parse_invalidate_header(std::size_t text_len);
#ifndef MIZAN_BROWSER_BUILD  // only secret holders derive keys and send the header
int mizan_derive_cache_key(std::size_t secret_len, std::size_t context_len, std::size_t params_len, int user_len,
                           double rev, int allow_empty_secret);
int mizan_format_invalidate_header(std::size_t targets_len);
#endif
int mizan_parse_call_response(int status, std::size_t body_len);
int mizan_store_create(std::size_t config_len);
void mizan_store_destroy(int handle);
int mizan_store_mount(int handle, std::size_t name_len, std::size_t params_len);
int mizan_store_lookup(int handle, std::size_t name_len, std::size_t params_len);
int mizan_store_hydrate(int handle, std::size_t name_len, std::size_t params_len, std::size_t data_len,
                        double updated_at, double now, int apply);
#ifndef MIZAN_BROWSER_BUILD  // servers dehydrate
int mizan_store_dehydrate(int handle);
#endif
double mizan_store_unmount(int handle, int id, double now);
void mizan_store_refetch(int handle, int id);
int mizan_store_invalidate(int handle, std::size_t targets_len);
void mizan_store_flush(int handle);
int mizan_store_call(int handle, std::size_t fn_len, std::size_t args_len);
void mizan_store_fetch_response(int handle, int request, int status, std::size_t body_len, double now);
void mizan_store_fetch_failure(int handle, int request, std::size_t message_len, double now);
int mizan_store_call_response(int handle, int request, int status, std::size_t header_len, std::size_t body_len);
void mizan_store_call_failure(int handle, int request);
void mizan_store_purge(int handle);
double mizan_store_collect_garbage(int handle, double now);
int mizan_store_take_effects(int handle);
int mizan_store_describe(int handle, int id, double known_version);
int mizan_store_size(int handle);
#ifdef __EMSCRIPTEN__  // the allocator's count (emmalloc)
std::size_t mizan_heap_in_use();
#endif

}  // extern "C"
