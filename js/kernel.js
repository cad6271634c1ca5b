// createKernel(): the store in the wasm kernel, driven by a real transport.
// The kernel decides (what to fetch, what a response means, which entries
// changed); this file performs its commands, feeds back responses and the
// clock, and turns entry changes into snapshots and listener calls.
import { invalidArgument, MizanError, serverError } from './errors.js'
import { nextSnapshot } from './snapshot.js'
import { addListener, notify, shielded, warnProblem } from './listeners.js'
import { mutation } from './mutation.js'
import { readSsrState } from './ssr.js'
import { refetchTriggers } from './refetch_triggers.js'
import { createTransport } from './transport.js'
import { checkIdentity, checkKernelOptions, checkOptions, CONTEXT_OPTION_TYPES, dataJson, paramsJson, requireName, targetsJson } from './validate.js'
import { outputText, readOutput, wasm, writeInput } from './wasm.js'

// Facts the C++ side holds too (Command::Kind and StoreConfig::gc_time_ms in
// kernel/store.h); tests/js/shared_facts.test.js checks that they agree.
export const FETCH = 0
export const ABORT = 1
export const CALL = 2
export const DEFAULT_GC_TIME = 5 * 60 * 1000

// What a context shows before anything is known of it: it is about to load.
// One frozen object, so a render that reads it twice sees the same state
// (the adapters show it too while the wasm is still loading).
export const NOT_LOADED = Object.freeze({ data: undefined, status: 'loading', error: null, isFetching: true, updatedAt: 0 })

/** Where there is no `window`, a kernel renders for a server by default. */
export const onServer = () => typeof window === 'undefined'

// Optimistic updates' JS, which 'mizan-kernel/optimistic' (js/optimistic.js)
// installs: { json(k, options, updates) } checks call()'s options and
// writes them for the kernel, { pump(k, handle, calls) } runs the update
// functions that await their value. The base has neither (nor their wasm).
let optimistic = null

// Capability entries' hooks into every kernel (js/channels.js, js/tabs.js,
// js/devtools.js, js/persist.js), which extendKernel() installs; the base
// has none of them. A kernel made after an install calls
// attach(kernel, options, transport, view) in its constructor: the entry
// may wrap the transport (the socket's calls, devtools' requests), and may
// return a watcher, told of each entry record that changed (after its
// readers) and, with null, of a purge (another user, reset()). `view` is
// what they read of the kernel's private state. (Without an install,
// createKernel() refuses their options as unknown ones.)
/** @type {(kernel: Kernel, options: any, transport: any, view: KernelView) => any} */
let attach = () => {}

/**
 * What capability entries read of a kernel (see attach above).
 * @typedef {{ entries: Map<number, any>, calls: Map<number, any>, identity: () => string | null | undefined, refetch: (id: number) => void, drop: (id: number) => void }} KernelView
 */

/**
 * For capability entries: every kernel made from now on calls `more` in its
 * constructor, and `methods` become methods of every kernel. `more` runs
 * after the hooks installed before it, so that it wraps the transport over
 * theirs; with `inner`, before them, so that it wraps under them (the
 * socket, which sends some calls elsewhere: the observers over it then see
 * those calls too, whichever entry the app imported first).
 * @example
 * extendKernel((kernel, options, transport, view) => (record) => record && console.log(record.context), { inspect })
 * @param {(kernel: any, options: any, transport: any, view: KernelView) => ((record: any) => void) | undefined | void} more
 * @param {Record<string, Function>} [methods]
 * @param {boolean} [inner]
 */
export const extendKernel = (more, methods = {}, inner = false) => {
  const before = attach
  attach = (kernel, options, transport, view) => {
    const [one, two] = inner
      ? [more(kernel, options, transport, view), before(kernel, options, transport, view)]
      : [before(kernel, options, transport, view), more(kernel, options, transport, view)]
    return one && two ? (record) => (one(record), two(record)) : one || two
  }
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(Kernel.prototype, name, { value, writable: true, configurable: true })
  }
}

/**
 * For js/optimistic.js: installs the optimistic updates' JS.
 * @example
 * installOptimistic({ json: callOptionsJson, pump })
 * @param {{ json(k: any, options: any, updates: Function[]): string, pump(k: any, handle: number, calls: Map<number, any>): void }} impl
 */
