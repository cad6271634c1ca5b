#include "kernel/bundle.h"

#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"

namespace mizan {
namespace {

json::Value parse(const std::string& text) {
  json::Value v;
  const Status s = json::parse(text, v);
  EXPECT_TRUE(s.ok()) << s.message << " in " << text;
  return v;
}

Bundle make_bundle(const std::string& text, std::uint32_t version = 1) {
  Bundle b;
  b.assign(parse(text), version);
  return b;
}

std::string text_of(const Bundle& b, std::string_view slot) {
  const Slot* s = b.find(slot);
  return s ? s->text : "<missing>";
}

std::uint32_t version_of(const Bundle& b, std::string_view slot) {
  const Slot* s = b.find(slot);
  return s ? s->version : 0;
}

// The cached text must always be what json::write gives for the value, or
// JS would see different data than the kernel compares.
void expect_text_matches_value(const Bundle& b) {
  for (const Slot& s : b.slots()) {
    std::string written;
    json::write(s.value, written);
    EXPECT_EQ(s.text, written) << "slot " << s.name;
  }
}

TEST(Bundle, AssignKeepsDocumentOrderAndCachesText) {
  const Bundle b = make_bundle(R"({"z":{"b":1,"a":2.50},"a":[1,"x"],"m":null})", 7);
  ASSERT_EQ(b.slots().size(), 3u);
  EXPECT_EQ(b.slots()[0].name, "z");
  EXPECT_EQ(b.slots()[1].name, "a");
  EXPECT_EQ(b.slots()[2].name, "m");
  EXPECT_EQ(text_of(b, "z"), R"({"b":1,"a":2.50})");
  EXPECT_EQ(text_of(b, "a"), R"([1,"x"])");
  EXPECT_EQ(text_of(b, "m"), "null");
  for (const Slot& s : b.slots()) EXPECT_EQ(s.version, 7u);
  EXPECT_FALSE(b.empty());
  EXPECT_EQ(b.find("nope"), nullptr);
}

TEST(Bundle, StartsEmpty) {
  const Bundle b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.find("x"), nullptr);
}

TEST(Bundle, AssignKeepsVersionsOfUnchangedSlotsAndBumpsChangedOnes) {
  Bundle b = make_bundle(R"({"profile":{"id":1,"name":"Ann"},"orders":[1,2],"count":3})", 1);
  b.assign(parse(R"({"count":3,"orders":[1,2,3],"profile":{"id":1,"name":"Ann"}})"), 2);
  EXPECT_EQ(version_of(b, "profile"), 1u);
  EXPECT_EQ(version_of(b, "orders"), 2u);
  EXPECT_EQ(version_of(b, "count"), 1u);
  EXPECT_EQ(b.slots()[0].name, "count");  // the new document's order

  b.assign(parse(R"({"count":3,"orders":[1,2,3],"profile":{"id":1,"name":"Bob"}})"), 3);
  EXPECT_EQ(version_of(b, "profile"), 3u);
  EXPECT_EQ(version_of(b, "orders"), 2u);
  EXPECT_EQ(version_of(b, "count"), 1u);
}

TEST(Bundle, AssignComparesTextByteForByte) {
  // Equal as JavaScript values, but JS would get different text.
  Bundle b = make_bundle(R"({"n":5,"o":{"a":1,"b":2}})", 1);
  b.assign(parse(R"({"n":5.0,"o":{"b":2,"a":1}})"), 2);
  EXPECT_EQ(version_of(b, "n"), 2u);
  EXPECT_EQ(version_of(b, "o"), 2u);
  EXPECT_EQ(text_of(b, "n"), "5.0");
}

TEST(Bundle, AssignDropsRemovedSlots) {
  Bundle b = make_bundle(R"({"a":1,"b":2,"c":3})", 1);
  b.assign(parse(R"({"b":2})"), 2);
  ASSERT_EQ(b.slots().size(), 1u);
  EXPECT_EQ(b.find("a"), nullptr);
  EXPECT_EQ(b.find("c"), nullptr);
  EXPECT_EQ(version_of(b, "b"), 1u);

  b.assign(json::Value::make_object(), 3);
  EXPECT_TRUE(b.empty());

  // A slot that comes back after vanishing is new content.
  b.assign(parse(R"({"b":2})"), 4);
  EXPECT_EQ(version_of(b, "b"), 4u);
}

TEST(Bundle, MergeReplacesObjectListAndScalar) {
  Bundle b = make_bundle(R"({"o":{"id":1,"x":1},"l":[1,2,3],"s":"old","n":5})", 1);

  EXPECT_EQ(b.merge("o", parse(R"({"id":2,"y":true})"), "id", 2), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "o"), R"({"id":2,"y":true})");
  EXPECT_EQ(version_of(b, "o"), 2u);

  EXPECT_EQ(b.merge("l", parse(R"([{"id":9}])"), "id", 3), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":9}])");
  EXPECT_EQ(version_of(b, "l"), 3u);

