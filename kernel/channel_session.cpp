#include "kernel/channel_session.h"

#include <algorithm>

#include "kernel/decimal.h"
#include "kernel/js_number.h"
#include "kernel/json_parse.h"
#include "kernel/json_write.h"
#include "kernel/stable_key.h"

namespace mizan::channels {

namespace {

// `{"kind":"<head><id>`, where head is e.g. `subscribe","id":`.
void start_frame(const char* head, std::uint32_t id, Str& out) {
  out += "{\"kind\":\"";
  out += head;
  append_int(id, out);
}

// JSON the runtime gave, as it is, except that a raw newline (in JSON only
// ever whitespace: strings escape it) becomes a space, since the runtime
// reads the frames one a line. Nothing given: `fallback`.
void append_json(std::string_view json, const char* fallback, Str& out) {
  if (json.empty()) out += fallback;
  for (const char c : json) out += c == '\n' ? ' ' : c;
  out += '}';
}

}  // namespace

Session::Session(Timing timing) : timing_(timing) {}

Str& Session::push_frame(const char* head, std::uint32_t id, std::string_view rest) {
  Str& out = effects_.frames.emplace_back();
  start_frame(head, id, out);
  out += rest;
  return out;
}

const Session::Item* Session::find(std::uint32_t id, bool rpc) const {
  for (const Item& item : items_)
    if (item.id == id && item.rpc == rpc) return &item;
  return nullptr;
}

bool Session::busy() const {
  for (const Item& item : items_)
    if (item.status != SubStatus::closed) return true;  // an RPC is never closed
  return false;
}

void Session::open_socket() {
  socket_ = Socket::connecting;
  reconnect_at_ = kNever;
  effects_.open = true;
  effects_.renew_token = std::exchange(renew_, false);
}

void Session::use(double now) {
  now_ = now;
  idle_at_ = kNever;
  if (socket_ == Socket::closed) open_socket();
}

void Session::settle(double now) {
  if (busy()) return;
  if (socket_ == Socket::waiting) {
    socket_ = Socket::closed;
    reconnect_at_ = kNever;
  } else if (socket_ != Socket::closed && idle_at_ == kNever) {
    idle_at_ = now + timing_.idle_close;
  }
}

void Session::set_status(Item& sub, SubStatus status) {
  if (sub.status == status) return;
  sub.status = status;
  Vec<std::uint32_t>& changed = effects_.changed;
  if (std::find(changed.begin(), changed.end(), sub.id) == changed.end()) changed.push_back(sub.id);
}

void Session::fail_rpcs(RpcFailure why, double now) {
  std::size_t kept = 0;
  for (Item& item : items_) {
    if (item.rpc && (why == RpcFailure::network ? item.status == SubStatus::open : item.deadline <= now)) {
      effects_.failed.emplace_back(item.id, why);
    } else {
      if (&item != &items_[kept]) items_[kept] = std::move(item);
      ++kept;
    }
  }
  items_.erase(items_.begin() + kept, items_.end());
}

int Session::subscribe(std::string_view channel, std::string_view params_json, double now) {
  Str params;
  if (Status s = stable_key(params_json, params); !s.ok()) return -static_cast<int>(s.code);
  Str tail = ",\"channel\":";
  json::write_string(channel, tail);
  tail += ",\"params\":";
  tail += params;
  tail += '}';
  use(now);
  for (Item& item : items_) {
    if (!item.rpc && item.status != SubStatus::closed && item.text == tail) {
      ++item.readers;
      return static_cast<int>(item.id);
    }
  }
  Item& sub = items_.emplace_back();
  sub.id = next_id_++;
  sub.readers = 1;
  sub.text = std::move(tail);
  if (socket_ == Socket::open) {
    sub.status = SubStatus::open;  // born open: not a change
    push_frame("subscribe\",\"id\":", sub.id, sub.text);
  }
  return static_cast<int>(sub.id);
}

void Session::unsubscribe(std::uint32_t id, double now) {
  now_ = now;
  Item* sub = find(id, false);
  if (sub == nullptr || --sub->readers > 0) return;
  // Open means subscribed on the socket open now; a subscription not
  // (yet) subscribed there needs no frame, nor one the server closed.
  if (sub->status == SubStatus::open) push_frame("unsubscribe\",\"id\":", id, "}");
  items_.erase(items_.begin() + (sub - items_.data()));
  settle(now);
}

Status Session::send(std::uint32_t id, std::string_view payload_json) {
  const Item* sub = find(id, false);
  if (sub == nullptr || sub->status != SubStatus::open)
    return Status::fail(Code::not_open, "the subscription is not open");
  append_json(payload_json, "null", push_frame("send\",\"subscription\":", id, ",\"payload\":"));
  return Status::success();
}

std::uint32_t Session::rpc(std::string_view fn, std::string_view args_json, double now) {
  Item& call = items_.emplace_back();
  call.id = next_id_++;
  call.rpc = true;
  call.deadline = now + timing_.rpc_timeout;
  start_frame("rpc\",\"id\":", call.id, call.text);
  call.text += ",\"fn\":";
  json::write_string(fn, call.text);
  call.text += ",\"args\":";
  append_json(args_json, "{}", call.text);
  const std::uint32_t id = call.id;
  use(now);
  if (socket_ == Socket::open) opened(now_);  // sends it (and only it: the rest went already)
  return id;
}

void Session::opened(double now) {
  now_ = now;
  if (socket_ == Socket::connecting) {
    socket_ = Socket::open;
    opened_at_ = now;
    ping_at_ = now + timing_.ping_every;
    pong_by_ = kNever;
    for (Item& sub : items_) {
      if (sub.rpc || sub.status == SubStatus::closed) continue;
      push_frame("subscribe\",\"id\":", sub.id, sub.text);
      set_status(sub, SubStatus::open);
    }
  } else if (socket_ != Socket::open) {
    return;
  }
  // The RPCs waiting, after the subscriptions: each goes once.
  for (Item& call : items_) {
    if (!call.rpc || call.status == SubStatus::open) continue;
    call.status = SubStatus::open;
    effects_.frames.push_back(std::move(call.text));
    call.text = Str();
  }
}

void Session::drop(double now, double random) {
  fail_rpcs(RpcFailure::network, now);
  for (Item& sub : items_)
    if (!sub.rpc && sub.status != SubStatus::closed) set_status(sub, SubStatus::reconnecting);
  ping_at_ = pong_by_ = idle_at_ = kNever;
  if (!busy()) {
    socket_ = Socket::closed;
    return;
  }
  // Full jitter over min(cap, base * 2^attempt). The doubling stops at the
  // cap, and the count with it (so a zero base cannot loop long).
  double delay = timing_.backoff_base;
  for (std::uint32_t i = 0; i < attempt_ && delay < timing_.backoff_cap; ++i) delay *= 2;
  if (attempt_ < 64) ++attempt_;
  if (!(random >= 0)) random = 0;  // NaN too: a bad random must not stall the reconnect
  reconnect_at_ = now + std::min(random, 1.0) * std::min(delay, timing_.backoff_cap);
  socket_ = Socket::waiting;
}

void Session::closed(int code, double now, double random) {
  now_ = now;
  if (socket_ != Socket::open && socket_ != Socket::connecting) return;
  if (socket_ == Socket::open && now - opened_at_ >= timing_.healthy_after) attempt_ = 0;
  if (code == 4401) renew_ = true;
  drop(now, random);
}

bool Session::close_frame(std::uint32_t subscription) {
  Item* sub = find(subscription, false);
  if (sub == nullptr || sub->status == SubStatus::closed) return false;
  set_status(*sub, SubStatus::closed);
  settle(now_);
  return true;
}

bool Session::rpc_response(std::uint32_t id) {
  const Item* call = find(id, true);
  if (call == nullptr || call->status != SubStatus::open) return false;  // unknown, or never sent
  items_.erase(items_.begin() + (call - items_.data()));
  settle(now_);
  return true;
}

void Session::pong(double now) {
  now_ = now;
  if (socket_ != Socket::open || pong_by_ == kNever) return;  // unasked: nothing to learn
  pong_by_ = kNever;
  ping_at_ = now + timing_.ping_every;
}

void Session::tick(double now, double random) {
  now_ = now;
  fail_rpcs(RpcFailure::timeout, now);
  settle(now);
  if (socket_ == Socket::open && now - opened_at_ >= timing_.healthy_after) attempt_ = 0;
  if (now >= idle_at_) {  // first: a socket closing now needs no ping
    effects_.close = true;
    socket_ = Socket::closed;
    ping_at_ = pong_by_ = idle_at_ = kNever;
  }
  if (socket_ == Socket::waiting && now >= reconnect_at_) {
    open_socket();
  } else if (socket_ == Socket::open && now >= pong_by_) {
    effects_.close = true;  // dead: no pong in time
    drop(now, random);
  } else if (socket_ == Socket::open && now >= ping_at_) {
    effects_.frames.emplace_back() = "{\"kind\":\"ping\"}";
    ping_at_ = kNever;
    pong_by_ = now + timing_.pong_within;
  }
}

bool Session::live(std::uint32_t id) const { return status(id) != SubStatus::closed; }

SubStatus Session::status(std::uint32_t id) const {
  const Item* sub = find(id, false);
  return sub == nullptr ? SubStatus::closed : sub->status;
}

Effects Session::take_effects() {
  double wake = std::min({reconnect_at_, ping_at_, pong_by_, idle_at_});
  for (const Item& item : items_) wake = std::min(wake, item.deadline);
  effects_.wake_at = wake;
  return std::exchange(effects_, Effects{});
}

Status parse_timing(std::string_view json, Timing& out) {
  static constexpr struct {
    const char* key;
    double Timing::*field;
  } kFields[] = {
      {"idleClose", &Timing::idle_close},   {"backoffBase", &Timing::backoff_base},
      {"backoffCap", &Timing::backoff_cap}, {"healthyAfter", &Timing::healthy_after},
      {"pingEvery", &Timing::ping_every},   {"pongWithin", &Timing::pong_within},
      {"rpcTimeout", &Timing::rpc_timeout},
  };
  // Members as raw text: a number's is its token, which parse_double reads.
  Vec<json::RawMember> members;
  if (Status s = json::scan_object(json, members); !s.ok()) return s;
  for (const json::RawMember& m : members) {
    for (const auto& f : kFields) {
      if (m.key != f.key) continue;
      const char c = m.text[0];
      double ms = 0;
      if (!(c >= '0' && c <= '9') || !decimal::parse_double(m.text, ms))
        return Status::fail(Code::invalid_argument, "options." + m.key + " must be a number of ms >= 0");
      out.*f.field = ms;
    }
  }
  return Status::success();
}

}  // namespace mizan::channels
