// 'mizan-kernel/persist' in Node: real kernels (browser ones: server false)
// against the reference board server, with in-memory stores (async and
// localStorage-style) and IndexedDB from fake-indexeddb. Time is faked
// (setTimeout and Date); the HTTP is real.
import { IDBFactory } from 'fake-indexeddb'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import '../../js/optimistic.js'
import { FORMAT, indexedDbStore, localStorageStore, persist, restore } from '../../js/persist.js'
import { createKernel, init, MizanError } from '../../js/index.js'
import { startBoardServer } from '../../examples/server/board_api.js'

const HOUR = 60 * 60 * 1000
let server
let KEY
beforeAll(async () => {
  await init()
  server = await startBoardServer({ csrf: false })
  KEY = `mizan-kernel:${server.baseUrl}`
})
afterAll(() => server?.close())

const kernels = []
let problems
beforeEach(() => {
  server.reset()
  problems = []
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  for (const kernel of kernels.splice(0)) kernel.dispose()
  vi.useRealTimers()
})

// An async key-value store in memory, logging what it was asked to do.
function memoryStore() {
  const map = new Map()
  const log = []
  return {
    map,
    log,
    getItem: async (key) => map.get(key) ?? null,
    setItem: async (key, value) => void (log.push('set'), map.set(key, value)),
    removeItem: async (key) => void (log.push('remove'), map.delete(key)),
  }
}

// A browser kernel of user `ann` persisting to `storage`.
function make(storage, { persist: more, ...options } = {}) {
  const kernel = createKernel({
    baseUrl: server.baseUrl,
    csrf: false,
    session: false,
    server: false,
    identity: 'ann',
    onProblem: (p) => problems.push(p),
    persist: persist({ storage, ...more }),
    ...options,
  })
  kernels.push(kernel)
  return kernel
}

// Lets promise callbacks and I/O callbacks run (setImmediate is not faked).
const io = () => new Promise((resolve) => setImmediate(resolve))
const stored = (store) => (store.map.has(KEY) ? JSON.parse(store.map.get(KEY)) : undefined)
const boardGets = () => server.requests.filter((r) => r.method === 'GET' && r.path === '/ctx/board/').length
// The state once no fetch is in flight.
function settled(handle) {
  return new Promise((resolve) => {
    let off
    const check = () => {
      const state = handle.getState()
      if (state.isFetching) return
      off?.()
      resolve(state)
    }
    off = handle.subscribe(check)
    check()
  })
}
// Advances the throttle and lets the write reach the store.
async function elapse(ms) {
  vi.advanceTimersByTime(ms)
  await io()
}
// A store holding ann's board 1, as a kernel wrote it.
async function annsBoard(store = memoryStore()) {
  const a = make(store)
  await a.prefetch('board', { board_id: 1 })
  await elapse(1000)
  expect(stored(store)?.contexts).toHaveLength(1)
  return store
}

