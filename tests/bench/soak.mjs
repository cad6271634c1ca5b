// Soak: a client kernel (server: false, gcTime 1 ms, so entries are evicted
// as they go) driven through 1,000,000 register/unregister cycles and
// 100,000 calls whose responses carry merges and invalidations, against a
// scripted fetch (no network). At start, after a warm-up, at every
// checkpoint and at the end it lets the kernel go idle, collects garbage and
// prints the wasm heap (allocator bytes in use) and the JS heap, and checks:
//
//   - flat wasm heap: every checkpoint within WASM_SLACK (4 KB) of the
//     post-warm-up baseline (the I/O buffers may keep up to 64 KB each,
//     which the warm-up has already reached);
//   - flat JS heap: the end within JS_SLACK (1 MB) of the post-warm-up
//     baseline;
//   - no upward trend: the least-squares line through the checkpoints,
//     extrapolated over the run, rises less than half the slack (2 KB of
//     wasm, 512 KB of JS: a leak of one byte per cycle shows);
//   - no listener or entry leaks: kernel.stats back to the one long-lived
//     "anchor" entry (entries, records — which hold the listeners —, pending
//     requests and calls), and 0 once it goes; listeners added to and
//     removed from the anchor (a second registration, observe) are never
//     called when it changes, while its own listener is;
//   - no AbortController leaks: every controller created (counted by
//     wrapping globalThis.AbortController) was either aborted or its fetch
//     settled, and the transport holds none;
//   - the work was done: every call resolved with its result, merges landed,
//     invalidations refetched, the bad header items were reported.
//
//   node --expose-gc tests/bench/soak.mjs            # the full run (about 40 s on 2 cores)
//   node --expose-gc tests/bench/soak.mjs --quick    # 20,000 cycles, 2,000 calls
//
// Exits 1 with the failed checks listed. tests/js/soak.test.js runs the
// quick version under Vitest with the same checks.
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { createKernel, init } from '../../js/index.js'
import { wasmHeap } from '../../js/wasm.js'

export const WASM_SLACK = 4 * 1024 // bytes
export const JS_SLACK = 1024 * 1024 // bytes

const BATCH = 1000 // cycles between yields to the event loop
const CALL_BATCH = 100 // calls in flight together
const USERS = 16
const CARD_IDS = 24

function getGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc
  // Without --expose-gc (e.g. under Vitest): switch the flag on at run time
  // and take gc from a fresh context, where V8 now installs it.
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc')
}

const encoder = new TextEncoder()
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const tick = () => new Promise((resolve) => setImmediate(resolve))

// AbortControllers, counted: each must end aborted or with its fetch settled.
function countAbortControllers() {
  const Original = globalThis.AbortController
  const live = new Set() // signals neither aborted nor settled
  const counts = { created: 0, aborted: 0, settled: 0 }
  class CountedAbortController extends Original {
    constructor() {
      super()
      counts.created++
      const { signal } = this
      live.add(signal)
      signal.addEventListener('abort', () => live.delete(signal) && counts.aborted++, { once: true })
    }
  }
  globalThis.AbortController = CountedAbortController
  return {
    counts,
    live,
    settled(signal) {
      if (signal && live.delete(signal)) counts.settled++
    },
    restore() {
      globalThis.AbortController = Original
    },
  }
}

// A fetch that answers every context GET and call from a script, on the
// next microtask (so a mount and unmount in one synchronous run abort it).
function scriptedFetch(controllers) {
  const s = { gets: 0, calls: 0, perContext: new Map() }
  const reply = (status, text, header = null) => {
    const bytes = encoder.encode(text)
    return { status, headers: { get: (name) => (name === 'X-Mizan-Invalidate' ? header : null) }, arrayBuffer: async () => bytes.buffer }
  }
  s.fetch = async (url, init) => {
    try {
      await null
      if (init.signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError')
      const ctx = /\/ctx\/([a-z]+)\/\?*(.*)$/.exec(url)
      if (ctx) {
        s.gets++
        s.perContext.set(ctx[1], (s.perContext.get(ctx[1]) ?? 0) + 1)
        if (ctx[1] === 'board') {
          return reply(200, `{"info":{"name":"Board","fetch":${s.gets}},"cards":[{"id":0,"t":"seed"}]}`)
        }
        return reply(200, `{"${ctx[1]}":{"q":"${ctx[2]}","fetch":${s.gets}}}`)
      }
      const body = JSON.parse(init.body)
      s.calls++
      const k = body.args.k
      const merge = [
        { context: 'board', slot: 'cards', value: { id: k % CARD_IDS, t: `card ${k}` } },
        { context: 'board', slot: 'info', value: { name: `Board ${k}` } },
      ]
      const invalidate = [{ context: 'user', params: { user_id: k % USERS } }]
      // Every tenth response carries a header with one bad item, reported.
      const header = k % 10 === 0 ? `item;id=${k}, ;bad` : `user;user_id=${(k + 1) % USERS}`
      return reply(200, JSON.stringify({ result: { k }, merge, invalidate }), header)
    } finally {
      controllers.settled(init.signal)
    }
  }
  return s
}

// The slope of the least-squares line through (i, values[i]).
function trend(values) {
  const n = values.length
  if (n < 2) return 0
  const meanX = (n - 1) / 2
  const meanY = values.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY)
    den += (x - meanX) ** 2
  })
  return num / den
}

