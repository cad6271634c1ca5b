#include "kernel/bundle.h"

#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>

#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "tests/kernel/str_print.h"

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

// The slot's value, parsed from its text (the one copy the bundle keeps).
json::Value value_of(const Bundle& b, std::string_view slot) {
  const Slot* s = b.find(slot);
  json::Value v;
  if (s) EXPECT_TRUE(json::parse(s->text, v).ok()) << s->text;
  return v;
}

std::string canonical(const json::Value& v) {
  mizan::Str text;
  json::write_canonical(v, text);
  return text;
}

// Every slot's text is JSON, and a list slot's upsert index tells the truth
// about it: each element's range holds that element, each id maps to the
// first element holding it (and every element's id is mapped), and the
// last upsert's patch holds its element. The index is what later upserts
// trust instead of reading the text again.
void expect_consistent(const Bundle& b) {
  for (const Slot& s : b.slots()) {
    json::Value v;
    ASSERT_TRUE(json::parse(s.text, v).ok()) << "slot " << s.name << ": " << s.text;
    if (!s.list) continue;
    const ListIndex& list = *s.list;
    ASSERT_TRUE(v.is_array()) << "an index on a slot that is not a list: " << s.name;
    ASSERT_EQ(list.bounds.size(), v.items.size()) << s.text;
    std::size_t with_id = 0;
    for (std::size_t k = 0; k < v.items.size(); ++k) {
      const auto [first, last] = list.bounds[k];
      json::Value element;
      ASSERT_TRUE(json::parse(s.text.substr(first, last - first), element).ok()) << s.text << " element " << k;
      EXPECT_EQ(canonical(element), canonical(v.items[k])) << s.text << " element " << k;
      const json::Value* id = v.items[k].is_object() ? v.items[k].find(list.id_field) : nullptr;
      if (!id) continue;
      const auto found = list.ids.find(canonical(*id));
      ASSERT_NE(found, list.ids.end()) << "id " << canonical(*id) << " not indexed in " << s.text;
      EXPECT_LE(found->second, k);
      if (found->second == k) ++with_id;
      const json::Value* first_holder =
          v.items[found->second].is_object() ? v.items[found->second].find(list.id_field) : nullptr;
      ASSERT_NE(first_holder, nullptr);
      EXPECT_EQ(canonical(*first_holder), canonical(*id));
    }
    EXPECT_EQ(with_id, list.ids.size()) << "stale ids in the index of " << s.text;
    if (const Patch* p = s.patch()) {
      EXPECT_LT(p->base, s.version);
      ASSERT_LT(p->index, v.items.size());
      ASSERT_LE(std::size_t{p->at} + p->length, s.text.size());
      json::Value element;
      ASSERT_TRUE(json::parse(s.text.substr(p->at, p->length), element).ok());
      EXPECT_EQ(canonical(element), canonical(v.items[p->index]));
    }
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
  expect_consistent(b);
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
  expect_consistent(b);
}

TEST(Bundle, UpsertReplacesInPlace) {
  Bundle b = make_bundle(R"({"orders":[{"id":1,"t":"a"},{"id":2,"t":"b, [x]"},{"id":3,"t":"c\"}"}],"other":1})", 1);
  EXPECT_EQ(b.merge("orders", parse(R"({"id":2,"t":"B","new":[1,{"k":null}]})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "orders"), R"([{"id":1,"t":"a"},{"id":2,"t":"B","new":[1,{"k":null}]},{"id":3,"t":"c\"}"}])");
  EXPECT_EQ(version_of(b, "orders"), 2u);
  EXPECT_EQ(version_of(b, "other"), 1u);
  ASSERT_EQ(value_of(b, "orders").items.size(), 3u);
  EXPECT_EQ(value_of(b, "orders").items[1].find("t")->text, "B");

  // First and last positions, whose spans touch the brackets.
  EXPECT_EQ(b.merge("orders", parse(R"({"id":1})"), "id", 3), MergeResult::upserted);
  EXPECT_EQ(b.merge("orders", parse(R"({"id":3,"t":"\\"})"), "id", 4), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "orders"), R"([{"id":1},{"id":2,"t":"B","new":[1,{"k":null}]},{"id":3,"t":"\\"}])");
  expect_consistent(b);
}

TEST(Bundle, UpsertSkipsElementsThatAreNotMatchingObjects) {
  Bundle b = make_bundle(R"({"l":[1,"x",null,[{"id":1}],{"other":1},{"id":1,"v":0}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":1})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([1,"x",null,[{"id":1}],{"other":1},{"id":1,"v":1}])");
  expect_consistent(b);
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
  expect_consistent(b);
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
  EXPECT_EQ(value_of(b, "l").items[0].find("v")->text, "2");
  EXPECT_EQ(b.merge("l", parse(R"({"id":{"a":[2],"b":1},"v":1})"), "id", 4), MergeResult::upserted);
  ASSERT_EQ(value_of(b, "l").items.size(), 2u);

  EXPECT_EQ(b.merge("l", parse(R"({"id":"5","v":3})"), "id", 5), MergeResult::appended);
  ASSERT_EQ(value_of(b, "l").items.size(), 3u);
  EXPECT_EQ(value_of(b, "l").items[0].find("v")->text, "2");
  expect_consistent(b);
}