export const installOptimistic = (impl) => {
  optimistic = impl
}

// A kernel dropped without dispose() (a server render that threw, say)
// still gives its store's wasm memory back once it is garbage collected.
const stores = typeof FinalizationRegistry === 'undefined' ? null : new FinalizationRegistry((handle) => wasm('dispose').storeDestroy(handle))

/**
 * Creates a kernel: one store of mounted contexts with its transport.
 *
 * @example
 * await init()
 * const kernel = createKernel({ baseUrl: '/api/mizan' })
 * const ctx = kernel.registerContext('user', { user_id: 5 })
 * const off = ctx.subscribe(() => render(ctx.getState()))
 * await kernel.call('update_profile', { user_id: 5, name: 'A' })
 *
 * @param {import('./index.js').KernelOptions} [options]
 * @returns {import('./index.js').Kernel}
 */
export function createKernel(options = {}) {
  // (`channel`, which the types declare once 'mizan-kernel/channels' is
  // imported, is put on the prototype by that import.)
  return /** @type {any} */ (new Kernel(options))
}

/**
 * How the adapters start a kernel for an app: made from `options`, then
 * given `state` (a server render's, from prefetchState() or dehydrate()) or,
 * without one, in a browser, the page's embedded state; a state it cannot
 * take disposes the kernel and throws, so nothing is half made.
 *
 * @param {import('./index.js').KernelOptions} options
 * @param {import('./index.js').DehydratedState} [state]
 */
export function startKernel(options, state) {
  const kernel = createKernel(options)
  try {
    if (state !== undefined || !kernel.isServer) kernel.hydrate(state)
  } catch (error) {
    kernel.dispose()
    throw error
  }
  return kernel
}

// The kernel's private operations that Handle and Observer perform, set by
// Kernel's static block (where its private names are in reach).
let stateOf, peekAt, mountAt, refetchOf, unmountOf

class Kernel {
  #k
  #handle
  #transport
  #now
  #onProblem
  #entries = new Map() // entry id -> record (listeners, snapshot; see #record)
  #waiters = new Map() // record -> resolves of prefetch()/refetch() waiting for its fetch to settle
  #calls = new Map() // request id -> { resolve, reject (which tells onError first), fn, … }
  #obtains = new Map() // request id -> { resolve, reject } of the token's obtains (the constructor's obtain)
  #activity = {} // subscribeActivity()'s listeners, as an entry record holds them
  #onError
  #flushQueued
  #gcTimer
  #gcAt = Infinity
  #disposed
  #server
  #gcTime
  #identity // undefined: not known yet (the first one seen is adopted)
  #triggers // a browser kernel's refetches on focus, reconnect and by interval
  #watch // the capability entries' watcher (extendKernel), if any

