#include "kernel/invalidate_header.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernel/json_write.h"
#include "kernel/percent.h"
#include "tests/kernel/str_print.h"

namespace mizan {
namespace {

std::string random_text(std::mt19937& rng) {
  // Characters the header must carry through encoding: separators, quotes,
  // '%', spaces, non-ASCII up to astral.
  static const std::vector<std::string> alphabet = {"a",
                                                    "Z",
                                                    "0",
                                                    "_",
                                                    "-",
                                                    ".",
                                                    "~",
                                                    "/",
                                                    ";",
                                                    ",",
                                                    "=",
                                                    "%",
                                                    " ",
                                                    "\"",
                                                    "'",
                                                    "\t",
                                                    "+",
                                                    "&",
                                                    "?",
                                                    "#",
                                                    "\xC3\xA9",
                                                    "\xE4\xB8\xAD",
                                                    "\xF0\x9F\x98\x80",
                                                    "\xE2\x80\xA8"};
  std::string s;
  const int len = std::uniform_int_distribution<int>(1, 12)(rng);
  for (int k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
  return s;
}

TEST(InvalidateHeader, FormatThenParseRoundTrips) {
  std::mt19937 rng(42);
  for (int round = 0; round < 2000; ++round) {
    Vec<InvalidateTarget> targets;
    const int items = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int i = 0; i < items; ++i) {
      InvalidateTarget t = InvalidateTarget::broad(mizan::Str(random_text(rng)));
      const int params = std::uniform_int_distribution<int>(0, 3)(rng);
      t.params = json::Value::make_object();
      for (int p = 0; p < params; ++p) {
        const std::string key = random_text(rng) + std::to_string(p);  // unique keys
        t.params.members.push_back({mizan::Str(key), json::Value::make_string(mizan::Str(random_text(rng)))});
      }
      t.scoped = params > 0;
      targets.push_back(std::move(t));
    }
    mizan::Str header;
    ASSERT_TRUE(format_invalidate_header(targets, header).ok());
    const InvalidateHeader parsed = parse_invalidate_header(header);
    ASSERT_TRUE(parsed.errors.empty()) << header << ": " << parsed.errors[0].message;
    ASSERT_EQ(parsed.targets.size(), targets.size()) << header;
    for (std::size_t k = 0; k < targets.size(); ++k) {
      EXPECT_EQ(parsed.targets[k].name, targets[k].name);
      EXPECT_EQ(parsed.targets[k].scoped, targets[k].scoped);
      mizan::Str want, got;
      json::write_canonical(targets[k].params, want);
      json::write_canonical(parsed.targets[k].params, got);
      if (targets[k].scoped) EXPECT_EQ(got, want) << header;
    }
  }
}

TEST(InvalidateHeader, PercentEncodingMatchesPythonQuote) {
  // urllib.parse.quote("a b;c,d=e\"f%g/h~_.-é") in Python 3.
  mizan::Str out;
  percent_encode("a b;c,d=e\"f%g/h~_.-\xC3\xA9", out);
  EXPECT_EQ(out, "a%20b%3Bc%2Cd%3De%22f%25g/h~_.-%C3%A9");
}

TEST(InvalidateHeader, GarbageNeverDropsGoodItems) {
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string garbage;
    const int len = std::uniform_int_distribution<int>(0, 20)(rng);
    for (int k = 0; k < len; ++k) garbage.push_back(static_cast<char>(rng() % 256));
    if (garbage.find(',') != std::string::npos) continue;  // one garbage item only
    const InvalidateHeader parsed = parse_invalidate_header("user;user_id=5," + garbage + ",notifications");
    ASSERT_GE(parsed.targets.size(), 2u);
    EXPECT_EQ(parsed.targets.front().name, "user");
    EXPECT_EQ(parsed.targets.back().name, "notifications");
    EXPECT_LE(parsed.targets.size() + parsed.errors.size(), 3u);
    mizan::Str json;
    write_header_json(parsed, json);  // must stay valid even for raw bytes
    EXPECT_NE(json.find("\"targets\""), std::string::npos);
  }
}

}  // namespace
}  // namespace mizan
