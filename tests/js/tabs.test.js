// Multi-tab sync ('mizan-kernel/tabs') in Node: Node 20's BroadcastChannel
// carries messages between two instances in one process, so two real
// kernels (browser kernels: server: false) against the reference board
// server are two tabs; a third plain BroadcastChannel on the same name
// listens to what they post and posts crafted messages of its own.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import '../../js/optimistic.js'
import { TABS_VERSION } from '../../js/tabs.js'
import { setReporter } from '../../js/timeline.js'
import { createKernel, init } from '../../js/index.js'
import { startBoardServer } from '../../examples/server/board_api.js'
import { until } from './support/until.js'

let server
let spy // { posted: every message the kernels posted, post(message) }
const kernels = []
beforeAll(async () => {
  await init()
  server = await startBoardServer({ csrf: false })
})
beforeEach(() => {
  server.reset()
  const channel = new BroadcastChannel(`mizan-kernel:${server.baseUrl}`)
  const posted = []
  channel.onmessage = ({ data }) => posted.push(data)
  spy = { channel, posted, post: (message) => channel.postMessage({ v: TABS_VERSION, tab: 'spy', ...message }) }
})
afterEach(() => {
  for (const kernel of kernels.splice(0)) kernel.dispose()
  spy.channel.close()
})
afterAll(() => server?.close())

