#pragma once
// Channels (PROTOCOL.md §9): one WebSocket per kernel, its subscriptions,
// reconnects, heartbeat and RPC bookkeeping, as a sans-IO state machine.
// The session never touches a socket or a clock: the JS runtime tells it
// what happened (the app subscribed, the socket opened, a frame came, time
// passed) and performs what it asks for (open or close the socket, send
// these frames, wake me at t). So every schedule — reconnect backoff with
// its jitter, heartbeat loss, RPC timeouts, resubscription after a drop —
// is a deterministic native test with scripted time and randomness.
//
// Frames are parsed by the runtime (JSON.parse: the hot path of `event`
// frames never crosses into the wasm); the session is told only what a
// control frame means for it (a `close` of subscription 7, the
// `rpc-response` of call 3, a `pong`). Frames it asks to send are built here,
// compact JSON, one per string.
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>

#include "kernel/status.h"
#include "kernel/str.h"
#include "kernel/vec.h"

namespace mizan::channels {

// Milliseconds. Defaults documented in the README ("Channels").
struct Timing {
  double idle_close = 5000;   // close the socket this long after its last use
  double backoff_base = 500;  // reconnect delay: random * min(cap, base * 2^attempt) (full jitter)
  double backoff_cap = 30000;
  double healthy_after = 10000;  // a socket open this long resets the attempt count
  double ping_every = 25000;     // heartbeat: `ping` this long after the last one was answered
  double pong_within = 10000;    // no `pong` by then: the socket is dead
  double rpc_timeout = 30000;    // an RPC unanswered this long fails with TIMEOUT
};

// What a subscription's readers see (the runtime spells these out).
enum class SubStatus : unsigned char { connecting = 0, open = 1, reconnecting = 2, closed = 3 };

// How an RPC failed without an answer.
enum class RpcFailure : unsigned char { timeout = 1, network = 2 };

// What the runtime must do after an input, taken with take_effects().
struct Effects {
  bool open = false;                                         // open a new socket (the runtime knows the URL)
  bool close = false;                                        // close the current socket (before `open`, when both)
  bool renew_token = false;                                  // with `open` after a 4401 close: obtain a new token first
  Vec<Str> frames;                                           // to send on the open socket, in order
  Vec<std::uint32_t> changed;                                // subscriptions whose status changed
  Vec<std::pair<std::uint32_t, RpcFailure>> failed;          // RPCs that failed without an answer
  double wake_at = std::numeric_limits<double>::infinity();  // call tick() at this time
};

class Session {
 public:
  explicit Session(Timing timing = {});

  // The app's side. `now` in ms; `params_json` any JSON object (made
  // canonical here: stableKey, so equal params share one subscription).
  //
  // A reader subscribes to (channel, params): the subscription's id (> 0),
  // shared with every other live reader of the same pair (refcounted), or
  // -code for bad params (stable_key's). The first reader of a pair
  // sends `subscribe` (at once on an open socket, else once it opens;
  // opening it if closed). A subscription the server closed is not shared:
  // a new reader of its pair starts a new one (a new id, asked again).
  int subscribe(std::string_view channel, std::string_view params_json, double now);
  // A reader leaves; the last one sends `unsubscribe` (none for a
  // subscription the server closed) and forgets it. Unknown ids: no-op.
  void unsubscribe(std::uint32_t id, double now);
  // A `send` frame with this payload JSON (the runtime checked it is JSON).
  // Code::not_open (nothing sent) unless the subscription is open.
  Status send(std::uint32_t id, std::string_view payload_json);
  // An RPC of `fn` with `args_json` (an object): its id (> 0). Sent at once
  // on an open socket, else when it opens (opening it if closed); fails with
  // RpcFailure::timeout after Timing::rpc_timeout, and with ::network if the
  // socket drops after it was sent (never sent again).
  std::uint32_t rpc(std::string_view fn, std::string_view args_json, double now);

