// Structural sharing across a refetch or a replaced list: the kernel tells a
// reader how the new list is made of the elements it holds (runs) and sends
// only the new elements' text, so that every element whose text did not
// change keeps its object, wherever it moved to.
//
// The reader here is a model of js/snapshot.js: it holds each list as
// element tokens (an object's identity) with their values, and rebuilds a
// list from a description exactly as the JS does.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "kernel/bundle.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/store.h"
#include "kernel/store_json.h"

namespace mizan {
namespace {

std::string canonical(const json::Value& v) {
  std::string text;
  json::write_canonical(v, text);
  return text;
}

json::Value parse(std::string_view text) {
  json::Value v;
  const Status s = json::parse(text, v);
  EXPECT_TRUE(s.ok()) << s.message << " in " << text;
  return v;
}

struct Element {
  int token = 0;      // the object's identity
  std::string value;  // canonical JSON
};

// What a reader holds of an entry, and how it reads the next description.
struct Reader {
  std::uint32_t known = 0;
  std::map<std::string, std::vector<Element>> lists;  // list slots
  std::map<std::string, int> list_tokens;             // each list's own identity
  std::map<std::string, std::string> others;          // other slots, canonical
  int tokens = 0;
  std::string last;  // the last description

  // Returns the number of element objects it had to make.
  int read(const Entry& e) {
    last.clear();
    write_entry_json(e, known, last);
    const json::Value d = parse(last);
    known = static_cast<std::uint32_t>(std::stoul(d.find("version")->text));
    const json::Value& data = *d.find("data");
    std::map<std::string, const json::Value*> patches;
    for (const json::Value& p : d.find("patches")->items) patches[p.items[0].text] = &p;
    std::map<std::string, bool> kept;
    for (const json::Value& k : d.find("kept")->items) kept[k.text] = true;
    const int before = tokens;
    std::map<std::string, std::vector<Element>> next_lists;
    std::map<std::string, int> next_tokens;
    std::map<std::string, std::string> next_others;
    for (const json::Member& m : data.members) {
      if (kept[m.key]) {
        EXPECT_EQ(m.value.text, "0");
        if (lists.count(m.key)) {
          next_lists[m.key] = lists[m.key];
          next_tokens[m.key] = list_tokens[m.key];
        } else {
          next_others[m.key] = others.at(m.key);
        }
      } else if (patches.count(m.key)) {
        EXPECT_EQ(m.value.text, "0");
        const json::Value& runs = patches[m.key]->items[1];
        const json::Value& added = patches[m.key]->items[2];
        const std::vector<Element>& held = lists.at(m.key);
        std::vector<Element>& list = next_lists[m.key];
        std::size_t next = 0;
        for (std::size_t k = 0; k + 1 < runs.items.size(); k += 2) {
          const long from = std::stol(runs.items[k].text);
          const std::size_t count = std::stoul(runs.items[k + 1].text);
          for (std::size_t i = 0; i < count; ++i) {
            if (from < 0) {
              list.push_back(Element{++tokens, canonical(added.items.at(next++))});
            } else {
              list.push_back(held.at(static_cast<std::size_t>(from) + i));
            }
          }
        }
        EXPECT_EQ(next, added.items.size()) << "every added element is used: " << last;
        next_tokens[m.key] = ++tokens;
      } else if (m.value.is_array()) {
        for (const json::Value& item : m.value.items) next_lists[m.key].push_back(Element{++tokens, canonical(item)});
        next_tokens[m.key] = ++tokens;
      } else {
        next_others[m.key] = canonical(m.value);
      }
    }
    lists = std::move(next_lists);
    list_tokens = std::move(next_tokens);
    others = std::move(next_others);
    // What it holds is what the kernel holds.
    for (const Slot& s : e.data.slots()) {
      const json::Value v = parse(s.text);
      if (!v.is_array()) {
        EXPECT_EQ(others[s.name], canonical(v)) << s.name;
        continue;
      }
      EXPECT_EQ(lists[s.name].size(), v.items.size()) << s.name;
      for (std::size_t i = 0; i < v.items.size() && i < lists[s.name].size(); ++i)
        EXPECT_EQ(lists[s.name][i].value, canonical(v.items[i])) << s.name << " element " << i << " of " << s.text;
    }
    // Elements and lists made anew (lists count too: subtract them).
    int made_lists = 0;
    for (const auto& [name, token] : list_tokens) made_lists += token > before ? 1 : 0;
    return tokens - before - made_lists;
  }

