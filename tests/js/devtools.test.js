// mizan-kernel/devtools' inspect() over real kernels against the reference
// board server (examples/server/board_api.js): the contexts a kernel holds,
// its requests in flight, and the timeline of invalidations and merges with
// their source — a call's body, its X-Mizan-Invalidate header, a push over
// the kernel's socket (mizan-kernel/channels, imported first as an app
// would), another tab (reported through js/timeline.js).
import { afterEach, describe, expect, test, vi } from 'vitest'
import '../../js/channels.js'
import { dropEntry, headerTargets, INSPECT_THROTTLE, refetchEntry, TIMELINE_LENGTH } from '../../js/devtools.js'
import { createKernel } from '../../js/index.js'
import { mwt } from '../../js/tokens.js'
import { report } from '../../js/timeline.js'
import { useBoardServer } from '../adapters/board_server.js'
import { LIVE } from '../adapters/live_support.js'
import { until } from './support/until.js'

const { WebSocket } = LIVE.channels

const server = useBoardServer()
const kernels = []
afterEach(() => {
  vi.useRealTimers()
  for (const kernel of kernels.splice(0)) kernel.dispose()
})

function kernel(options = {}) {
  const k = createKernel({
    baseUrl: server.baseUrl,
    csrf: false,
    session: false,
    server: false,
    channels: { WebSocket, backoffBase: 20, backoffCap: 100 },
    ...options,
  })
  kernels.push(k)
  return k
}

// A fetch that holds every request until release() (so that they stay in flight).
function heldFetch() {
  let open
  let gate = new Promise((resolve) => (open = resolve))
  return {
    fetch: async (url, init) => (await gate, fetch(url, init)),
    release: () => open(),
  }
}

const bytes = (value) => Buffer.byteLength(JSON.stringify(value))
const contextOf = (k, name, params) => k.inspect().contexts.find((c) => c.context === name && JSON.stringify(c.params) === JSON.stringify(params))
const sources = (k) => k.inspect().timeline.map((e) => `${e.kind} ${e.source}${e.fn ? ` ${e.fn}` : ''}`)

describe('contexts', () => {
  test('each held context with its params, status, readers and the bytes of each slot', async () => {
    const k = kernel({ gcTime: 60_000 })
    const one = k.registerContext('board', { board_id: 1 })
    const offs = [one.subscribe(() => {}), one.subscribe(() => {}), one.subscribe(() => {})]
    expect(contextOf(k, 'board', { board_id: 1 })).toMatchObject({ status: 'loading', isFetching: true, updatedAt: 0, readers: 3, slots: {} })
    const two = k.registerContext('board', { board_id: 2 })
    await until(() => one.getState().status === 'success' && two.getState().status === 'success', 'both loaded')
    const data = one.getState().data
    expect(contextOf(k, 'board', { board_id: 1 })).toEqual({
      id: expect.any(Number),
      context: 'board',
      params: { board_id: 1 },
      status: 'success',
      isFetching: false,
      updatedAt: one.getState().updatedAt,
      error: null,
      readers: 3,
      mounted: true,
      slots: { board_info: bytes(data.board_info), cards: bytes(data.cards) },
    })
    // A merge grows its slot; the other keeps its size.
    await k.call('add_card', { board_id: 1, title: 'A card with a long enough title' })
    const after = contextOf(k, 'board', { board_id: 1 })
    expect(after.slots.cards).toBe(bytes(one.getState().data.cards))
    expect(after.slots.cards).toBeGreaterThan(bytes(data.cards))
    expect(after.slots.board_info).toBe(bytes(data.board_info))
    // Readers leave; unmounted, it stays cached (gcTime).
    offs[0]()
    expect(contextOf(k, 'board', { board_id: 1 }).readers).toBe(2)
    for (const off of offs) off()
    two.unregister()
    expect(contextOf(k, 'board', { board_id: 2 })).toMatchObject({ readers: 0, mounted: false, status: 'success' })
    expect(contextOf(k, 'board', { board_id: 1 })).toMatchObject({ readers: 0, mounted: true })
    // JSON-safe: a round trip changes nothing.
    const picture = k.inspect()
    expect(JSON.parse(JSON.stringify(picture))).toEqual(picture)
  })

  test('an error shows as its code and message; the identity is shown', async () => {
    const k = kernel({ retryDelays: [], identity: 'ada' })
    server.failNextContext(500)
    const ctx = k.registerContext('board', { board_id: 1 })
    await until(() => ctx.getState().status === 'error', 'the error')
    expect(contextOf(k, 'board', { board_id: 1 })).toMatchObject({ status: 'error', error: { code: 'HTTP_500', message: expect.any(String) } })
    expect(k.inspect().identity).toBe('ada')
    k.setIdentity('bob')
    expect(k.inspect().identity).toBe('bob')
  })

  test('a server kernel counts no mounts: mounted is null', async () => {
    const k = kernel({ server: true })
    await k.prefetch('board', { board_id: 1 })
    expect(contextOf(k, 'board', { board_id: 1 })).toMatchObject({ status: 'success', mounted: null, readers: 0 })
  })

  test('after dispose() nothing is held', async () => {
    const k = kernel()
    k.registerContext('board', { board_id: 1 })
    expect(k.inspect().requests).toHaveLength(1)
    k.dispose()
    expect(k.inspect()).toMatchObject({ contexts: [], requests: [] })
  })
})

