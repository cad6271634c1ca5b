// createKernel over the real wasm store with a scripted fetch, so that every
// ordering of responses is chosen by the test.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKernel, init, MizanError } from '../../js/index.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

beforeAll(() => init())

let kernel
let script
function make(options = {}) {
  script = scriptedFetch()
  // A browser-like kernel (gc timers) even though node has no window.
  kernel = createKernel({ fetch: script.fetch, csrf: false, retryDelays: [1, 2], server: false, ...options })
  return kernel
}
afterEach(() => kernel?.dispose())

describe('lifecycle', () => {
  it('goes loading -> success and hands out the same snapshot until something changes', async () => {
    make({ now: () => 1234 })
    const ctx = kernel.registerContext('user', { user_id: 5 })
    const loading = ctx.getState()
    expect(loading).toMatchObject({ status: 'loading', isFetching: true, data: undefined, error: null })
    expect(ctx.getState()).toBe(loading)
    expect(script.requests.map((r) => r.url)).toEqual(['ctx/user/?user_id=5'])
    await script.requests[0].reply({ user_profile: { name: 'A' } })
    const loaded = ctx.getState()
    expect(loaded).toEqual({ data: { user_profile: { name: 'A' } }, status: 'success', error: null, isFetching: false, updatedAt: 1234 })
    expect(ctx.getState()).toBe(loaded)
  })

  it('calls fetch on the global object, as browsers require of window.fetch', async () => {
    function strictFetch() {
      if (this !== globalThis) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation")
      return Promise.resolve(new Response('{"p":1}'))
    }
    kernel = createKernel({ fetch: strictFetch, csrf: false })
    const ctx = kernel.registerContext('user')
    expect((await ctx.refetch()).data).toEqual({ p: 1 })
  })

  it('has handle methods that work unbound, as useSyncExternalStore calls them', async () => {
    make()
    const { getState, subscribe } = kernel.registerContext('user')
    let calls = 0
    const off = subscribe(() => calls++)
    await script.requests[0].reply({ p: 1 })
    expect(getState().data).toEqual({ p: 1 })
    expect(calls).toBe(1)
    off()
  })

  it('shares one entry and one fetch between registrations of the same key', async () => {
    make()
    const a = kernel.registerContext('user', { b: 1, a: 2 })
    const b = kernel.registerContext('user', { a: 2, b: 1 })
    expect(script.requests).toHaveLength(1)
    await script.requests[0].reply({ p: 1 })
    expect(a.getState()).toBe(b.getState())
    a.unregister()
    a.unregister() // idempotent per handle
    expect(kernel.stats.entries).toBe(1)
    expect(b.getState().data).toEqual({ p: 1 })
  })

  it('keeps data and success during a refetch, and the last good data after a failed one', async () => {
    make()
    const ctx = kernel.registerContext('user')
    await script.requests[0].reply({ p: 1 })
    const refetched = ctx.refetch()
    expect(ctx.getState()).toMatchObject({ status: 'success', isFetching: true, data: { p: 1 } })
    await script.requests[1].reply({ error: { code: 'FORBIDDEN', message: 'no' } }, { status: 403 })
    const state = await refetched
    expect(state).toBe(ctx.getState())
    expect(state.status).toBe('error')
    expect(state.data).toEqual({ p: 1 })
    expect(state.error).toBeInstanceOf(MizanError)
    expect(state.error).toMatchObject({ code: 'FORBIDDEN', status: 403 })
  })

  it('retries a GET on network failure and recovers', async () => {
    make()
    const ctx = kernel.registerContext('user')
    await script.requests[0].fail()
    await new Promise((r) => setTimeout(r, 5))
    expect(script.requests).toHaveLength(2)
    await script.requests[1].reply({ p: 2 })
    expect(ctx.getState()).toMatchObject({ status: 'success', data: { p: 2 } })
  })

  it('evicts an unused entry after gcTime', async () => {
    make({ gcTime: 0 })
    const ctx = kernel.registerContext('user')
    await script.requests[0].reply({ p: 1 })
    ctx.unregister()
    await new Promise((r) => setTimeout(r, 5))
    expect(kernel.stats).toMatchObject({ entries: 0, records: 0, pendingRequests: 0 })
  })
})

