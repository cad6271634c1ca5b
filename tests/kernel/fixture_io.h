#pragma once
// Loads the shared JSON fixtures (tests/fixtures/) that the Vitest suite
// reads too, so both sides are held to the same cases.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "tests/kernel/str_print.h"

namespace mizan::testing {

inline json::Value load_fixture(const std::string& name) {
  std::ifstream in(std::string(MIZAN_FIXTURES_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  json::Value v;
  const Status s = json::parse(text.str(), v);
  EXPECT_TRUE(s.ok()) << name << ": " << s.message;
  return v;
}

// Semantic equality for comparisons: canonical text (sorted keys, numbers
// in JavaScript spelling), as JSON.parse + toEqual would see it.
inline std::string canonical(const json::Value& v) {
  mizan::Str out;
  json::write_canonical(v, out);
  return out;
}

inline json::Value parse_or_fail(const std::string& text) {
  json::Value v;
  const Status s = json::parse(text, v);
  EXPECT_TRUE(s.ok()) << s.message << " in " << text;
  return v;
}

inline const Str& str(const json::Value& object, const char* key) {
  static const Str empty;
  const json::Value* v = object.find(key);
  return v != nullptr ? v->text : empty;
}

}  // namespace mizan::testing
