/**
 * mizan-kernel/channels — live data over one WebSocket per kernel
 * (PROTOCOL.md §9), its own entry point: apps without channels load none of
 * it, nor the wasm that has the channel session. Import it once, at the top
 * of the app's entry, before the kernel loads: browsers then load
 * `mizan_kernel_browser_channels.wasm` (with 'mizan-kernel/optimistic' too:
 * `mizan_kernel_browser_optimistic_channels.wasm`), and every kernel made
 * afterwards has `kernel.channel()` and takes the `channels` and
 * `socketFunctions` options. The adapters' channel hooks
 * (`mizan-kernel/react/channels`, …) import it themselves.
 *
 * @example
 * import 'mizan-kernel/channels'
 * import { init, createKernel } from 'mizan-kernel'
 * await init()
 * const kernel = createKernel({ socketFunctions: ['echo'] })
 * const chat = kernel.channel('board_chat', { board_id: 1 })
 * const off = chat.subscribe(() => console.log(chat.getState().lastMessage))
 * chat.send({ author: 'Ann', text: 'hi' })
 * await kernel.call('echo', { text: 'over the socket' })
 */
import type { AnyParams, JsonValue, MizanError } from './index.js'

/** What a channel's readers see: the same object until it changes. */
export interface ChannelState<Message = unknown> {
  /** `connecting` until the first subscribe is sent on an open socket; `reconnecting` while the socket is down; `closed` once the server closed the subscription (refused or ended: `error` says why) or it was closed here. */
  status: 'connecting' | 'open' | 'reconnecting' | 'closed'
  /** The latest event payloads, oldest first, at most `buffer` of them. */
  messages: readonly Message[]
  lastMessage: Message | undefined
  /** CHANNEL_CLOSED (with the server's reason in the message and `details.reason`) once the server closed it. */
  error: MizanError | null
}

/** kernel.channel()'s view of (channel, params). Methods work unbound. */
export interface ChannelHandle<Message = unknown, Send = JsonValue> {
  getState(): ChannelState<Message>
  /** Subscribes on the first reader, leaves a microtask after the last; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** A `send` frame with this payload; throws NOT_OPEN (nothing sent) unless the subscription is open. */
  send(payload: Send): void
  /** Leaves the subscription now; the view shows `closed` from then on. */
  close(): void
}

export interface ChannelOptions {
  /** How many of the latest messages the state keeps (default 100). Readers sharing a subscription share the largest. */
  buffer?: number
}

/** createKernel()'s `channels` option (all times in ms). */
export interface ChannelsConfig {
  /** The socket's URL (default `{baseUrl}/ws/`, http(s) turned into ws(s), relative to the page). */
  url?: string
  /** The WebSocket class (default the global one; in Node 20 pass the `ws` package's). */
  WebSocket?: new (url: string) => any
  /** Close the socket this long after its last subscription left and its last call settled (5,000). */
  idleClose?: number
  /** Reconnect after random × min(backoffCap, backoffBase × 2^attempt) (500 and 30,000). */
  backoffBase?: number
  backoffCap?: number
  /** A socket open this long resets the backoff (10,000). */
  healthyAfter?: number
  /** `ping` this long after the last `pong` (25,000); no `pong` within `pongWithin` (10,000): the socket is dead, reconnect. */
  pingEvery?: number
  pongWithin?: number
  /** A call over the socket unanswered this long fails with TIMEOUT (30,000). */
  rpcTimeout?: number
}

declare module './index.js' {
  interface KernelOptions {
    /** The socket's settings ('mizan-kernel/channels'). */
    channels?: ChannelsConfig
    /** Functions called over the socket (`websocket: true` in the schema); kernel.call() sends the rest over HTTP. */
    socketFunctions?: readonly string[]
  }
  interface Kernel {
    /** A live view of server channel `name` with `params` ('mizan-kernel/channels'). */
    channel<Message = unknown, Send = JsonValue>(name: string, params?: AnyParams, options?: ChannelOptions): ChannelHandle<Message, Send>
  }
}
