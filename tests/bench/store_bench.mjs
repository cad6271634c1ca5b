// The context store (createKernel) against @tanstack/query-core doing the
// same job, in one run so the ratios compare like with like on a noisy
// machine. Prints figures; asserts nothing about time (it only checks that
// both sides did the work: the right fetches, the right data).
//
//   node --expose-gc tests/bench/store_bench.mjs
//
// (--expose-gc makes the heap figures meaningful; without it they are
// printed with a warning.) Takes 1 to 1.5 minutes on a 2-core machine.
//
// Each timing is repeated; "best" is the fastest repetition and "median" the
// middle one. Ratios are mizan time / TanStack time (below 1: mizan faster),
// also given as a speed-up where that reads better. The wasm kernel's
// heap in use comes from the allocator (js/wasm.js wasmHeap()); the linear
// memory, which only grows (geometrically), is observed from outside by
// wrapping WebAssembly.instantiate while init() runs.
// Order of the sections: 5 first (memory, while the wasm heap is fresh),
// then 4 (churn), 1, 2, 3.
import { readFileSync } from 'node:fs'
import { QueryClient, QueryObserver } from '@tanstack/query-core'
import { createKernel, init } from '../../js/index.js'
import { wasmHeap } from '../../js/wasm.js'

// --- Observing the wasm memory from outside js/ ----------------------------

let wasmMemory = null
const growths = [] // { top: memory size after a growth, at: growthMark() }
let growthMark = () => 0
{
  // The module grows its memory page by page (64 KiB) as its allocator needs
  // it, and then calls an import; after any import call whose memory size
  // changed, record the new size: the allocator's break to within a page.
  let lastSize = 0
  const noteSize = () => {
    const size = wasmMemory?.buffer.byteLength ?? 0
    if (size !== lastSize && lastSize !== 0) growths.push({ top: size, at: growthMark() })
    lastSize = size
  }
  const instantiate = WebAssembly.instantiate
  const wrapImports = (imports) => {
    const wrapped = {}
    for (const [module, fns] of Object.entries(imports ?? {})) {
      wrapped[module] = {}
      for (const [name, value] of Object.entries(fns)) {
        wrapped[module][name] =
          typeof value !== 'function'
            ? value
            : function (...args) {
                const result = value.apply(this, args)
                noteSize()
                return result
              }
      }
    }
    return wrapped
  }
  WebAssembly.instantiate = async function (source, imports) {
    const result = await instantiate.call(this, source, wrapImports(imports))
    const instance = result instanceof WebAssembly.Instance ? result : result.instance
    wasmMemory ??= Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory) ?? null
    noteSize()
    return result
  }
  try {
    await init()
  } finally {
    WebAssembly.instantiate = instantiate
  }
}
const wasmBytes = () => wasmMemory?.buffer.byteLength ?? NaN

// --- Helpers -----------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const tick = () => new Promise((resolve) => setImmediate(resolve))
const noop = () => {}
const hasGc = typeof globalThis.gc === 'function'
async function collect() {
  await sleep(5) // let eviction timers and TanStack's batched notifications run
  if (!hasGc) return
  for (let i = 0; i < 3; i++) {
    globalThis.gc()
    await tick()
  }
}
const heapUsed = () => process.memoryUsage().heapUsed
let sinkValue = 0
const sink = (v) => {
  sinkValue ^= typeof v === 'object' && v !== null ? 1 : 0
}
function check(ok, what) {
  if (!ok) throw new Error(`store_bench: check failed: ${what}`)
}