describe('races', () => {
  it('lets the newest request win when responses arrive out of order', async () => {
    make()
    const ctx = kernel.registerContext('user')
    await script.requests[0].reply({ p: 'first' })
    ctx.refetch()
    ctx.refetch()
    const [, older, newer] = script.requests
    expect(older.init.signal.aborted).toBe(true)
    await newer.reply({ p: 'newest' })
    await older.reply({ p: 'older' }).catch(() => {})
    expect(ctx.getState().data).toEqual({ p: 'newest' })
  })

  it('refetches each matching context once for all invalidations of one tick', async () => {
    make()
    const five = kernel.registerContext('user', { user_id: 5 })
    const six = kernel.registerContext('user', { user_id: 6 })
    for (const r of [...script.requests]) await r.reply({ p: r.url })
    kernel.invalidate([{ context: 'user', params: { user_id: '5' } }])
    kernel.invalidate([
      { context: 'user', params: { user_id: 5 } },
      { context: 'user', params: { user_id: 5 } },
    ])
    await settle()
    expect(script.requests.slice(2).map((r) => r.url)).toEqual(['ctx/user/?user_id=5'])
    expect(five.getState().isFetching).toBe(true)
    expect(six.getState().isFetching).toBe(false)
  })

  it('does not let a fetch that overlapped a merge overwrite it', async () => {
    make()
    const board = kernel.registerContext('board', { board_id: 1 })
    await script.requests[0].reply({ cards: [{ id: 1, t: 'a' }], info: { n: 'B' } })
    const before = board.getState().data
    board.refetch()
    const overlapped = script.requests[1]
    const call = kernel.call('add_card', { board_id: 1, t: 'b' })
    await script.requests[2].reply({ result: { id: 2 }, merge: [{ context: 'board', slot: 'cards', value: { id: 2, t: 'b' } }] })
    expect(await call).toEqual({ id: 2 })
    const merged = board.getState().data
    expect(merged.cards).toEqual([
      { id: 1, t: 'a' },
      { id: 2, t: 'b' },
    ])
    expect(merged.info).toBe(before.info) // untouched slot: same object
    expect(overlapped.init.signal.aborted).toBe(true)
    await overlapped.reply({ cards: [{ id: 1, t: 'a' }], info: { n: 'B' } }).catch(() => {})
    expect(board.getState().data.cards).toHaveLength(2)
    expect(script.requests[3].url).toBe('ctx/board/?board_id=1') // the refetch that follows the mutation
  })

  it('keeps the identity of every list element an upsert did not touch', async () => {
    make()
    const board = kernel.registerContext('board')
    const cards = Array.from({ length: 50 }, (_, id) => ({ id, t: `card ${id}` }))
    await script.requests[0].reply({ cards, info: { n: 'B' } })
    const before = board.getState().data.cards
    const merge = (value) => ({ result: null, merge: [{ context: 'board', slot: 'cards', value }] })

    let call = kernel.call('edit')
    await script.requests[1].reply(merge({ id: 7, t: 'edited' }))
    await call
    const edited = board.getState().data.cards
    expect(edited).not.toBe(before)
    expect(edited[7]).toEqual({ id: 7, t: 'edited' })
    expect(edited.filter((c, i) => c === before[i])).toHaveLength(49)

    call = kernel.call('add')
    await script.requests[2].reply(merge({ id: 99, t: 'new' }))
    await call
    const added = board.getState().data.cards
    expect(added).toHaveLength(51)
    expect(added[50]).toEqual({ id: 99, t: 'new' })
    expect(added.slice(0, 50).every((c, i) => c === edited[i])).toBe(true)

    // Two upserts before anyone reads: the whole slot comes, still right.
    call = kernel.call('two')
    await script.requests[3].reply({
      result: null,
      merge: [
        { context: 'board', slot: 'cards', value: { id: 1, t: 'x' } },
        { context: 'board', slot: 'cards', value: { id: 2, t: 'y' } },
      ],
    })
    await call
    const both = board.getState().data.cards
    expect(both.slice(0, 3)).toEqual([
      { id: 0, t: 'card 0' },
      { id: 1, t: 'x' },
      { id: 2, t: 'y' },
    ])
    expect(both).toHaveLength(51)
  })

  it('aborts and drops the fetch of a context unregistered mid-flight', async () => {
    make()
    const ctx = kernel.registerContext('user')
    let calls = 0
    ctx.subscribe(() => calls++)
    ctx.unregister()
    expect(script.requests[0].init.signal.aborted).toBe(true)
    expect(kernel.stats.pendingRequests).toBe(0)
    await script.requests[0].reply({ p: 1 }).catch(() => {})
    expect(ctx.getState().data).toBeUndefined()
    expect(ctx.getState().status).toBe('idle')
    expect(calls).toBe(1) // the abort itself, nothing after
  })

  it('survives a StrictMode-style mount, unmount, mount with one live fetch', async () => {
    make()
    const first = kernel.registerContext('user')
    first.unregister()
    const second = kernel.registerContext('user')
    expect(script.open()).toHaveLength(1)
    await script.open()[0].reply({ p: 1 })
    expect(second.getState().data).toEqual({ p: 1 })
  })
})

