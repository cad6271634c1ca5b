// deriveCacheKey from the command line, for tests/differential/cache_key_vs_python.py.
//
// Each stdin line is a JSON object
//   {"secret": str, "context": str, "params": {...}, "user": str (optional), "rev": int}
// and yields one stdout line: the cache key, or `ERROR <CODE> <message>`.
// Strings reach the kernel as the parser stores them (WTF-8), so lone
// surrogates survive. The key is printed raw, so a context containing a
// newline would span two lines: callers keep newlines out of contexts.
#include <charconv>
#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>

#include "kernel/cache_key.h"
#include "kernel/json_parse.h"
#include "kernel/status.h"
#include "tests/kernel/str_print.h"

namespace {

using mizan::Code;
using mizan::Status;
using mizan::json::Value;

Status require_string(const Value& line, std::string_view field, std::string_view& out) {
  const Value* v = line.find(field);
  if (v == nullptr || !v->is_string())
    return Status::fail(Code::invalid_argument, mizan::Str(field) + " must be a string");
  out = v->text;
  return Status::success();
}

Status read_rev(const Value& line, std::int64_t& out) {
  const Value* v = line.find("rev");
  if (v == nullptr || v->kind != mizan::json::Kind::number)
    return Status::fail(Code::invalid_argument, "rev must be an integer");
  const mizan::Str& token = v->text;
  const auto [end, err] = std::from_chars(token.data(), token.data() + token.size(), out);
  if (err != std::errc() || end != token.data() + token.size())
    return Status::fail(Code::invalid_argument, "rev must be a 64-bit integer, got " + token);
  return Status::success();
}

Status derive(const std::string& text, mizan::Str& key) {
  Value line;
  Status parsed = mizan::json::parse(text, line);
  if (!parsed.ok()) return parsed;
  if (!line.is_object()) return Status::fail(Code::invalid_argument, "each line must be a JSON object");

  std::string_view secret;
  mizan::CacheKeyInput input;
  Status s = require_string(line, "secret", secret);
  if (s.ok()) s = require_string(line, "context", input.context);
  if (s.ok()) s = read_rev(line, input.rev);
  if (!s.ok()) return s;
  input.allow_empty_secret = true;     // Python's hmac takes an empty key: compare those too
  input.params = line.find("params");  // derive_cache_key rejects a missing or non-object one
  if (line.find("user") != nullptr) {
    std::string_view user;
    s = require_string(line, "user", user);
    if (!s.ok()) return s;
    input.user_id = user;
  }
  return mizan::derive_cache_key(secret, input, key);
}

// Error messages may quote a param name, which can hold any character; the
// output must stay one line per input line.
std::string single_line(std::string message) {
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  return message;
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string text;
  mizan::Str key;
  while (std::getline(std::cin, text)) {
    Status s = derive(text, key);
    if (s.ok())
      std::cout << key << '\n';
    else
      std::cout << "ERROR " << mizan::code_name(s.code) << ' ' << single_line(s.message) << '\n';
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}