describe('writing', () => {
  test('contexts are written a throttle after they change, all changes in one write', async () => {
    const store = memoryStore()
    const kernel = make(store)
    const t0 = Date.now()
    const ctx = kernel.registerContext('board', { board_id: 1 })
    await settled(ctx)
    await kernel.prefetch('board', { board_id: 2 })
    await elapse(999)
    expect(store.log).toEqual([])
    await elapse(1)
    expect(store.log).toEqual(['set'])
    const state = stored(store)
    expect(state).toMatchObject({ v: FORMAT, identity: 'ann', savedAt: t0 + 1000 })
    expect(state.contexts).toEqual([
      { context: 'board', params: { board_id: 1 }, data: ctx.getState().data, updatedAt: ctx.getState().updatedAt },
      { context: 'board', params: { board_id: 2 }, data: kernel.getData('board', { board_id: 2 }), updatedAt: expect.any(Number) },
    ])
    // A call's merge is a change too.
    await kernel.call('add_card', { board_id: 1, title: 'Order pizza' })
    await elapse(1000)
    expect(store.log).toEqual(['set', 'set'])
    expect(stored(store).contexts[0].data.cards.map((c) => c.title)).toContain('Order pizza')
  })

  test('what readers see while a call is in flight (optimistic layers) is never written', async () => {
    const store = memoryStore()
    let release
    const gate = new Promise((resolve) => (release = resolve))
    const kernel = make(store, { fetch: (url, init) => (init?.method === 'POST' ? gate.then(() => fetch(url, init)) : fetch(url, init)) })
    const ctx = kernel.registerContext('board', { board_id: 1 })
    await settled(ctx)
    await elapse(1000)
    const card = { id: -1, board_id: 1, title: 'Maybe' }
    const added = kernel.call(
      'add_card',
      { board_id: 1, title: 'Maybe' },
      { optimistic: [{ context: 'board', params: { board_id: 1 }, slot: 'cards', value: card }] },
    )
    expect(ctx.getState().data.cards).toContainEqual(card)
    await elapse(3000)
    expect(store.log).toEqual(['set']) // the first load only
    expect(JSON.stringify(stored(store))).not.toContain('Maybe')
    release()
    await added
    await elapse(1000)
    const cards = stored(store).contexts[0].data.cards
    expect(cards.find((c) => c.title === 'Maybe').id).toBeGreaterThan(0) // the server's card, not the layer's
  })

  test('dispose() writes a change still waiting for its throttle', async () => {
    const store = memoryStore()
    const kernel = make(store)
    await kernel.prefetch('board', { board_id: 1 })
    kernel.dispose()
    await io()
    expect(stored(store).contexts).toHaveLength(1)
    await elapse(5000)
    expect(store.log).toEqual(['set'])
  })

  test('an unknown identity writes nothing', async () => {
    const store = memoryStore()
    const kernel = make(store, { identity: undefined })
    await kernel.prefetch('board', { board_id: 1 })
    await elapse(5000)
    expect(store.log).toEqual([])
  })

  test('a store that fails is reported, and the kernel goes on', async () => {
    const store = memoryStore()
    store.setItem = () => {
      throw new Error('QuotaExceededError')
    }
    const kernel = make(store)
    await kernel.prefetch('board', { board_id: 1 })
    await elapse(1000)
    expect(problems).toEqual([`persist: writing "${KEY}" failed: QuotaExceededError`])
    expect(kernel.getData('board', { board_id: 1 })).toBeDefined()
  })
})

