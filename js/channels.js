// 'mizan-kernel/channels': live data over one WebSocket per kernel
// (PROTOCOL.md §9), a capability of its own. Importing this module, before
// the kernel loads, makes the browser loader fetch the wasm build with the
// channel session (kernel/channel_session.h: subscriptions, reconnects,
// heartbeat, RPC deadlines, all decided there, sans-IO) and gives every
// kernel made afterwards `kernel.channel()`, the `channels` and
// `socketFunctions` options, and calls over the socket. This file performs
// the session's effects with a real WebSocket, parses frames (the hot path
// of events never crosses into the wasm) and keeps each subscription's
// messages and readers.
import { want } from './capabilities.js'
import { report } from './timeline.js'
import { extendKernel } from './kernel.js'
import { MizanError } from './errors.js'
import { addListener, notify, shielded, warnProblem } from './listeners.js'
import { checkOptions, dataJson, knowKernelOptions, describe, isPlainObject, paramsJson, requireString, targetsJson } from './validate.js'
import { outputText, readOutput, wasm, writeInput } from './wasm.js'

const STATUS = ['connecting', 'open', 'reconnecting', 'closed']
const TIMING = ['idleClose', 'backoffBase', 'backoffCap', 'healthyAfter', 'pingEvery', 'pongWithin', 'rpcTimeout']
const CHANNELS_OPTIONS = Object.fromEntries([...TIMING.map((key) => [key, 'number']), ['url', 'string'], ['WebSocket', 'function']])
const OPEN = 1 // WebSocket.OPEN
export const DEFAULT_BUFFER = 100

// What a channel shows before its first reader subscribes: about to connect.
const NOT_SUBSCRIBED = Object.freeze({ status: 'connecting', messages: Object.freeze([]), lastMessage: undefined, error: null })

/** The app's readers of one server subscription (channel, params), with its last messages. */
class Subscription {
  constructor(id, name, params) {
    this.id = id
    this.name = name
    this.params = params
    this.listeners = null // listeners.js
    // The payloads received, the last `capacity` of them shown: appended
    // to, and cut down to those only once it holds twice as many, so that a
    // message costs O(1) however large the buffer (a snapshot keeps the
    // array it was made from: a cut makes a new one).
    this.log = []
    this.capacity = 0 // the largest buffer any reader asked for
    this.caps = [] // each reader's, to shrink back when one leaves
    this.status = 'connecting'
    this.error = null
    this.state = null // made on read, dropped on change
  }

  // `messages` is sliced from the log when first read: a listener that
  // reads only `lastMessage` (or a render that skips a state) costs no copy.
  get snapshot() {
    if (this.state) return this.state
    const log = this.log
    const end = log.length
    const start = Math.max(0, end - this.capacity)
    let messages
    return (this.state = Object.freeze({
      status: this.status,
      get messages() {
        return (messages ??= Object.freeze(log.slice(start, end)))
      },
      lastMessage: end > start ? log[end - 1] : undefined,
      error: this.error,
    }))
  }

  push(payload) {
    this.log.push(payload)
    if (this.log.length >= 2 * this.capacity + 16) this.log = this.log.slice(-this.capacity)
    this.state = null
    notify(this)
  }
}

// One kernel's socket and its session; made with the kernel, the session
// (and the socket) only on first use.
class Live {
  #kernel
  #transport
  #options
  #functions // the socket functions' names
  #bodyKey
  #onProblem
  #handle = 0
  #socket = null
  #timer = null
  #wakeAt = Infinity
  #subs = new Map() // subscription id -> Subscription
  #rpcs = new Map() // rpc id -> the store's callback for its answer
  #requests = new Map() // the store's request id -> rpc id (abort)
  #maxId = 0
  #disposed = false
  #authToken = undefined // the token the socket's `auth` frame carried (refused on close code 4401)