  // The socket's side.
  //
  // The socket the session asked for opened (the runtime has sent `auth`
  // first when it has a token): subscribe frames for every live
  // subscription, in one batch, then the RPCs waiting.
  void opened(double now);
  // The socket closed or failed (whoever closed it; `code` its close code).
  // RPCs sent on it fail (network); with live subscriptions or RPCs waiting
  // a reconnect is scheduled after the backoff (`random` in [0, 1) is its
  // jitter); after 4401 the next open asks for a new token. After an idle close nothing
  // reopens until the next subscribe or rpc. Only the current socket is
  // reported: one closed on Effects::close is no longer current (its late
  // close event is not this call), and closed() while the session has no
  // socket open or opening is ignored.
  void closed(int code, double now, double random);
  // Control frames the runtime parsed. Each returns false when it names
  // nothing the session knows (a problem for the runtime to report; an
  // rpc-response after its timeout included).
  bool close_frame(std::uint32_t subscription);  // the server refused or ended it: closed for good
  bool rpc_response(std::uint32_t id);           // the call is answered: its timeout stops
  void pong(double now);
  // Time passed: reconnects, pings, pong and RPC deadlines, the idle close.
  // `random` as for closed() (a heartbeat loss schedules a reconnect).
  void tick(double now, double random);

  // Whether `id` names a live subscription (one the runtime delivers
  // events to) and whether it was ever issued (an event for an id issued
  // once and since unsubscribed is a late frame, not garbage).
  bool live(std::uint32_t id) const;
  bool issued(std::uint32_t id) const { return id > 0 && id < next_id_; }
  SubStatus status(std::uint32_t id) const;  // closed for unknown ids

  // What to do now; wake_at is the earliest deadline pending.
  Effects take_effects();

 private:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  // closed: no socket; connecting: asked for one (Effects::open), waiting
  // for opened(); waiting: for the reconnect backoff to pass.
  enum class Socket : unsigned char { closed, connecting, open, waiting };

  // A subscription or an RPC: one kind of item in one list, in order of
  // creation (the resubscribe batch's order and the RPCs' send order), so
  // the wasm carries one vector's code, not two.
  struct Item {
    std::uint32_t id = 0;
    bool rpc = false;
    // A subscription's; an RPC is connecting until sent, then open.
    SubStatus status = SubStatus::connecting;
    std::uint32_t readers = 0;  // a subscription's
    double deadline = kNever;   // an RPC's timeout
    // A subscription's subscribe frame after its id, `,"channel":…,
    // "params":…}` (with the channel escaped and the params canonical, also
    // the pair's key); an RPC's whole frame, until sent.
    Str text;
  };

  const Item* find(std::uint32_t id, bool rpc) const;
  Item* find(std::uint32_t id, bool rpc) { return const_cast<Item*>(std::as_const(*this).find(id, rpc)); }
  // Something still needs the socket: a live subscription or an RPC.
  bool busy() const;
  // Asks for a socket (with a new token after a 4401).
  void open_socket();
  // A subscribe or rpc: no idle close, and a socket if there is none.
  void use(double now);
  // After something left: with nothing busy, close when idle (or stop
  // waiting to reconnect).
  void settle(double now);
  void set_status(Item& sub, SubStatus status);
  // A frame to send, `{"kind":"<head><id><rest>`, to append to.
  Str& push_frame(const char* head, std::uint32_t id, std::string_view rest);
  // The RPCs sent (network) or past their deadline (timeout) fail.
  void fail_rpcs(RpcFailure why, double now);
  // The socket is gone (closed, failed or dead): fail what was sent on it,
  // and reconnect after the backoff if anything still needs one.
  void drop(double now, double random);

  Timing timing_;
  std::uint32_t next_id_ = 1;  // subscriptions and RPCs draw ids from one counter: unique per socket
  Effects effects_;
  Vec<Item> items_;
  Socket socket_ = Socket::closed;
  std::uint32_t attempt_ = 0;  // reconnects since the last healthy socket
  bool renew_ = false;         // the last socket closed with 4401: the next open renews the token
  double now_ = 0;             // the latest time given (for inputs that carry none)
  double opened_at_ = 0;
  double reconnect_at_ = kNever;
  double ping_at_ = kNever;
  double pong_by_ = kNever;
  double idle_at_ = kNever;
};

// The JSON of chCreate (wasm/exports.h): an object whose optional members
// idleClose, backoffBase, backoffCap, healthyAfter, pingEvery, pongWithin
// and rpcTimeout override the defaults (numbers of ms >= 0; other members
// are ignored).
Status parse_timing(std::string_view json, Timing& out);

}  // namespace mizan::channels
