// 'mizan-kernel/devtools': what a kernel holds and does, as plain data, for
// the panel (<mizan-devtools>, js/devtools_panel.js) and for tests. A
// capability of its own: importing this module gives every kernel made
// afterwards `inspect()` and `subscribeInspect()`; an app that never
// imports it pays nothing (the base keeps no log of requests or events).
//
// It sees a kernel through extendKernel's hook: the entry records (their
// context, params, readers and last snapshot), the requests the kernel
// hands its transport (wrapped here: started, answered, aborted), the
// invalidations and merges in call answers (their body and the
// X-Mizan-Invalidate header, read here as they pass), and what the
// channels and tabs entries report arriving from outside (js/timeline.js).
// Import it after those entries: a transport wrapper sees only what the
// wrappers installed before it pass on (calls over the socket included
// once 'mizan-kernel/channels' came first).
import { MizanError } from './errors.js'
import { extendKernel } from './kernel.js'
import { addListener, notify, shielded } from './listeners.js'
import { setReporter } from './timeline.js'

export { defineDevtools } from './devtools_panel.js'

/** How many timeline events a kernel keeps (the oldest go first). */
export const TIMELINE_LENGTH = 200
/** Subscribers of inspect() hear of changes at most this often (ms). */
export const INSPECT_THROTTLE = 100

const inspectors = new WeakMap() // kernel -> its Inspector
const utf8 = new TextEncoder()
const text = new TextDecoder()
const slotSizes = new WeakMap() // a snapshot's data -> { slot: bytes of its JSON } (computed once per data object)