const sorted = (xs) => [...xs].sort((a, b) => a - b)
const best = (xs) => Math.min(...xs)
const median = (xs) => {
  const s = sorted(xs)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const num = (v, digits = 1) => v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const us = (ms) => `${num(ms * 1000, ms * 1000 < 100 ? 2 : 1)} µs`
const kb = (bytes) => `${num(bytes / 1024, 1)} KiB`
const mb = (bytes) => `${num(bytes / 1048576, 1)} MiB`
const pad = (s, n) => String(s).padEnd(n)
function timingLine(label, samples) {
  console.log(`    ${pad(label, 34)} best ${us(best(samples)).padStart(12)}   median ${us(median(samples)).padStart(12)}`)
}
function ratioLine(mizan, tanstack, target = '') {
  const rb = best(mizan) / best(tanstack)
  const rm = median(mizan) / median(tanstack)
  const speed = (r) => (r < 1 ? `mizan ${num(1 / r, 1)}x faster` : `mizan ${num(r, 1)}x slower`)
  console.log(`    ratio mizan/tanstack time: best ${num(rb, 3)}x, median ${num(rm, 3)}x  (${speed(rm)} by median)${target ? `  ${target}` : ''}`)
  return rm
}
const header = (title) => console.log(`\n${title}`)

// A scripted fetch: counts calls, wakes a waiter when a count is reached, and
// answers through `respond` (swappable). `pending` never settles unless the
// request is aborted, like a real fetch whose server has not answered yet.
class ScriptedFetch {
  calls = 0
  respond = (url, init) => ScriptedFetch.pending(init)
  #want = Infinity
  #wake = null
  fetch = (url, init) => {
    this.calls++
    if (this.calls >= this.#want) {
      this.#want = Infinity
      this.#wake(performance.now())
    }
    return Promise.resolve(this.respond(url, init)) // a promise, as fetch returns
  }
  /** Resolves when the call count reaches `n`, with the time of that call. */
  until(n) {
    if (this.calls >= n) return Promise.resolve(performance.now())
    return new Promise((resolve) => {
      this.#want = n
      this.#wake = resolve
    })
  }
  static pending(init) {
    return new Promise((_, reject) => {
      const signal = init?.signal
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
  }
}

// The same small bundle for the same context on both sides.
const smallPath = (name, p) => `/api/mizan/ctx/${name}/?id=${p.id}&org=${p.org}`
const smallBundle = (path) => `{"profile":{"path":${JSON.stringify(path)},"active":true,"score":1.5},"flags":[1,2,3]}`

function mizanKernel(fetcher, options = {}) {
  // A browser's kernel (cache eviction on), though node has no window.
  return createKernel({ fetch: fetcher.fetch, csrf: false, now: () => 0, onProblem: noop, server: false, ...options })
}
function tanstackClient(options = {}) {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity, ...options } } })
}
const tanstackQueryFn =
  (fetcher, pathOf) =>
  ({ queryKey, signal }) =>
    fetcher.fetch(pathOf(queryKey), { signal }).then((r) => r.json())

async function until(predicate, what = 'a condition') {
  const deadline = performance.now() + 60_000
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`store_bench: timed out waiting for ${what}`)
    await tick()
  }
}

const version = JSON.parse(readFileSync(new URL('../../node_modules/@tanstack/query-core/package.json', import.meta.url), 'utf8')).version
console.log(`store bench: mizan-kernel vs @tanstack/query-core ${version}, node ${process.version}, ${process.arch}`)
if (!hasGc) console.log('WARNING: run with node --expose-gc; heap figures below are noisy without it')
if (!wasmMemory) console.log('NOTE: the wasm Memory could not be observed; wasm figures are missing')
const started = performance.now()

// --- 5. Memory per mounted entry (first, while the wasm heap is fresh) -------