  constructor(options) {
    const k = wasm('createKernel')
    checkKernelOptions(options)
    this.#now = options.now ?? Date.now
    // mizan-kernel/tokens' obtain of its token: a call of `fn` whose answer
    // the store reads as any call's (result, or the server's error), but
    // sent without the token it is to make (#pump), and not the app's (no
    // isMutating, no onError). The token module asks for it outside #pump.
    const obtain = (fn) => {
      this.#live('call')
      const request = this.#run(this.#k.storeCall, [fn, '{}']) // > 0: no optimistic targets
      const result = new Promise((resolve, reject) => this.#obtains.set(request, { resolve, reject }))
      this.#pump()
      return result
    }
    this.#transport = createTransport(options, (sub, request) => this.#changeIdentity(sub, request), this.#now, obtain)
    this.#watch = attach(this, options, this.#transport, {
      entries: this.#entries,
      calls: this.#calls,
      identity: () => this.#identity,
      refetch: (id) => (this.#k.storeRefetch(this.#handle, id), this.#pump()),
      drop: (id) => (this.#k.storeDrop(this.#handle, id), this.#pump()),
    })
    if (options.identity !== undefined) this.#identity = checkIdentity('options.identity', options.identity)
    this.#onProblem = options.onProblem ?? warnProblem
    this.#onError = options.onError
    // A server kernel lives for one request: a gc timer would pin it (and
    // the request's data) in memory after the response went out
    // (TanStack#11320), so it never evicts (it is disposed whole), and a
    // render must not wait out retries.
    this.#server = options.server ?? onServer()
    this.#gcTime = options.gcTime ?? (this.#server ? Infinity : DEFAULT_GC_TIME)
    const config = JSON.stringify({
      gcTime: Number.isNaN(this.#gcTime) ? 'NaN' : this.#gcTime, // JSON has no NaN (sent so, for the kernel to refuse) nor Infinity (null: never)
      callBodyKey: options.callBodyKey,
      retryDelays: options.retryDelays ?? (this.#server ? [] : undefined),
      idField: options.idField,
      idFields: options.idFields,
    })
    const [length] = writeInput(k, [config])
    const handle = k.storeCreate(length)
    if (handle < 0) readOutput(k, handle) // throws the kernel's error
    this.#k = k
    this.#handle = handle
    // Browser kernels refetch on focus, reconnect and by interval; server kernels never.
    if (!this.#server) {
      const refetch = (record) => (k.storeRefetch(handle, record.id), this.#pump())
      const state = (record) => this.#snapshot(record)
      this.#triggers = refetchTriggers(options, this.#now, this.#entries, state, refetch)
    }
    stores?.register(this, handle, this)
  }

  /** True for a kernel made for server rendering (no timers, no retries). */
  get isServer() {
    return this.#server
  }

  /**
   * Mounts a context; the same (name, params) shares one entry and one fetch.
   * @param {string} name
   * @param {object} [params] (an object of JSON values: see ParamsOf in index.d.ts)
   * @param {import('./index.js').ContextOptions} [options]
   */
  registerContext(name, params, options) {
    const record = this.#mount('registerContext', name, paramsJson('params', params), checkOptions('registerContext', options, CONTEXT_OPTION_TYPES))
    return new Handle(this, record, options)
  }

  // `options`: the mount's refetch options, for the triggers (one reader each).
  #mount(caller, name, json, options) {
    this.#live(caller)
    requireName('name', name)
    const record = this.#record(this.#run(this.#k.storeMount, [name, json]), name, json)
    this.#triggers?.track(record, options, 1)
    this.#pump()
    return record
  }

  // Runs store export `run` (passed as read from the exports, so that
  // tests/js/exports.test.js sees the call) with `texts` written to the
  // kernel's input (their lengths the arguments after the store's handle,
  // then `more`); a negative result throws the kernel's error.
  #run(run, texts, ...more) {
    const k = this.#k
    const rc = run(this.#handle, ...writeInput(k, texts), ...more)
    if (rc < 0) readOutput(k, rc)
    return rc
  }

  // What JS holds of an entry, lean on purpose (there is one per entry, and
  // the slots' data lives only in the snapshot). Every record's fields are
  // made here (one added later costs a property store): its readers
  // (`listeners`: see listeners.js), the snapshot, and `known`: the entry
  // version the snapshot shows (snapshot.js), as is while the snapshot is
  // current, as -1 - version once the entry changed since (a new snapshot
  // is described when next read); its context name and params JSON (the
  // string the mount made anyway), for isFetching(), onError and the
  // capability entries; the count of a browser kernel's
  // mounts without options (refetch_triggers.js: a mount with options adds
  // `readers`, a polled one `every` and `timer`).
  #record(id, name, json) {
    let record = this.#entries.get(id)
    if (!record) {
      record = { id, listeners: null, snapshot: undefined, known: -1, context: name, json, mounts: 0 }
      this.#entries.set(id, record)
    }
    return record
  }

  // A promise for the record's state once its fetch settles.
  #settled(record) {
    return new Promise((resolve) => {
      const waiting = this.#waiters.get(record)
      if (waiting) waiting.push(resolve)
      else this.#waiters.set(record, [resolve])
    })
  }

  // The entry's state if the store holds (name, params), without mounting.
  #peek(name, json) {
    const id = this.#run(this.#k.storeLookup, [name, json])
    return id === 0 ? NOT_LOADED : (this.#snapshot(this.#record(id, name, json)) ?? NOT_LOADED)
  }

  /**
   * A lazy view of a context for UI bindings: it reads what the store holds
   * without mounting, mounts on its first subscriber and unmounts a
   * microtask after its last one leaves (so that React StrictMode's
   * subscribe/unsubscribe/subscribe costs no second fetch).
   * @param {string} name
   * @param {object} [params] (an object of JSON values: see ParamsOf in index.d.ts)
   * @param {import('./index.js').ContextOptions} [options]
   */
  observe(name, params, options) {
    this.#live('observe')
    requireName('name', name)
    return new Observer(this, name, paramsJson('params', params), checkOptions('observe', options, CONTEXT_OPTION_TYPES))
  }

  /**
   * Loads a context and lets it go: resolves with its state once the fetch
   * settles (data or error), leaving the entry cached. Server renders await
   * this before rendering; clients use it to warm the cache.
   * @param {string} name
   * @param {object} [params] (an object of JSON values: see ParamsOf in index.d.ts)
   */
  prefetch(name, params) {
    const record = this.#mount('prefetch', name, paramsJson('params', params))
    const state = this.#snapshot(record)
    const settled = state.isFetching ? this.#settled(record) : Promise.resolve(state)
    return settled.then((s) => (unmountOf(this, record), s))
  }

  /**
   * The loaded contexts as JSON-safe data, for a server-rendered page to
   * embed (see serializeForScript) and the browser to hydrate(). Server
   * (full) build only.
   */
  dehydrate() {
    const k = this.#live('dehydrate')
    if (!k.storeDehydrate) wasm('dehydrate', 'storeDehydrate') // throws NOT_IN_BUILD
    return JSON.parse(readOutput(k, k.storeDehydrate(this.#handle)))
  }

  /**
   * Puts server-rendered data into the store before the first render:
   * hydrated contexts render at once and skip their first fetch. Without an
   * argument it reads `window.__MIZAN_SSR_DATA__`, else the JSON of
   * `<script type="application/json" id="__MIZAN_SSR_DATA__">`. A context
   * the client already holds newer data for keeps its data.
   * @param {import('./index.js').DehydratedState} [state]
   * @returns {number} how many contexts took the snapshot's data
   */
  hydrate(state) {
    this.#live('hydrate')
    if (state === undefined) state = readSsrState()
    if (state == null) return 0
    const contexts = Array.isArray(state) ? state : state?.contexts
    if (!Array.isArray(contexts)) {
      throw invalidArgument('hydrate(state): state must be { contexts: [...] } as dehydrate() returns')
    }
    // Checked whole first (the kernel too: check-only), then applied, so a
    // bad context leaves the store as it was.
    const checked = contexts.map((c, i) => {
      const where = `hydrate(state): contexts[${i}]`
      if (c === null || typeof c !== 'object') throw invalidArgument(`${where} must be an object`)
      requireName(`${where}.context`, c.context)
      requireSlots(`${where}.data`, c.data)
      const updatedAt = c.updatedAt ?? 0
      if (!Number.isFinite(updatedAt)) {
        throw invalidArgument(`${where}.updatedAt must be a number of ms`)
      }
      return [[c.context, paramsJson(`${where}.params`, c.params), dataJson(`${where}.data`, c.data)], updatedAt]
    })
    let applied = 0
    for (const apply of [0, 1]) {
      for (const [texts, updatedAt] of checked) {
        applied += this.#run(this.#k.storeHydrate, texts, updatedAt, this.#now(), apply)
      }
    }
    this.#pump()
    // By the timer, never at once: even with gcTime 0 the first render
    // (which mounts what it shows) comes before eviction.
    if (applied > 0) this.#scheduleGc(this.#now() + this.#gcTime)
    return applied
  }

  // What Handle and Observer do, kept here where the store's private parts
  // are in reach; the classes below only hold their state.
  static {
    stateOf = (kernel, record) => kernel.#snapshot(record)
    peekAt = (kernel, name, json) => (kernel.#disposed ? NOT_LOADED : kernel.#peek(name, json))
    mountAt = (kernel, json, name, options) => kernel.#mount('observe', name, json, options)
    refetchOf = (kernel, record, mounted) => {
      const k = kernel.#live('refetch')
      if (!mounted) throw new MizanError('UNREGISTERED', 'refetch() after unregister()')
      const settled = kernel.#settled(record)
      k.storeRefetch(kernel.#handle, record.id)
      kernel.#pump()
      return settled
    }
    unmountOf = (kernel, record, options) => {
      if (kernel.#disposed) return false
      kernel.#triggers?.track(record, options, -1)
      const evictAt = kernel.#k.storeUnmount(kernel.#handle, record.id, kernel.#now())
      kernel.#pump()
      kernel.#scheduleGc(evictAt)
      return true
    }
  }

  /**
   * Calls a server function; resolves with its result once its merges are
   * applied and its invalidations scheduled. `options.optimistic` shows
   * changes at once, each a layer over the server's data of every entry
   * held now that matches its context and params (kernel/optimistic_layers.h),
   * until the call settles: `value` splices as a merge does (PROTOCOL.md
   * §6), `update` (old) => new computes the slot's value (again whenever
   * what lies under it changes). Options need `import
   * 'mizan-kernel/optimistic'` (else NOT_IN_BUILD).
   * @param {string} fn
   * @param {object} [args] (an object of JSON values)
   * @param {import('./index.js').CallOptions} [options]
   */
  call(fn, args, options) {
    const k = this.#live('call')
    requireName('fn', fn)
    const updates = []
    const texts = [fn, paramsJson('args', args)]
    if (optimistic) {
      if (options !== undefined) texts.push(optimistic.json(k, options, updates))
    } else {
      // The one option comes with its entry (and wasm build): without it nothing is sent.
      if (checkOptions('call', options, { optimistic: 0 })?.optimistic !== undefined) {
        throw new MizanError('NOT_IN_BUILD', "call() options.optimistic: `import 'mizan-kernel/optimistic'` before the kernel loads")
      }
    }
    const request = this.#run(this.#k.storeCall, texts)
    const result = new Promise((resolve, reject) =>
      this.#calls.set(request, { resolve, reject: (error) => (shielded(this.#onError, error, { fn, args }), reject(error)), fn, updates }),
    )
    this.#pump()
    return result
  }

  /**
   * A store of server function `fn`'s call state with `mutate` and
   * `mutateAsync`, as TanStack Query's useMutation (see mutation.js).
   * @param {string} fn
   * @param {object | (() => object | undefined)} [options] onMutate, onSuccess, onError, onSettled
   */
  mutation(fn, options) {
    return mutation(this, fn, options)
  }

  /**
   * How many context fetches are in flight (a retry's wait included), of
   * context `filter.context` only when given.
   * @param {{ context?: string }} [filter]
   */
  isFetching(filter) {
    return count('isFetching', this.#entries, filter, 'context')
  }

  /**
   * How many calls are in flight, of function `filter.fn` only when given.
   * @param {{ fn?: string }} [filter]
   */
  isMutating(filter) {
    return count('isMutating', this.#calls, filter, 'fn')
  }

  /**
   * Calls `listener` whenever fetches or calls may have begun or ended
   * (isFetching() and isMutating() tell what changed); returns the
   * unsubscribe function. Works unbound.
   * @param {() => void} listener
   */
  subscribeActivity = (listener) => addListener(this.#activity, listener)

  /**
   * What readers of context (name, params) see now: the server's data with
   * any optimistic layers, the same object as their state's `data`; or
   * undefined when the kernel holds no data for it. Mounts nothing.
   * @param {string} name
   * @param {object} [params]
   */
  getData(name, params) {
    this.#live('getData')
    requireName('name', name)
    return this.#peek(name, paramsJson('params', params)).data
  }

  /**
   * Writes slots into context (name, params) as if the server had sent them
   * (as TanStack Query's setQueryData): each slot given replaces its own,
   * the others stay (and keep their objects); optimistic layers stay over
   * them. A context not held is created cached (loaded now, evicted after
   * gcTime unless mounted), so that a later mount shows it without a fetch.
   * @param {string} name
   * @param {object | undefined} params
   * @param {object} data some slots of the bundle
   */
  setData(name, params, data) {
    this.#live('setData')
    requireName('name', name)
    requireSlots('setData(name, params, data): data', data)
    const now = this.#now()
    this.#run(this.#k.storeHydrate, [name, paramsJson('params', params), dataJson('data', data)], now, now, 2)
    this.#pump()
    this.#scheduleGc(now + this.#gcTime) // for an entry it made (else a timer that finds less, or nothing, due)
  }

  /**
   * Invalidates mounted contexts by the rules of PROTOCOL.md §4; targets
   * arriving in one tick refetch each matching context once.
   * @param {Array<string | { context: string, params?: object } | { function: string }>} targets
   */
  invalidate(targets) {
    this.#live('invalidate')
    this.#run(this.#k.storeInvalidate, [targetsJson('targets', targets)])
    this.#pump()
  }

  /**
   * Says who the user is (the token's `sub`; null when signed out). A change
   * from a known identity purges every context loaded for the old one:
   * fetches in flight are aborted and their answers dropped, pending calls
   * reject with IDENTITY_CHANGED (their merges never apply), cached
   * contexts are evicted and mounted ones load again for the new user. The
   * first identity given to a kernel that knew none is adopted as is (the
   * server-rendered data on the page is that user's). A token whose `sub`
   * differs does the same on its own.
   * @param {string | null} sub
   * @returns {boolean} whether anything was purged
   */
  setIdentity(sub) {
    this.#live('setIdentity')
    return this.#changeIdentity(checkIdentity('sub', sub))
  }

  /**
   * Sign-out: purges everything loaded (as setIdentity does on a change) and
   * leaves the kernel signed out (identity null).
   */
  reset() {
    this.#live('reset')
    this.#identity = null
    this.#purge()
    this.#transport.forgetToken()
  }

  #changeIdentity(sub, keepCall) {
    if (this.#disposed || sub === this.#identity) return false
    const known = this.#identity !== undefined
    this.#identity = sub
    if (known) this.#purge(keepCall)
    return known
  }

  // `keepCall`: the call whose token revealed the new identity; it speaks
  // for the new user, so it goes on.
  #purge(keepCall) {
    const k = this.#k
    for (const [request, pending] of this.#calls) {
      if (request === keepCall) continue
      this.#calls.delete(request)
      this.#transport.abort(request)
      k.storeCallFailure(this.#handle, request)
      pending.reject(new MizanError('IDENTITY_CHANGED', 'the user changed before the call was answered; its result was dropped'))
    }
    k.storePurge(this.#handle)
    this.#pump()
    this.#watch?.(null)
  }

  /** Aborts everything in flight and frees the kernel's memory; later calls throw DISPOSED. */
  dispose() {
    if (this.#disposed) return
    this.#disposed = true
    this.#transport.dispose()
    this.#triggers?.dispose()
    clearTimeout(this.#gcTimer)
    stores?.unregister(this)
    this.#k.storeDestroy(this.#handle)
    this.#onError = null // the app disposed the kernel itself: not a failure to report
    for (const { reject } of this.#calls.values()) reject(new MizanError('DISPOSED', 'the kernel was disposed'))
    this.#calls.clear()
    this.#entries.clear()
    this.#waiters.clear()
    notify(this.#activity)
  }

  /** Mounted and cached entries, and requests in flight (for tests and leak checks). */
  get stats() {
    return {
      entries: this.#disposed ? 0 : this.#k.storeSize(this.#handle),
      records: this.#entries.size,
      pendingRequests: this.#transport.pending,
      pendingCalls: this.#calls.size,
    }
  }

  #live(caller) {
    if (this.#disposed) throw new MizanError('DISPOSED', `${caller}() on a disposed kernel`)
    return wasm(caller)
  }

  // Performs the kernel's commands and notifies the entries that changed.
  // `fetched`: after a fetch's answer, so an entry that changed into an
  // error is that fetch's, for onError.
  #pump(fetched) {
    const k = this.#k
    // Optimistic update functions awaiting their value run first, so that
    // no reader sees a view without them (kernel/optimistic_layers.h).
    optimistic?.pump(k, this.#handle, this.#calls)
    const effects = JSON.parse(readOutput(k, k.storeTakeEffects(this.#handle)))
    for (const [kind, request, text, delay] of effects.commands) {
      if (kind === FETCH) {
        this.#transport.fetchContext(request, text, delay, (r) => this.#onFetch(request, r))
      } else if (kind === ABORT) {
        this.#transport.abort(request)
      } else {
        this.#transport.call(request, text, (r) => this.#onCall(request, r), this.#obtains.has(request))
      }
    }
    if (effects.pending && !this.#flushQueued) {
      this.#flushQueued = true
      queueMicrotask(() => {
        this.#flushQueued = false
        if (this.#disposed) return
        k.storeFlush(this.#handle)
        this.#pump()
      })
    }
    const changed = []
    for (const id of effects.changed) {
      const record = this.#entries.get(id)
      if (!record) continue
      if (record.known >= 0) record.known = -1 - record.known
      if (this.#snapshot(record) === undefined) {
        this.#entries.delete(id) // evicted
        this.#waiters.delete(record)
      } else changed.push(record)
    }
    for (const record of changed) {
      notify(record)
      this.#watch?.(record)
      const { status, isFetching, error } = record.snapshot
      if (fetched && this.#onError && status === 'error' && !isFetching)
        shielded(this.#onError, error, { context: record.context, params: JSON.parse(record.json) })
      const waiters = !isFetching && this.#waiters.get(record)
      if (waiters) {
        this.#waiters.delete(record)
        for (const resolve of waiters) resolve(record.snapshot)
      }
    }
    notify(this.#activity) // fetches or calls may have begun or ended
  }

  // The entry's state: the same object until the entry changes (snapshot.js).
  #snapshot(record) {
    // After dispose() the store is gone: the last state is all there is.
    if (record.known >= 0 || this.#disposed) return record.snapshot
    const k = this.#k
    const length = k.storeDescribe(this.#handle, record.id, -1 - record.known)
    if (length === 0) return undefined // evicted
    return nextSnapshot(record, JSON.parse(readOutput(k, length)))
  }

  #onFetch(request, { status, bytes, error }) {
    if (this.#disposed) return
    const k = this.#k
    const [length] = writeInput(k, [error ? String(error?.message ?? error) : bytes])
    if (error) k.storeFetchFailure(this.#handle, request, length, this.#now())
    else k.storeFetchResponse(this.#handle, request, status, length, this.#now())
    this.#pump(true)
  }

  #onCall(request, { status, header, bytes, error }) {
    const pending = this.#calls.get(request) ?? this.#obtains.get(request)
    if (this.#disposed || !pending) return
    this.#calls.delete(request)
    this.#obtains.delete(request)
    const k = this.#k
    if (error) {
      k.storeCallFailure(this.#handle, request)
      this.#pump() // its optimistic layers came off
      // A MizanError stands as it is (a sign-in token's obtain that failed, say).
      pending.reject(
        error instanceof MizanError
          ? error
          : new MizanError('NETWORK_ERROR', `the call failed before the server answered: ${error?.message ?? error}`, { details: error }),
      )
      return
    }
    const [headerLength, bodyLength] = writeInput(k, [header ?? '', bytes])
    const rc = k.storeCallResponse(this.#handle, request, status, headerLength, bodyLength)
    // {result, problems} or the error plus its problems; read before #pump
    // reuses the output buffer.
    const outcome = JSON.parse(outputText(k, rc))
    // #pump queues the flush of this response's invalidations before the
    // promise settles, so code after `await call()` sees the refetches under way.
    this.#pump()
    for (const problem of outcome.problems) shielded(this.#onProblem, problem)
    if (rc >= 0) pending.resolve(outcome.result)
    else pending.reject(serverError(outcome))
  }

  #scheduleGc(at) {
    if (!(at < this.#gcAt)) return
    clearTimeout(this.#gcTimer)
    this.#gcAt = at
    this.#gcTimer = setTimeout(() => this.#collect(), Math.max(0, at - this.#now())) // (newer Node warns of a negative delay)
    this.#gcTimer.unref?.() // never keep a Node process alive for cache eviction
  }

  #collect() {
    this.#gcTimer = null
    this.#gcAt = Infinity
    if (this.#disposed) return
    const next = this.#k.storeCollectGarbage(this.#handle, this.#now())
    this.#pump()
    if (next !== Infinity) this.#scheduleGc(next)
  }
}

// Throws INVALID_ARGUMENT unless `data` is an object (of slots, by name).
function requireSlots(name, data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalidArgument(`${name} must be an object of slots`)
}

// isFetching()'s and isMutating()'s count, from what the kernel holds
// anyway: of `map`'s values, the entry records whose snapshot is fetching
// (a retry's wait included), or the calls in flight (no snapshot, a
// non-empty `fn`), those whose `key` is `filter[key]`, all without one.
function count(caller, map, filter, key) {
  const only = checkOptions(caller, filter, { [key]: 'string' })?.[key]
  let n = 0
  for (const value of map.values()) if ((value.snapshot?.isFetching ?? value.fn) && (only ?? value[key]) === value[key]) n++
  return n
}

// The functions behind Handle's and Observer's getters, set in their static
// blocks (where their private fields are in reach). Not private methods: a
// class with those gives every instance a brand slot; nor symbol-keyed
// ones: binding a function named by a symbol gives the bound function a
// property store of its own (measured: +288 B each).
let handleState, handleListen, handleRefetch, handleUnregister, observerState, observerListen

// A registration (one mount), from registerContext(). Its methods live on
// the prototype; reading one (`ctx.subscribe`) gives it bound to the
// handle, so that unbound use — useSyncExternalStore(ctx.subscribe,
// ctx.getState), a cleanup returning ctx.unregister — works, while a
// handle carries no closures of its own. getState and subscribe are bound
// once, on first read, and kept: useSyncExternalStore resubscribes when
// `subscribe` is a new function. refetch and unregister are bound on each
// read (the same behaviour, no slot in every handle).
class Handle {
  #kernel
  #record
  #options // the mount's, given back on unmount; null once unmounted
  #getState
  #subscribe

  constructor(kernel, record, options) {
    this.#kernel = kernel
    this.#record = record
    this.#options = options
  }

  get getState() {
    return (this.#getState ??= handleState.bind(this))
  }

  get subscribe() {
    return (this.#subscribe ??= handleListen.bind(this))
  }

  get refetch() {
    return handleRefetch.bind(this)
  }

  get unregister() {
    return handleUnregister.bind(this)
  }

  static {
    handleState = function getState() {
      return stateOf(this.#kernel, this.#record)
    }
    handleListen = function subscribe(listener) {
      return addListener(this.#record, listener)
    }
    handleRefetch = function refetch() {
      return refetchOf(this.#kernel, this.#record, this.#options !== null)
    }
    handleUnregister = function unregister() {
      if (this.#options !== null && unmountOf(this.#kernel, this.#record, this.#options)) this.#options = null
    }
  }
}

// A lazy view of a context, from observe(): it reads what the store holds
// without mounting, mounts on its first subscriber and unmounts a
// microtask after its last one leaves. Methods as Handle's: shared, bound
// on first read (the adapters pass getState and subscribe unbound).
class Observer {
  #kernel
  #name
  #json
  #options // each mount's refetch options
  #record // while mounted
  #subscribers = 0
  #getState
  #subscribe

  constructor(kernel, name, json, options) {
    this.#kernel = kernel
    this.#name = name
    this.#json = json
    this.#options = options
  }

  get getState() {
    return (this.#getState ??= observerState.bind(this))
  }

  get subscribe() {
    return (this.#subscribe ??= observerListen.bind(this))
  }

  static {
    observerState = function getState() {
      return this.#record ? stateOf(this.#kernel, this.#record) : peekAt(this.#kernel, this.#name, this.#json)
    }
    observerListen = function subscribe(listener) {
      if (typeof listener !== 'function') throw invalidArgument('listener must be a function')
      this.#record ??= mountAt(this.#kernel, this.#json, this.#name, this.#options)
      this.#subscribers++
      const off = addListener(this.#record, listener)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        off()
        if (--this.#subscribers > 0) return
        queueMicrotask(() => {
          if (this.#subscribers > 0 || !this.#record) return
          unmountOf(this.#kernel, this.#record, this.#options)
          this.#record = null
        })
      }
    }
  }
}