describe('restoring', () => {
  test('before the first mount: the context renders at once from storage, stale, and revalidates on mount', async () => {
    const store = await annsBoard()
    server.api.db.boards.get(1).name = 'Launch v2' // behind the stored state's back
    const kernel = make(store)
    const gets = boardGets()
    expect(await restore(kernel)).toBe(1)
    expect(kernel.getData('board', { board_id: 1 }).board_info.name).toBe('Launch')
    await io()
    expect(boardGets()).toBe(gets) // nothing fetched until it is mounted
    const ctx = kernel.registerContext('board', { board_id: 1 })
    expect(ctx.getState()).toMatchObject({ status: 'success', isFetching: true, data: { board_info: { name: 'Launch' } } })
    const state = await settled(ctx)
    expect(boardGets()).toBe(gets + 1)
    expect(state).toMatchObject({ status: 'success', data: { board_info: { name: 'Launch v2' } } })
    expect(problems).toEqual([])
  })

  test('restored contexts are written again with the rest, until evicted', async () => {
    const store = await annsBoard()
    const kernel = make(store)
    await restore(kernel)
    await kernel.prefetch('board', { board_id: 2 })
    await elapse(1000)
    expect(
      stored(store)
        .contexts.map((c) => c.params.board_id)
        .sort(),
    ).toEqual([1, 2])
  })

  test('a server render’s data wins over the stored state, and is not made stale', async () => {
    const store = memoryStore()
    const a = make(store)
    await a.prefetch('board', { board_id: 1 })
    await a.prefetch('board', { board_id: 2 })
    await elapse(1000)
    const kernel = make(store)
    const ssr = { board_info: { id: 1, name: 'From the server render' }, cards: [] }
    // (Older than the stored one: a server clock behind the browser's still wins.)
    kernel.hydrate({ contexts: [{ context: 'board', params: { board_id: 1 }, data: ssr, updatedAt: 1 }] })
    expect(await restore(kernel)).toBe(1)
    expect(kernel.getData('board', { board_id: 1 })).toEqual(ssr)
    expect(kernel.getData('board', { board_id: 2 }).board_info.name).toBe('Research')
    const gets = boardGets()
    const one = kernel.registerContext('board', { board_id: 1 })
    const two = kernel.registerContext('board', { board_id: 2 })
    expect(one.getState().isFetching).toBe(false) // fresh: the server render's
    expect(two.getState().isFetching).toBe(true) // stale: the stored one's
    await settled(two)
    expect(boardGets()).toBe(gets + 1)
  })

  test('for another identity it restores nothing, and the other user’s state is cleared', async () => {
    const store = await annsBoard()
    const kernel = make(store, { identity: 'bo' })
    expect(await restore(kernel)).toBe(0)
    expect(kernel.getData('board', { board_id: 1 })).toBeUndefined()
    await io()
    expect(store.map.has(KEY)).toBe(false)
    expect(problems).toEqual([])
  })

  test('with the identity unknown it restores nothing and leaves storage alone', async () => {
    const store = await annsBoard()
    const before = store.map.get(KEY)
    const kernel = make(store, { identity: undefined })
    expect(await restore(kernel)).toBe(0)
    expect(kernel.getData('board', { board_id: 1 })).toBeUndefined()
    await io()
    expect(store.map.get(KEY)).toBe(before)
  })

  test('nothing stored: nothing restored, nothing reported', async () => {
    expect(await restore(make(memoryStore()))).toBe(0)
    expect(problems).toEqual([])
  })

  test('maxAge: contexts loaded longer ago are not restored', async () => {
    const store = await annsBoard()
    const a = kernels[0]
    vi.advanceTimersByTime(2 * HOUR)
    await a.prefetch('board', { board_id: 2 })
    await elapse(1000)
    const kernel = make(store, { persist: { maxAge: HOUR } })
    expect(await restore(kernel)).toBe(1)
    expect(kernel.getData('board', { board_id: 1 })).toBeUndefined()
    expect(kernel.getData('board', { board_id: 2 })).toBeDefined()
  })

  const deep = (n) => (n === 0 ? 1 : { d: deep(n - 1) })
  const good = () => ({
    context: 'board',
    params: { board_id: 1 },
    data: { board_info: { id: 1, name: 'Launch' }, cards: [] },
    updatedAt: Date.now(),
  })
  const state = (more) => JSON.stringify({ v: FORMAT, identity: 'ann', savedAt: Date.now(), contexts: [good()], ...more })
  test.each([
    ['not JSON', () => '{"v":1,', 'is not JSON'],
    ['foreign', () => JSON.stringify({ theme: 'dark' }), 'is not a mizan-kernel state'],
    ['foreign (not an object)', () => '"hello"', 'is not a mizan-kernel state'],
    ['an older format', () => state({ v: 0 }), 'has format version 0, not 1'],
    ['a newer format', () => state({ v: '2' }), 'has format version a string, not 1'],
    ['expired', () => state({ savedAt: Date.now() - 25 * HOUR }), 'is older than maxAge'],
    ['without contexts', () => state({ contexts: undefined }), 'is malformed'],
    ['a bad context among good ones', () => state({ contexts: [good(), { ...good(), data: [1] }] }), 'is malformed'],
    ['one the kernel refuses', () => state({ contexts: [good(), { ...good(), context: '' }] }), 'was refused: '],
    ['with params the kernel refuses', () => state({ contexts: [good(), { ...good(), context: 'x', params: { a: deep(300) } }] }), 'was refused: '],
  ])('a state %s is dropped with a report, and nothing of it applies', async (_, text, why) => {
    const store = memoryStore()
    store.map.set(KEY, text())
    const kernel = make(store)
    expect(await restore(kernel)).toBe(0)
    expect(problems).toEqual([expect.stringContaining(`persist: the state stored under "${KEY}" ${why}`)])
    expect(problems[0]).toMatch(/; dropped$/)
    expect(kernel.getData('board', { board_id: 1 })).toBeUndefined()
    await io()
    expect(store.map.has(KEY)).toBe(false)
  })

  test('a reading that fails is reported and restores nothing', async () => {
    const store = memoryStore()
    store.getItem = async () => {
      throw new Error('disk on fire')
    }
    expect(await restore(make(store))).toBe(0)
    expect(problems).toEqual([`persist: reading "${KEY}" failed: disk on fire`])
  })

  test('nested params: restored, and made stale by their flat params (matching more, never less)', async () => {
    const store = memoryStore()
    const params = { board_id: 1, view: { sort: 'title' } }
    store.map.set(
      KEY,
      JSON.stringify({
        v: 1,
        identity: 'ann',
        savedAt: Date.now(),
        contexts: [{ context: 'board', params, data: { cards: [] }, updatedAt: Date.now() }],
      }),
    )
    const kernel = make(store)
    expect(await restore(kernel)).toBe(1)
    const ctx = kernel.registerContext('board', params)
    expect(ctx.getState()).toMatchObject({ status: 'success', isFetching: true, data: { cards: [] } })
    await settled(ctx)
  })
})