  EXPECT_EQ(b.merge("s", parse("42"), "id", 4), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "s"), "42");
  EXPECT_EQ(b.merge("n", parse("true"), "id", 5), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "n"), "true");
  EXPECT_EQ(version_of(b, "n"), 5u);

  EXPECT_EQ(version_of(b, "s"), 4u);  // untouched by later merges
  expect_text_matches_value(b);
}

TEST(Bundle, MergeReplacesToAndFromNull) {
  Bundle b = make_bundle(R"({"o":null,"l":[1],"s":"x"})", 1);
  EXPECT_EQ(b.merge("o", parse(R"({"id":1})"), "id", 2), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "o"), R"({"id":1})");
  EXPECT_EQ(b.merge("o", parse("null"), "id", 3), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "o"), "null");
  EXPECT_EQ(b.merge("l", parse("null"), "id", 4), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "l"), "null");
  EXPECT_EQ(b.merge("l", parse("[2]"), "id", 5), MergeResult::replaced);
  EXPECT_EQ(text_of(b, "l"), "[2]");
  EXPECT_EQ(b.merge("s", parse("null"), "id", 6), MergeResult::replaced);
  EXPECT_EQ(version_of(b, "s"), 6u);
  expect_text_matches_value(b);
}

TEST(Bundle, UpsertReplacesInPlace) {
  Bundle b = make_bundle(R"({"orders":[{"id":1,"t":"a"},{"id":2,"t":"b, [x]"},{"id":3,"t":"c\"}"}],"other":1})", 1);
  EXPECT_EQ(b.merge("orders", parse(R"({"id":2,"t":"B","new":[1,{"k":null}]})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "orders"), R"([{"id":1,"t":"a"},{"id":2,"t":"B","new":[1,{"k":null}]},{"id":3,"t":"c\"}"}])");
  EXPECT_EQ(version_of(b, "orders"), 2u);
  EXPECT_EQ(version_of(b, "other"), 1u);
  ASSERT_EQ(b.find("orders")->value.items.size(), 3u);
  EXPECT_EQ(b.find("orders")->value.items[1].find("t")->text, "B");

  // First and last positions, whose spans touch the brackets.
  EXPECT_EQ(b.merge("orders", parse(R"({"id":1})"), "id", 3), MergeResult::upserted);
  EXPECT_EQ(b.merge("orders", parse(R"({"id":3,"t":"\\"})"), "id", 4), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "orders"), R"([{"id":1},{"id":2,"t":"B","new":[1,{"k":null}]},{"id":3,"t":"\\"}])");
  expect_text_matches_value(b);
}

TEST(Bundle, UpsertSkipsElementsThatAreNotMatchingObjects) {
  Bundle b = make_bundle(R"({"l":[1,"x",null,[{"id":1}],{"other":1},{"id":1,"v":0}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":1})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([1,"x",null,[{"id":1}],{"other":1},{"id":1,"v":1}])");
  expect_text_matches_value(b);
}

TEST(Bundle, UpsertReplacesOnlyTheFirstMatch) {
  Bundle b = make_bundle(R"({"l":[{"id":1,"v":0},{"id":1,"v":0}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":1})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":1,"v":1},{"id":1,"v":0}])");
}

TEST(Bundle, UpsertAppendsWhenNoElementMatches) {
  Bundle b = make_bundle(R"({"l":[{"id":1}],"e":[]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":2})"), "id", 2), MergeResult::appended);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":1},{"id":2}])");
  EXPECT_EQ(version_of(b, "l"), 2u);

  EXPECT_EQ(b.merge("e", parse(R"({"id":1})"), "id", 3), MergeResult::appended);
  EXPECT_EQ(text_of(b, "e"), R"([{"id":1}])");
  EXPECT_EQ(b.merge("e", parse(R"({"id":2})"), "id", 4), MergeResult::appended);
  EXPECT_EQ(text_of(b, "e"), R"([{"id":1},{"id":2}])");
  expect_text_matches_value(b);
}

TEST(Bundle, UpsertAppendsValueWithoutIdField) {
  Bundle b = make_bundle(R"({"l":[{"id":1},{"name":"x"}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"name":"x"})"), "id", 2), MergeResult::appended);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":1},{"name":"x"},{"name":"x"}])");
}

TEST(Bundle, UpsertByCustomIdField) {
  Bundle b = make_bundle(R"({"l":[{"id":1,"uuid":"a"},{"id":2,"uuid":"b"}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"uuid":"b","v":1})"), "uuid", 2), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":1,"uuid":"a"},{"id":1,"uuid":"b","v":1}])");
  // Keyed by uuid, a matching "id" alone is no match.
  EXPECT_EQ(b.merge("l", parse(R"({"id":1})"), "uuid", 3), MergeResult::appended);
}

TEST(Bundle, UpsertComparesIdsAsCanonicalJson) {
  Bundle b = make_bundle(R"({"l":[{"id":5,"v":0},{"id":{"b":1,"a":[2.0]},"v":0}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":5.0,"v":1})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":50e-1,"v":2})"), "id", 3), MergeResult::upserted);
  EXPECT_EQ(b.find("l")->value.items[0].find("v")->text, "2");
  EXPECT_EQ(b.merge("l", parse(R"({"id":{"a":[2],"b":1},"v":1})"), "id", 4), MergeResult::upserted);
  ASSERT_EQ(b.find("l")->value.items.size(), 2u);

  EXPECT_EQ(b.merge("l", parse(R"({"id":"5","v":3})"), "id", 5), MergeResult::appended);
  ASSERT_EQ(b.find("l")->value.items.size(), 3u);
  EXPECT_EQ(b.find("l")->value.items[0].find("v")->text, "2");
  expect_text_matches_value(b);
}