{
  const N = 10_000
  header(
    `5. Memory per mounted entry with one subscriber, loaded (N = ${N.toLocaleString('en')}, small bundle ~${smallBundle(smallPath('ctx0', { id: 0, org: 0 })).length} B of JSON)`,
  )

  // Warm-up, not measured: Node's fetch classes (undici's Response) and the
  // runtime's code paths set themselves up on first use, on the JS heap.
  // TanStack's half runs after mizan's and finds them ready, so mizan's
  // must too, or it is charged ~200 B per entry that are not its own.
  {
    const wf = new ScriptedFetch()
    wf.respond = (url) => new Response(smallBundle(url))
    const warm = mizanKernel(wf)
    const hs = Array.from({ length: 100 }, (_, j) => warm.registerContext('warm', { org: 0, id: j }))
    await until(() => hs.every((h) => h.getState().status === 'success'))
    warm.dispose()
  }

  // mizan: mounted in batches of 100, each batch loaded before the next, so
  // that every wasm heap growth can be attributed to a count of entries.
  const f = new ScriptedFetch()
  f.respond = (url) => new Response(smallBundle(url))
  const kernel = mizanKernel(f)
  const handles = []
  const unsubs = []
  let loaded = 0
  await collect()
  const heap0 = heapUsed()
  const wasm0 = wasmBytes()
  const inUse0 = wasmHeap().inUse
  growthMark = () => loaded
  const firstGrowth = growths.length
  for (let i = 0; i < N; i += 100) {
    for (let j = i; j < i + 100; j++) {
      const h = kernel.registerContext(`ctx${Math.floor(j / 100)}`, { org: j % 10, id: j })
      unsubs.push(h.subscribe(noop))
      handles.push(h)
    }
    await until(() => handles[handles.length - 1].getState().status === 'success' && f.calls >= i + 100)
    await until(() => kernel.stats.pendingRequests === 0)
    loaded = i + 100
  }
  growthMark = () => 0
  check(
    handles.every((h) => h.getState().data?.profile?.active === true),
    'mizan: every entry loaded',
  )
  await collect()
  const mizanHeap = (heapUsed() - heap0) / N
  // The allocator's own count of bytes in use (memory grows geometrically,
  // so the linear memory size is only an upper bound).
  const wasmPerEntry = (wasmHeap().inUse - inUse0) / N
  const wasmHow = `allocator bytes in use, / N; linear memory ${mb(wasm0)} -> ${mb(wasmBytes())} (${growths.length - firstGrowth} growths)`
  check(kernel.stats.entries === N, 'mizan: N entries')
  const stats = kernel.stats

  // TanStack: a QueryObserver per query, loaded through its queryFn.
  const tf = new ScriptedFetch()
  tf.respond = (url) => new Response(smallBundle(url))
  const qc = tanstackClient()
  const observers = []
  const tunsubs = []
  await collect()
  const theap0 = heapUsed()
  const queryFn = tanstackQueryFn(tf, ([name, p]) => smallPath(name, p))
  for (let j = 0; j < N; j++) {
    const o = new QueryObserver(qc, { queryKey: [`ctx${Math.floor(j / 100)}`, { org: j % 10, id: j }], queryFn })
    tunsubs.push(o.subscribe(noop))
    observers.push(o)
  }
  await until(() => observers.every((o) => o.getCurrentResult().status === 'success'))
  check(
    observers.every((o) => o.getCurrentResult().data?.profile?.active === true),
    'tanstack: every query loaded',
  )
  await collect()
  const tanstackHeap = (heapUsed() - theap0) / N

  console.log(`    mizan    JS heap      ${num(mizanHeap, 0).padStart(6)} B/entry`)
  console.log(`    mizan    wasm heap    ${num(wasmPerEntry, 0).padStart(6)} B/entry   (${wasmHow})`)
  console.log(`    mizan    total        ${num(mizanHeap + wasmPerEntry, 0).padStart(6)} B/entry   stats ${JSON.stringify(stats)}`)
  console.log(`    tanstack JS heap      ${num(tanstackHeap, 0).padStart(6)} B/entry   (QueryObserver + Query per entry)`)
  const r = (mizanHeap + wasmPerEntry) / tanstackHeap
  console.log(
    `    ratio mizan/tanstack memory: ${num(r, 2)}x (JS heap alone: ${num(mizanHeap / tanstackHeap, 2)}x)  target < 0.5x: ${r < 0.5 ? 'met' : 'MISSED'}`,
  )

  for (const u of unsubs) u()
  for (const h of handles) h.unregister()
  kernel.dispose()
  for (const u of tunsubs) u()
  qc.clear()
}

// --- 4. Register/subscribe/unsubscribe/unregister churn ----------------------

