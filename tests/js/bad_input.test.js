// The bad-input catalogue: one table of everything hostile or
// wrong that can reach the runtime — server responses (through the real
// wasm kernel and a scripted fetch), call envelopes, X-Mizan-Invalidate
// garbage, wrong argument types into every public function and method, and
// callbacks that throw. Each case names the exact code it expects (or none,
// for input that must be taken as JSON.parse would take it). After every
// case the harness checks that the kernel's other entries kept their state
// object (same identity: nothing changed, nobody was notified), that nothing
// polluted Object.prototype, and that the kernel still loads, merges,
// invalidates and refetches.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createKernel,
  deriveCacheKey,
  formatInvalidateHeader,
  init,
  MizanError,
  parseCallResponse,
  parseInvalidateHeader,
  serializeForScript,
  stableKey,
} from '../../js/index.js'
import { wasmHeap } from '../../js/wasm.js'

beforeAll(() => init())

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

const HTML_PAGE = '<!doctype html><html><head><title>Error</title></head><body><h1>Something broke</h1></body></html>'
const DEPTH = 100_000
const deepArrays = `{"slot":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`
const deepObjects = `{"slot":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`
const bytes = (...parts) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)))
const cyclic = {}
cyclic.self = cyclic
const nest = (levels) => {
  let v = 1
  for (let i = 0; i < levels; i++) v = { a: v }
  return v
}
// Beyond 2^53: JSON.parse rounds these to the nearest double; so must the snapshot.
const BIG_NUMBERS = '{"big":12345678901234567890123,"ids":[9007199254740993,-9007199254740993],"exact":9007199254740991,"tiny":5e-324}'
const PROTO_BUNDLE =
  '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},"plain":{"__proto__":{"polluted":"yes"},"n":1}}'
// 50 MB of cards: a bundle no page should get, that must still not crash anything.
const CARD = `{"id":1,"title":"a card title","done":false,"tags":["x","y"],"note":"${'n'.repeat(40)}"}`
const FIFTY_MB = { count: Math.ceil(50e6 / (CARD.length + 1)) }
const fiftyMegabyteBundle = () => new TextEncoder().encode(`{"cards":[${Array(FIFTY_MB.count).fill(CARD).join(',')}],"info":{"n":1}}`)
function fiftyMegabyteResult() {
  const head = new TextEncoder().encode('{"result":"')
  const body = new Uint8Array(head.length + 50e6 + 2).fill(0x7a) // 'z'
  body.set(head)
  body.set([0x22, 0x7d], body.length - 2) // '"}'
  return body
}

// ---------------------------------------------------------------------------
// The scripted server
// ---------------------------------------------------------------------------

function respond(body, { status = 200, headers = {} } = {}) {
  const nullBody = status === 204 || status === 304
  return new Response(nullBody ? null : body, { status, headers: { 'Content-Type': 'application/json', ...headers } })
}
const json = (value, init) => respond(JSON.stringify(value), init)

// The bystanders' bundles; `n` counts the fetches of that URL, so a refetch shows.
const BUNDLES = {
  board: () => ({
    info: { name: 'Board' },
    cards: [
      { id: 1, t: 'a' },
      { id: 2, t: 'b' },
    ],
  }),
  user: (n) => ({ profile: { id: 5, name: 'Ada', fetch: n } }),
  other: (n) => ({ list: [n] }),
  watched: () => ({ item: { id: 1 } }),
}

function scriptedFetch() {
  const s = {
    routes: new Map(), // context name -> (n) => Response | Promise<Response>
    counts: new Map(), // url -> how many GETs
    onCall: () => json({ result: 'ok' }),
    calls: [],
  }
  s.fetch = async (url, init) => {
    const u = new URL(url, 'http://mizan.test')
    await Promise.resolve()
    if (init.signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError')
    const ctx = /\/ctx\/([^/]+)\/$/.exec(u.pathname)
    if (ctx) {
      const key = u.pathname + u.search
      const n = (s.counts.get(key) ?? 0) + 1
      s.counts.set(key, n)
      const route = s.routes.get(ctx[1])
      if (route) return route(n)
      return json((BUNDLES[ctx[1]] ?? ((k) => ({ [ctx[1]]: { fetch: k } })))(n))
    }
    if (u.pathname.endsWith('/call/')) {
      const body = JSON.parse(init.body)
      s.calls.push(body)
      return s.onCall(body, init)
    }
    throw new TypeError(`unexpected request ${url}`)
  }
  s.gets = (name) => [...s.counts].filter(([url]) => url.includes(`/ctx/${name}/`)).reduce((sum, [, n]) => sum + n, 0)
  return s
}

// ---------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const macrotask = () => new Promise((resolve) => setImmediate(resolve))

async function until(predicate, label, ms = 3000) {
  const deadline = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`)
    await sleep(1)
  }
}

// A promise that must settle: a hang becomes a plain Error (not a
// MizanError), which fails the case with a message saying so.
function settles(promise, label, ms = 1500) {
  let timer
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} never settled (waited ${ms} ms)`)), ms)
  })
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer))
}

let current = null

async function setup(options = {}) {
  const script = scriptedFetch()
  const problems = []
  const kernel = createKernel({
    fetch: script.fetch,
    csrf: false,
    server: false,
    retryDelays: [1, 1],
    onProblem: (p) => problems.push(p),
    ...options,
  })
  const t = { kernel, script, problems, handles: {}, notified: {} }
  current = t
  const mount = (name, handle) => {
    t.handles[name] = handle
    t.notified[name] = 0
    handle.subscribe(() => t.notified[name]++)
  }
  mount('board', kernel.registerContext('board', { board_id: 1 }))
  mount('user', kernel.registerContext('user', { user_id: 5 }))
  mount('other', kernel.registerContext('other'))
  mount('watched', kernel.observe('watched', { id: 1 })) // the adapters' path
  await until(() => Object.values(t.handles).every((h) => h.getState().status === 'success'), 'the bystanders to load')
  for (const h of Object.values(t.handles)) expect(Object.isFrozen(h.getState())).toBe(true)
  for (const name of Object.keys(t.notified)) t.notified[name] = 0
  return t
}