// One kernel's requests and timeline, and the subscribers of its changes.
class Inspector {
  constructor(kernel, options, transport, view) {
    this.kernel = kernel
    this.view = view
    this.now = options.now ?? Date.now // the kernel's clock: `since` and `at` compare with updatedAt
    this.bodyKey = options.callBodyKey ?? 'fn'
    this.requests = new Map() // request id -> { request, kind, what, since }
    this.timeline = []
    this.listeners = null // listeners.js
    this.timer = null
    const { fetchContext, call, abort, dispose } = transport
    transport.fetchContext = (request, path, delay, deliver) => {
      this.#start(request, 'fetch', path)
      fetchContext(request, path, delay, (answer) => (this.#end(request), deliver(answer)))
    }
    transport.call = (request, body, done, anonymous) => {
      const fn = view.calls.get(request)?.fn ?? JSON.parse(body)[this.bodyKey] // (not in `calls`: a token's obtain)
      this.#start(request, 'call', fn)
      // (Shielded: whatever the answer holds, the kernel gets it.)
      call(request, body, (answer) => (this.#end(request), shielded(() => this.#answer(fn, answer)), done(answer)), anonymous)
    }
    transport.abort = (request) => (this.#end(request), abort(request))
    transport.dispose = () => {
      this.requests.clear()
      clearTimeout(this.timer)
      this.timer = null
      dispose()
      queueMicrotask(() => notify(this)) // once the kernel let its entries go: nothing is left to show
    }
    setReporter(kernel, (event) => this.#log(event))
    // Every change the kernel makes ends in one pump, which tells the
    // activity listeners: entries changed, but also mounts and unmounts
    // (which change no entry, so extendKernel's watcher never hears of them).
    kernel.subscribeActivity(() => this.changed())
  }

  #start(request, kind, what) {
    this.requests.set(request, { request, kind, what, since: this.now() })
    this.changed()
  }

  #end(request) {
    if (this.requests.delete(request)) this.changed()
  }

  // A call's answer: the header's targets (read on every answer, errors
  // included), the body's invalidate and merge lists (on success only), as
  // the kernel reads them (PROTOCOL.md §4, §6).
  #answer(fn, { status, header, bytes }) {
    if (header) this.#log({ kind: 'invalidate', source: 'header', targets: headerTargets(header), fn })
    if (!(status >= 200 && status < 300) || bytes == null) return
    let body
    try {
      body = JSON.parse(typeof bytes === 'string' ? bytes : text.decode(bytes)) // a string from a call over the socket
    } catch {
      return // not JSON: the kernel reports it, nothing was applied
    }
    if (!body || typeof body !== 'object' || 'error' in body) return
    const { invalidate, merge } = body
    if (Array.isArray(invalidate) && invalidate.length > 0) this.#log({ kind: 'invalidate', source: 'call', targets: invalidate, fn })
    if (Array.isArray(merge) && merge.length > 0) {
      // Where each merge went, without its value (the slot sizes show what it made).
      const targets = merge.map((m) => (m && typeof m === 'object' ? { context: m.context, params: m.params ?? null, slot: m.slot } : m))
      this.#log({ kind: 'merge', source: 'call', targets, fn })
    }
  }

  #log(event) {
    const { kind, source, targets, fn } = event
    const entry = { at: this.now(), kind, source, targets: JSON.parse(JSON.stringify(targets ?? [])) }
    if (fn !== undefined) entry.fn = fn
    if (this.timeline.push(entry) > TIMELINE_LENGTH) this.timeline.shift()
    this.changed()
  }

  // Tells the subscribers once per INSPECT_THROTTLE, after the change (a
  // burst of fetches is one refresh).
  changed() {
    if (this.timer || !this.listeners) return
    this.timer = setTimeout(() => {
      this.timer = null
      notify(this)
    }, INSPECT_THROTTLE)
    this.timer.unref?.() // never keep a Node process alive for a panel
  }

  inspect() {
    const server = this.kernel.isServer
    const contexts = []
    for (const record of this.view.entries.values()) {
      const state = record.snapshot
      if (!state) continue // (not described yet: the kernel shows nothing of it either)
      contexts.push({
        id: record.id,
        context: record.context,
        params: JSON.parse(record.json),
        status: state.status,
        isFetching: state.isFetching,
        updatedAt: state.updatedAt,
        error: state.error ? { code: state.error.code, message: state.error.message } : null,
        readers: [].concat(record.listeners || []).length,
        // Mounts are counted by a browser kernel's refetch triggers only (refetch_triggers.js).
        mounted: server ? null : record.mounts > 0 || record.readers?.length > 0,
        slots: sizes(state.data),
      })
    }
    return {
      identity: this.view.identity() ?? null,
      contexts,
      requests: [...this.requests.values()].map((r) => ({ ...r })),
      timeline: this.timeline.map((e) => ({ ...e })),
    }
  }
}

// Bytes of each slot's JSON (UTF-8), once per data object.
function sizes(data) {
  if (!data) return {}
  let slots = slotSizes.get(data)
  if (!slots) {
    slots = {}
    for (const [name, value] of Object.entries(data)) slots[name] = utf8.encode(JSON.stringify(value) ?? '').length
    slotSizes.set(data, slots)
  }
  return { ...slots }
}

/**
 * The targets of an `X-Mizan-Invalidate` header (PROTOCOL.md §4.3), read
 * for display: `name` or `{ context, params }` with string values; an item
 * that does not parse is kept as written (the kernel reports and skips it).
 *
 * @example
 * headerTargets('board;board_id=1, session') // [{ context: 'board', params: { board_id: '1' } }, 'session']
 *
 * @param {string} header
 * @returns {Array<string | { context: string, params: Record<string, string> }>}
 */
export function headerTargets(header) {
  const targets = []
  for (const element of header.split(',')) {
    const item = element.trim()
    if (!item) continue
    const [name, ...parts] = item.split(';').map((part) => part.trim())
    try {
      const params = /** @type {Record<string, string>} */ ({})
      for (const part of parts.filter(Boolean)) {
        const eq = part.indexOf('=')
        if (eq < 1) throw new Error('no key')
        params[decodeURIComponent(part.slice(0, eq).trim())] = decodeURIComponent(part.slice(eq + 1).trim())
      }
      if (!name) throw new Error('no name')
      const context = decodeURIComponent(name)
      targets.push(Object.keys(params).length > 0 ? { context, params } : context)
    } catch {
      targets.push(item)
    }
  }
  return targets
}

const inspectorOf = (kernel, caller) => {
  const inspector = inspectors.get(kernel)
  if (!inspector) throw new MizanError('NOT_IN_BUILD', `${caller}(): this kernel was made before 'mizan-kernel/devtools' was imported`)
  return inspector
}

/**
 * Refetches entry `id` (an id from inspect()) now, as a handle's refetch()
 * does: the panel's refetch button. Only a mounted entry: one that is only
 * cached (no reader) is refused (INVALID_ARGUMENT), as is an id the kernel
 * no longer holds. (A server kernel counts no mounts: any entry it holds.)
 *
 * @example
 * const { contexts } = kernel.inspect()
 * refetchEntry(kernel, contexts.find((c) => c.context === 'board').id)
 *
 * @param {import('./index.js').Kernel} kernel
 * @param {number} id
 */
export function refetchEntry(kernel, id) {
  const { view } = inspectorOf(kernel, 'refetchEntry')
  const record = view.entries.get(id) // (none after dispose(): the records are cleared)
  if (!record) throw new MizanError('INVALID_ARGUMENT', `refetchEntry(): the kernel holds no entry ${id}`)
  if (!kernel.isServer && !(record.mounts > 0 || record.readers?.length > 0)) {
    throw new MizanError('INVALID_ARGUMENT', `refetchEntry(): entry ${id} (${record.context}) is not mounted: it is only cached`)
  }
  view.refetch(id)
}

/**
 * Evicts a cached entry of `kernel` now, as its gcTime would later: the
 * panel's drop button. Only an entry nothing reads (a mounted one stays
 * while it is read; INVALID_ARGUMENT).
 *
 * @example
 * dropEntry(kernel, kernel.inspect().contexts.find((c) => !c.mounted).id)
 *
 * @param {import('./index.js').Kernel} kernel
 * @param {number} id
 */
export function dropEntry(kernel, id) {
  const { view } = inspectorOf(kernel, 'dropEntry')
  const record = view.entries.get(id)
  if (!record) throw new MizanError('INVALID_ARGUMENT', `dropEntry(): the kernel holds no entry ${id}`)
  if (record.mounts > 0 || record.readers?.length > 0) {
    throw new MizanError('INVALID_ARGUMENT', `dropEntry(): entry ${id} (${record.context}) is mounted: it stays while it is read`)
  }
  view.drop(id)
}

extendKernel((kernel, options, transport, view) => void inspectors.set(kernel, new Inspector(kernel, options, transport, view)), {
  /**
   * kernel.inspect(): what the kernel holds and does now, as plain JSON-safe
   * data ('mizan-kernel/devtools').
   * @this {object} the kernel
   */
  inspect() {
    return inspectorOf(this, 'inspect').inspect()
  },
  /**
   * kernel.subscribeInspect(listener): calls `listener` after inspect()
   * changed, at most once per INSPECT_THROTTLE ms; returns the
   * unsubscribe function.
   * @this {object} the kernel
   * @param {() => void} listener
   */
  subscribeInspect(listener) {
    return addListener(inspectorOf(this, 'subscribeInspect'), listener)
  },
})