{
  const N = 100_000
  header(`4. Register + subscribe + unsubscribe + unregister, ${N.toLocaleString('en')} times (gcTime 0), per cycle`)
  const f = new ScriptedFetch()
  f.respond = (url, init) => (url.includes('/warm/') ? new Response('{"a":[1,2,3]}') : ScriptedFetch.pending(init))
  const kernel = mizanKernel(f, { gcTime: 0 })
  const tf = new ScriptedFetch()
  tf.respond = (url, init) => (url.includes('/warm/') ? new Response('{"a":[1,2,3]}') : ScriptedFetch.pending(init))
  const qc = tanstackClient({ gcTime: 0 })
  const queryFn = tanstackQueryFn(tf, ([name, p]) => `/api/mizan/ctx/${name}/?id=${p.id}`)

  // prepare() runs untimed and returns release(), called just before the
  // clock starts: for "cached" it lets go of a loaded registration, so the
  // entry is unmounted but still cached when the loop begins.
  const mizanRound = async (name, paramsOf, prepare) => {
    const release = await prepare()
    const t0 = performance.now()
    release()
    for (let i = 0; i < N; i++) {
      const h = kernel.registerContext(name, paramsOf(i))
      const off = h.subscribe(noop)
      off()
      h.unregister()
    }
    return performance.now() - t0
  }
  const tanstackRound = async (name, paramsOf, prepare) => {
    const release = await prepare()
    const t0 = performance.now()
    release()
    for (let i = 0; i < N; i++) {
      const o = new QueryObserver(qc, { queryKey: [name, paramsOf(i)], queryFn })
      const off = o.subscribe(noop)
      off() // TanStack has no unregister: the last observer gone, the query is removed after gcTime
    }
    return performance.now() - t0
  }
  const mizanWarm = async () => {
    const h = kernel.registerContext('warm', { id: 1 })
    await until(() => h.getState().status === 'success')
    return () => h.unregister()
  }
  const tanstackWarm = async () => {
    const o = new QueryObserver(qc, { queryKey: ['warm', { id: 1 }], queryFn })
    const off = o.subscribe(noop)
    await until(() => o.getCurrentResult().status === 'success')
    return off
  }
  const nothing = async () => noop

  const variants = [
    // Same params, data cached: a registration loaded it first and lets go
    // just before the loop, so each cycle remounts a cached entry (no fetch).
    ['same params (cached, no fetch)', 'warm', () => ({ id: 1 }), mizanWarm, tanstackWarm],
    // Distinct params: each cycle creates an entry, starts its fetch and
    // aborts it on unregister; the gc timer evicts the entries afterwards.
    ['distinct params (new entry + fetch + abort)', 'cold', (i) => ({ id: i }), nothing, nothing],
  ]
  for (const [label, name, paramsOf, mizanPrepare, tanstackPrepare] of variants) {
    console.log(`  ${label}`)
    const rounds = { mizan: [], tanstack: [] }
    const memory = { mizan: [], tanstack: [] }
    for (let round = 0; round < 2; round++) {
      await collect()
      const before = { entries: kernel.stats.entries, heap: heapUsed(), wasm: wasmBytes(), inUse: wasmHeap().inUse, calls: f.calls }
      const wasmGrowths = growths.length
      const ms = await mizanRound(name, paramsOf, mizanPrepare)
      await collect()
      const after = { entries: kernel.stats.entries, heap: heapUsed(), wasm: wasmBytes(), inUse: wasmHeap().inUse, calls: f.calls }
      rounds.mizan.push(ms / N)
      const { records, pendingRequests } = kernel.stats
      memory.mizan.push({ before, after, growths: growths.length - wasmGrowths, pendingRequests, records })

      await collect()
      const tbefore = { entries: qc.getQueryCache().getAll().length, heap: heapUsed(), calls: tf.calls }
      const tms = await tanstackRound(name, paramsOf, tanstackPrepare)
      await collect()
      const tafter = { entries: qc.getQueryCache().getAll().length, heap: heapUsed(), calls: tf.calls }
      rounds.tanstack.push(tms / N)
      memory.tanstack.push({ before: tbefore, after: tafter })
    }
    timingLine('mizan', rounds.mizan)
    timingLine('tanstack', rounds.tanstack)
    ratioLine(rounds.mizan, rounds.tanstack)
    memory.mizan.forEach((m, i) =>
      console.log(
        `    mizan    round ${i + 1}: entries ${m.before.entries} -> ${m.after.entries} (JS records ${m.records}, requests pending ${m.pendingRequests}), fetches ${m.after.calls - m.before.calls}, ` +
          `JS heap ${mb(m.before.heap)} -> ${mb(m.after.heap)}, wasm heap in use ${m.before.inUse} B -> ${m.after.inUse} B, wasm memory ${mb(m.before.wasm)} -> ${mb(m.after.wasm)} (${m.growths} growths)`,
      ),
    )
    memory.tanstack.forEach((m, i) =>
      console.log(
        `    tanstack round ${i + 1}: queries ${m.before.entries} -> ${m.after.entries}, fetches ${m.after.calls - m.before.calls}, JS heap ${mb(m.before.heap)} -> ${mb(m.after.heap)}`,
      ),
    )
    check(
      memory.mizan.every((m) => m.after.entries === m.before.entries && m.records === 0),
      'mizan: entries back to baseline',
    )
    check(
      memory.tanstack.every((m) => m.after.entries === m.before.entries),
      'tanstack: queries back to baseline',
    )
  }
  console.log('    (wasm memory never shrinks: its growth in round 1 is the high-water mark of 100,000 unmounted')
  console.log('     entries awaiting the gc timer; in later rounds the evicted memory is reused, so a leak would')
  console.log('     show as steady growth round after round, and entries/records would not return to 0)')
  kernel.dispose()
  qc.clear()
}