  std::vector<int> tokens_of(const std::string& slot) const {
    std::vector<int> out;
    for (const Element& e : lists.at(slot)) out.push_back(e.token);
    return out;
  }
};

// An entry whose data the test assigns as a server response would.
struct Held {
  Entry entry;
  std::uint32_t version = 0;

  void load(const std::string& body) {
    std::vector<json::RawMember> members;
    ASSERT_TRUE(json::scan_object(body, members).ok()) << body;
    entry.data.assign(members, ++version);
    entry.version = version;
    entry.has_data = true;
    entry.status = EntryStatus::success;
  }
  void merge(const std::string& slot, const std::string& value) {
    entry.data.merge(slot, parse(value), "id", ++version);
    entry.version = version;
  }
  const std::string& text(const std::string& slot) const { return entry.data.find(slot)->text; }
};

std::string cards(int n, int changed = -1) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ",";
    out += R"({"id":)" + std::to_string(i) + R"(,"title":"card )" + std::to_string(i) +
           (i == changed ? " (edited)" : "") + R"(","tags":["a",{"b":[1,2]}]})";
  }
  return out + "]";
}

TEST(StructuralSharing, ARefetchWithOneChangedCardSendsOnlyThatCard) {
  Store store;
  EntryId id = 0;
  ASSERT_TRUE(store.mount("board", "{}", id).ok());
  std::vector<Command> commands = store.take_commands();
  ASSERT_EQ(commands.size(), 1u);
  store.on_fetch_response(commands[0].request, 200, R"({"info":{"name":"A"},"cards":)" + cards(1000) + "}", 1);
  Reader reader;
  EXPECT_EQ(reader.read(*store.entry(id)), 1000);
  const std::vector<int> first = reader.tokens_of("cards");
  const int list = reader.list_tokens["cards"];

  store.refetch(id);
  commands = store.take_commands();
  ASSERT_EQ(commands.size(), 1u);
  store.on_fetch_response(commands[0].request, 200, R"({"info":{"name":"A"},"cards":)" + cards(1000, 500) + "}", 2);
  EXPECT_EQ(reader.read(*store.entry(id)), 1) << "one new card object";
  EXPECT_NE(reader.list_tokens["cards"], list) << "a new list";
  const std::vector<int> second = reader.tokens_of("cards");
  for (std::size_t i = 0; i < second.size(); ++i) {
    if (i == 500) {
      EXPECT_NE(second[i], first[i]);
    } else {
      EXPECT_EQ(second[i], first[i]) << i;
    }
  }
  // The description names the runs and carries the one card.
  EXPECT_NE(reader.last.find(R"("kept":["info"],"patches":[["cards",[0,500,-1,1,501,499],[{"id":500,)"),
            std::string::npos)
      << reader.last.substr(0, 400);
  EXPECT_LT(reader.last.size(), 300u) << "indexes, not the text of the kept cards";
}

TEST(StructuralSharing, AnUnchangedSlotAndAWhitespaceOnlyChangeKeepTheirObjects) {
  Held held;
  held.load(R"({"l":[1,{"a":2},"x"],"o":{"k":1}})");
  Reader reader;
  reader.read(held.entry);
  const int list = reader.list_tokens["l"];
  held.load("{\"l\":[ 1 ,\n  {\"a\":2},\n  \"x\"\n],\"o\":{\"k\":1}}");
  EXPECT_EQ(reader.read(held.entry), 0);
  EXPECT_NE(reader.last.find(R"("kept":["l","o"],"patches":[])"), std::string::npos) << reader.last;
  EXPECT_EQ(reader.list_tokens["l"], list) << "the same elements in the same order: the same list";
  EXPECT_EQ(held.text("l"), "[ 1 ,\n  {\"a\":2},\n  \"x\"\n]") << "the kernel keeps the text the server sent";
  // The last element of a pretty-printed list matches itself elsewhere.
  const std::vector<int> before = reader.tokens_of("l");
  held.load(R"({"l":["x",1,{"a":2}],"o":{"k":1}})");
  EXPECT_EQ(reader.read(held.entry), 0);
  EXPECT_EQ(reader.tokens_of("l"), (std::vector<int>{before[2], before[0], before[1]}));
  EXPECT_NE(reader.list_tokens["l"], list);
}

