// 'mizan-kernel/tabs': the browser tabs of one origin and one base URL
// share what they learn, over a BroadcastChannel, a capability of its own.
// Importing this module makes every browser kernel made afterwards join the
// channel `mizan-kernel:` + its absolute base URL, and:
// - post each call's invalidations and merge targets (read here from the
//   answer's JSON body and X-Mizan-Invalidate header: the kernel's own
//   reading stays in the wasm) for the other tabs to apply as their own;
// - offer each entry's data when it changes (a fetch, a merge, setData,
//   hydrate) to the tabs that hold that entry; newer knowledge wins, never
//   older;
// - post a purge (another user, a sign-out) for the tabs of the old user
//   to follow at once.
// Nothing that arrives from a tab is posted again. The message format is in
// README ("Every tab in step").
import { extendKernel, onServer } from './kernel.js'
import { shielded, warnProblem } from './listeners.js'
import { readSsrState } from './ssr.js'
import { report } from './timeline.js'
import { describe, isPlainObject, knowKernelOptions, scalarParams, targetsJson } from './validate.js'

/**
 * The version of the tabs' message format, in every message (`v`).
 * @example
 * new BroadcastChannel(`mizan-kernel:${location.origin}/api/mizan`).onmessage = ({ data }) => data.v === TABS_VERSION && log(data)
 */
export const TABS_VERSION = 1

const utf8 = new TextDecoder()