// --- 1. Scoped invalidation among many mounted contexts ----------------------

async function invalidationScale(names, { warmup, reps }) {
  const N = names * 100
  header(
    `1. Scoped invalidation matching 10 of ${N.toLocaleString('en')} mounted contexts (${names} names x 100 params {org: i % 10, id}): time from the invalidate call to the 10th fetch call`,
  )
  // Both sides load every context through the same scripted Response.
  const f = new ScriptedFetch()
  f.respond = (url) => new Response(smallBundle(url))
  const kernel = mizanKernel(f)
  const handles = []
  let t = performance.now()
  for (let i = 0; i < N; i++) {
    const h = kernel.registerContext(`ctx${Math.floor(i / 100)}`, { org: i % 10, id: i })
    h.subscribe(noop)
    handles.push(h)
  }
  await f.until(N)
  await until(() => kernel.stats.pendingRequests === 0, 'mizan loads')
  const mizanSetup = performance.now() - t
  check(
    handles.every((h) => h.getState().status === 'success'),
    'mizan: all loaded',
  )

  const tf = new ScriptedFetch()
  tf.respond = (url) => new Response(smallBundle(url))
  const qc = tanstackClient() // staleTime Infinity: fresh until invalidated, as in mizan
  const queryFn = tanstackQueryFn(tf, ([name, p]) => smallPath(name, p))
  const observers = []
  t = performance.now()
  for (let i = 0; i < N; i++) {
    const o = new QueryObserver(qc, { queryKey: [`ctx${Math.floor(i / 100)}`, { org: i % 10, id: i }], queryFn })
    o.subscribe(noop)
    observers.push(o)
  }
  await tf.until(N)
  await until(() => qc.isFetching() === 0, 'tanstack loads')
  const tanstackSetup = performance.now() - t
  check(
    observers.every((o) => o.getCurrentResult().status === 'success'),
    'tanstack: all loaded',
  )

  // While timing, fetches are held (as if the server had not answered yet);
  // after each repetition they are answered and settle, untimed, so every
  // repetition starts from loaded, idle contexts.
  const held = []
  const hold = (url) => new Promise((resolve) => held.push(() => resolve(new Response(smallBundle(url)))))
  f.respond = hold
  tf.respond = hold
  const settle = async () => {
    await tick()
    for (const answer of held.splice(0)) answer()
    await until(() => kernel.stats.pendingRequests === 0 && qc.isFetching() === 0, 'refetches to settle')
    await sleep(0) // TanStack's batched notifications
  }
  await collect()

  const samples = { mizan: [], predicate: [], queryKey: [] }
  let pair = 0
  const nextTarget = () => {
    const k = pair++
    return { name: `ctx${(k * 37 + 11) % names}`, org: (k * 3) % 10 }
  }
  const timeOne = async (fetcher, invalidate) => {
    const before = fetcher.calls
    const done = fetcher.until(before + 10)
    const start = performance.now()
    invalidate()
    const tenth = await done // the time of the 10th fetch call
    const ms = tenth - start
    await tick()
    check(fetcher.calls - before === 10, `${fetcher.calls - before} fetches instead of 10`)
    await settle()
    return ms
  }
  for (let rep = 0; rep < warmup + reps; rep++) {
    const keep = rep >= warmup
    {
      const { name, org } = nextTarget()
      const ms = await timeOne(f, () => kernel.invalidate([{ context: name, params: { org } }]))
      if (keep) samples.mizan.push(ms)
    }
    {
      const { name, org } = nextTarget()
      const wanted = String(org) // mizan compares values as strings; so does this predicate
      const ms = await timeOne(tf, () => qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === name && String(q.queryKey[1]?.org) === wanted }))
      if (keep) samples.predicate.push(ms)
    }
    {
      const { name, org } = nextTarget()
      // TanStack's own partial key match (values compared by ===, so 3 would not match '3')
      const ms = await timeOne(tf, () => qc.invalidateQueries({ queryKey: [name, { org }] }))
      if (keep) samples.queryKey.push(ms)
    }
  }
  console.log(`    (${reps} repetitions each after ${warmup} warm-up, interleaved)`)
  timingLine('mizan kernel.invalidate', samples.mizan)
  timingLine('tanstack invalidateQueries predicate', samples.predicate)
  timingLine('tanstack invalidateQueries queryKey', samples.queryKey)
  const r = ratioLine(samples.mizan, samples.predicate, '(vs predicate)')
  ratioLine(samples.mizan, samples.queryKey, '(vs queryKey)')
  console.log(`    target mizan >= 10x faster than the predicate form: ${1 / r >= 10 ? 'met' : 'MISSED'}`)
  console.log(
    `    (setup, untimed: mount + first load through the scripted fetch, per context: mizan ${us(mizanSetup / N)}, tanstack ${us(tanstackSetup / N)})`,
  )
  kernel.dispose()
  for (const o of observers) o.destroy()
  qc.clear()
  await collect()
  return { mizan: median(samples.mizan), tanstack: median(samples.predicate) }
}