describe('requests in flight', () => {
  test('fetches with their path and calls with their function, until answered or aborted', async () => {
    const held = heldFetch()
    let now = 1000
    const k = kernel({ fetch: held.fetch, now: () => now })
    const one = k.registerContext('board', { board_id: 1 })
    now = 1500
    const two = k.registerContext('board', { board_id: 2 })
    const called = k.call('add_card', { board_id: 1, title: 'Held' })
    expect(k.inspect().requests).toEqual([
      { request: expect.any(Number), kind: 'fetch', what: 'ctx/board/?board_id=1', since: 1000 },
      { request: expect.any(Number), kind: 'fetch', what: 'ctx/board/?board_id=2', since: 1500 },
      { request: expect.any(Number), kind: 'call', what: 'add_card', since: 1500 },
    ])
    two.unregister() // its fetch is aborted
    expect(k.inspect().requests.map((r) => r.what)).toEqual(['ctx/board/?board_id=1', 'add_card'])
    held.release()
    await called
    await until(() => one.getState().status === 'success', 'board 1')
    expect(k.inspect().requests).toEqual([])
    expect(server.requests.map((r) => r.params.board_id ?? r.fn)).not.toContain('2')
  })

  test("a sign-in token's obtain is a call in flight too (the kernel's own, not the app's)", async () => {
    const held = heldFetch()
    const k = kernel({ fetch: held.fetch, token: mwt() })
    const ctx = k.registerContext('board', { board_id: 1 })
    await until(() => k.inspect().requests.some((r) => r.kind === 'call'), 'the obtain')
    expect(k.inspect().requests).toEqual([expect.objectContaining({ kind: 'fetch' }), expect.objectContaining({ kind: 'call', what: 'mwt_obtain' })])
    expect(k.isMutating()).toBe(0)
    held.release()
    await until(() => ctx.getState().status === 'success', 'loaded with the token')
    expect(k.inspect().requests).toEqual([])
  })

  test('a call over the socket is listed and its answer read as over HTTP', async () => {
    server.live.socketFunctions.add('add_card') // the schema marks only echo
    const k = kernel({ socketFunctions: ['add_card'] })
    const ctx = k.registerContext('board', { board_id: 1 })
    await until(() => ctx.getState().status === 'success', 'loaded')
    const called = k.call('add_card', { board_id: 1, title: 'Over the socket' })
    expect(k.inspect().requests).toEqual([expect.objectContaining({ kind: 'call', what: 'add_card' })])
    await called
    expect(server.requests.filter((r) => r.path === '/call/')).toEqual([]) // it went over the socket
    expect(k.inspect().requests).toEqual([])
    expect(k.inspect().timeline).toEqual([
      {
        at: expect.any(Number),
        kind: 'merge',
        source: 'call',
        fn: 'add_card',
        targets: [{ context: 'board', params: { board_id: 1 }, slot: 'cards' }],
      },
    ])
  })
})