describe('identity changes and reset()', () => {
  test('reset() clears storage, and a change waiting for its throttle is not written', async () => {
    const store = await annsBoard()
    const kernel = kernels[0]
    await kernel.call('add_card', { board_id: 1, title: 'Secret' })
    kernel.reset()
    await io()
    expect(store.map.has(KEY)).toBe(false)
    await elapse(5000)
    expect(store.map.get(KEY) ?? '').not.toContain('Secret')
  })

  test('another user: the old user’s state is cleared, and the new user’s written under their identity', async () => {
    const store = await annsBoard()
    const kernel = kernels[0]
    const ctx = kernel.registerContext('board', { board_id: 1 })
    expect(kernel.setIdentity('bo')).toBe(true)
    await io()
    expect(store.map.has(KEY)).toBe(false)
    await settled(ctx)
    await elapse(1000)
    expect(stored(store)).toMatchObject({ identity: 'bo', contexts: [{ params: { board_id: 1 } }] })
    // What ann's next visit finds: nothing of hers, nothing of bo's.
    const next = make(store)
    expect(await restore(next)).toBe(0)
    expect(next.getData('board', { board_id: 1 })).toBeUndefined()
  })
})

describe('stores', () => {
  test('a localStorage-style (synchronous) store, as is or through localStorageStore()', async () => {
    const map = new Map()
    const sync = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) }
    const a = make(sync)
    await a.prefetch('board', { board_id: 1 })
    await elapse(1000)
    expect(JSON.parse(map.get(KEY)).contexts).toHaveLength(1)
    expect(await restore(make(localStorageStore(/** @type {any} */ (sync))))).toBe(1)
    a.reset()
    await io()
    expect(map.size).toBe(0)
  })

  test('IndexedDB (fake-indexeddb): written, restored by another kernel, cleared on reset()', async () => {
    vi.useRealTimers() // fake-indexeddb schedules with timers of its own
    const store = indexedDbStore({ indexedDB: new IDBFactory() })
    const a = make(store, { persist: { throttle: 10 } })
    await a.prefetch('board', { board_id: 1 })
    await expect.poll(() => store.getItem(KEY)).not.toBeNull()
    const b = make(store)
    expect(await restore(b)).toBe(1)
    expect(b.getData('board', { board_id: 1 }).board_info.name).toBe('Launch')
    a.reset()
    await expect.poll(() => store.getItem(KEY)).toBeNull()
  })

  test('the default store is IndexedDB where there is one', async () => {
    vi.useRealTimers()
    const factory = new IDBFactory()
    vi.stubGlobal('indexedDB', factory)
    try {
      const a = make(undefined, { persist: { throttle: 10 } })
      await a.prefetch('board', { board_id: 1 })
      await expect.poll(() => indexedDbStore({ indexedDB: factory }).getItem(KEY)).not.toBeNull()
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('options', () => {
  test('bad options are refused, naming the option', () => {
    expect(() => persist({ maxAge: -1 })).toThrow(/options\.maxAge must be a number of ms >= 0/)
    expect(() => persist({ throttle: false })).toThrow(/options\.throttle/)
    expect(() => persist({ storage: {} })).toThrow(/options\.storage must have getItem, setItem and removeItem/)
    expect(() => persist({ key: 5 })).toThrow(MizanError)
    expect(() => persist({ maxAg: 5 })).toThrow(/no option "maxAg"/)
    expect(() => createKernel({ persist: { maxAge: 5 } })).toThrow(/options\.persist must be made by persist\(\)/)
  })

  test('restore() of a kernel made without persist rejects; a server kernel’s does nothing', async () => {
    const plain = createKernel({ server: false })
    kernels.push(plain)
    await expect(restore(plain)).rejects.toThrow(/made without options.persist/)
    const store = await annsBoard()
    const ssr = make(store, { server: true })
    expect(await restore(ssr)).toBe(0)
    await ssr.prefetch('board', { board_id: 2 })
    await elapse(5000)
    expect(stored(store).contexts).toHaveLength(1)
  })
})