const small = await invalidationScale(100, { warmup: 10, reps: 30 })
const large = await invalidationScale(1000, { warmup: 5, reps: 15 })
console.log(
  `  scaling 10,000 -> 100,000 mounted (median): mizan ${num(large.mizan / small.mizan, 2)}x time, tanstack ${num(large.tanstack / small.tanstack, 2)}x time (flat = 1x)`,
)

// --- 2. Upsert one item into a 1,000-item list slot --------------------------

{
  const LIST = 1000
  const card = (id, rev) => ({ id, title: `Card ${id} rev ${rev}`, column: rev % 2 ? 'doing' : 'todo', position: id, done: false })
  const boardText = JSON.stringify({
    board: { id: 1, name: 'Board 1' },
    cards: Array.from({ length: LIST }, (_, i) => card(i, 0)),
    members: [{ id: 1, name: 'A' }],
  })
  header(
    `2. Upsert one item (existing id, replaced in place) into a ${LIST.toLocaleString('en')}-item list slot (${kb(boardText.length)} bundle) and read the new snapshot, per operation`,
  )
  const OPS = 300
  const ROUNDS = 7
  let rev = 0
  let callBody = ''
  const f = new ScriptedFetch()
  f.respond = (url) => new Response(url.endsWith('/call/') ? callBody : boardText)
  const kernel = mizanKernel(f)
  const h = kernel.registerContext('board', { id: 1 })
  h.subscribe(noop)
  await until(() => h.getState().status === 'success')
  const membersBefore = h.getState().data.members

  const tf = new ScriptedFetch()
  tf.respond = (url) => new Response(url.endsWith('/call/') ? callBody : boardText)
  const qc = tanstackClient()
  const key = ['board', { id: 1 }]
  const o = new QueryObserver(qc, { queryKey: key, queryFn: tanstackQueryFn(tf, () => '/api/mizan/ctx/board/?id=1') })
  o.subscribe(noop)
  await until(() => o.getCurrentResult().status === 'success')
  const upsert = (list, item) => {
    const i = list.findIndex((c) => c.id === item.id)
    if (i < 0) return [...list, item]
    const next = list.slice()
    next[i] = item
    return next
  }

  const samples = { mizan: [], mizanNoMerge: [], tanstack: [], tanstackFetch: [] }
  for (let round = 0; round < ROUNDS + 1; round++) {
    // mizan: a call whose response carries the merge, then the snapshot.
    let t = performance.now()
    for (let op = 0; op < OPS; op++) {
      const id = (op * 7) % LIST
      rev++
      callBody = `{"result":{"ok":true},"merge":[{"context":"board","slot":"cards","value":${JSON.stringify(card(id, rev))}}]}`
      await kernel.call('update_card', { id })
      const cards = h.getState().data.cards
      if (op === 0) check(cards.length === LIST && cards[id].title === `Card ${id} rev ${rev}`, 'mizan: upserted')
      sink(cards[id])
    }
    if (round > 0) samples.mizan.push((performance.now() - t) / OPS)

    // mizan, the same call with no merge (transport + envelope only).
    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      rev++
      callBody = `{"result":{"ok":true,"card":${JSON.stringify(card((op * 7) % LIST, rev))}}}`
      sink(await kernel.call('update_card', { id: 1 }))
      sink(h.getState().data.cards)
    }
    if (round > 0) samples.mizanNoMerge.push((performance.now() - t) / OPS)

    // TanStack as asked: setQueryData with an upsert, then getQueryData.
    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      const id = (op * 7) % LIST
      rev++
      const item = card(id, rev)
      qc.setQueryData(key, (old) => ({ ...old, cards: upsert(old.cards, item) }))
      const cards = qc.getQueryData(key).cards
      if (op === 0) check(cards.length === LIST && cards[id].title === `Card ${id} rev ${rev}`, 'tanstack: upserted')
      sink(cards[id])
    }
    if (round > 0) samples.tanstack.push((performance.now() - t) / OPS)

    // TanStack with the same round trip: POST through the scripted fetch,
    // Response.json(), then setQueryData (a mutation's onSuccess).
    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      const id = (op * 7) % LIST
      rev++
      callBody = `{"result":{"ok":true},"merge":[{"context":"board","slot":"cards","value":${JSON.stringify(card(id, rev))}}]}`
      const response = await tf.fetch('/api/mizan/call/', { method: 'POST', body: JSON.stringify({ fn: 'update_card', args: { id } }) })
      const { merge } = await response.json()
      qc.setQueryData(key, (old) => ({ ...old, cards: upsert(old.cards, merge[0].value) }))
      sink(qc.getQueryData(key).cards[id])
    }
    if (round > 0) samples.tanstackFetch.push((performance.now() - t) / OPS)
    await sleep(0)
  }
  check(h.getState().data.members === membersBefore, 'mizan: an untouched slot keeps its object')
  // After one more upsert, do the other 999 items keep their objects?
  {
    const mizanBefore = h.getState().data.cards
    callBody = `{"result":{"ok":true},"merge":[{"context":"board","slot":"cards","value":${JSON.stringify(card(5, ++rev))}}]}`
    await kernel.call('update_card', { id: 5 })
    const mizanAfter = h.getState().data.cards
    const tanstackBefore = qc.getQueryData(key).cards
    qc.setQueryData(key, (old) => ({ ...old, cards: upsert(old.cards, card(5, rev)) }))
    const tanstackAfter = qc.getQueryData(key).cards
    const kept = (a, b) => a.filter((item, i) => i !== 5 && item === b[i]).length
    console.log(
      `    untouched items that keep their object after an upsert: mizan ${kept(mizanBefore, mizanAfter)}/${LIST - 1}, tanstack ${kept(tanstackBefore, tanstackAfter)}/${LIST - 1}`,
    )
  }
  timingLine('mizan call + merge + getState', samples.mizan)
  timingLine('tanstack setQueryData + get', samples.tanstack)
  ratioLine(samples.mizan, samples.tanstack, '(as specified)')
  timingLine('tanstack fetch + json + setQueryData', samples.tanstackFetch)
  ratioLine(samples.mizan, samples.tanstackFetch, '(same round trip on both sides)')
  timingLine('mizan call without merge (baseline)', samples.mizanNoMerge)
  console.log(`    => mizan merge + new snapshot alone: ~${us(median(samples.mizan) - median(samples.mizanNoMerge))} per upsert (median difference)`)
  kernel.dispose()
  qc.clear()
  await collect()
}