// Canonical JSON (keys sorted at every depth): the same params in any key
// order give the same text, as the kernel's entry key does.
const canon = (v) =>
  Array.isArray(v)
    ? `[${v.map(canon).join(',')}]`
    : isPlainObject(v)
      ? `{${Object.keys(v)
          .filter((key) => v[key] !== undefined)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canon(v[key])}`)
          .join(',')}}`
      : JSON.stringify(v)

// A param value in its PROTOCOL.md §5.2 normal form, for matching (§4.2).
const norm = (v) => (v !== null && typeof v === 'object' ? canon(v) : String(v))

const isTarget = (t) => {
  try {
    return targetsJson('targets', [t])
  } catch {
    return false
  }
}

// A call body's target as targets may be given here: nested param values
// (which the protocol matches as canonical JSON) are left out, so the
// target matches more instances, never fewer.
const flatten = (t) => (isPlainObject(t) && isPlainObject(t.params) ? { ...t, params: scalarParams(t.params) } : t)

// The X-Mizan-Invalidate header's targets (PROTOCOL.md §4.3); a malformed
// item is left out (the kernel reported it already).
function headerTargets(header) {
  const targets = []
  const decode = (part) => {
    if (/[^\x21-\x7e]/.test(part)) throw new Error('unencoded byte')
    return decodeURIComponent(part) // throws on a malformed escape or one that is not UTF-8
  }
  for (const element of String(header ?? '').split(',')) {
    const [name, ...parts] = element.split(';').map((part) => part.replace(/^[ \t]+|[ \t]+$/g, ''))
    if (!name) continue // an empty element, or an item without a name
    try {
      const params = []
      for (const part of parts) {
        if (!part) continue
        const eq = part.indexOf('=')
        const key = eq > 0 && decode(part.slice(0, eq).replace(/[ \t]+$/, ''))
        if (!key || params.some(([k]) => k === key)) throw new Error('bad param')
        params.push([key, decode(part.slice(eq + 1).replace(/^[ \t]+/, ''))])
      }
      targets.push(params.length > 0 ? { context: decode(name), params: Object.fromEntries(params) } : decode(name))
    } catch {
      // skipped
    }
  }
  return targets
}

// What a call's answer tells other tabs: its invalidations (body, on
// success only, and header, on any answer), and the contexts it merged
// into, `{ context, params? }`, for tabs holding entries this tab does not.
function answerTargets({ status, header, bytes }) {
  const targets = []
  const merged = []
  if (status >= 200 && status < 300 && bytes?.length) {
    let body
    try {
      body = JSON.parse(typeof bytes === 'string' ? bytes : utf8.decode(bytes))
    } catch {
      // not JSON: the kernel reports the answer's error
    }
    if (isPlainObject(body) && 'result' in body) {
      for (const t of Array.isArray(body.invalidate) ? body.invalidate : []) if (isTarget(flatten(t))) targets.push(flatten(t))
      for (const m of Array.isArray(body.merge) ? body.merge : []) {
        if (isPlainObject(m) && typeof m.context === 'string' && m.context && (m.params == null || isPlainObject(m.params))) {
          merged.push(m.params == null ? { context: m.context } : { context: m.context, params: m.params })
        }
      }
    }
  }
  return { targets: targets.concat(headerTargets(header)), merged }
}

// The absolute base URL: tabs on other paths of the origin may use another API.
const absolute = (base) => {
  try {
    return new URL(base, globalThis.location?.href).href.replace(/\/+$/, '')
  } catch {
    return base
  }
}

// One kernel's membership of the channel (see the top of this file).
function join(kernel, options, transport, view) {
  if (options.tabs === false || (options.server ?? onServer()) || typeof BroadcastChannel !== 'function') return
  /** @type {any} */
  let channel
  try {
    channel = new BroadcastChannel(`mizan-kernel:${absolute(options.baseUrl ?? '/api/mizan')}`)
  } catch {
    return // an opaque origin (a sandboxed frame): no tabs to share with
  }
  channel.unref?.() // Node: never keeps a process alive
  let closed = false
  const close = () => {
    closed = true
    channel.close()
  }
  // A constructor that threw after this ran left no kernel to share for.
  queueMicrotask(() => {
    try {
      if (!kernel.stats) close()
    } catch {
      close()
    }
  })

  const tab = Math.random().toString(36).slice(2)
  const now = options.now ?? Date.now
  const onProblem = options.onProblem ?? warnProblem
  const problem = (what) => shielded(onProblem, `tabs: ${what} (ignored)`)
  const post = (message) => {
    if (closed) return
    try {
      channel.postMessage({ v: TABS_VERSION, tab, identity: view.identity(), ...message })
    } catch (error) {
      shielded(onProblem, `tabs: could not post a ${message.kind} message: ${error?.message ?? error}`)
    }
  }

  // What each record's data is known as: `seen`, the updatedAt its
  // snapshot had (a new one: a fetch, hydrate or setData); `base`, the
  // updatedAt of the server data it grew from; `at`, when it was known
  // (later than `base` after a merge). Another tab's offer is taken when it
  // is known later and grew from data at least as new; when it is known
  // later but grew from older data, neither tab knows all: refetch.
  const metas = new WeakMap()
  const metaOf = (record) => {
    const s = record.snapshot
    let meta = metas.get(record)
    if (!meta || meta.seen !== s?.updatedAt) {
      const at = s?.data === undefined ? -Infinity : s.updatedAt
      meta = { data: s?.data, seen: s?.updatedAt, base: at, at }
      if (s?.data !== undefined) metas.set(record, meta) // (so that the watcher does not take it for news)
    }
    return meta
  }
  let applying = null // { record, base, at }: the offer being hydrated (not posted again)
  let quiet = false // following another tab's purge (not posted again)
  let current = 0 // the call whose answer is being applied: its data offers carry it
  let calls = 0
  let taken = null // { tab, call, records }: the entries another tab's call's offers reached

  // The identity the kernel's data was loaded for, which a purge message
  // names: the kernel tells its watcher of a purge only after the change.
  let identity = options.identity
  let changing = false
  for (const name of ['setIdentity', 'reset']) {
    const method = kernel[name]
    kernel[name] = (...args) => {
      changing = true
      identity = view.identity()
      try {
        return method.apply(kernel, args)
      } finally {
        changing = false
        identity = view.identity()
      }
    }
  }

  // What a kernel hydrates (a server render's data, a persisted cache) is
  // offered too: entries hydrated before they are mounted have no record
  // for the watcher to be told of, and tabs that start from renders of
  // different times would otherwise never agree on what is newest.
  const { hydrate } = kernel
  kernel.hydrate = (state = readSsrState()) => {
    const applied = hydrate.call(kernel, state)
    if (applied > 0 && !applying) {
      for (const c of Array.isArray(state) ? state : state.contexts) {
        const updatedAt = c.updatedAt ?? 0
        post({ kind: 'data', context: c.context, params: c.params ?? {}, data: c.data, updatedAt, at: updatedAt })
      }
    }
    return applied
  }

  const { call, dispose } = transport
  transport.call = (request, text, done, anonymous) =>
    call(
      request,
      text,
      (answer) => {
        // Not the app's (a token's obtain), or dropped (disposed, another user): nothing to share.
        const live = !anonymous && view.calls.has(request) && !answer.error
        const id = (current = live ? ++calls : 0)
        try {
          done(answer)
        } finally {
          current = 0
        }
        if (!live) return
        const { targets, merged } = answerTargets(answer)
        if (targets.length > 0 || merged.length > 0) post({ kind: 'invalidate', targets, merged, call: id })
      },
      anonymous,
    )
  transport.dispose = () => (close(), dispose())

  // The entry this tab holds for (context, params), if any.
  const keys = new WeakMap()
  const find = (context, params) => {
    const key = canon(params ?? {})
    for (const record of view.entries.values()) {
      if (record.context !== context) continue
      let own = keys.get(record)
      if (own === undefined) keys.set(record, (own = canon(JSON.parse(record.json))))
      if (own === key) return record
    }
  }
  // A target that invalidates `record` (and any entry with more params): its scalar params.
  const exact = (record) => {
    const params = scalarParams(JSON.parse(record.json))
    return Object.keys(params).length > 0 ? { context: record.context, params } : record.context
  }
  const invalidate = (targets) => {
    if (targets.length === 0) return
    report(kernel, { kind: 'invalidate', source: 'tab', targets })
    kernel.invalidate(targets)
  }

  const field = (ok, name, value) => {
    if (!ok) throw new Error(`${name} is ${describe(value)}`)
  }
  const receive = {
    invalidate(m) {
      field(Array.isArray(m.targets), 'targets', m.targets)
      field(m.merged === undefined || Array.isArray(m.merged), 'merged', m.merged)
      const targets = m.targets.filter((t, i) => isTarget(t) || void problem(`a message of kind invalidate: targets[${i}] is not a target`))
      // Merged into here too: the offers that came with the call updated
      // what this tab holds of them; the other matching entries refetch.
      const reached = taken?.tab === m.tab && taken.call === m.call ? taken.records : new Set()
      taken = null
      for (const [i, t] of (m.merged ?? []).entries()) {
        const ok = isPlainObject(t) && typeof t.context === 'string' && t.context && (t.params == null || isPlainObject(t.params))
        if (!ok) {
          problem(`a message of kind invalidate: merged[${i}] is not a merge target`)
          continue
        }
        for (const record of view.entries.values()) {
          if (record.context !== t.context || reached.has(record)) continue
          const params = JSON.parse(record.json)
          const matches = Object.keys(t.params ?? {}).every((key) => Object.hasOwn(params, key) && norm(params[key]) === norm(t.params[key]))
          if (matches) targets.push(exact(record))
        }
      }
      invalidate(targets)
    },
    data(m) {
      field(typeof m.context === 'string' && m.context !== '', 'context', m.context)
      field(m.params === undefined || isPlainObject(m.params), 'params', m.params)
      field(isPlainObject(m.data), 'data', m.data)
      for (const key of ['updatedAt', 'at']) field(Number.isFinite(m[key]), key, m[key])
      field(m.call === undefined || Number.isSafeInteger(m.call), 'call', m.call)
      const record = find(m.context, m.params)
      if (m.call !== undefined) {
        if (taken?.tab !== m.tab || taken.call !== m.call) taken = { tab: m.tab, call: m.call, records: new Set() }
        if (record) taken.records.add(record)
      }
      if (!record) return
      const mine = metaOf(record)
      if (!(m.at > mine.at)) return // known here as late or later
      if (m.updatedAt < mine.base) return invalidate([exact(record)])
      applying = { record, base: m.updatedAt, at: m.at }
      try {
        kernel.hydrate({ contexts: [{ context: m.context, params: m.params, data: m.data, updatedAt: m.at }] })
      } finally {
        applying = null
      }
      report(kernel, { kind: 'merge', source: 'tab', targets: [{ context: m.context, params: m.params ?? {} }] })
    },
    purge(m) {
      field(m.to === null || typeof m.to === 'string', 'to', m.to)
      quiet = true
      try {
        if (m.to === null) kernel.reset()
        else kernel.setIdentity(m.to)
      } finally {
        quiet = false
      }
    },
  }

  channel.onmessage = ({ data: m }) => {
    if (closed) return
    if (!isPlainObject(m)) return problem(`a message that is ${describe(m)}, not an object`)
    if (m.v !== TABS_VERSION) return problem(`a message of format version ${describe(m.v)} (this tab reads ${TABS_VERSION})`)
    const { kind } = m
    if (typeof m.tab !== 'string') return problem('a message without the id of its tab')
    if (!Object.hasOwn(receive, kind)) return problem(`a message of unknown kind ${typeof kind === 'string' ? JSON.stringify(kind) : describe(kind)}`)
    if (m.identity !== undefined && m.identity !== null && typeof m.identity !== 'string') {
      return problem(`a message of kind ${kind} whose identity is ${describe(m.identity)}`)
    }
    if (m.identity !== view.identity()) return // another user's
    try {
      receive[kind](m)
    } catch (error) {
      problem(`a message of kind ${kind}: ${error?.message ?? error}`)
    }
  }
  channel.onmessageerror = () => problem('a message that could not be read')

  // The kernel's watcher: each entry record that changed, null after a purge.
  return (record) => {
    if (closed) return
    if (record === null) {
      const from = identity
      identity = view.identity()
      taken = null
      if (!quiet) post({ kind: 'purge', identity: from, to: identity ?? null })
      return
    }
    if (!changing && identity === undefined) identity = view.identity() // adopted (a token's sub)
    const s = record.snapshot
    if (s?.status !== 'success') return
    if (applying?.record === record) {
      metas.set(record, { data: s.data, seen: s.updatedAt, base: applying.base, at: applying.at })
      return
    }
    const meta = metas.get(record)
    if (meta && meta.data === s.data && meta.seen === s.updatedAt) return // only isFetching changed
    const fetched = !meta || meta.seen !== s.updatedAt
    const next = fetched
      ? { data: s.data, seen: s.updatedAt, base: s.updatedAt, at: s.updatedAt }
      : { data: s.data, seen: s.updatedAt, base: meta.base, at: Math.max(now(), meta.at + 1) } // a merge: known now
    metas.set(record, next)
    // A call in flight may show optimistic layers over the server's data:
    // what the server holds is offered once it settled.
    if (view.calls.size > 0) return
    post({
      kind: 'data',
      context: record.context,
      params: JSON.parse(record.json),
      data: s.data,
      updatedAt: next.base,
      at: next.at,
      call: current || undefined,
    })
  }
}

knowKernelOptions({ tabs: 'boolean' })
extendKernel(join)