TEST(StructuralSharing, ReorderingReusesEveryElementAtItsNewPlace) {
  Held held;
  held.load(R"({"l":)" + cards(6) + "}");
  Reader reader;
  reader.read(held.entry);
  const std::vector<int> t = reader.tokens_of("l");
  std::string reversed = "[";
  for (int i = 5; i >= 0; --i)
    reversed += std::string(i < 5 ? "," : "") + R"({"id":)" + std::to_string(i) + R"(,"title":"card )" +
                std::to_string(i) + R"(","tags":["a",{"b":[1,2]}]})";
  held.load(R"({"l":)" + reversed + "]}");
  EXPECT_EQ(reader.read(held.entry), 0);
  EXPECT_EQ(reader.tokens_of("l"), (std::vector<int>{t[5], t[4], t[3], t[2], t[1], t[0]}));
  EXPECT_NE(reader.last.find(R"("patches":[["l",[5,1,4,1,3,1,2,1,1,1,0,1],[]]])"), std::string::npos) << reader.last;
}

TEST(StructuralSharing, RemovalAndInsertion) {
  Held held;
  held.load(R"({"l":[{"id":1},{"id":2},{"id":3},{"id":4}]})");
  Reader reader;
  reader.read(held.entry);
  const std::vector<int> t = reader.tokens_of("l");
  // 2 removed, 9 inserted at the front, 5 and 6 after 3, 4 edited.
  held.load(R"({"l":[{"id":9},{"id":1},{"id":3},{"id":5},{"id":6},{"id":4,"v":1}]})");
  EXPECT_EQ(reader.read(held.entry), 4);
  const std::vector<int> now = reader.tokens_of("l");
  ASSERT_EQ(now.size(), 6u);
  EXPECT_EQ(now[1], t[0]);
  EXPECT_EQ(now[2], t[2]);
  EXPECT_NE(reader.last.find(R"(["l",[-1,1,0,1,2,1,-1,3],[{"id":9},{"id":5},{"id":6},{"id":4,"v":1}]])"),
            std::string::npos)
      << reader.last;
  // Everything removed but one; then everything new: the whole list.
  held.load(R"({"l":[{"id":3}]})");
  EXPECT_EQ(reader.read(held.entry), 0);
  EXPECT_EQ(reader.tokens_of("l"), (std::vector<int>{now[2]}));
  held.load(R"({"l":[{"id":7},{"id":8}]})");
  EXPECT_EQ(reader.read(held.entry), 2);
  EXPECT_NE(reader.last.find(R"("data":{"l":[{"id":7},{"id":8}]},"kept":[],"patches":[])"), std::string::npos)
      << "nothing reused: the list as it is, no runs";
  held.load(R"({"l":[]})");
  EXPECT_EQ(reader.read(held.entry), 0);
  EXPECT_TRUE(reader.lists["l"].empty());
}

TEST(StructuralSharing, EachHeldElementIsReusedOnceInOrder) {
  Held held;
  held.load(R"({"l":[1,1,2]})");
  Reader reader;
  reader.read(held.entry);
  const std::vector<int> t = reader.tokens_of("l");
  held.load(R"({"l":[2,1,1,1]})");
  EXPECT_EQ(reader.read(held.entry), 1) << "the third 1 is decoded";
  const std::vector<int> now = reader.tokens_of("l");
  EXPECT_EQ(now[0], t[2]);
  EXPECT_EQ(now[1], t[0]) << "equal elements are taken in order";
  EXPECT_EQ(now[2], t[1]);
  EXPECT_NE(now[3], t[0]);
  EXPECT_NE(now[3], t[1]);
}

TEST(StructuralSharing, ManyEqualElementsStayLinear) {
  // 20,000 equal elements and one more: each lookup gives up after a few
  // probes, so this takes no quadratic time (the test would time out);
  // a few are reused, the rest decoded again.
  std::string zeros = "[0";
  for (int i = 1; i < 20000; ++i) zeros += ",0";
  Held held;
  held.load(R"({"l":)" + zeros + "]}");
  Reader reader;
  reader.read(held.entry);
  held.load(R"({"l":)" + zeros + ",1]}");
  const int made = reader.read(held.entry);
  EXPECT_GT(made, 1);
  EXPECT_LE(made, 20001);
  EXPECT_EQ(reader.lists["l"].size(), 20001u);
}

TEST(StructuralSharing, AReaderBehindThePatchGetsTheWholeList) {
  Held held;
  held.load(R"({"l":[{"id":1},{"id":2}]})");
  Reader old_reader;
  old_reader.read(held.entry);
  held.load(R"({"l":[{"id":1},{"id":2,"v":1}]})");
  Reader reader;
  reader.read(held.entry);
  held.load(R"({"l":[{"id":1},{"id":2,"v":2}]})");
  EXPECT_EQ(reader.read(held.entry), 1) << "one version behind: a patch";
  EXPECT_EQ(old_reader.read(held.entry), 2) << "two behind: the whole list";
  EXPECT_NE(old_reader.last.find(R"("data":{"l":[{"id":1},{"id":2,"v":2}]})"), std::string::npos);
}