describe('timeline', () => {
  test("a call's invalidations come from its body and its header; its merges from its body", async () => {
    let now = 5000
    const k = kernel({ now: () => now })
    const ctx = k.registerContext('board', { board_id: 1 })
    await until(() => ctx.getState().status === 'success', 'loaded')
    now = 6000
    await k.call('rename_board', { board_id: 1, name: 'Renamed' })
    await k.call('add_card', { board_id: 2, title: 'Merged' })
    expect(k.inspect().timeline).toEqual([
      { at: 6000, kind: 'invalidate', source: 'header', fn: 'rename_board', targets: [{ context: 'board', params: { board_id: '1' } }] },
      { at: 6000, kind: 'invalidate', source: 'call', fn: 'rename_board', targets: [{ context: 'board', params: { board_id: 1 } }] },
      { at: 6000, kind: 'merge', source: 'call', fn: 'add_card', targets: [{ context: 'board', params: { board_id: 2 }, slot: 'cards' }] },
    ])
    // A failed call applies nothing from its body: nothing logged.
    await expect(k.call('add_card', { board_id: 1, title: '' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
    expect(k.inspect().timeline).toHaveLength(3)
  })

  test("a push over the kernel's socket, and another tab's report, with their sources", async () => {
    const k = kernel()
    const chat = k.channel('board_chat', { board_id: 1 })
    chat.subscribe(() => {})
    const ctx = k.registerContext('board', { board_id: 1 })
    await until(() => chat.getState().status === 'open' && ctx.getState().status === 'success', 'ready')
    server.api.call('rename_board', { board_id: 1, name: 'Elsewhere' }) // another user: pushed to every socket
    await until(() => k.inspect().timeline.length > 0, 'the push')
    expect(k.inspect().timeline).toEqual([
      { at: expect.any(Number), kind: 'invalidate', source: 'push', targets: [{ context: 'board', params: { board_id: 1 } }] },
    ])
    await until(() => ctx.getState().data.board_info.name === 'Elsewhere', 'refetched')
    report(k, { kind: 'invalidate', source: 'tab', targets: ['board'] })
    expect(sources(k)).toEqual(['invalidate push', 'invalidate tab'])
    expect(k.inspect().timeline[1].targets).toEqual(['board'])
  })

  test(`keeps the last ${TIMELINE_LENGTH} events, oldest first`, () => {
    const k = kernel()
    for (let i = 0; i < TIMELINE_LENGTH + 5; i++) report(k, { kind: 'invalidate', source: 'tab', targets: [`c${i}`] })
    const { timeline } = k.inspect()
    expect(timeline).toHaveLength(TIMELINE_LENGTH)
    expect(timeline[0].targets).toEqual(['c5'])
    expect(timeline.at(-1).targets).toEqual([`c${TIMELINE_LENGTH + 4}`])
    // Each kernel its own: another kernel saw none of it.
    expect(kernel().inspect().timeline).toEqual([])
  })

  test('header targets are read as the header grammar says, a malformed item kept as written', () => {
    expect(headerTargets(' board ;board_id = 1 ,, session,search;q=a%3Bb%2Cc%20d,;oops, y;k')).toEqual([
      { context: 'board', params: { board_id: '1' } },
      'session',
      { context: 'search', params: { q: 'a;b,c d' } },
      ';oops',
      'y;k',
    ])
  })
})

describe('subscribeInspect', () => {
  test('listeners hear of changes at most once per throttle period, and not after unsubscribing', () => {
    vi.useFakeTimers()
    const k = kernel()
    const heard = []
    const off = k.subscribeInspect(() => heard.push(k.inspect().timeline.length))
    report(k, { kind: 'invalidate', source: 'tab', targets: ['a'] })
    report(k, { kind: 'invalidate', source: 'tab', targets: ['b'] })
    expect(heard).toEqual([])
    vi.advanceTimersByTime(INSPECT_THROTTLE - 1)
    expect(heard).toEqual([])
    vi.advanceTimersByTime(1)
    expect(heard).toEqual([2])
    report(k, { kind: 'invalidate', source: 'tab', targets: ['c'] })
    vi.advanceTimersByTime(INSPECT_THROTTLE)
    expect(heard).toEqual([2, 3])
    off()
    report(k, { kind: 'invalidate', source: 'tab', targets: ['d'] })
    vi.advanceTimersByTime(INSPECT_THROTTLE * 2)
    expect(heard).toEqual([2, 3])
  })

  test('entry changes, requests, mounts and unmounts are changes too', async () => {
    const k = kernel({ gcTime: 60_000 })
    let heard = 0
    k.subscribeInspect(() => heard++)
    const ctx = k.registerContext('board', { board_id: 1 })
    await until(() => ctx.getState().status === 'success' && heard > 0, 'told')
    await new Promise((resolve) => setTimeout(resolve, INSPECT_THROTTLE + 20))
    heard = 0
    ctx.unregister() // no entry changes (it stays cached, nothing was in flight), but inspect() does
    await until(() => heard > 0, 'told of the unmount')
    expect(k.inspect().contexts[0]).toMatchObject({ mounted: false, status: 'success' })
    expect(() => k.subscribeInspect('nope')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('refetchEntry', () => {
  test('refetches a mounted entry; refuses a cached one and an id not held', async () => {
    const k = kernel({ gcTime: 60_000 })
    const one = k.registerContext('board', { board_id: 1 })
    const two = k.registerContext('board', { board_id: 2 })
    await until(() => one.getState().status === 'success' && two.getState().status === 'success', 'loaded')
    two.unregister()
    server.requests.length = 0
    refetchEntry(k, contextOf(k, 'board', { board_id: 1 }).id)
    expect(contextOf(k, 'board', { board_id: 1 }).isFetching).toBe(true)
    await until(() => server.requests.some((r) => r.path === '/ctx/board/' && r.params.board_id === '1'), 'the GET')
    expect(() => refetchEntry(k, contextOf(k, 'board', { board_id: 2 }).id)).toThrow(/not mounted/)
    expect(() => refetchEntry(k, 999)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    await until(() => !one.getState().isFetching, 'settled')
    expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.params.board_id)).toEqual(['1'])
  })
})

describe('dropEntry', () => {
  test('evicts a cached entry now; refuses a mounted one and an id not held; a later mount loads anew', async () => {
    const k = kernel({ gcTime: 60_000 })
    const one = k.registerContext('board', { board_id: 1 })
    const two = k.registerContext('board', { board_id: 2 })
    await until(() => one.getState().status === 'success' && two.getState().status === 'success', 'loaded')
    two.unregister()
    const cached = contextOf(k, 'board', { board_id: 2 }).id
    expect(() => dropEntry(k, contextOf(k, 'board', { board_id: 1 }).id)).toThrow(/mounted/)
    dropEntry(k, cached)
    expect(k.getData('board', { board_id: 2 })).toBeUndefined()
    expect(k.inspect().contexts.map((c) => c.context + JSON.stringify(c.params))).toEqual(['board{"board_id":1}'])
    expect(k.stats.entries).toBe(1)
    expect(() => dropEntry(k, cached)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    server.requests.length = 0
    const again = k.registerContext('board', { board_id: 2 })
    expect(again.getState().status).toBe('loading')
    await until(() => again.getState().status === 'success', 'loaded again')
    expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.params.board_id)).toEqual(['2'])
  })
})