afterEach(() => {
  trap.armed = false
  // A call that leaked (see the getCookie case) would reject, unhandled,
  // when its kernel is disposed: leave that kernel to the garbage collector.
  if (current && current.kernel.stats.pendingCalls === 0) current.kernel.dispose()
  current = null
})

const prototypeShape = (proto) =>
  Object.getOwnPropertyNames(proto).map((name) => {
    const d = Object.getOwnPropertyDescriptor(proto, name)
    return [name, d.value ?? d.get, d.set, d.writable, d.enumerable]
  })
const PRISTINE = { object: prototypeShape(Object.prototype), array: prototypeShape(Array.prototype) }

function expectNoPollution() {
  expect({}.polluted).toBeUndefined()
  expect([].polluted).toBeUndefined()
  expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  expect(prototypeShape(Object.prototype)).toEqual(PRISTINE.object)
  expect(prototypeShape(Array.prototype)).toEqual(PRISTINE.array)
}

// The kernel still does everything: a call whose merge lands, an
// invalidation that refetches, a new context that loads, a primitive.
async function expectUsable(t) {
  t.script.onCall = () =>
    json({
      result: 'probe',
      merge: [{ context: 'board', slot: 'cards', value: { id: 99, t: 'probe' } }],
      invalidate: [{ context: 'user', params: { user_id: 5 } }],
    })
  const userGets = t.script.gets('user')
  expect(await settles(t.kernel.call('probe'), 'the probe call')).toBe('probe')
  expect(t.handles.board.getState().data.cards.at(-1)).toEqual({ id: 99, t: 'probe' })
  await until(() => t.script.gets('user') > userGets && !t.handles.user.getState().isFetching, 'the invalidated user to refetch')
  expect(t.handles.user.getState()).toMatchObject({ status: 'success', data: { profile: { fetch: userGets + 1 } } })
  const gets = { other: t.script.gets('other'), watched: t.script.gets('watched') }
  t.kernel.invalidate(['other', { context: 'watched', params: { id: '1' } }])
  await until(
    () =>
      ['other', 'watched'].every(
        (n) => t.script.gets(n) === gets[n] + 1 && t.handles[n].getState().status === 'success' && !t.handles[n].getState().isFetching,
      ),
    'other and watched to refetch',
  )
  const fresh = t.kernel.registerContext('probe_fresh', { n: 1 })
  await until(() => !fresh.getState().isFetching, 'a new context to load')
  expect(fresh.getState().data).toEqual({ probe_fresh: { fetch: 1 } })
  fresh.unregister()
  expect(stableKey({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
}

// --- Case builders (each returns one row of the table) ----------------------

let victimSerial = 0

/**
 * A context response. `respondWith(n)` answers the victim's n-th GET. With a
 * `code`, the victim must end in state error with that code (and no data),
 * and a good response afterwards must load it; without, it must load and
 * `check(data)` holds.
 */
function ctx(name, respondWith, expected = {}) {
  return {
    name: `context response: ${name}`,
    ...expected,
    async run(t) {
      t.script.routes.set('victim', respondWith)
      const victim = t.kernel.registerContext('victim', { serial: ++victimSerial })
      await until(() => !victim.getState().isFetching, 'the victim to settle', expected.wait ?? 3000)
      const state = victim.getState()
      expected.afterLoad?.(t, state)
      if (!expected.code) {
        expect(state.error).toBeNull()
        expect(state.status).toBe('success')
        victim.unregister()
        return state.data
      }
      expect(state.status).toBe('error')
      expect(state.data).toBeUndefined()
      expect(Object.isFrozen(state)).toBe(true)
      // Good state after bad: the next good answer loads.
      t.script.routes.set('victim', () => json({ slot: 'good' }))
      const recovered = await settles(victim.refetch(), 'the refetch after a bad response')
      expect(recovered).toMatchObject({ status: 'success', error: null, data: { slot: 'good' } })
      victim.unregister()
      throw state.error
    },
  }
}

/** A call response (and its X-Mizan-Invalidate header). */
function call(name, respondWith, expected = {}) {
  return {
    name: `call response: ${name}`,
    ...expected,
    async run(t) {
      t.script.onCall = respondWith
      return settles(t.kernel.call('victim_fn', { a: 1 }), 'the call')
    },
  }
}

/** Wrong arguments from JS: `fn(t)` must throw (or reject with) a MizanError. */
function arg(name, fn, code, extra = {}) {
  return { name: `argument: ${name}`, code, kind: 'argument', ...extra, run: fn }
}

// A callback that throws once, the first time it runs after a case arms it.
const trap = { armed: false }
function trapped(message, otherwise) {
  return (...args) => {
    if (trap.armed) {
      trap.armed = false
      throw new Error(message)
    }
    return otherwise(...args)
  }
}

const mergeCall = (merge, extra = {}) => json({ result: 'merged', merge, ...extra })
const board = (t) => t.handles.board.getState()

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

const cases = [
  // --- Context responses -----------------------------------------------------
  ctx('plain text, 200', () => respond('hello, world'), { code: 'INVALID_RESPONSE', status: 200, message: /not a JSON object/ }),
  ctx('an HTML page, 200', () => respond(HTML_PAGE, { headers: { 'Content-Type': 'text/html' } }), {
    code: 'INVALID_RESPONSE',
    status: 200,
  }),
  ctx('an HTML error page, 500 (retried, then failed)', () => respond(HTML_PAGE, { status: 500 }), {
    code: 'HTTP_500',
    status: 500,
    message: /500 with a body that is not JSON/,
    afterLoad: (t) => expect(t.script.gets('victim')).toBe(3), // two retries
  }),
  ctx('an HTML error page, 502', () => respond(HTML_PAGE, { status: 502 }), { code: 'HTTP_502', status: 502 }),
  ctx('an HTML 404 (not retried)', () => respond(HTML_PAGE, { status: 404 }), {
    code: 'HTTP_404',
    status: 404,
    afterLoad: (t) => expect(t.script.gets('victim')).toBe(1),
  }),
  ctx('an empty 200', () => respond(''), { code: 'INVALID_RESPONSE', status: 200 }),
  ctx('204 No Content', () => respond(null, { status: 204 }), { code: 'INVALID_RESPONSE', status: 204 }),
  ctx('truncated JSON', () => respond('{"cards":[{"id":1},{"id":2'), { code: 'INVALID_RESPONSE', status: 200, message: /offset/ }),
  ctx('JSON with trailing garbage', () => respond('{"a":1} {"b":2}'), { code: 'INVALID_RESPONSE', message: /after the JSON value/ }),
  ctx('a top-level array', () => respond('[{"a":1}]'), { code: 'INVALID_RESPONSE' }),
  ctx('a top-level string', () => respond('"slot"'), { code: 'INVALID_RESPONSE' }),
  ctx('a top-level null', () => respond('null'), { code: 'INVALID_RESPONSE' }),
  ctx('invalid UTF-8 (0xFF) in a string', () => respond(bytes('{"a":"caf', [0xff], '"}')), {
    code: 'INVALID_RESPONSE',
    message: /invalid UTF-8/,
  }),
  ctx('an overlong UTF-8 encoding of "/"', () => respond(bytes('{"a":"', [0xc0, 0xaf], '"}')), {
    code: 'INVALID_RESPONSE',
    message: /invalid UTF-8/,
  }),
  ctx('a lone surrogate encoded as UTF-8 bytes (ED A0 80)', () => respond(bytes('{"a":"', [0xed, 0xa0, 0x80], '"}')), {
    code: 'INVALID_RESPONSE',
    message: /invalid UTF-8/,
  }),
  ctx('a truncated UTF-8 sequence at the end of a string', () => respond(bytes('{"a":"', [0xe2, 0x82], '"}')), {
    code: 'INVALID_RESPONSE',
    message: /invalid UTF-8/,
  }),
  ctx(`${DEPTH.toLocaleString('en')}-deep arrays`, () => respond(deepArrays), {
    code: 'INVALID_RESPONSE',
    message: /nests deeper than 256 levels/,
  }),
  ctx(`${DEPTH.toLocaleString('en')}-deep objects`, () => respond(deepObjects), {
    code: 'INVALID_RESPONSE',
    message: /nests deeper than 256 levels/,
  }),
  ctx('a number beyond a double (1e400)', () => respond('{"n":1e400}'), { code: 'INVALID_RESPONSE', message: /number out of range/ }),
  ctx('numbers beyond 2^53: rounded exactly as JSON.parse rounds them', () => respond(BIG_NUMBERS), {
    check(data) {
      expect(data).toEqual(JSON.parse(BIG_NUMBERS))
      expect(data.ids).toEqual([2 ** 53, -(2 ** 53)])
      expect(data.exact).toBe(Number.MAX_SAFE_INTEGER)
      expect(data.tiny).toBe(Number.MIN_VALUE)
    },
  }),
  ctx('duplicate keys: the last value wins, in the first position', () => respond('{"a":1,"b":{"x":1,"x":2},"a":3}'), {
    check(data) {
      expect(data).toEqual({ a: 3, b: { x: 2 } })
      expect(Object.keys(data)).toEqual(Object.keys(JSON.parse('{"a":1,"b":{"x":1,"x":2},"a":3}')))
    },
  }),
  ctx('__proto__, constructor and prototype as slot names', () => respond(PROTO_BUNDLE), {
    check(data) {
      const expected = JSON.parse(PROTO_BUNDLE)
      expect(Object.keys(data)).toEqual(Object.keys(expected)) // '__proto__' included, as JSON.parse makes it
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype)
      expect(Object.getOwnPropertyDescriptor(data, '__proto__')).toMatchObject({ value: { polluted: 'yes' }, enumerable: true })
      expect(data.polluted).toBeUndefined() // not inherited through a replaced prototype
      expect(Object.hasOwn(data.plain, '__proto__')).toBe(true)
      expect(data.plain.polluted).toBeUndefined()
      expect(data.constructor).toEqual({ prototype: { polluted: 'yes' } })
    },
  }),
  ctx('lone surrogates as \\u escapes are kept, as JSON.parse keeps them', () => respond('{"s":"a\\ud800b","t":"\\udc00"}'), {
    check: (data) => expect(data).toEqual({ s: 'a\ud800b', t: '\udc00' }),
  }),
  ctx('a 50 MB bundle: loaded, and the wasm heap comes back after eviction', () => respond(fiftyMegabyteBundle()), {
    wait: 15_000,
    async check(data, t) {
      expect(data.cards).toHaveLength(FIFTY_MB.count)
      expect(data.cards[FIFTY_MB.count - 1]).toEqual(data.cards[0])
      expect(data.info).toEqual({ n: 1 })
      const victim = t.kernel.observe('victim', { serial: victimSerial })
      expect(victim.getState().data).toBe(data) // still cached: the same object, not decoded again
      await until(() => t.kernel.stats.entries === 4, 'the 50 MB entry to be evicted (gcTime 0)')
    },
    options: { gcTime: 0 },
    heap: true,
  }),
  ctx(
    'a body stream that fails half-way (retried, then NETWORK_ERROR)',
    () => {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"cards":[{"id":1},'))
          controller.error(new TypeError('terminated'))
        },
      })
      return respond(stream)
    },
    { code: 'NETWORK_ERROR', status: 0, message: /terminated/, afterLoad: (t) => expect(t.script.gets('victim')).toBe(3) },
  ),
  ctx('a fetch that rejects with a non-Error value', () => Promise.reject('offline'), { code: 'NETWORK_ERROR', message: /offline/ }),
  ctx('an error envelope whose fields have the wrong types, 400', () => json({ error: { code: 5, message: ['no'], details: 1 } }, { status: 400 }), {
    code: 'HTTP_400',
    status: 400,
  }),
  {
    name: 'context response: a refetch answered with garbage keeps the last good data',
    code: 'INVALID_RESPONSE',
    async run(t) {
      t.script.routes.set('victim', () => json({ cards: [{ id: 1 }] }))
      const victim = t.kernel.registerContext('victim', { serial: ++victimSerial })
      await until(() => victim.getState().status === 'success', 'the victim to load')
      const good = victim.getState().data
      t.script.routes.set('victim', () => respond(HTML_PAGE))
      const state = await settles(victim.refetch(), 'the refetch')
      expect(state).toMatchObject({ status: 'error', isFetching: false })
      expect(state.data).toBe(good) // the same object, untouched
      victim.unregister()
      throw state.error
    },
  },

  // --- Call responses ----------------------------------------------------------
  call('an HTML page, 200', () => respond(HTML_PAGE), { code: 'INVALID_RESPONSE', status: 200, message: /not JSON/ }),
  call('an HTML error page, 502', () => respond(HTML_PAGE, { status: 502 }), { code: 'HTTP_502', status: 502 }),
  call('an empty 200', () => respond(''), { code: 'INVALID_RESPONSE', status: 200, message: /empty body/ }),
  call('204 No Content: a null result', () => respond(null, { status: 204 }), { check: (result) => expect(result).toBeNull() }),
  call('truncated JSON', () => respond('{"result":{"id":1'), { code: 'INVALID_RESPONSE', status: 200 }),
  call('invalid UTF-8', () => respond(bytes('{"result":"', [0xc3, 0x28], '"}')), { code: 'INVALID_RESPONSE', message: /invalid UTF-8/ }),
  call(`${DEPTH.toLocaleString('en')}-deep nesting`, () => respond(`{"result":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`), {
    code: 'INVALID_RESPONSE',
    message: /nests deeper than 256 levels/,
  }),
  call('no "result" key', () => json({ data: 1 }), { code: 'INVALID_RESPONSE', message: /no "result"/ }),
  call('a top-level array', () => respond('[1]'), { code: 'INVALID_RESPONSE' }),
  call('numbers beyond 2^53, as JSON.parse reads them', () => respond(`{"result":${BIG_NUMBERS}}`), {
    check: (result) => expect(result).toEqual(JSON.parse(BIG_NUMBERS)),
  }),
  call('duplicate keys: the last wins', () => respond('{"result":1,"result":{"a":1,"a":2}}'), {
    check: (result) => expect(result).toEqual({ a: 2 }),
  }),
  call('__proto__ keys in the result stay own data properties', () => respond(`{"result":${PROTO_BUNDLE}}`), {
    check(result) {
      expect(Object.keys(result)).toEqual(Object.keys(JSON.parse(PROTO_BUNDLE)))
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
      expect(result.polluted).toBeUndefined()
    },
  }),
  call('a 50 MB result: delivered, and the wasm heap comes back', () => respond(fiftyMegabyteResult()), {
    check: (result) => expect(result).toHaveLength(50e6),
    heap: true,
  }),
  call(
    'merge items of wrong types and unknown slots: each skipped and reported, the good one applied',
    () =>
      mergeCall([
        5,
        null,
        'board',
        { context: 5, slot: 'cards', value: { id: 7 } },
        { context: 'board', slot: 5, value: { id: 7 } },
        { context: 'board', slot: 'cards' },
        { context: 'board', slot: 'cards', value: { id: 7 }, params: 5 },
        { context: 'board', slot: 'nope', value: 1 },
        { context: 'board', slot: 'cards', value: 'a string into a list' },
        { context: 'board', slot: 'info', value: [1, 2] },
        { context: 'ghost', slot: 'x', value: 1 }, // not mounted: nothing, and no problem
        { context: 'board', slot: 'cards', value: { id: 3, t: 'good' } },
      ]),
    {
      touches: ['board'],
      check(result, t) {
        expect(result).toBe('merged')
        expect(t.problems).toHaveLength(10)
        expect(t.problems.join('\n')).toMatch(/merge\[0\]/)
        expect(t.problems.join('\n')).toMatch(/board\.nope: no such slot/)
        expect(t.problems.join('\n')).toMatch(/board\.info: value does not fit/)
        expect(board(t).data.cards).toEqual([
          { id: 1, t: 'a' },
          { id: 2, t: 'b' },
          { id: 3, t: 'good' },
        ])
        expect(t.notified.board).toBe(1)
      },
    },
  ),
  call(
    'a merge id spelled beyond double precision matches the element JS sees as equal',
    () => respond('{"result":1,"merge":[{"context":"board","slot":"cards","value":{"id":1.0000000000000001,"t":"x"}}]}'),
    {
      touches: ['board'],
      check(result, t) {
        expect(board(t).data.cards).toEqual([
          { id: 1, t: 'x' },
          { id: 2, t: 'b' },
        ])
        expect(board(t).data.cards[1]).toBe(t.before.board.data.cards[1])
      },
    },
  ),
  call('"merge" that is not a list', () => mergeCall({ context: 'board', slot: 'cards', value: { id: 3 } }), {
    check: (result, t) => expect(t.problems).toEqual(['"merge" is not a list; ignored']),
  }),
  call(
    'a merge into __proto__ / constructor slots the bundle lacks: unknown slots',
    () =>
      mergeCall([
        { context: 'board', slot: '__proto__', value: { polluted: 'yes' } },
        { context: 'board', slot: 'constructor', value: { polluted: 'yes' } },
        { context: 'board', slot: 'hasOwnProperty', value: 1 },
      ]),
    {
      check(result, t) {
        expect(t.problems).toHaveLength(3)
        expect(t.problems.every((p) => /no such slot/.test(p))).toBe(true)
      },
    },
  ),
  call(
    'a merge value with __proto__ keys stays own data',
    () => respond('{"result":1,"merge":[{"context":"board","slot":"info","value":{"__proto__":{"polluted":"yes"},"name":"X"}}]}'),
    {
      touches: ['board'],
      check(result, t) {
        const info = board(t).data.info
        expect(Object.keys(info)).toEqual(['__proto__', 'name'])
        expect(Object.getPrototypeOf(info)).toBe(Object.prototype)
        expect(info.polluted).toBeUndefined()
        expect(board(t).data.cards).toBe(t.before.board.data.cards) // the untouched slot keeps its object
      },
    },
  ),
  call(
    'invalidate items of wrong types: each skipped and reported, the good one applied',
    () =>
      json({
        result: 1,
        invalidate: [
          5,
          null,
          true,
          [],
          {},
          '',
          { context: 5 },
          { context: '' },
          { function: 7 },
          { context: 'a', function: 'b' },
          { context: 'board', params: 5 },
          'other',
        ],
      }),
    {
      touches: ['other'],
      async check(result, t) {
        expect(t.problems).toHaveLength(11)
        expect(t.problems.every((p) => /^invalidate\[\d+\]: .*; skipped$/.test(p))).toBe(true)
        await until(() => t.script.gets('other') === 2 && !t.handles.other.getState().isFetching, 'other to refetch')
        expect(t.script.gets('board')).toBe(1)
      },
    },
  ),
  call('"invalidate" that is not a list', () => json({ result: 1, invalidate: 'board' }), {
    async check(result, t) {
      expect(t.problems).toEqual(['"invalidate" is not a list; ignored'])
      await macrotask() // a refetch would have started by now: flushes run on microtasks
      expect(t.script.gets('board')).toBe(1)
    },
  }),
  call(
    'X-Mizan-Invalidate garbage: bad items reported, good ones applied',
    () =>
      json(
        { result: 1 },
        {
          headers: {
            'X-Mizan-Invalidate': ' , ;oops,board;board_id=1,user;=5, user;user_id, user;user_id=%zz, user;a=1;a=2, caf\u00e9, user;user_id=5 6,,',
          },
        },
      ),
    {
      touches: ['board'],
      async check(result, t) {
        expect(t.problems).toHaveLength(7)
        expect(t.problems.every((p) => /^X-Mizan-Invalidate item ".*": .*; skipped$/.test(p))).toBe(true)
        await until(() => t.script.gets('board') === 2 && !board(t).isFetching, 'board to refetch')
        expect(t.script.gets('user')).toBe(1)
      },
    },
  ),
  call(
    'X-Mizan-Invalidate on an error response still applies',
    () => json({ error: { code: 'VALIDATION_ERROR', message: 'no' } }, { status: 400, headers: { 'X-Mizan-Invalidate': 'other, %%' } }),
    {
      code: 'VALIDATION_ERROR',
      status: 400,
      touches: ['other'],
      async after(t) {
        expect(t.problems).toHaveLength(1)
        await until(() => t.script.gets('other') === 2 && !t.handles.other.getState().isFetching, 'other to refetch')
      },
    },
  ),
  call('an error envelope whose fields have the wrong types, 400', () => json({ error: true, code: [], message: {} }, { status: 400 }), {
    code: 'HTTP_400',
    status: 400,
  }),

  // --- Callbacks that throw (once) ---------------------------------------------
  {
    name: 'callback: a listener that throws while a merge is applied does not hang the call or starve other listeners',
    touches: ['board'],
    async run(t) {
      let thrown = 0
      const off = t.handles.board.subscribe(() => {
        if (thrown++ === 0) throw new Error('a listener failed')
      })
      let later = 0
      const offLater = t.handles.board.subscribe(() => later++)
      t.script.onCall = () => mergeCall([{ context: 'board', slot: 'cards', value: { id: 3, t: 'c' } }])
      try {
        const result = await settles(t.kernel.call('victim_fn'), 'the call')
        expect(result).toBe('merged')
        expect(later).toBe(1)
        expect(board(t).data.cards).toHaveLength(3)
      } finally {
        off()
        offLater()
      }
    },
  },
  {
    name: 'callback: an onProblem that throws does not hang the call',
    options: { onProblem: trapped('onProblem failed', () => {}) },
    async run(t) {
      trap.armed = true
      t.script.onCall = () => mergeCall([{ context: 'board', slot: 'nope', value: 1 }])
      expect(await settles(t.kernel.call('victim_fn'), 'the call')).toBe('merged')
    },
  },
  {
    name: 'callback: a getHeaders that throws fails the call with NETWORK_ERROR',
    code: 'NETWORK_ERROR',
    options: { getHeaders: trapped('getHeaders failed', () => ({})) },
    run: (t) => {
      trap.armed = true
      return settles(t.kernel.call('victim_fn'), 'the call')
    },
    after: (t) => expect(t.kernel.stats).toMatchObject({ pendingCalls: 0, pendingRequests: 0 }),
  },
  {
    name: 'callback: a getCookie that throws fails the call like getHeaders, and leaks nothing',
    code: 'NETWORK_ERROR',
    options: { csrf: {}, session: false, getCookie: trapped('getCookie failed', () => undefined) },
    run: (t) => {
      trap.armed = true
      return settles(t.kernel.call('victim_fn'), 'the call')
    },
    after: (t) => expect(t.kernel.stats).toMatchObject({ pendingCalls: 0, pendingRequests: 0 }),
  },

  // --- Wrong arguments: init (a fresh module instance each) --------------------
  ...[
    ['init(null)', (m) => m.init(null), 'INVALID_ARGUMENT'],
    ['init(5)', (m) => m.init(5), 'INVALID_ARGUMENT'],
    ["init('/mizan.wasm') (a URL not wrapped in { wasm })", (m) => m.init('/mizan.wasm'), 'INVALID_ARGUMENT'],
    ['init({ wasm: 5 })', (m) => m.init({ wasm: 5 }), 'INIT_FAILED'],
    ['init({ wasm: bytes that are not wasm })', (m) => m.init({ wasm: new Uint8Array([0, 1, 2, 3]) }), 'INIT_FAILED'],
  ].map(([name, fn, code]) =>
    arg(
      name,
      async (t) => {
        vi.resetModules()
        const fresh = await import('../../js/wasm.js')
        t.errorClass = (await import('../../js/errors.js')).MizanError // the fresh instance's own class
        try {
          return await fn(fresh)
        } finally {
          await fresh.init() // a later init() tries again, and works
          expect(fresh.loadStatus().ready).toBe(true)
        }
      },
      code,
    ),
  ),

  // --- Wrong arguments: the primitives ------------------------------------------
  arg('stableKey(5)', () => stableKey(5), 'INVALID_ARGUMENT'),
  arg("stableKey('user_id=5')", () => stableKey('user_id=5'), 'INVALID_ARGUMENT'),
  arg('stableKey([1])', () => stableKey([1]), 'INVALID_ARGUMENT'),
  arg('stableKey(an object with a prototype)', () => stableKey(Object.create({ inherited: 1 })), 'INVALID_ARGUMENT'),
  arg('stableKey({ a: 1n })', () => stableKey({ a: 1n }), 'INVALID_PARAMS'),
  arg('stableKey({ a: NaN })', () => stableKey({ a: NaN }), 'INVALID_PARAMS'),
  arg('stableKey({ a: Symbol() })', () => stableKey({ a: Symbol('s') }), 'INVALID_PARAMS'),
  arg('stableKey({ a: new Uint8Array() })', () => stableKey({ a: new Uint8Array(2) }), 'INVALID_PARAMS'),
  arg('stableKey({ toJSON() {} })', () => stableKey({ toJSON: () => ({}) }), 'INVALID_PARAMS'),
  arg('stableKey(300 levels deep)', () => stableKey(nest(300)), 'NESTING_TOO_DEEP'),
  arg('stableKey(100,000 levels deep)', () => stableKey(nest(DEPTH)), 'NESTING_TOO_DEEP'),
  arg('stableKey(a cycle)', () => stableKey(cyclic), 'NESTING_TOO_DEEP'),
  arg('deriveCacheKey(5, …)', () => deriveCacheKey(5, 'user'), 'INVALID_ARGUMENT'),
  arg("deriveCacheKey('', 'c') (an empty secret)", () => deriveCacheKey('', 'c'), 'INVALID_ARGUMENT'),
  arg(
    "deriveCacheKey('', 'c', {}, null, 0, { allowEmptySecret: 'yes' })",
    () => deriveCacheKey('', 'c', {}, null, 0, { allowEmptySecret: 'yes' }),
    'INVALID_ARGUMENT',
  ),
  arg("deriveCacheKey('s', 5)", () => deriveCacheKey('s', 5), 'INVALID_ARGUMENT'),
  arg("deriveCacheKey('s', 'c', 'a=1')", () => deriveCacheKey('s', 'c', 'a=1'), 'INVALID_ARGUMENT'),
  arg("deriveCacheKey('s', 'c', { a: [1] })", () => deriveCacheKey('s', 'c', { a: [1] }), 'INVALID_PARAMS'),
  arg("deriveCacheKey('s', 'c', {}, 42)", () => deriveCacheKey('s', 'c', {}, 42), 'INVALID_ARGUMENT'),
  arg("deriveCacheKey('s', 'c', {}, 'u', '3')", () => deriveCacheKey('s', 'c', {}, 'u', '3'), 'INVALID_ARGUMENT'),
  arg("deriveCacheKey('s', 'c', {}, 'u', 2 ** 53)", () => deriveCacheKey('s', 'c', {}, 'u', 2 ** 53), 'INVALID_ARGUMENT'),
  arg('parseInvalidateHeader(5)', () => parseInvalidateHeader(5), 'INVALID_ARGUMENT'),
  arg("parseInvalidateHeader(['user'])", () => parseInvalidateHeader(['user']), 'INVALID_ARGUMENT'),
  arg('parseInvalidateHeader(Symbol())', () => parseInvalidateHeader(Symbol('h')), 'INVALID_ARGUMENT'),
  arg('formatInvalidateHeader(5)', () => formatInvalidateHeader(5), 'INVALID_ARGUMENT'),
  arg('formatInvalidateHeader([null])', () => formatInvalidateHeader([null]), 'INVALID_ARGUMENT'),
  arg('formatInvalidateHeader([{}])', () => formatInvalidateHeader([{}]), 'INVALID_ARGUMENT'),
  arg('formatInvalidateHeader([{ context: 5 }])', () => formatInvalidateHeader([{ context: 5 }]), 'INVALID_ARGUMENT'),
  arg("formatInvalidateHeader([{ context: 'c', params: 5 }])", () => formatInvalidateHeader([{ context: 'c', params: 5 }]), 'INVALID_ARGUMENT'),
  arg("formatInvalidateHeader([{ function: 'f' }])", () => formatInvalidateHeader([{ function: 'f' }]), 'INVALID_ARGUMENT'),
  arg("parseCallResponse('200', …)", () => parseCallResponse('200', '{"result":1}'), 'INVALID_ARGUMENT'),
  arg('parseCallResponse(NaN, …)', () => parseCallResponse(NaN, '{"result":1}'), 'INVALID_ARGUMENT'),
  arg('parseCallResponse(200, null)', () => parseCallResponse(200, null), 'INVALID_ARGUMENT'),
  arg('parseCallResponse(200, an object)', () => parseCallResponse(200, { result: 1 }), 'INVALID_ARGUMENT'),
  arg('parseCallResponse(200, a Uint16Array)', () => parseCallResponse(200, new Uint16Array(4)), 'INVALID_ARGUMENT'),
  arg('parseCallResponse(200, an ArrayBuffer)', () => parseCallResponse(200, new ArrayBuffer(4)), 'INVALID_ARGUMENT'),
  arg('serializeForScript(undefined)', () => serializeForScript(undefined), 'INVALID_ARGUMENT'),
  arg('serializeForScript(a function)', () => serializeForScript(() => 1), 'INVALID_ARGUMENT'),
  arg('serializeForScript(1n)', () => serializeForScript(1n), 'INVALID_ARGUMENT'),
  arg('serializeForScript({ contexts: [{ data: { n: 1n } }] })', () => serializeForScript({ contexts: [{ data: { n: 1n } }] }), 'INVALID_ARGUMENT'),
  arg('serializeForScript(a cycle)', () => serializeForScript(cyclic), 'INVALID_ARGUMENT'),
  arg('serializeForScript(100,000 levels deep)', () => serializeForScript({ contexts: [{ data: nest(DEPTH) }] }), 'NESTING_TOO_DEEP'),

  // --- Wrong arguments: createKernel options --------------------------------------
  ...[
    ['null', null],
    ['5', 5],
    ["'fast'", 'fast'],
    ['{ fetch: 5 }', { fetch: 5 }],
    ['{ baseUrl: 5 }', { baseUrl: 5 }],
    ['{ baseUrl: {} }', { baseUrl: {} }],
    ['{ getHeaders: 5 }', { getHeaders: 5 }],
    ['{ getHeaders: { a: 1 } } (an object, not a function)', { getHeaders: { 'X-Mizan-Token': 't' } }],
    ['{ csrf: 5 }', { csrf: 5 }],
    ["{ session: 'no' }", { session: 'no' }],
    ["{ server: 'false' }", { server: 'false' }],
    ['{ getCookie: 5 }', { getCookie: 5 }],
    ["{ now: 'x' }", { now: 'x' }],
    ['{ onProblem: 5 }', { onProblem: 5 }],
    ['{ callBodyKey: 5 }', { callBodyKey: 5 }],
    ["{ callBodyKey: '' }", { callBodyKey: '' }],
    ['{ gcTime: -1 }', { gcTime: -1 }],
    ["{ gcTime: '5' }", { gcTime: '5' }],
    ['{ gcTime: NaN }', { gcTime: NaN }],
    ['{ retryDelays: 5 }', { retryDelays: 5 }],
    ['{ retryDelays: [-1] }', { retryDelays: [-1] }],
    ['{ retryDelays: [Infinity] }', { retryDelays: [Infinity] }],
    ['{ idField: 5 }', { idField: 5 }],
    ['{ idFields: 5 }', { idFields: 5 }],
    ["{ idFields: { cards: '' } }", { idFields: { cards: '' } }],
    ['{ identity: 5 }', { identity: 5 }],
  ].map(([name, options]) =>
    arg(
      `createKernel(${name})`,
      (t) => {
        const opts = options !== null && typeof options === 'object' ? { fetch: t.script.fetch, ...options } : options
        createKernel(opts).dispose() // accepted: disposed at once, before it could fail later
      },
      'INVALID_ARGUMENT',
    ),
  ),

  // --- Wrong arguments: kernel methods ------------------------------------------
  arg('registerContext(5)', (t) => t.kernel.registerContext(5), 'INVALID_ARGUMENT'),
  arg("registerContext('')", (t) => t.kernel.registerContext(''), 'INVALID_ARGUMENT'),
  arg("registerContext('a\\ud800')", (t) => t.kernel.registerContext('a\ud800'), 'INVALID_ARGUMENT'),
  arg("registerContext('user', 5)", (t) => t.kernel.registerContext('user', 5), 'INVALID_ARGUMENT'),
  arg("registerContext('user', 'user_id=5')", (t) => t.kernel.registerContext('user', 'user_id=5'), 'INVALID_ARGUMENT'),
  arg("registerContext('user', [5])", (t) => t.kernel.registerContext('user', [5]), 'INVALID_ARGUMENT'),
  arg("registerContext('user', { id: NaN })", (t) => t.kernel.registerContext('user', { id: NaN }), 'INVALID_PARAMS'),
  arg("registerContext('user', { id: new Map() })", (t) => t.kernel.registerContext('user', { id: new Map() }), 'INVALID_PARAMS'),
  arg("registerContext('user', 300 levels deep)", (t) => t.kernel.registerContext('user', nest(300)), 'NESTING_TOO_DEEP'),
  arg('observe(5)', (t) => t.kernel.observe(5), 'INVALID_ARGUMENT'),
  arg("observe('user', [1])", (t) => t.kernel.observe('user', [1]), 'INVALID_ARGUMENT'),
  arg("observe('user', { id: 1n })", (t) => t.kernel.observe('user', { id: 1n }), 'INVALID_PARAMS'),
  arg("observe('user').subscribe(5)", (t) => t.kernel.observe('user').subscribe(5), 'INVALID_ARGUMENT'),
  arg("observe('user').subscribe()", (t) => t.kernel.observe('user').subscribe(), 'INVALID_ARGUMENT'),
  arg('prefetch(5)', (t) => t.kernel.prefetch(5), 'INVALID_ARGUMENT'),
  arg("prefetch('user', 5)", (t) => t.kernel.prefetch('user', 5), 'INVALID_ARGUMENT'),
  arg("prefetch('user', { id: Infinity })", (t) => t.kernel.prefetch('user', { id: Infinity }), 'INVALID_PARAMS'),
  arg('call(5)', (t) => t.kernel.call(5), 'INVALID_ARGUMENT'),
  arg("call('')", (t) => t.kernel.call(''), 'INVALID_ARGUMENT'),
  arg("call('f', 5)", (t) => t.kernel.call('f', 5), 'INVALID_ARGUMENT'),
  arg("call('f', [1])", (t) => t.kernel.call('f', [1]), 'INVALID_ARGUMENT'),
  arg("call('f', { x: NaN })", (t) => t.kernel.call('f', { x: NaN }), 'INVALID_PARAMS'),
  arg("call('f', 100,000 levels deep)", (t) => t.kernel.call('f', nest(DEPTH)), 'NESTING_TOO_DEEP'),
  arg("call('f', { x() {} })", (t) => t.kernel.call('f', { x() {} }), 'INVALID_PARAMS'),
  arg('invalidate()', (t) => t.kernel.invalidate(), 'INVALID_ARGUMENT'),
  arg("invalidate('board')", (t) => t.kernel.invalidate('board'), 'INVALID_ARGUMENT'),
  arg('invalidate([5])', (t) => t.kernel.invalidate([5]), 'INVALID_ARGUMENT'),
  arg('invalidate([null])', (t) => t.kernel.invalidate([null]), 'INVALID_ARGUMENT'),
  arg('invalidate([{}])', (t) => t.kernel.invalidate([{}]), 'INVALID_ARGUMENT'),
  arg("invalidate([{ context: '' }])", (t) => t.kernel.invalidate([{ context: '' }]), 'INVALID_ARGUMENT'),
  arg(
    "invalidate([{ context: 'board', function: 'add_card' }])",
    (t) => t.kernel.invalidate([{ context: 'board', function: 'add_card' }]),
    'INVALID_ARGUMENT',
  ),
  arg(
    "invalidate([{ context: 'board', param: { id: 1 } }]) (a misspelt key)",
    (t) => t.kernel.invalidate([{ context: 'board', param: { id: 1 } }]),
    'INVALID_ARGUMENT',
  ),
  arg('invalidate([{ function: 7 }])', (t) => t.kernel.invalidate([{ function: 7 }]), 'INVALID_ARGUMENT'),
  arg("invalidate([{ context: 'board', params: 5 }])", (t) => t.kernel.invalidate([{ context: 'board', params: 5 }]), 'INVALID_ARGUMENT'),
  arg(
    "invalidate([{ context: 'board', params: { a: {} } }])",
    (t) => t.kernel.invalidate([{ context: 'board', params: { a: {} } }]),
    'INVALID_PARAMS',
  ),
  arg("invalidate(['other', 5]) (nothing applied)", (t) => t.kernel.invalidate(['other', 5]), 'INVALID_ARGUMENT'),
  arg('hydrate(5)', (t) => t.kernel.hydrate(5), 'INVALID_ARGUMENT'),
  arg("hydrate('state')", (t) => t.kernel.hydrate('state'), 'INVALID_ARGUMENT'),
  arg('hydrate({ contexts: 5 })', (t) => t.kernel.hydrate({ contexts: 5 }), 'INVALID_ARGUMENT'),
  arg('hydrate([5])', (t) => t.kernel.hydrate([5]), 'INVALID_ARGUMENT'),
  arg('hydrate([{ context: 5, data: {} }])', (t) => t.kernel.hydrate([{ context: 5, data: {} }]), 'INVALID_ARGUMENT'),
  arg("hydrate([{ context: 'h', data: [] }])", (t) => t.kernel.hydrate([{ context: 'h', data: [] }]), 'INVALID_ARGUMENT'),
  arg(
    "hydrate([{ context: 'h', data: {}, updatedAt: '1' }])",
    (t) => t.kernel.hydrate([{ context: 'h', data: {}, updatedAt: '1' }]),
    'INVALID_ARGUMENT',
  ),
  arg("hydrate([{ context: 'h', params: [1], data: {} }])", (t) => t.kernel.hydrate([{ context: 'h', params: [1], data: {} }]), 'INVALID_ARGUMENT'),
  arg(
    "hydrate([{ context: 'h', params: { a: NaN }, data: {} }])",
    (t) => t.kernel.hydrate([{ context: 'h', params: { a: NaN }, data: {} }]),
    'INVALID_PARAMS',
  ),
  arg("hydrate([{ context: 'h', data: 300 levels deep }])", (t) => t.kernel.hydrate([{ context: 'h', data: nest(300) }]), 'NESTING_TOO_DEEP'),
  arg("hydrate([{ context: 'h', data: 100,000 levels deep }])", (t) => t.kernel.hydrate([{ context: 'h', data: nest(DEPTH) }]), 'NESTING_TOO_DEEP'),
  arg("hydrate([{ context: 'h', data: { n: 1n } }])", (t) => t.kernel.hydrate([{ context: 'h', data: { n: 1n } }]), 'INVALID_ARGUMENT'),
  arg("hydrate([{ context: 'h', data: a cycle }])", (t) => t.kernel.hydrate([{ context: 'h', data: { c: cyclic } }]), 'INVALID_ARGUMENT'),
  arg(
    'hydrate([a good context, a bad one]) (nothing applied)',
    (t) =>
      t.kernel.hydrate([
        { context: 'h', data: { a: 1 } },
        { context: 'h2', data: 5 },
      ]),
    'INVALID_ARGUMENT',
  ),
  arg('setIdentity(5)', (t) => t.kernel.setIdentity(5), 'INVALID_ARGUMENT'),
  arg('setIdentity({ sub: 1 })', (t) => t.kernel.setIdentity({ sub: 1 }), 'INVALID_ARGUMENT'),
  arg('setIdentity()', (t) => t.kernel.setIdentity(), 'INVALID_ARGUMENT'),
  arg('handle.subscribe(5)', (t) => t.handles.board.subscribe(5), 'INVALID_ARGUMENT'),
  arg('handle.subscribe(null)', (t) => t.handles.board.subscribe(null), 'INVALID_ARGUMENT'),
  arg('handle.subscribe({ handleEvent() {} })', (t) => t.handles.board.subscribe({ handleEvent() {} }), 'INVALID_ARGUMENT'),
  arg(
    'handle.refetch() after unregister()',
    (t) => {
      const h = t.kernel.registerContext('board', { board_id: 1 }) // a second registration of a cached entry
      h.unregister()
      return h.refetch()
    },
    'UNREGISTERED',
  ),
]