/**
 * Runs the soak and returns { samples, failures, counts, ms }. `log` gets
 * one line per checkpoint.
 */
export async function runSoak({ cycles = 1_000_000, calls = 100_000, checkpoints = 10, log = () => {} } = {}) {
  await init()
  const gc = getGc()
  const controllers = countAbortControllers()
  const script = scriptedFetch(controllers)
  // Counted, not kept (keeping 10,000 strings would itself grow the heap).
  const problems = { count: 0, unexpected: [] }
  const onProblem = (p) => {
    problems.count++
    if (!/^X-Mizan-Invalidate item ";bad": .*; skipped$/.test(p) && problems.unexpected.length < 3) problems.unexpected.push(p)
  }
  const kernel = createKernel({ fetch: script.fetch, csrf: false, server: false, gcTime: 1, onProblem })
  const failures = []
  const fail = (message) => failures.push(message)
  const samples = []
  const started = performance.now()
  let cycle = 0
  let callsDone = 0
  let resolved = 0
  let notifications = 0
  const listener = () => notifications++

  // The anchor: one entry mounted for the whole run with one listener of
  // its own, onto which cycles add and remove other listeners (through a
  // second registration and through observe); once they are gone, a change
  // of the anchor must reach its own listener and none of theirs.
  const anchor = kernel.registerContext('anchor')
  let anchorCalls = 0
  let transientCalls = 0
  // A new function each time: the store keeps listeners in a Set, where a
  // leaked copy of a shared function would hide behind a later unsubscribe.
  const transient = () => () => transientCalls++
  anchor.subscribe(() => anchorCalls++)
  while (anchor.getState().status !== 'success') await tick()

  async function settle(expected) {
    // Idle: nothing in flight, every entry but `expected` evicted (gcTime 1 ms).
    for (let i = 0; i < 2000; i++) {
      const s = kernel.stats
      if (s.entries === expected && s.records === expected && s.pendingRequests === 0 && s.pendingCalls === 0) break
      await sleep(2)
    }
  }

  async function checkAnchorListeners(label) {
    const own = anchorCalls
    const others = transientCalls
    const gets = script.perContext.get('anchor')
    kernel.invalidate(['anchor'])
    while (script.perContext.get('anchor') === gets || anchor.getState().isFetching) await tick()
    if (anchorCalls === own) fail(`${label}: the anchor's own listener was not called after its refetch`)
    if (transientCalls !== others) fail(`${label}: ${transientCalls - others} calls of listeners that had unsubscribed (a listener leak)`)
  }

  async function sample(label) {
    await checkAnchorListeners(label)
    await settle(1)
    gc()
    gc()
    const s = {
      label,
      cycles: cycle,
      calls: callsDone,
      wasm: wasmHeap().inUse,
      memory: wasmHeap().memory,
      js: process.memoryUsage().heapUsed,
      stats: kernel.stats,
      controllers: { ...controllers.counts, live: controllers.live.size },
      seconds: (performance.now() - started) / 1000,
    }
    samples.push(s)
    log(s)
    const expected = { entries: 1, records: 1, pendingRequests: 0, pendingCalls: 0 } // the anchor
    for (const [key, value] of Object.entries(s.stats)) {
      if (value !== expected[key]) {
        fail(`${label}: kernel.stats.${key} is ${value}, not ${expected[key]} (a leaked ${key === 'records' ? 'record with its listeners' : key})`)
      }
    }
    if (s.controllers.live !== 0) fail(`${label}: ${s.controllers.live} AbortControllers neither aborted nor settled`)
    if (s.controllers.created !== s.controllers.aborted + s.controllers.settled) {
      fail(`${label}: ${s.controllers.created} AbortControllers created, ${s.controllers.aborted} aborted + ${s.controllers.settled} settled`)
    }
    return s
  }

  // One register/unregister cycle; six kinds in turn. `held` keeps what
  // stays mounted until the next yield (so its fetch completes).
  const held = []
  function oneCycle(i) {
    switch (i % 8) {
      case 0: {
        // same params, registerContext: a cached entry, no fetch while fresh
        const h = kernel.registerContext('user', { user_id: i % USERS })
        const off = h.subscribe(listener)
        h.getState()
        off()
        h.unregister()
        break
      }
      case 1: {
        // distinct params, registerContext: a fetch, aborted by the unmount
        const h = kernel.registerContext('item', { id: i })
        h.subscribe(listener)()
        h.unregister()
        break
      }
      case 2: {
        // same params, observe: unmounted a microtask after the last unsubscribe
        const o = kernel.observe('board', { board_id: i % 4 })
        const off = o.subscribe(listener)
        o.getState()
        off()
        break
      }
      case 3: {
        // distinct params, observe
        const o = kernel.observe('item', { id: i, via: 'observe' })
        o.subscribe(listener)()
        break
      }
      case 4: {
        // distinct params, held past the yield: the fetch completes
        const h = kernel.registerContext('item', { id: i, held: true })
        const off = h.subscribe(listener)
        held.push(() => (off(), h.unregister()))
        break
      }
      case 5: {
        // same params, observed past the yield
        const o = kernel.observe('user', { user_id: i % USERS })
        held.push(o.subscribe(listener))
        break
      }
      case 6: {
        // a second registration of the long-lived anchor
        const h = kernel.registerContext('anchor')
        const off = h.subscribe(transient())
        off()
        h.unregister()
        break
      }
      default: {
        // the anchor through observe
        kernel.observe('anchor').subscribe(transient())()
      }
    }
  }

  async function runCycles(n) {
    for (let done = 0; done < n; done += BATCH) {
      const end = Math.min(n, done + BATCH)
      for (let i = done; i < end; i++) oneCycle(cycle++)
      await tick()
      for (const release of held.splice(0)) release()
      await tick()
      // Each batch's entries evicted before the next starts: how many are
      // alive at once (the store's tables' high-water mark, the size of an
      // eviction's output) is then the same in every batch, the warm-up's
      // included, however late a busy machine runs the 1 ms gc timer.
      await settle(1)
    }
  }

  async function runCalls(n) {
    // The contexts the responses merge into and invalidate.
    const board = kernel.registerContext('board', { board_id: 1 })
    const offBoard = board.subscribe(listener)
    const users = Array.from({ length: USERS }, (_, u) => kernel.registerContext('user', { user_id: u }))
    while (board.getState().status !== 'success') await tick()
    for (let done = 0; done < n; done += CALL_BATCH) {
      const batch = []
      for (let j = done; j < Math.min(n, done + CALL_BATCH); j++) {
        const k = callsDone++
        batch.push(
          kernel.call('touch_card', { k }).then((result) => {
            if (result?.k === k) resolved++
            else fail(`call ${k} resolved with ${JSON.stringify(result)}`)
          }),
        )
      }
      await Promise.all(batch)
      await tick()
    }
    // The merges landed: every card id seen once, the last upsert of each kept.
    const cards = board.getState().data?.cards ?? []
    const ids = new Set(cards.map((c) => c.id))
    if (ids.size !== cards.length || cards.length > CARD_IDS + 1) fail(`board cards after merges: ${JSON.stringify(cards).slice(0, 200)}`)
    offBoard()
    board.unregister()
    for (const u of users) u.unregister()
  }

  const cyclesPerRound = Math.floor(cycles / checkpoints)
  const callsPerRound = Math.floor(calls / checkpoints)
  const warmUp = { cycles: Math.min(20_000, cyclesPerRound), calls: Math.min(2_000, callsPerRound) }

  await sample('start')
  await runCycles(warmUp.cycles)
  await runCalls(warmUp.calls)
  const warmCycles = cycle
  const warmCalls = callsDone
  const baseline = await sample('warm-up')
  cycle = 0
  callsDone = 0
  resolved = 0
  problems.count = 0
  for (let round = 1; round <= checkpoints; round++) {
    await runCycles(round === checkpoints ? cycles - cycle : cyclesPerRound)
    await runCalls(round === checkpoints ? calls - callsDone : callsPerRound)
    await sample(round === checkpoints ? 'end' : `checkpoint ${round}`)
  }
  const ms = performance.now() - started

  // Nothing left once the anchor goes too.
  anchor.unregister()
  await settle(0)
  const last = kernel.stats
  if (Object.values(last).some((v) => v !== 0)) fail(`after the anchor's unregister: kernel.stats ${JSON.stringify(last)}, not all 0`)
  if (controllers.live.size !== 0) fail(`after the anchor's unregister: ${controllers.live.size} AbortControllers live`)

  // --- Flatness ---------------------------------------------------------------
  const measured = samples.slice(samples.indexOf(baseline))
  for (const s of measured.slice(1)) {
    if (s.wasm - baseline.wasm > WASM_SLACK) {
      fail(
        `${s.label}: wasm heap ${s.wasm} B is ${s.wasm - baseline.wasm} B above the post-warm-up baseline ${baseline.wasm} B (slack ${WASM_SLACK} B)`,
      )
    }
  }
  const end = measured.at(-1)
  if (end.js - baseline.js > JS_SLACK) {
    fail(`end: JS heap ${end.js} B is ${end.js - baseline.js} B above the post-warm-up baseline ${baseline.js} B (slack ${JS_SLACK} B)`)
  }
  // No trend: the least-squares line through the checkpoints, extrapolated
  // over the whole run, must rise less than half the slack (a slow leak
  // that noise hides from a point comparison still shows in the slope).
  for (const [key, slack] of [
    ['wasm', WASM_SLACK],
    ['js', JS_SLACK],
  ]) {
    const rise = trend(measured.map((s) => s[key])) * (measured.length - 1)
    if (rise > slack / 2) {
      fail(`${key} heap trends upwards: +${Math.round(rise)} B over the run (limit ${slack / 2} B): ${measured.map((s) => s[key]).join(' -> ')}`)
    }
  }

  // --- The work was done -------------------------------------------------------
  if (resolved !== calls) fail(`${resolved} of ${calls} calls resolved with their result`)
  const badHeaders = Math.ceil(calls / 10)
  const expectedProblems = Array.from({ length: calls }, (_, k) => k + warmCalls).filter((k) => k % 10 === 0).length
  if (problems.count !== expectedProblems || problems.unexpected.length > 0) {
    fail(
      `expected ${expectedProblems} (about ${badHeaders}) reported header problems, got ${problems.count}; unexpected: ${problems.unexpected.join(' | ')}`,
    )
  }
  if (notifications === 0) fail('no listener was ever notified')
  if ((script.perContext.get('user') ?? 0) < USERS) fail('the invalidations refetched no user context')

  kernel.dispose()
  controllers.restore()
  return { samples, failures, ms, final: last, warmUp: { cycles: warmCycles, calls: warmCalls }, cycles, calls, gets: script.gets, notifications }
}