  constructor(kernel, options, transport) {
    this.#kernel = kernel
    this.#transport = transport
    const channels = checkOptions('channels', options.channels, CHANNELS_OPTIONS) ?? {}
    for (const key of TIMING) {
      const v = channels[key]
      if (v !== undefined && !(v >= 0 && v < Infinity)) {
        throw new MizanError('INVALID_ARGUMENT', `options.channels.${key} must be a finite number of ms >= 0, got ${describe(v)}`)
      }
    }
    const functions = options.socketFunctions ?? []
    if (!Array.isArray(functions) || functions.some((fn) => typeof fn !== 'string' || fn === '')) {
      throw new MizanError('INVALID_ARGUMENT', `options.socketFunctions must be an array of function names, got ${describe(functions)}`)
    }
    this.#options = { ...channels, baseUrl: options.baseUrl ?? '/api/mizan' }
    this.#functions = new Set(functions)
    this.#bodyKey = options.callBodyKey ?? 'fn'
    this.#onProblem = options.onProblem ?? warnProblem
    // Calls of socket functions go over the socket; the rest as before.
    const { call, abort, dispose } = transport
    transport.call = (request, text, done, anonymous) => {
      const body = this.#functions.size > 0 && !anonymous ? JSON.parse(text) : null
      if (!body || !this.#functions.has(body[this.#bodyKey])) return call(request, text, done, anonymous)
      this.#rpc(request, body[this.#bodyKey], JSON.stringify(body.args ?? {}), done)
    }
    transport.abort = (request) => {
      const id = this.#requests.get(request)
      if (id === undefined) return abort(request)
      this.#requests.delete(request)
      this.#rpcs.delete(id) // its answer, if one comes, is dropped
    }
    transport.dispose = () => (this.#dispose(), dispose())
  }

  // A purge (another user: setIdentity(), a token of another `sub`, or
  // sign-out: reset()): the socket was opened for the old user (its
  // cookies, its token), so it is replaced: closed as a drop, the session
  // reconnects and resubscribes as the user of now.
  purged() {
    this.#socket?.close(4000)
  }

  // The session's handle, made on first use.
  #session() {
    if (this.#handle) return this.#handle
    const k = wasm('channel')
    if (!k.chCreate) {
      throw new MizanError(
        'NOT_IN_BUILD',
        "channels: the wasm loaded has no channel session: `import 'mizan-kernel/channels'` before the kernel loads, or init({ wasm }) with mizan-kernel/wasm/browser-channels",
      )
    }
    const config = JSON.stringify(Object.fromEntries(TIMING.map((key) => [key, this.#options[key]])))
    const handle = k.chCreate(...writeInput(k, [config]))
    if (handle < 0) readOutput(k, handle)
    return (this.#handle = handle)
  }

  channel(name, params, options) {
    if (this.#disposed) throw new MizanError('DISPOSED', 'channel() on a disposed kernel')
    requireString('name', name, { nonEmpty: true })
    const json = paramsJson('params', params)
    const buffer = checkOptions('channel', options, { buffer: 'number' })?.buffer ?? DEFAULT_BUFFER
    if (!Number.isSafeInteger(buffer) || buffer < 1) {
      throw new MizanError('INVALID_ARGUMENT', `options.buffer must be an integer >= 1, got ${describe(buffer)}`)
    }
    return new Channel(this, name, json, buffer)
  }

  // A reader joins (channel, params): its Subscription.
  join(name, json, capacity) {
    const k = wasm('channel')
    const handle = this.#session()
    const id = k.chSubscribe(handle, ...writeInput(k, [name, json]), this.#now())
    if (id < 0) readOutput(k, id)
    if (id > this.#maxId) this.#maxId = id
    let sub = this.#subs.get(id)
    if (!sub) {
      this.#subs.set(id, (sub = new Subscription(id, name, JSON.parse(json))))
      sub.status = STATUS[k.chStatus(handle, id)] // open at once on an open socket
    }
    sub.caps.push(capacity)
    if (capacity > sub.capacity) sub.capacity = capacity
    this.#drive()
    return sub
  }

  leave(sub, capacity) {
    if (this.#disposed) return
    sub.caps.splice(sub.caps.indexOf(capacity), 1)
    sub.capacity = Math.max(0, ...sub.caps)
    if (sub.caps.length === 0) this.#subs.delete(sub.id)
    wasm('channel').chUnsubscribe(this.#handle, sub.id, this.#now())
    this.#drive()
  }

  send(sub, payload) {
    const k = wasm('channel')
    const text = dataJson('payload', payload)
    const rc = this.#disposed ? -1 : k.chSend(this.#handle, sub.id, ...writeInput(k, [text]))
    if (rc < 0) {
      throw new MizanError('NOT_OPEN', `send(): the channel "${sub.name}" is ${this.#disposed ? 'closed' : sub.status}, nothing was sent`)
    }
    this.#drive()
  }

  #rpc(request, fn, args, done) {
    const k = wasm('call')
    const id = k.chRpc(this.#session(), ...writeInput(k, [fn, args]), this.#now())
    if (id > this.#maxId) this.#maxId = id
    this.#rpcs.set(id, (answer) => (this.#requests.delete(request), done(answer)))
    this.#requests.set(request, id)
    this.#drive()
  }

  #now() {
    return Date.now()
  }

  // Performs what the session asks for after an input.
  #drive() {
    if (this.#disposed) return
    const k = wasm('channel')
    const [head, ...frames] = outputText(k, k.chTakeEffects(this.#handle)).split('\n')
    const effects = JSON.parse(head)
    if (effects.close) this.#closeSocket()
    if (effects.open) {
      if (effects.renew) this.#transport.token?.refused(this.#authToken)
      this.#openSocket()
    }
    for (const frame of frames) this.#socket?.send(frame)
    for (const id of effects.changed) {
      const sub = this.#subs.get(id)
      if (!sub) continue
      sub.status = STATUS[k.chStatus(this.#handle, id)]
      sub.state = null
      notify(sub)
    }
    for (const [id, failure] of effects.failed) {
      const done = this.#rpcs.get(id)
      this.#rpcs.delete(id)
      done?.({
        error:
          failure === 1
            ? new MizanError('TIMEOUT', 'the call over the socket got no answer in time')
            : new MizanError('NETWORK_ERROR', 'the socket dropped before the call was answered; it is not sent again'),
      })
    }
    this.#schedule(effects.wake ?? Infinity)
  }

  #schedule(at) {
    if (at === this.#wakeAt) return
    clearTimeout(this.#timer)
    this.#wakeAt = at
    if (at === Infinity) return
    this.#timer = setTimeout(
      () => {
        this.#wakeAt = Infinity
        if (this.#disposed) return
        wasm('channel').chTick(this.#handle, this.#now(), Math.random())
        this.#drive()
      },
      Math.max(0, at - this.#now()),
    )
    this.#timer.unref?.() // never keep a Node process alive for a heartbeat
  }

  #url() {
    const { url, baseUrl } = this.#options
    const location = globalThis.location?.href
    const target = new URL(url ?? `${baseUrl.replace(/\/+$/, '')}/ws/`, location)
    if (target.protocol === 'http:' || target.protocol === 'https:') target.protocol = target.protocol === 'http:' ? 'ws:' : 'wss:'
    return target.href
  }

  #openSocket() {
    const WebSocketClass = this.#options.WebSocket ?? globalThis.WebSocket
    let socket
    try {
      if (!WebSocketClass) throw new Error('no WebSocket here: pass options.channels.WebSocket (in Node: the ws package)')
      socket = new WebSocketClass(this.#url())
    } catch (error) {
      shielded(this.#onProblem, `channels: cannot open the socket: ${error?.message ?? error}`)
      // As a socket that failed at once: the session schedules the retry.
      queueMicrotask(() => this.#socketClosed(null, 1006))
      return
    }
    this.#socket = socket
    socket.onopen = () => this.#socketOpened(socket)
    socket.onclose = (event) => this.#socketClosed(socket, event.code)
    socket.onerror = () => {} // a close event follows
    socket.onmessage = (event) => this.#socket === socket && this.#frame(event.data)
  }

  async #socketOpened(socket) {
    const token = this.#transport.token
    if (token) {
      try {
        this.#authToken = (await token.header())['X-Mizan-Token']
      } catch (error) {
        shielded(this.#onProblem, `channels: no token for the socket: ${error?.message ?? error}`)
        return socket.close()
      }
      if (this.#socket !== socket || socket.readyState !== OPEN) return
      socket.send(JSON.stringify({ kind: 'auth', token: this.#authToken }))
    }
    if (this.#socket !== socket || this.#disposed) return
    wasm('channel').chOpened(this.#handle, this.#now())
    this.#drive()
  }

  #socketClosed(socket, code) {
    if (socket !== this.#socket || this.#disposed) return
    this.#socket = null
    wasm('channel').chClosed(this.#handle, code ?? 1006, this.#now(), Math.random())
    this.#drive()
  }

  #closeSocket() {
    const socket = this.#socket
    if (!socket) return
    this.#socket = null // its close event is not the session's news: it asked for it
    socket.onmessage = socket.onopen = null
    try {
      socket.close(1000)
    } catch {
      // closing a socket still connecting throws in some implementations: it is dropped all the same
    }
  }

  #problem(what) {
    shielded(this.#onProblem, `channels: ${what} (ignored)`)
  }

  // One frame from the server (PROTOCOL.md §9).
  #frame(text) {
    let frame
    try {
      frame = JSON.parse(text)
    } catch {
      return this.#problem(`a frame that is not JSON: ${String(text).slice(0, 80)}`)
    }
    const kind = frame?.kind
    if (kind === 'event') {
      const sub = this.#subs.get(frame.subscription)
      if (sub) return sub.status === 'closed' ? undefined : sub.push(frame.payload)
      if (!(frame.subscription > 0 && frame.subscription <= this.#maxId))
        this.#problem(`an event for unknown subscription ${describe(frame.subscription)}`)
      return // late: for a subscription that was left
    }
    const k = wasm('channel')
    if (kind === 'close') {
      const sub = this.#subs.get(frame.subscription)
      if (!k.chCloseFrame(this.#handle, frame.subscription)) return this.#problem(`a close of unknown subscription ${describe(frame.subscription)}`)
      if (sub) {
        const reason = typeof frame.reason === 'string' ? frame.reason : ''
        sub.error = new MizanError('CHANNEL_CLOSED', `the server closed channel "${sub.name}"${reason ? `: ${reason}` : ''}`, { details: { reason } })
      }
    } else if (kind === 'rpc-response') {
      const done = this.#rpcs.get(frame.id)
      if (!k.chRpcResponse(this.#handle, frame.id)) return this.#problem(`an rpc-response for unknown call ${describe(frame.id)}`)
      this.#rpcs.delete(frame.id)
      // As the HTTP answer would have been, read by the store's one reader
      // of call answers; a success's values as the frame spells them (the
      // kernel copies their text: JSON.parse would round a number past 2^53).
      // A frame the kernel cannot read goes to that reader as it is, which
      // then fails the call as it would fail an HTTP answer with that text.
      let bytes = text
      if (frame.ok !== true) {
        const { error } = frame
        bytes = JSON.stringify({ error: isPlainObject(error) ? error : { code: 'SERVER_ERROR', message: describe(error) } })
      } else {
        const rc = k.chRpcBody(...writeInput(k, [text]))
        if (rc >= 0) bytes = outputText(k, rc)
      }
      done?.({ status: 200, bytes })
    } else if (kind === 'invalidate') {
      if (!Array.isArray(frame.targets)) return this.#problem('an invalidate frame without a targets list')
      const good = frame.targets.filter((target, i) => {
        try {
          return targetsJson('targets', [target])
        } catch (error) {
          this.#problem(`pushed invalidate target ${i}: ${error.message}`)
        }
      })
      if (good.length === 0 || this.#disposed) return
      report(this.#kernel, { kind: 'invalidate', source: 'push', targets: good })
      this.#kernel.invalidate(good)
      return
    } else if (kind === 'pong') {
      k.chPong(this.#handle, this.#now())
    } else {
      return this.#problem(`a frame of unknown kind ${describe(kind)}`)
    }
    this.#drive()
  }

  #dispose() {
    if (this.#disposed) return
    this.#closeSocket()
    this.#disposed = true
    clearTimeout(this.#timer)
    if (this.#handle) wasm('channel').chDestroy(this.#handle)
    for (const sub of this.#subs.values()) {
      sub.status = 'closed'
      sub.state = null
      notify(sub)
    }
    this.#subs.clear()
  }
}

let channelState, channelListen

// A view of (channel, params) for UI bindings, from kernel.channel(): it
// subscribes on its first reader and leaves a microtask after its last one
// (so React StrictMode's subscribe/unsubscribe/subscribe sends nothing
// twice). getState and subscribe work unbound (useSyncExternalStore).
class Channel {
  #live
  #name
  #json
  #capacity
  #sub = null
  #readers = 0
  #closed = false
  #getState
  #subscribe

  constructor(live, name, json, capacity) {
    this.#live = live
    this.#name = name
    this.#json = json
    this.#capacity = capacity
  }

  get getState() {
    return (this.#getState ??= channelState.bind(this))
  }

  get subscribe() {
    return (this.#subscribe ??= channelListen.bind(this))
  }

  /**
   * Sends `payload` (JSON) on the subscription; throws NOT_OPEN, sending
   * nothing, unless it is open.
   * @param {unknown} payload
   */
  send = (payload) => {
    if (!this.#sub) throw new MizanError('NOT_OPEN', `send(): the channel "${this.#name}" has no reader yet, nothing was sent`)
    this.#live.send(this.#sub, payload)
  }

  /** Leaves the subscription now, whatever readers remain; the view shows `closed` from then on. */
  close = () => {
    if (this.#closed) return
    this.#closed = true
    if (this.#sub) this.#live.leave(this.#sub, this.#capacity)
    this.#sub = null
  }

  static {
    channelState = function getState() {
      if (this.#closed) return CLOSED
      return this.#sub ? this.#sub.snapshot : NOT_SUBSCRIBED
    }
    channelListen = function subscribe(listener) {
      if (typeof listener !== 'function') throw new MizanError('INVALID_ARGUMENT', 'listener must be a function')
      if (this.#closed) return () => {}
      this.#sub ??= this.#live.join(this.#name, this.#json, this.#capacity)
      this.#readers++
      const off = addListener(this.#sub, listener)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        off()
        if (--this.#readers > 0) return
        queueMicrotask(() => {
          if (this.#readers > 0 || !this.#sub || this.#closed) return
          this.#live.leave(this.#sub, this.#capacity)
          this.#sub = null
        })
      }
    }
  }
}

const CLOSED = Object.freeze({ ...NOT_SUBSCRIBED, status: 'closed' })

const lives = new WeakMap() // kernel -> its Live

knowKernelOptions({ channels: 0, socketFunctions: 0 })
extendKernel(
  (kernel, options, transport) => {
    const live = new Live(kernel, options, transport)
    lives.set(kernel, live)
    return (record) => record || live.purged() // (null: a purge)
  },
  {
    /**
     * kernel.channel(name, params, options): a live view of server channel
     * `name` with `params`, `{ getState, subscribe, send, close }`,
     * subscribed over the kernel's socket while it has readers.
     * @this {object} the kernel
     */
    channel(name, params, options) {
      const live = lives.get(this)
      if (!live) throw new MizanError('NOT_IN_BUILD', "channel(): this kernel was made before 'mizan-kernel/channels' was imported")
      return live.channel(name, params, options)
    },
  },
  true, // under the other entries' wrappers: they see calls over the socket too
)
want('channels')