// ---------------------------------------------------------------------------
// The one test
// ---------------------------------------------------------------------------

describe('bad input', () => {
  it('has one row per case, each named once', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length)
  })

  it.each(cases.map((c) => [c.name, c]))(
    '%s',
    async (_, c) => {
      const t = await setup(c.options)
      const before = Object.fromEntries(Object.entries(t.handles).map(([name, h]) => [name, h.getState()]))
      t.before = before
      const stats = t.kernel.stats
      const heapBefore = wasmHeap().inUse

      let value
      let error
      try {
        value = await c.run(t)
      } catch (e) {
        error = e
      }

      if (c.code) {
        // Not a TypeError or RangeError from inside the runtime: the one error class.
        if (!(error instanceof (t.errorClass ?? MizanError)))
          throw new Error(`expected MizanError ${c.code}, got ${error === undefined ? `a result (${String(value)})` : error.stack}`)
        expect(error.code).toBe(c.code)
        // HTTP_<status> carries that status; what the client refuses carries 0.
        const status = c.status ?? (c.code.startsWith('HTTP_') ? Number(c.code.slice(5)) : c.kind === 'argument' ? 0 : undefined)
        if (status !== undefined) expect(error.status).toBe(status)
        if (c.message) expect(error.message).toMatch(c.message)
        expect(error.message.length).toBeGreaterThan(0)
      } else if (error !== undefined) {
        throw error
      }
      await c.check?.(value, t)
      await c.after?.(t)

      // Every entry the case did not aim at kept its state object and was not notified.
      for (const [name, h] of Object.entries(t.handles)) {
        if (c.touches?.includes(name)) continue
        expect(h.getState(), `${name} changed`).toBe(before[name])
        expect(t.notified[name], `${name} was notified`).toBe(0)
      }
      if (c.kind === 'argument') expect(t.kernel.stats, 'a refused call left something behind').toEqual(stats)
      expectNoPollution()

      if (c.heap) {
        // The large body is gone from the wasm heap once the entry is evicted
        // (gcTime 0) and the next input has trimmed the I/O buffers back
        // (wasm/exports.cpp keeps up to 64 KB of each).
        t.script.onCall = () => json({ result: 'small' })
        await t.kernel.call('small')
        await until(() => wasmHeap().inUse - heapBefore < 140 * 1024, 'the large body to leave the wasm heap')
      }
      await expectUsable(t)
    },
    30_000,
  )
})
