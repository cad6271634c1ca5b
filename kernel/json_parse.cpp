#include "kernel/json_parse.h"

#include "kernel/decimal.h"
#include "kernel/js_number.h"
#include "kernel/small_sort.h"
#include "kernel/utf8.h"

namespace mizan::json {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Keeps each key's first position and last value, as JSON.parse does;
// `take(kept, duplicate)` moves the later value onto the kept member.
// Small objects (nearly all) compare pairwise without allocating; large ones
// sort, so a hostile object with many keys stays O(n log n).
template <typename M, typename Take>
void drop_duplicate_keys(Vec<M>& members, Take take) {
  const std::size_t n = members.size();
  if (n < 2) return;
  // Not vector<bool>, whose bit packing costs ~2 KB of wasm, nor a vector
  // of bytes: Str's code is in the module anyway.
  Str drop;
  const auto merge = [&](std::size_t keep, std::size_t dup) {
    if (drop.empty()) drop.assign(n, '\0');
    take(members[keep], members[dup]);
    drop[dup] = 1;
  };
  if (n <= 16) {
    for (std::size_t i = 1; i < n; ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (members[i].key == members[j].key && (drop.empty() || !drop[j])) {
          merge(j, i);
          break;
        }
  } else {
    // A stable sort keeps equal keys in document order: each run starts
    // with the one kept, and its later members hand over their values.
    Vec<const M*> sorted;
    sorted.reserve(n);
    for (const M& m : members) sorted.push_back(&m);
    small_sort(sorted, [](const M* x, const M* y) { return x->key < y->key; });
    const auto index = [&](std::size_t k) { return static_cast<std::size_t>(sorted[k] - members.data()); };
    std::size_t run = 0;
    for (std::size_t k = 1; k < n; ++k) {
      if (sorted[k]->key == sorted[run]->key) {
        merge(index(run), index(k));
      } else {
        run = k;
      }
    }
  }
  if (drop.empty()) return;
  std::size_t w = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (drop[r]) continue;
    if (w != r) members[w] = std::move(members[r]);  // self-move would empty it
    ++w;
  }
  members.resize(w);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Status run(Value& out) {
    skip_ws();
    if (!value(out, 0)) return std::move(error_);
    return finish();
  }

  // Validates a top-level object without building its values: each member
  // comes back as its key and the raw text of its value.
  Status scan_members(Vec<RawMember>& out) {
    build_ = false;
    skip_ws();
    if (i_ >= s_.size() || s_[i_] != '{') return fail("expected a JSON object");
    if (!enter(1)) return std::move(error_);
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return finish();
    }
    for (;;) {
      RawMember m;
      if (!key(m.key)) return std::move(error_);
      const std::size_t start = i_;
      if (!value(scratch_, 1)) return std::move(error_);
      m.text = s_.substr(start, i_ - start);
      out.push_back(std::move(m));
      bool more;
      if (!after_item('}', more)) return std::move(error_);
      if (!more) break;
    }
    ++i_;
    drop_duplicate_keys(out, [](RawMember& keep, RawMember& dup) { keep.text = dup.text; });
    return finish();
  }

 private:
  Status finish() {
    skip_ws();
    if (i_ != s_.size()) return fail("unexpected text after the JSON value");
    return Status::success();
  }

  // A member's key and the ':' after it.
  bool key(Str& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return bad("expected a string key");
    if (!string(out)) return false;
    skip_ws();
    if (i_ >= s_.size() || s_[i_] != ':') return bad("expected ':'");
    ++i_;
    skip_ws();
    return true;
  }

  // After a member or element: ',' sets `more`; the closing bracket clears
  // it (and is left for the caller); anything else fails.
  bool after_item(char close, bool& more) {
    skip_ws();
    more = i_ < s_.size() && s_[i_] == ',';
    if (more) {
      ++i_;
      skip_ws();
      return true;
    }
    if (i_ < s_.size() && s_[i_] == close) return true;
    return bad(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
  }

  bool fail_with(Code code, const char* what) {
    error_ = Status::fail(code, Str(what) + " at offset " + int_string(i_));
    return false;
  }
  Status fail(const char* what) {
    fail_with(Code::invalid_json, what);
    return std::move(error_);
  }
  bool bad(const char* what) { return fail_with(Code::invalid_json, what); }

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return bad("invalid literal");
    i_ += word.size();
    return true;
  }