describe('notifications and calls', () => {
  it('notifies only the subscribers of entries that changed, once per batch', async () => {
    make()
    const a = kernel.registerContext('a')
    const b = kernel.registerContext('b')
    for (const r of [...script.requests]) await r.reply({ list: [] })
    const seen = { a: 0, b: 0 }
    a.subscribe(() => seen.a++)
    b.subscribe(() => seen.b++)
    const call = kernel.call('x')
    await script.requests[2].reply({
      result: null,
      merge: [
        { context: 'a', slot: 'list', value: [1] },
        { context: 'a', slot: 'list', value: [1, 2] },
      ],
    })
    await call
    expect(seen).toEqual({ a: 1, b: 0 })
    expect(a.getState().data.list).toEqual([1, 2])
  })

  it('sends the call body and reports skipped items without failing the call', async () => {
    const problems = []
    make({ callBodyKey: 'function', onProblem: (p) => problems.push(p) })
    const board = kernel.registerContext('board')
    await script.requests[0].reply({ cards: [] })
    const call = kernel.call('rename', { name: 'Q3' })
    expect(script.requests[1].body).toEqual({ function: 'rename', args: { name: 'Q3' } })
    await script.requests[1].reply(
      { result: 'ok', merge: [{ context: 'board', slot: 'nope', value: 1 }], invalidate: [5] },
      { headers: { 'X-Mizan-Invalidate': 'board;=x' } },
    )
    expect(await call).toBe('ok')
    expect(problems).toHaveLength(3)
    expect(board.getState().data).toEqual({ cards: [] })
  })

  it("refuses call() options without 'mizan-kernel/optimistic', even on the full build, and sends nothing", async () => {
    make()
    const board = kernel.registerContext('board')
    await script.requests[0].reply({ cards: [] })
    const optimistic = () => kernel.call('add', {}, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 1 } }] })
    expect(optimistic).toThrow(
      expect.objectContaining({ code: 'NOT_IN_BUILD', message: expect.stringContaining("import 'mizan-kernel/optimistic'") }),
    )
    // A misspelt option is named as such, not taken for a missing entry.
    expect(() => kernel.call('add', {}, { optimistc: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('"optimistc"') }),
    )
    await settle()
    expect(script.requests).toHaveLength(1)
    expect(kernel.stats.pendingCalls).toBe(0)
    expect(board.getState().data).toEqual({ cards: [] })
    const plain = kernel.call('add', {}, { optimistic: undefined }) // nothing optimistic: as without options
    expect(script.requests[1].body).toEqual({ fn: 'add', args: {} })
    await script.requests[1].reply({ result: 1 })
    expect(await plain).toBe(1)
  })

  it('rejects a failed call with the server error and stays usable', async () => {
    make()
    const failing = expect(kernel.call('save', { title: '' })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      status: 400,
      details: { title: ['required'] },
    })
    await script.requests[0].reply(
      { error: true, code: 'VALIDATION_ERROR', message: 'title is required', details: { title: ['required'] } },
      { status: 400 },
    )
    await failing
    const offline = expect(kernel.call('save')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
    await script.requests[1].fail()
    await offline
    expect(script.requests).toHaveLength(2) // calls are never retried
    expect(kernel.stats.pendingCalls).toBe(0)
    const ctx = kernel.registerContext('user')
    await script.requests[2].reply({ ok: true })
    expect(ctx.getState().status).toBe('success')
  })

  it('refuses wrong input with stable codes, and everything after dispose', async () => {
    make()
    expect(() => kernel.registerContext(5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.registerContext('user', [1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.registerContext('user', { a: NaN })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }))
    expect(() => kernel.call('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.invalidate('user')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.invalidate([{ context: 'user', params: { a: {} } }])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }))
    expect(() => createKernel({ fetch: 5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => createKernel({ fetch: script.fetch, gcTime: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    const ctx = kernel.registerContext('user')
    const pending = kernel.call('slow')
    kernel.dispose()
    await expect(pending).rejects.toMatchObject({ code: 'DISPOSED' })
    expect(ctx.getState().status).toBe('loading') // the last state, no crash
    expect(() => ctx.refetch()).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
    ctx.unregister() // harmless
    expect(() => kernel.registerContext('user')).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
  })
})

describe('memory', () => {
  it('returns the wasm heap to its baseline after mount churn and gc', async () => {
    const { wasmHeap } = await import('../../js/wasm.js')
    make({ gcTime: 0 })
    const baseline = wasmHeap().inUse
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5000; i++) {
        const ctx = kernel.registerContext('user', { user_id: round ? i : 1 })
        ctx.subscribe(() => {})()
        ctx.unregister()
      }
      await new Promise((r) => setTimeout(r, 5))
      expect(kernel.stats).toMatchObject({ entries: 0, records: 0, pendingRequests: 0 })
      // The I/O buffers may keep up to 64 KB between calls (wasm/exports.cpp)
      // plus some bookkeeping; 5,000 entries' worth (~2.5 MB) must not stay.
      expect(wasmHeap().inUse - baseline).toBeLessThan(68 * 1024)
    }
  })
})