// A tab: a browser kernel with its own log of context GETs and problems.
function tab(options = {}) {
  const gets = []
  const problems = []
  const kernel = createKernel({
    baseUrl: server.baseUrl,
    csrf: false,
    session: false,
    server: false,
    onProblem: (problem) => problems.push(problem),
    fetch: (url, init) => {
      const { pathname, search } = new URL(url)
      if ((init?.method ?? 'GET') === 'GET') gets.push(`${pathname.slice(pathname.indexOf('/ctx/'))}${search}`)
      return globalThis.fetch(url, init)
    },
    ...options,
  })
  kernels.push(kernel)
  const board = (id) => kernel.registerContext('board', { board_id: id })
  return { kernel, gets, problems, board }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const loaded = (...handles) => until(() => handles.every((h) => h.getState().status === 'success' && !h.getState().isFetching), 'loaded')
// Two tabs holding one entry settle on the same data (each took the other's newer offer).
const inStep = async (x, y) => {
  await loaded(x, y)
  await until(() => x.getState().updatedAt === y.getState().updatedAt, 'the tabs in step')
}
const titles = (handle) => handle.getState().data?.cards.map((c) => c.title)
const boardGets = (t, id) => t.gets.filter((g) => g === `/ctx/board/?board_id=${id}`).length

describe('merges and data', () => {
  test('a merge in one tab shows in the other with no GET there, and is not posted back', async () => {
    const a = tab()
    const b = tab()
    const [ha, hb] = [a.board(1), b.board(1)]
    await inStep(ha, hb)
    const events = []
    setReporter(b.kernel, (event) => events.push(event))
    let told = 0
    hb.subscribe(() => told++)
    const getsBefore = b.gets.length
    spy.posted.length = 0

    await a.kernel.call('add_card', { board_id: 1, title: 'From A' })
    expect(titles(ha)).toContain('From A')
    await until(() => titles(hb).includes('From A'), 'the card in B')
    await sleep(50)
    expect(b.gets.length).toBe(getsBefore)
    expect(hb.getState()).toMatchObject({ status: 'success', isFetching: false })
    expect(told).toBeGreaterThan(0)
    expect(events).toEqual([{ kind: 'merge', source: 'tab', targets: [{ context: 'board', params: { board_id: 1 } }] }])
    // A posted the entry's new data and the call's merge target; B posted nothing back.
    expect(spy.posted.map((m) => m.kind)).toEqual(['data', 'invalidate'])
    const [data, invalidate] = spy.posted
    expect(data).toMatchObject({ v: 1, context: 'board', params: { board_id: 1 }, call: invalidate.call })
    expect(data.at).toBeGreaterThan(data.updatedAt) // known after the data it grew from
    expect(invalidate).toMatchObject({ targets: [], merged: [{ context: 'board', params: { board_id: 1 } }] })
  })

  test("an optimistic layer never reaches another tab: the call's merged data does, once it settled", async () => {
    let release
    const held = new Promise((resolve) => (release = resolve))
    const a = tab({ fetch: async (url, init) => (init?.method === 'POST' && (await held), globalThis.fetch(url, init)) })
    const b = tab()
    const [ha, hb] = [a.board(2), b.board(2)]
    await inStep(ha, hb)
    spy.posted.length = 0
    const card = { id: -1, board_id: 2, title: 'Saving…' }
    const done = a.kernel.call(
      'add_card',
      { board_id: 2, title: 'Saved' },
      { optimistic: [{ context: 'board', params: { board_id: 2 }, slot: 'cards', value: card }] },
    )
    expect(titles(ha)).toContain('Saving…')
    await sleep(50)
    expect(spy.posted).toEqual([])
    expect(titles(hb)).not.toContain('Saving…')
    release()
    await done
    await until(() => titles(hb).includes('Saved'), 'the saved card in B')
    expect(titles(hb)).not.toContain('Saving…')
    expect(titles(hb)).toEqual(titles(ha))
    expect(boardGets(b, 2)).toBe(1)
  })

  test('a merge into an entry only the other tab holds refetches it there, and nothing else', async () => {
    const a = tab()
    const b = tab()
    const [a2, b1, b2] = [a.board(2), b.board(1), b.board(2)]
    await loaded(a2, b1, b2)
    await inStep(a2, b2)
    await a.kernel.call('add_card', { board_id: 1, title: 'Only B holds board 1' })
    await until(() => titles(b1).includes('Only B holds board 1'), 'board 1 refetched in B')
    await sleep(50)
    expect(boardGets(b, 1)).toBe(2)
    expect(boardGets(b, 2)).toBe(1)
  })

  test('what a tab hydrates (a later server render) is offered: tabs started at different times agree, and a merge then needs no GET', async () => {
    const a = tab()
    const ha = a.board(1)
    await loaded(ha)
    const { updatedAt } = ha.getState()
    const b = tab()
    const rendered = { context: 'board', params: { board_id: 1 }, data: { ...ha.getState().data, board_info: { id: 1, name: 'Rendered later' } } }
    expect(b.kernel.hydrate({ contexts: [{ ...rendered, updatedAt: updatedAt + 500 }] })).toBe(1)
    await until(() => ha.getState().data.board_info.name === 'Rendered later', "A took B's render")
    expect(ha.getState().updatedAt).toBe(updatedAt + 500)
    // An older render is offered too, and ignored.
    b.kernel.hydrate([{ ...rendered, data: { ...rendered.data, board_info: { id: 1, name: 'Older' } }, updatedAt: updatedAt - 500 }])
    const hb = b.board(1)
    expect(hb.getState().data.board_info.name).toBe('Rendered later')
    await a.kernel.call('add_card', { board_id: 1, title: 'After the renders' })
    await until(() => titles(hb).includes('After the renders'), 'the card in B')
    await sleep(50)
    expect(b.gets).toEqual([])
    expect(ha.getState().data.board_info.name).toBe('Rendered later')
  })

  test('data reaches only the tabs that hold the entry', async () => {
    const a = tab()
    const b = tab()
    await loaded(b.board(1))
    await loaded(a.board(2))
    await sleep(50)
    expect(b.kernel.getData('board', { board_id: 2 })).toBeUndefined()
    expect(b.kernel.stats.entries).toBe(1)
  })

  test('an offer known later and grown from data at least as new is taken; an older one is ignored; one grown from older data refetches', async () => {
    const b = tab()
    const page = b.kernel.registerContext('card_page', { board_id: 1, limit: 2 })
    await loaded(page)
    const { updatedAt } = page.getState()
    const before = page.getState().data
    const offer = (data, base, at) => ({ kind: 'data', context: 'card_page', params: { limit: 2, board_id: 1 }, data, updatedAt: base, at })
    spy.posted.length = 0

    spy.post(offer({ items: [], next_cursor: 'older' }, updatedAt - 1000, updatedAt - 1000))
    await sleep(50)
    expect(page.getState().data).toBe(before)

    // Params in another key order name the same entry.
    spy.post(offer({ items: [], next_cursor: 'newer' }, updatedAt, updatedAt + 1000))
    await until(() => page.getState().data.next_cursor === 'newer', 'the newer offer taken')
    expect(page.getState()).toMatchObject({ status: 'success', updatedAt: updatedAt + 1000 })
    expect(spy.posted).toEqual([]) // not offered again

    // Known later still, but grown from data older than B's: B refetches.
    spy.post(offer({ items: [], next_cursor: 'stale base' }, updatedAt - 5000, updatedAt + 2000))
    await until(() => b.gets.length === 2, 'the refetch')
    await loaded(page)
    expect(page.getState().data).toEqual(before)
    expect(spy.posted.map((m) => m.kind)).toEqual(['data']) // its own fetch, offered
  })
})

describe('invalidation', () => {
  test('a call in one tab refetches in the other only the matching mounted contexts; cached ones load when mounted again', async () => {
    const a = tab()
    const b = tab()
    const [b1, b2] = [b.board(1), b.board(2)]
    const compact = { board_id: 1, view: 'compact' } // extra params match a scoped target too
    const cached = b.kernel.registerContext('board', compact)
    await loaded(a.board(1), b1, b2, cached)
    cached.unregister()
    const events = []
    setReporter(b.kernel, (event) => events.push(event))

    await a.kernel.call('rename_board', { board_id: 1, name: 'Renamed in A' }) // body `invalidate` and the header
    await until(() => b1.getState().data.board_info.name === 'Renamed in A', 'board 1 in B')
    await loaded(b1)
    await sleep(50)
    expect(boardGets(b, 1)).toBe(2)
    expect(boardGets(b, 2)).toBe(1)
    const compactGets = () => b.gets.filter((g) => g === '/ctx/board/?board_id=1&view=compact').length
    expect(compactGets()).toBe(1)
    expect(events).toContainEqual({
      kind: 'invalidate',
      source: 'tab',
      targets: [
        { context: 'board', params: { board_id: 1 } },
        { context: 'board', params: { board_id: '1' } },
      ],
    })
    // The cached entry matched too: marked stale, it loads when mounted again.
    b.kernel.registerContext('board', compact)
    await until(() => compactGets() === 2, 'the stale entry refetched')
  })

  test("the header alone is read, its malformed items left out; a failed call's header counts too", async () => {
    const answers = {
      header_only: { status: 200, body: '{"result": null}', header: 'board;board_id=2, ;oops, card_page;board_id=%zz, ,' },
      failing: { status: 400, body: '{"error": true, "code": "NOPE", "message": "no"}', header: 'session' },
    }
    const a = tab({
      fetch: async (url, init) => {
        const { fn } = JSON.parse(init.body)
        const { status, body, header } = answers[fn]
        return new Response(body, { status, headers: { 'X-Mizan-Invalidate': header } })
      },
    })
    const b = tab()
    const [b1, b2, session, page] = [
      b.board(1),
      b.board(2),
      b.kernel.registerContext('session'),
      b.kernel.registerContext('card_page', { board_id: 1 }),
    ]
    await loaded(b1, b2, session, page)
    spy.posted.length = 0
    await a.kernel.call('header_only')
    await until(() => boardGets(b, 2) === 2, 'board 2 refetched')
    await expect(a.kernel.call('failing')).rejects.toMatchObject({ code: 'NOPE' })
    await until(() => b.gets.filter((g) => g === '/ctx/session/').length === 2, 'session refetched')
    await sleep(50)
    expect(boardGets(b, 1)).toBe(1)
    expect(b.gets.filter((g) => g.startsWith('/ctx/card_page/'))).toHaveLength(1)
    expect(spy.posted.filter((m) => m.kind === 'invalidate').map((m) => m.targets)).toEqual([
      [{ context: 'board', params: { board_id: '2' } }],
      ['session'],
    ])
    expect(b.problems).toEqual([])
  })
})

describe('users', () => {
  test("a tab of another user neither takes nor gives; another user's messages are ignored, not reported", async () => {
    const a = tab({ identity: 'ann' })
    const b = tab({ identity: 'bo' })
    const [ha, hb] = [a.board(1), b.board(1)]
    await loaded(ha, hb)
    await a.kernel.call('add_card', { board_id: 1, title: "Ann's" })
    spy.post({ identity: 'ann', kind: 'invalidate', targets: ['board'], merged: [], call: 1 })
    await sleep(80)
    expect(titles(hb)).not.toContain("Ann's")
    expect(boardGets(b, 1)).toBe(1)
    expect(b.problems).toEqual([])
    expect(new Set(spy.posted.map((m) => m.identity))).toEqual(new Set(['ann', 'bo']))
  })

  test("a change of user or a sign-out in one tab purges the old user's tabs at once, before they fetch again", async () => {
    const a = tab({ identity: 'ann' })
    const b = tab({ identity: 'ann' })
    const c = tab({ identity: 'bo' })
    const [ha, hb, hc] = [a.board(1), b.board(1), c.board(1)]
    await loaded(ha, hb, hc)
    const states = []
    hb.subscribe(() => states.push(hb.getState()))
    spy.posted.length = 0

    a.kernel.setIdentity('carl')
    await until(() => states.length > 0, 'B purged')
    // B's first state after A's change: no data (ann's is gone), loading carl's.
    expect(states[0]).toMatchObject({ status: 'loading', data: undefined })
    await loaded(hb)
    expect(titles(hb)).toEqual(titles(ha))
    expect(boardGets(b, 1)).toBe(2)
    expect(hc.getState().status).toBe('success')
    expect(boardGets(c, 1)).toBe(1) // bo's tab kept its data
    // One purge message, A's: B followed without posting one of its own.
    expect(spy.posted.filter((m) => m.kind === 'purge')).toEqual([expect.objectContaining({ identity: 'ann', to: 'carl' })])
    // B is carl's now: carl's messages reach it, ann's do not.
    spy.post({ identity: 'ann', kind: 'invalidate', targets: ['board'], merged: [], call: 1 })
    spy.post({ identity: 'carl', kind: 'invalidate', targets: ['board'], merged: [], call: 2 })
    await until(() => boardGets(b, 1) === 3, "carl's invalidation")
    await loaded(hb)
    await sleep(50)
    expect(boardGets(b, 1)).toBe(3) // ann's was not applied

    a.kernel.reset() // sign-out
    await until(() => hb.getState().data === undefined || boardGets(b, 1) === 4, 'B signed out')
    await loaded(hb)
    expect(boardGets(b, 1)).toBe(4)
    expect(spy.posted.filter((m) => m.kind === 'purge').map((m) => [m.identity, m.to])).toEqual([
      ['ann', 'carl'],
      ['carl', null],
    ])
    // Both are signed out: they share again.
    await inStep(ha, hb)
    await a.kernel.call('add_card', { board_id: 1, title: 'After sign-out' })
    await until(() => titles(hb).includes('After sign-out'), 'shared again')
    expect(c.problems.concat(b.problems)).toEqual([])
  })

  test('a kernel that knew no user signs out every tab that knew none', async () => {
    const a = tab()
    const b = tab()
    const hb = b.board(1)
    await loaded(hb)
    a.kernel.reset()
    await until(() => boardGets(b, 1) === 2, 'B purged and reloaded')
    const purges = spy.posted.filter((m) => m.kind === 'purge')
    expect(purges).toEqual([expect.objectContaining({ to: null })])
    expect(purges[0].identity).toBeUndefined()
  })
})

describe('what is not shared', () => {
  test('malformed messages are reported and ignored; the good targets of a list still apply', async () => {
    const b = tab()
    const hb = b.board(1)
    await loaded(hb)
    const before = hb.getState()
    spy.channel.postMessage('not an object')
    spy.channel.postMessage({ v: 2, tab: 'spy', kind: 'purge', to: null })
    spy.post({ kind: 'explode' })
    spy.channel.postMessage({ v: TABS_VERSION, kind: 'purge', to: null })
    spy.post({ kind: 'purge', identity: 5, to: null })
    spy.post({ kind: 'purge', to: 5 })
    spy.post({ kind: 'invalidate', targets: 'board', merged: [] })
    spy.post({ kind: 'data', context: 'board', params: { board_id: 1 }, data: [], updatedAt: 1, at: 2 })
    spy.post({ kind: 'data', context: 'board', params: { board_id: 1 }, data: {}, updatedAt: 1, at: Infinity })
    await until(() => b.problems.length === 9, 'nine problems')
    expect(hb.getState()).toBe(before)
    expect(boardGets(b, 1)).toBe(1)
    spy.post({ kind: 'invalidate', targets: [{ context: 'board', param: {} }, 'board', 7], merged: [{ context: '' }], call: 1 })
    await until(() => boardGets(b, 1) === 2, 'the good target applied')
    await until(() => b.problems.length === 12, 'three more problems')
    expect(b.problems.slice(9)).toEqual([
      'tabs: a message of kind invalidate: targets[0] is not a target (ignored)',
      'tabs: a message of kind invalidate: targets[2] is not a target (ignored)',
      'tabs: a message of kind invalidate: merged[0] is not a merge target (ignored)',
    ])
    expect(b.problems.slice(0, 9)).toEqual([
      'tabs: a message that is a string, not an object (ignored)',
      'tabs: a message of format version 2 (this tab reads 1) (ignored)',
      'tabs: a message of unknown kind "explode" (ignored)',
      'tabs: a message without the id of its tab (ignored)',
      'tabs: a message of kind purge whose identity is 5 (ignored)',
      'tabs: a message of kind purge: to is 5 (ignored)',
      'tabs: a message of kind invalidate: targets is a string (ignored)',
      'tabs: a message of kind data: data is an array (ignored)',
      'tabs: a message of kind data: at is Infinity (ignored)',
    ])
  })

  test('tabs: false, server kernels and a runtime without BroadcastChannel share nothing', async () => {
    const a = tab()
    const off = tab({ tabs: false })
    const rendering = tab({ server: true })
    const [ha, hoff] = [a.board(1), off.board(1)]
    await loaded(ha, hoff)
    await rendering.kernel.prefetch('board', { board_id: 2 })
    await off.kernel.call('add_card', { board_id: 1, title: 'Not shared' })
    await rendering.kernel.call('add_card', { board_id: 1, title: 'Nor this' })
    spy.post({ kind: 'invalidate', targets: ['board'], merged: [], call: 1 })
    await until(() => boardGets(a, 1) === 2, 'the spy reached A')
    await sleep(50)
    expect(boardGets(off, 1)).toBe(1)
    expect(rendering.gets).toEqual(['/ctx/board/?board_id=2'])
    // Everything posted came from A.
    expect(new Set(spy.posted.map((m) => m.tab)).size).toBe(1)
    expect(() => tab({ tabs: 'no' })).toThrow(/options\.tabs must be a boolean/)

    vi.stubGlobal('BroadcastChannel', undefined)
    try {
      const lone = tab()
      await loaded(lone.board(1))
      await lone.kernel.call('add_card', { board_id: 1, title: 'Alone' })
      expect(titles(lone.board(1))).toContain('Alone')
    } finally {
      vi.unstubAllGlobals()
    }
  })

  test('a disposed kernel leaves the channel; one whose constructor threw never joins', async () => {
    const a = tab()
    await loaded(a.board(1))
    a.kernel.dispose()
    const problems = []
    const options = { baseUrl: server.baseUrl, csrf: false, session: false, server: false, onProblem: (p) => problems.push(p) }
    expect(() => createKernel({ ...options, gcTime: -1 })).toThrow()
    expect(() => createKernel({ ...options, identity: 5 })).toThrow()
    await sleep(0)
    spy.posted.length = 0
    spy.post({ kind: 'invalidate', targets: ['board'], merged: [], call: 1 })
    spy.post({ kind: 'purge', to: null })
    await sleep(80)
    // (A message handled by a kernel that is not there would be reported: DISPOSED, or a TypeError.)
    expect(a.problems.concat(problems)).toEqual([])
    expect(spy.posted).toEqual([])
  })
})