TEST(StructuralSharing, AMergedWholeListIsPatchedToo) {
  Held held;
  held.load(R"({"l":[{"id":1},{"id":2}],"n":1})");
  Reader reader;
  reader.read(held.entry);
  const std::vector<int> t = reader.tokens_of("l");
  held.merge("l", R"([{"id":2},{"id":3}])");
  EXPECT_EQ(reader.read(held.entry), 1);
  EXPECT_EQ(reader.tokens_of("l")[0], t[1]);
  // The same list again: the same objects, the slot unchanged.
  const int list = reader.list_tokens["l"];
  held.merge("l", R"([{"id":2},{"id":3}])");
  EXPECT_EQ(reader.read(held.entry), 0);
  EXPECT_EQ(reader.list_tokens["l"], list);
  // An upsert after the patch builds its index and patches as before.
  const std::vector<int> u = reader.tokens_of("l");
  held.merge("l", R"({"id":3,"v":1})");
  EXPECT_EQ(reader.read(held.entry), 1);
  EXPECT_EQ(reader.tokens_of("l")[0], u[0]);
  EXPECT_EQ(held.text("l"), R"([{"id":2},{"id":3,"v":1}])");
  held.merge("l", R"({"id":4})");
  EXPECT_EQ(reader.read(held.entry), 1);
  EXPECT_EQ(reader.lists["l"].size(), 3u);
  // A scalar that changed is sent; so is a list that became null, and back.
  held.merge("n", "2");
  held.merge("l", "null");
  EXPECT_EQ(reader.read(held.entry), 0);
  EXPECT_EQ(reader.others["n"], "2");
  EXPECT_EQ(reader.others["l"], "null");
  held.merge("l", R"([{"id":2}])");
  EXPECT_EQ(reader.read(held.entry), 1);
  EXPECT_NE(reader.last.find(R"("l":[{"id":2}])"), std::string::npos) << reader.last;
}

// Random lists from a small set of element texts (duplicates, objects with
// and without ids, nested values, whitespace around them), loaded or merged
// whole: whatever the change, the reader ends up with the new list (Reader
// checks), reuses as many held elements as the two lists have element
// texts in common (counted as a multiset; "1" and "1.0" are two texts),
// each at most once, and keeps the list object exactly when its elements
// are the same in the same order.
TEST(StructuralSharing, RandomChangesKeepEveryElementThatStayed) {
  std::mt19937 rng(11);
  static const char* const texts[] = {
      "1",
      "1.0",
      "\"a\"",
      "null",
      R"({"id":1})",
      R"({"id":1,"v":2})",
      R"({"id":"1"})",
      R"({"x":[1,{"y":"]"}]})",
      "[]",
      "[1,[2]]",
      R"({"id":2,"s":"a,b"})",
      "true",
  };
  static const char* const spaces[] = {"", " ", "\n  ", "\t"};
  const auto make = [&](std::vector<std::string>& elements) {
    elements.clear();
    const std::size_t n = rng() % 9;
    std::string text = "[";
    for (std::size_t i = 0; i < n; ++i) {
      elements.emplace_back(texts[rng() % std::size(texts)]);
      text += (i > 0 ? "," : "") + std::string(spaces[rng() % 4]) + elements.back() + spaces[rng() % 4];
    }
    return text + "]";
  };
  Held held;
  Reader reader;
  std::vector<std::string> before;
  std::vector<std::string> now;
  held.load(R"({"l":)" + make(before) + "}");
  reader.read(held.entry);
  for (int round = 0; round < 3000; ++round) {
    const std::string text = make(now);
    const int list = reader.list_tokens["l"];
    if (rng() % 3 == 0) {
      held.merge("l", text);
    } else {
      held.load(R"({"l":)" + text + "}");
    }
    const int made = reader.read(held.entry);
    std::multiset<std::string> pool(before.begin(), before.end());
    std::size_t common = 0;
    for (const std::string& e : now) {
      if (const auto found = pool.find(e); found != pool.end()) {
        pool.erase(found);
        ++common;
      }
    }
    EXPECT_EQ(static_cast<std::size_t>(made), now.size() - common);
    std::map<int, int> uses;
    for (int token : reader.tokens_of("l")) EXPECT_EQ(++uses[token], 1) << "an element object used twice";
    EXPECT_EQ(reader.list_tokens["l"] == list, before == now);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "round " << round << ": " << text << "\n" << reader.last;
      return;
    }
    before = now;
  }
}

}  // namespace
}  // namespace mizan