// --- As a script -----------------------------------------------------------------

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

function printSample(s) {
  console.log(
    [
      s.label.padEnd(14),
      `${s.cycles.toLocaleString('en').padStart(9)} cycles`,
      `${s.calls.toLocaleString('en').padStart(7)} calls`,
      `wasm heap ${kb(s.wasm).padStart(9)} (memory ${(s.memory / 2 ** 20).toFixed(1)} MB)`,
      `JS heap ${kb(s.js).padStart(10)}`,
      `entries ${s.stats.entries} records ${s.stats.records} requests ${s.stats.pendingRequests} calls ${s.stats.pendingCalls}`,
      `AbortControllers ${s.controllers.created.toLocaleString('en')} (live ${s.controllers.live})`,
      `${s.seconds.toFixed(1)} s`,
    ].join('  '),
  )
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick')
  const options = quick ? { cycles: 20_000, calls: 2_000, checkpoints: 4 } : { cycles: 1_000_000, calls: 100_000, checkpoints: 10 }
  if (typeof globalThis.gc !== 'function') console.log('(no --expose-gc: enabling gc at run time)')
  console.log(
    `soak: ${options.cycles.toLocaleString('en')} register/unregister cycles and ${options.calls.toLocaleString('en')} calls, ${options.checkpoints} checkpoints`,
  )
  const report = await runSoak({ ...options, log: printSample })
  const [start, warm] = report.samples
  const end = report.samples.at(-1)
  console.log(
    `wasm heap: start ${kb(start.wasm)}, after warm-up ${kb(warm.wasm)}, end ${kb(end.wasm)} (${end.wasm - warm.wasm >= 0 ? '+' : ''}${end.wasm - warm.wasm} B; slack ${WASM_SLACK} B)`,
  )
  console.log(
    `JS heap:   start ${kb(start.js)}, after warm-up ${kb(warm.js)}, end ${kb(end.js)} (${end.js - warm.js >= 0 ? '+' : ''}${kb(end.js - warm.js)}; slack ${kb(JS_SLACK)})`,
  )
  console.log(`context GETs ${report.gets.toLocaleString('en')}, listener calls ${report.notifications.toLocaleString('en')}`)
  console.log(`duration: ${(report.ms / 1000).toFixed(1)} s`)
  if (report.failures.length > 0) {
    console.error(`soak FAILED:\n  ${report.failures.join('\n  ')}`)
    process.exit(1)
  }
  console.log('soak passed: heaps flat, no leaked entries, listeners or AbortControllers')
}