TEST(Bundle, MergeIntoUnknownSlotChangesNothing) {
  Bundle b = make_bundle(R"({"a":[1]})", 1);
  EXPECT_EQ(b.merge("b", parse(R"({"id":1})"), "id", 2), MergeResult::unknown_slot);
  EXPECT_EQ(b.find("b"), nullptr);
  EXPECT_EQ(b.slots().size(), 1u);
  EXPECT_EQ(version_of(b, "a"), 1u);

  Bundle empty;
  EXPECT_EQ(empty.merge("a", parse("1"), "id", 1), MergeResult::unknown_slot);
  EXPECT_TRUE(empty.empty());
}

TEST(Bundle, KindMismatchChangesNothing) {
  Bundle b = make_bundle(R"({"l":[{"id":1}],"o":{"id":1},"s":"x"})", 1);
  EXPECT_EQ(b.merge("l", parse("5"), "id", 2), MergeResult::kind_mismatch);
  EXPECT_EQ(b.merge("l", parse(R"("x")"), "id", 2), MergeResult::kind_mismatch);
  EXPECT_EQ(b.merge("o", parse(R"([{"id":1}])"), "id", 2), MergeResult::kind_mismatch);
  EXPECT_EQ(b.merge("o", parse("true"), "id", 2), MergeResult::kind_mismatch);
  EXPECT_EQ(b.merge("s", parse(R"({"id":1})"), "id", 2), MergeResult::kind_mismatch);
  EXPECT_EQ(b.merge("s", parse("[1]"), "id", 2), MergeResult::kind_mismatch);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":1}])");
  EXPECT_EQ(text_of(b, "o"), R"({"id":1})");
  EXPECT_EQ(text_of(b, "s"), R"("x")");
  for (const Slot& s : b.slots()) EXPECT_EQ(s.version, 1u) << s.name;
  expect_text_matches_value(b);
}

TEST(Bundle, UpsertInThousandElementList) {
  std::string text = R"({"items":[)";
  for (int k = 0; k < 1000; ++k) {
    if (k) text += ',';
    text += R"({"id":)" + std::to_string(k) + R"(,"name":"item \"[)" + std::to_string(k) + R"(]\"","tags":["a,b"]})";
  }
  text += "]}";
  Bundle b = make_bundle(text, 1);
  const std::string before = text_of(b, "items");

  EXPECT_EQ(b.merge("items", parse(R"({"id":500,"name":"changed"})"), "id", 2), MergeResult::upserted);
  const Slot* slot = b.find("items");
  ASSERT_EQ(slot->value.items.size(), 1000u);
  EXPECT_EQ(slot->value.items[500].find("name")->text, "changed");
  const std::string old_element = R"({"id":500,"name":"item \"[500]\"","tags":["a,b"]})";
  const std::size_t at = before.find(old_element);
  ASSERT_NE(at, std::string::npos);
  std::string expected = before;
  expected.replace(at, old_element.size(), R"({"id":500,"name":"changed"})");
  EXPECT_EQ(slot->text, expected);

  EXPECT_EQ(b.merge("items", parse(R"({"id":1000})"), "id", 3), MergeResult::appended);
  EXPECT_EQ(b.find("items")->value.items.size(), 1001u);
  expect_text_matches_value(b);
}

TEST(Bundle, RandomMergesKeepTextInStepWithValue) {
  std::mt19937 rng(7);
  static const char* const values[] = {
      R"({"id":0})",
      R"({"id":1,"s":"a\"],"})",
      R"({"id":2.0,"l":[[],{}]})",
      R"({"id":"2"})",
      R"({"x":1})",
      R"({"id":null})",
      R"([{"id":1}])",
      R"([])",
      R"({"id":[1,{"b":2}]})",
      R"({"id":3,"u":"\u00e9"})",
      "null",
      "7",
  };
  Bundle b = make_bundle(R"({"l":[],"o":{}})", 0);
  for (std::uint32_t round = 1; round <= 2000; ++round) {
    const char* slot = rng() % 2 ? "l" : "o";
    const MergeResult r = b.merge(slot, parse(values[rng() % std::size(values)]), "id", round);
    if (r != MergeResult::kind_mismatch) EXPECT_EQ(version_of(b, slot), round);
    expect_text_matches_value(b);
    if (::testing::Test::HasFailure()) return;
    // Through null, so that upserts keep coming after "l" turned object.
    if (!b.find("l")->value.is_array() && rng() % 4 == 0) {
      EXPECT_EQ(b.merge("l", parse("null"), "id", round), MergeResult::replaced);
      EXPECT_EQ(b.merge("l", parse("[]"), "id", round), MergeResult::replaced);
    }
  }
}

}  // namespace
}  // namespace mizan