TEST(Bundle, UpsertFindsIdsAsJavaScriptComparesThem) {
  // Tokens that are one JavaScript number share a key; a string never
  // matches a number; escapes in a string id are its characters.
  Bundle b = make_bundle(
      R"({"l":[{"id":0},{"id":100},{"id":9007199254740993},{"id":"A\u0042"},{"id":"5"},{"id":true},{"id":null}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":-0,"v":1})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1e2,"v":1})"), "id", 3), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":9007199254740992,"v":1})"), "id", 4), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":"AB","v":1})"), "id", 5), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":"5","v":1})"), "id", 6), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":true,"v":1})"), "id", 7), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":null,"v":1})"), "id", 8), MergeResult::upserted);
  EXPECT_EQ(value_of(b, "l").items.size(), 7u);
  for (const json::Value& item : value_of(b, "l").items) EXPECT_NE(item.find("v"), nullptr) << canonical(item);
  EXPECT_EQ(b.merge("l", parse(R"({"id":5,"v":2})"), "id", 9), MergeResult::appended) << "5 is not \"5\"";
  EXPECT_EQ(b.merge("l", parse(R"({"id":"100","v":2})"), "id", 10), MergeResult::appended) << "\"100\" is not 100";
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":2})"), "id", 11), MergeResult::appended) << "true is not 1";
  EXPECT_EQ(value_of(b, "l").items.size(), 10u);
  expect_consistent(b);
}

TEST(Bundle, UpsertIndexKeepsTheFirstHolderOfADuplicateId) {
  Bundle b = make_bundle(R"({"l":[{"x":1},{"id":1,"v":0},7,{"id":1,"v":0},{"id":2}]})", 1);
  for (std::uint32_t v = 2; v < 6; ++v) {
    EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":)" + std::to_string(v) + "}"), "id", v), MergeResult::upserted);
    expect_consistent(b);
  }
  EXPECT_EQ(text_of(b, "l"), R"([{"x":1},{"id":1,"v":5},7,{"id":1,"v":0},{"id":2}])");
  // An appended duplicate of nothing, then an upsert to it by id.
  EXPECT_EQ(b.merge("l", parse(R"({"id":3})"), "id", 6), MergeResult::appended);
  EXPECT_EQ(b.merge("l", parse(R"({"id":3,"v":1})"), "id", 7), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([{"x":1},{"id":1,"v":5},7,{"id":1,"v":0},{"id":2},{"id":3,"v":1}])");
  expect_consistent(b);
}

TEST(Bundle, UpsertIndexReadsDuplicateKeysAsJsonParseDoes) {
  // The last "id" wins, as JSON.parse has it; a key spelled with an escape
  // is the same key.
  Bundle b = make_bundle(R"({"l":[{"id":1,"id":2,"v":0},{"\u0069d":3,"v":0}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1})"), "id", 2), MergeResult::appended);
  EXPECT_EQ(b.merge("l", parse(R"({"id":2,"v":1})"), "id", 3), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"id":3,"v":1})"), "id", 4), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":2,"v":1},{"id":3,"v":1},{"id":1}])");
  expect_consistent(b);
}

TEST(Bundle, UpsertIndexFollowsTheIdField) {
  Bundle b = make_bundle(R"({"l":[{"id":1,"uuid":"b"},{"id":2,"uuid":"a"}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":1})"), "id", 2), MergeResult::upserted);
  EXPECT_EQ(b.merge("l", parse(R"({"uuid":"a","v":1})"), "uuid", 3), MergeResult::upserted);
  EXPECT_EQ(b.find("l")->list->id_field, "uuid");
  EXPECT_EQ(text_of(b, "l"), R"([{"id":1,"v":1},{"uuid":"a","v":1}])");
  EXPECT_EQ(b.merge("l", parse(R"({"id":2,"v":2})"), "id", 4), MergeResult::appended) << "the element now lacks id 2";
  expect_consistent(b);
}

TEST(Bundle, UpsertIndexSurvivesARefetchOfTheSameTextOnly) {
  Vec<json::RawMember> members;
  const std::string first = R"({"l":[{"id":1},{"id":2}],"o":{}})";
  ASSERT_TRUE(json::scan_object(first, members).ok());
  Bundle b;
  b.assign(members, 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":2,"v":1})"), "id", 2), MergeResult::upserted);
  const std::string same = R"({"l":[{"id":1},{"id":2,"v":1}],"o":{"x":1}})";
  ASSERT_TRUE(json::scan_object(same, members).ok());
  b.assign(members, 3);
  ASSERT_NE(b.find("l")->list, nullptr) << "the same text: the index stands";
  EXPECT_EQ(version_of(b, "l"), 2u);
  ASSERT_NE(b.find("l")->patch(), nullptr) << "and so does the patch from version 1";
  expect_consistent(b);
  const std::string other = R"({"l":[{"id":2},{"id":1}]})";
  ASSERT_TRUE(json::scan_object(other, members).ok());
  b.assign(members, 4);
  EXPECT_EQ(b.find("l")->list, nullptr) << "new text: a new index on the next upsert";
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":2})"), "id", 5), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":2},{"id":1,"v":2}])");
  expect_consistent(b);
}