  bool value(Value& out, int depth) {
    if (i_ >= s_.size()) return bad("unexpected end of input");
    switch (s_[i_]) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"':
        out.kind = Kind::string;
        out.text.clear();  // scan mode reuses `out`
        return string(out.text);
      case 't':
        out.kind = Kind::boolean;
        out.boolean = true;
        return literal("true");
      case 'f':
        out.kind = Kind::boolean;
        out.boolean = false;
        return literal("false");
      case 'n': out.kind = Kind::null; return literal("null");
      default: out.kind = Kind::number; return number(out.text);
    }
  }

  bool enter(int depth) {
    if (depth > kMaxJsonDepth)
      return fail_with(Code::nesting_too_deep,
                       ("JSON nests deeper than " + int_string(kMaxJsonDepth) + " levels").c_str());
    ++i_;
    skip_ws();
    return true;
  }

  // In scan mode (build_ false) values are validated into `out`, which is
  // then reused, so nothing is kept and almost nothing allocated.
  bool object(Value& out, int depth) {
    out.kind = Kind::object;
    if (!enter(depth)) return false;
    if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
    for (;;) {
      if (build_) {
        Member m;
        if (!key(m.key) || !value(m.value, depth)) return false;
        out.members.push_back(std::move(m));
      } else {
        scratch_key_.clear();
        if (!key(scratch_key_) || !value(out, depth)) return false;
      }
      bool more;
      if (!after_item('}', more)) return false;
      if (!more) break;
    }
    ++i_;
    if (build_) drop_duplicate_keys(out.members, [](Member& keep, Member& dup) { keep.value = std::move(dup.value); });
    return true;
  }

  bool array(Value& out, int depth) {
    out.kind = Kind::array;
    if (!enter(depth)) return false;
    if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
    for (;;) {
      if (build_) {
        out.items.emplace_back();
        if (!value(out.items.back(), depth)) return false;
      } else if (!value(out, depth)) {
        return false;
      }
      bool more;
      if (!after_item(']', more)) return false;
      if (!more) break;
    }
    ++i_;
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    if (s_.size() - i_ < 4) return bad("truncated \\u escape");
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = hex_digit(s_[i_ + k]);
      if (d < 0) return bad("invalid \\u escape");
      cp = (cp << 4) | static_cast<std::uint32_t>(d);
    }
    i_ += 4;
    return true;
  }

  bool string(Str& out) {
    ++i_;  // opening quote
    for (;;) {
      const std::size_t run = i_;
      while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\' && static_cast<unsigned char>(s_[i_]) >= 0x20 &&
             static_cast<unsigned char>(s_[i_]) < 0x80)
        ++i_;
      out.append(s_.data() + run, i_ - run);
      if (i_ >= s_.size()) return bad("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return bad("control character in string");
      if (c >= 0x80) {
        const std::size_t at = i_;
        std::uint32_t cp;
        if (!utf8::next(s_, i_, cp, false)) {
          i_ = at;
          return fail_with(Code::invalid_utf8, "invalid UTF-8");
        }
        out.append(s_.data() + at, i_ - at);
        continue;
      }
      ++i_;  // backslash
      if (i_ >= s_.size()) return bad("unterminated string");
      const char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          // A high surrogate followed by an escaped low one is one astral
          // character; anything else stays a lone surrogate, as in JS.
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(i_, 2) == "\\u") {
            const std::size_t save = i_;
            i_ += 2;
            std::uint32_t low = 0;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              i_ = save;
            }
          }
          utf8::append(out, cp);
          break;
        }
        default: --i_; return bad("invalid escape");
      }
    }
  }

  bool number(Str& out) {
    const std::size_t start = i_;
    const auto digit = [&] { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; };
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (!digit()) return bad("invalid number");
    const std::size_t int_start = i_;
    if (s_[i_] == '0') {
      ++i_;
    } else {
      while (digit()) ++i_;
    }
    // Decimal magnitude bound: integer digits plus the exponent. A value
    // below 1e300 cannot overflow a double, so the exact (bignum)
    // conversion runs only for the rare tokens near or past the limit.
    long magnitude = static_cast<long>(i_ - int_start);
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digit()) return bad("invalid number");
      while (digit()) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      const bool negative = i_ < s_.size() && s_[i_] == '-';
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digit()) return bad("invalid number");
      long exponent = 0;
      for (; digit(); ++i_)
        if (exponent < 100000) exponent = exponent * 10 + (s_[i_] - '0');
      magnitude += negative ? -exponent : exponent;
    }
    out.assign(s_.data() + start, i_ - start);
    if (magnitude > 300) {
      double value;
      if (!decimal::parse_double(out, value)) {
        i_ = start;
        return bad("number out of range");
      }
    }
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  Status error_;
  bool build_ = true;
  Value scratch_;
  Str scratch_key_;
};

}  // namespace

Status parse(std::string_view text, Value& out) {
  out = Value();
  return Parser(text).run(out);
}

Status scan_object(std::string_view text, Vec<RawMember>& out) {
  out.clear();
  return Parser(text).scan_members(out);
}

}  // namespace mizan::json