// --- 3. Ingest a ~100 KB bundle and read its snapshot ------------------------

{
  const bigBundle = (variant) => {
    const cards = []
    for (let i = 0; i < 640; i++) {
      cards.push({
        id: i,
        title: `Card ${i} (${variant})`,
        column: ['todo', 'doing', 'done'][i % 3],
        position: i,
        done: i % 5 === 0,
        tags: ['ui', `t${i % 7}`],
        assignee: { id: i % 20, name: `User ${i % 20}` },
        estimate: (i % 13) / 2,
      })
    }
    const members = Array.from({ length: 20 }, (_, i) => ({ id: i, name: `User ${i}`, email: `user${i}@example.test`, role: i ? 'member' : 'owner' }))
    const activity = Array.from({ length: 60 }, (_, i) => ({ at: 1700000000000 + i * 1000, kind: 'moved', card: i, note: `moved by ${variant}` }))
    return JSON.stringify({ board: { id: 1, name: `Board (${variant})`, columns: ['todo', 'doing', 'done'] }, cards, members, activity })
  }
  const texts = [bigBundle('A'), bigBundle('B')]
  // The same shape with every number an integer (diagnostic: see section 3's notes).
  const integral = (text) => text.replace(/"estimate":(\d+)\.5/g, '"estimate":$1')
  header(`3. Ingest a ${kb(texts[0].length)} bundle response (4 slots) and read its snapshot, per operation`)
  let current = 0
  const f = new ScriptedFetch()
  f.respond = () => new Response(texts[current])
  const kernel = mizanKernel(f)
  const h = kernel.registerContext('big', { id: 1 })
  h.subscribe(noop)
  await until(() => h.getState().status === 'success')

  const tf = new ScriptedFetch()
  tf.respond = () => new Response(texts[current])
  const qc = tanstackClient()
  const key = ['big', { id: 1 }]
  const o = new QueryObserver(qc, { queryKey: key, queryFn: tanstackQueryFn(tf, () => '/api/mizan/ctx/big/?id=1') })
  o.subscribe(noop)
  await until(() => o.getCurrentResult().status === 'success')

  const OPS = 20
  const ROUNDS = 7
  const samples = { mizan: [], tanstack: [], floor: [], mizanSame: [], tanstackSame: [], mizanIntegral: [] }
  const fractional = texts.map((t) => t.match(/"estimate":\d+\.5/g).length)
  const expected = () => `Card 639 (${current ? 'B' : 'A'})`
  for (let round = 0; round < ROUNDS + 1; round++) {
    let t = performance.now()
    for (let op = 0; op < OPS; op++) {
      current ^= 1
      await h.refetch()
      const data = h.getState().data
      check(data.cards[639].title === expected(), 'mizan: new data')
    }
    if (round > 0) samples.mizan.push((performance.now() - t) / OPS)

    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      current ^= 1
      await o.refetch()
      const data = qc.getQueryData(key)
      check(data.cards[639].title === expected(), 'tanstack: new data')
    }
    if (round > 0) samples.tanstack.push((performance.now() - t) / OPS)

    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      current ^= 1
      const data = await new Response(texts[current]).json()
      sink(data)
    }
    if (round > 0) samples.floor.push((performance.now() - t) / OPS)

    // The same text again: every slot unchanged.
    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      await h.refetch()
      sink(h.getState().data)
    }
    if (round > 0) samples.mizanSame.push((performance.now() - t) / OPS)
    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      await o.refetch()
      sink(qc.getQueryData(key))
    }
    if (round > 0) samples.tanstackSame.push((performance.now() - t) / OPS)

    // Diagnostic: the changed-bundle case again, every number integral.
    const original = texts.slice()
    texts[0] = integral(original[0])
    texts[1] = integral(original[1])
    t = performance.now()
    for (let op = 0; op < OPS; op++) {
      current ^= 1
      await h.refetch()
      check(h.getState().data.cards[639].title === expected(), 'mizan: new data (integral)')
    }
    if (round > 0) samples.mizanIntegral.push((performance.now() - t) / OPS)
    texts[0] = original[0]
    texts[1] = original[1]
    await sleep(0)
  }
  console.log('  every slot changed (alternating two bundles):')
  timingLine('mizan refetch + getState', samples.mizan)
  timingLine('tanstack refetch + getQueryData', samples.tanstack)
  const r = ratioLine(samples.mizan, samples.tanstack)
  console.log(`    target mizan within 1.5x: ${r <= 1.5 ? 'met' : 'MISSED'}`)
  timingLine('floor: new Response(text).json()', samples.floor)
  timingLine('mizan, all numbers integral (diag.)', samples.mizanIntegral)
  console.log(
    `    => ~${us((median(samples.mizan) - median(samples.mizanIntegral)) / fractional[0])} per fractional number (${fractional[0]} of them, e.g. 2.5) in mizan (median difference)`,
  )
  console.log('  same bundle again (nothing changed):')
  timingLine('mizan refetch + getState', samples.mizanSame)
  timingLine('tanstack refetch + getQueryData', samples.tanstackSame)
  ratioLine(samples.mizanSame, samples.tanstackSame)
  kernel.dispose()
  qc.clear()
}

console.log(`\ndone in ${num((performance.now() - started) / 1000, 1)} s`)
if (sinkValue === 42) console.log('')