TEST(Bundle, ReplacingAListDropsItsIndexAndPatch) {
  Bundle b = make_bundle(R"({"l":[{"id":1}]})", 1);
  EXPECT_EQ(b.merge("l", parse(R"({"id":1,"v":1})"), "id", 2), MergeResult::upserted);
  ASSERT_NE(b.find("l")->patch(), nullptr);
  EXPECT_EQ(b.merge("l", parse(R"([{"id":5}])"), "id", 3), MergeResult::replaced);
  EXPECT_EQ(b.find("l")->list, nullptr);
  EXPECT_EQ(b.find("l")->patch(), nullptr);
  EXPECT_EQ(b.merge("l", parse(R"({"id":5,"v":1})"), "id", 4), MergeResult::upserted);
  EXPECT_EQ(text_of(b, "l"), R"([{"id":5,"v":1}])");
  expect_consistent(b);
}

// The upsert rule as PROTOCOL.md §6 states it, by a linear scan over the
// parsed list: the index must give the same lists.
void reference_upsert(json::Value& list, const json::Value& value) {
  const json::Value* id = value.find("id");
  for (json::Value& item : list.items) {
    const json::Value* other = item.is_object() ? item.find("id") : nullptr;
    if (id && other && canonical(*id) == canonical(*other)) {
      item = value;
      return;
    }
  }
  list.items.push_back(value);
}

TEST(Bundle, UpsertMatchesALinearScanOnRandomLists) {
  static const char* const ids[] = {"1",           "1.0", "10e-1", "2",    "\"1\"", "\"a\"",
                                    "\"\\u0061\"", "-0",  "0",     "null", "[1]",   "{\"k\":1}"};
  static const char* const others[] = {"7", "\"x\"", "null", "[]", R"({"v":1})", R"({"id":1,"id":2})"};
  std::mt19937 rng(18);
  for (int round = 0; round < 200; ++round) {
    std::string text = R"({"l":[)";
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) {
      if (k) text += rng() % 2 ? "," : " ,\n ";
      if (rng() % 4 == 0) {
        text += others[rng() % std::size(others)];
      } else {
        text += std::string(R"({"id":)") + ids[rng() % std::size(ids)] + R"(,"n":)" + std::to_string(k) + "}";
      }
    }
    text += "]}";
    Vec<json::RawMember> members;
    ASSERT_TRUE(json::scan_object(text, members).ok()) << text;
    Bundle b;
    b.assign(members, 1);
    json::Value model = value_of(b, "l");
    for (std::uint32_t v = 2; v < 12; ++v) {
      const std::string value = rng() % 8 == 0 ? R"({"n":"no id"})"
                                               : std::string(R"({"id":)") + ids[rng() % std::size(ids)] + R"(,"n":"v)" +
                                                     std::to_string(v) + "\"}";
      const MergeResult r = b.merge("l", parse(value), "id", v);
      ASSERT_TRUE(r == MergeResult::upserted || r == MergeResult::appended);
      reference_upsert(model, parse(value));
      ASSERT_EQ(canonical(value_of(b, "l")), canonical(model)) << text << " after " << value;
      expect_consistent(b);
      if (::testing::Test::HasFailure()) return;
    }
  }
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
  expect_consistent(b);
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
  ASSERT_EQ(value_of(b, "items").items.size(), 1000u);
  EXPECT_EQ(value_of(b, "items").items[500].find("name")->text, "changed");
  const std::string old_element = R"({"id":500,"name":"item \"[500]\"","tags":["a,b"]})";
  const std::size_t at = before.find(old_element);
  ASSERT_NE(at, std::string::npos);
  std::string expected = before;
  expected.replace(at, old_element.size(), R"({"id":500,"name":"changed"})");
  EXPECT_EQ(slot->text, expected);

  EXPECT_EQ(b.merge("items", parse(R"({"id":1000})"), "id", 3), MergeResult::appended);
  EXPECT_EQ(value_of(b, "items").items.size(), 1001u);
  expect_consistent(b);
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
    expect_consistent(b);
    if (::testing::Test::HasFailure()) return;
    // Through null, so that upserts keep coming after "l" turned object.
    if (!value_of(b, "l").is_array() && rng() % 4 == 0) {
      EXPECT_EQ(b.merge("l", parse("null"), "id", round), MergeResult::replaced);
      EXPECT_EQ(b.merge("l", parse("[]"), "id", round), MergeResult::replaced);
    }
  }
}

}  // namespace
}  // namespace mizan
