// mizan-kernel/infinite over the real wasm kernel: against the reference
// board server's paged context `card_page` (cursor = the index of a page's
// first card, two cards a page), and with a scripted fetch where a call's
// answer (a merge, an invalidation) is the test's choice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createKernel, MizanError } from '../../js/index.js'
import { infiniteContext } from '../../js/infinite.js'
import { useBoardServer } from '../adapters/board_server.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

const server = useBoardServer()
let kernel
const make = (options = {}) => (kernel = createKernel({ baseUrl: server.baseUrl, csrf: false, session: false, server: false, gcTime: 0, ...options }))
afterEach(() => kernel?.dispose())

const PAGES = { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor }

/** Resolves with the store's state once `ok(state)` holds (checked now and on each change). */
function until(store, ok) {
  return new Promise((resolve) => {
    let off
    const check = () => {
      const state = store.getState()
      if (off && ok(state)) {
        off()
        resolve(state)
      }
    }
    off = store.subscribe(check)
    check()
  })
}
const loaded = (store) => until(store, (s) => !s.isFetching)
// Invalidations are batched: the refetches go out a microtask later.
const refetched = async (store) => {
  await until(store, (s) => s.isFetching)
  return loaded(store)
}

// Each test's stores keep a subscriber (with gcTime 0, pages nobody holds
// would be evicted); let go after the test.
let holds = []
const held = (store) => {
  holds.push(store.subscribe(() => {}))
  return store
}
afterEach(() => {
  for (const off of holds) off()
  holds = []
})

/** The cursors of the card_page GETs the server saw, '-' for none. */
const pageGets = () => server.requests.filter((r) => r.path === '/ctx/card_page/').map((r) => r.params.cursor ?? '-')
const ids = (page) => page.items.map((card) => card.id)

// Board 1 has cards 1 and 2; three more make three pages: [1, 2], [4, 5], [6].
async function fiveCards() {
  for (const title of ['Four', 'Five', 'Six']) await kernel.call('add_card', { board_id: 1, title })
}

describe('infiniteContext', () => {
  beforeEach(() => make())

  it('loads the first page without the page param, then each next page in order, until there is none', async () => {
    await fiveCards()
    const store = infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES)
    const before = store.getState()
    expect(before).toMatchObject({ pages: [], data: undefined, status: 'loading', isFetching: true, hasNextPage: false, isFetchingNextPage: false })
    expect(store.getState()).toBe(before)
    expect(pageGets()).toEqual([]) // read without mounting

    const first = await loaded(held(store))
    expect(pageGets()).toEqual(['-'])
    expect(first).toMatchObject({ status: 'success', error: null, hasNextPage: true, pageParams: [undefined] })
    expect(first.pages.map(ids)).toEqual([[1, 2]])
    expect(store.getState()).toBe(first)

    const fetching = store.fetchNextPage()
    expect(store.getState()).toMatchObject({ isFetchingNextPage: true, isFetching: true, hasNextPage: true, pageParams: [undefined, 2] })
    expect(store.getState().pages).toBe(first.pages) // the loaded pages keep their objects
    const second = await fetching
    expect(pageGets()).toEqual(['-', '2'])
    expect(second.pages.map(ids)).toEqual([
      [1, 2],
      [4, 5],
    ])
    expect(second.pages[0]).toBe(first.pages[0])
    expect(second.data.items.map((c) => c.id)).toEqual([1, 2, 4, 5])
    expect(second.data.next_cursor).toBe(4) // not a list: the last page's
    expect(second).toMatchObject({ isFetchingNextPage: false, hasNextPage: true })

    const third = await store.fetchNextPage()
    expect(pageGets()).toEqual(['-', '2', '4'])
    expect(third.pages.map(ids)).toEqual([[1, 2], [4, 5], [6]])
    expect(third.data).toEqual({ items: third.pages.flatMap((p) => p.items), next_cursor: null })
    expect(third).toMatchObject({ hasNextPage: false, pageParams: [undefined, 2, 4] })

    expect(await store.fetchNextPage()).toBe(third) // no next page: nothing is fetched
    expect(pageGets()).toEqual(['-', '2', '4'])
  })

  it('starts from initialPageParam when one is given', async () => {
    const store = held(infiniteContext(kernel, 'card_page', { board_id: 1, limit: 1 }, { ...PAGES, initialPageParam: 0 }))
    await loaded(store)
    const last = await store.fetchNextPage()
    expect(pageGets()).toEqual(['0', '1'])
    expect(last).toMatchObject({ pageParams: [0, 1], hasNextPage: false })
    expect(last.data.items.map((c) => c.title)).toEqual(['Write the announcement', 'Book the venue'])
  })

  it('refetches every loaded page on invalidation, and shows the new pages in order', async () => {
    await fiveCards()
    const store = held(infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES))
    await loaded(store)
    await store.fetchNextPage()
    const before = await store.fetchNextPage()
    // The server's data changes behind the kernel's back (edit_card merges into `board` only).
    await kernel.call('edit_card', { card_id: 5, title: 'Five, edited' })
    expect(store.getState()).toBe(before)

    kernel.invalidate(['card_page'])
    const refreshing = await until(store, (s) => s.isFetching)
    expect(refreshing).toMatchObject({ isFetching: true, isFetchingNextPage: false, status: 'success' })
    expect(refreshing.pages).toHaveLength(3) // the data stays while the pages refetch
    const after = await loaded(store)
    expect(pageGets()).toEqual(['-', '2', '4', '-', '2', '4'])
    expect(after.pages.map(ids)).toEqual([[1, 2], [4, 5], [6]])
    expect(after.data.items.map((c) => c.title)).toEqual(['Write the announcement', 'Book the venue', 'Four', 'Five, edited', 'Six'])
    expect(after.pages[0]).toEqual(before.pages[0])

    // A scoped target matches every page (their params hold the context's).
    kernel.invalidate([{ context: 'card_page', params: { board_id: 1 } }])
    await refetched(store)
    expect(pageGets()).toHaveLength(9)
    kernel.invalidate([{ context: 'card_page', params: { board_id: 2 } }])
    await settle()
    expect(pageGets()).toHaveLength(9)
  })

  it('starts from the first page again for other params, and for a new store of the same params', async () => {
    await fiveCards()
    const one = held(infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES))
    await loaded(one)
    expect((await one.fetchNextPage()).pages).toHaveLength(2)

    const two = held(infiniteContext(kernel, 'card_page', { board_id: 2 }, PAGES))
    const other = await loaded(two)
    expect(other.pages.map(ids)).toEqual([[3]])
    expect(other).toMatchObject({ pageParams: [undefined], hasNextPage: false })

    const again = infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES)
    expect(again.getState().pages.map(ids)).toEqual([[1, 2]]) // the first page as the kernel holds it
    expect(again.getState().hasNextPage).toBe(true)
  })

  it('mounts its pages while it has subscribers, and lets them go a microtask after the last leaves', async () => {
    await fiveCards()
    const store = infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES)
    const a = store.subscribe(() => {})
    await loaded(store)
    await store.fetchNextPage()
    const b = store.subscribe(() => {})
    a()
    await settle()
    kernel.invalidate(['card_page'])
    await refetched(store)
    expect(pageGets()).toEqual(['-', '2', '-', '2'])
    b()
    b() // a second call changes nothing
    await settle()
    kernel.invalidate(['card_page'])
    await settle()
    expect(pageGets()).toHaveLength(4)
    expect(kernel.stats.entries).toBe(0) // unmounted, and gone with gcTime 0
  })

  it('shows a failed next page as the error, and fetchNextPage() fetches it again', async () => {
    kernel.dispose()
    make({ retryDelays: [] })
    await fiveCards()
    const store = held(infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES))
    await loaded(store)
    server.failNextContext(500, (request) => request.params.cursor === '2')
    const failed = await store.fetchNextPage()
    expect(failed).toMatchObject({ status: 'error', isFetchingNextPage: false, hasNextPage: true, pageParams: [undefined, 2] })
    expect(failed.error).toBeInstanceOf(MizanError)
    expect(failed.error.code).toBe('HTTP_500')
    expect(failed.pages.map(ids)).toEqual([[1, 2]])
    expect(failed.data.items.map((c) => c.id)).toEqual([1, 2])

    const retried = await store.fetchNextPage()
    expect(pageGets()).toEqual(['-', '2', '2'])
    expect(retried).toMatchObject({ status: 'success', error: null, pageParams: [undefined, 2] })
    expect(retried.pages.map(ids)).toEqual([
      [1, 2],
      [4, 5],
    ])
  })

  it('tells every listener even when one throws', async () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {}) // node has no reportError
    const store = infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES)
    const offs = [
      store.subscribe(() => {
        throw new Error('listener failed')
      }),
    ]
    const seen = []
    offs.push(store.subscribe(() => seen.push(store.getState().status)))
    await loaded(store)
    expect(seen).toContain('success')
    expect(reported).toHaveBeenCalled()
    for (const off of offs) off()
    reported.mockRestore()
  })

  it('refuses unknown and ill-typed options, naming them', () => {
    const bad = (params, options) => {
      try {
        infiniteContext(kernel, 'card_page', params, options)
      } catch (error) {
        expect(error).toBeInstanceOf(MizanError)
        expect(error.code).toBe('INVALID_ARGUMENT')
        return error.message
      }
      throw new Error('accepted')
    }
    expect(bad({ board_id: 1 }, { ...PAGES, initialPageParm: 0 })).toMatch(/options\.initialPageParm is not an option/)
    expect(bad({ board_id: 1 }, { ...PAGES, getNextPage: () => null })).toMatch(/options\.getNextPage\b/)
    expect(bad({ board_id: 1 }, { pageParam: 'cursor' })).toMatch(/options\.getNextPageParam must be a function/)
    expect(bad({ board_id: 1 }, { getNextPageParam: () => null })).toMatch(/options\.pageParam must be a string/)
    expect(bad({ board_id: 1 }, { ...PAGES, pageParam: '' })).toMatch(/options\.pageParam must not be empty/)
    expect(bad({ board_id: 1 })).toMatch(/need options \{ pageParam, getNextPageParam, initialPageParam \}/)
    expect(bad([1], PAGES)).toMatch(/params must be a plain object/)
    const store = infiniteContext(kernel, 'card_page', { board_id: 1 }, PAGES)
    expect(() => store.subscribe('not a function')).toThrow(/listener must be a function/)
    expect(kernel.stats.entries).toBe(0)
  })
})

describe('infiniteContext with a call answer', () => {
  let script
  beforeEach(() => {
    script = scriptedFetch()
    kernel = createKernel({ fetch: script.fetch, csrf: false, session: false, server: false, retryDelays: [] })
  })

  async function twoPages() {
    const store = infiniteContext(kernel, 'feed', { topic: 'x' }, { pageParam: 'after', getNextPageParam: (last) => last.next })
    const off = store.subscribe(() => {})
    await script.requests[0].reply({
      items: [
        { id: 1, text: 'a' },
        { id: 2, text: 'b' },
      ],
      next: 'c2',
    })
    store.fetchNextPage()
    expect(script.requests[1].url).toBe('ctx/feed/?after=c2&topic=x')
    await script.requests[1].reply({ items: [{ id: 3, text: 'c' }], next: null })
    return { store, off }
  }

  it("shows a merge into one page in that page and in the joined view, the other page's objects kept", async () => {
    const { store, off } = await twoPages()
    const before = store.getState()
    const called = kernel.call('edit', { id: 3 })
    await script.requests[2].reply({
      result: null,
      merge: [{ context: 'feed', slot: 'items', value: { id: 3, text: 'c!' }, params: { topic: 'x', after: 'c2' } }],
    })
    await called
    const after = store.getState()
    expect(after).not.toBe(before)
    expect(after.pages[0]).toBe(before.pages[0])
    expect(after.pages[1].items).toEqual([{ id: 3, text: 'c!' }])
    expect(after.data.items.map((i) => i.text)).toEqual(['a', 'b', 'c!'])
    expect(after.data.items[0]).toBe(before.data.items[0])
    expect(script.requests).toHaveLength(3) // a merge refetches nothing
    off()
  })

  it("refetches every loaded page on a call's invalidation, in order, and shows their answers", async () => {
    const { store, off } = await twoPages()
    const called = kernel.call('reorder', {})
    await script.requests[2].reply({ result: null, invalidate: [{ context: 'feed', params: { topic: 'x' } }] })
    await called
    await settle()
    expect(script.requests.slice(3).map((r) => r.url)).toEqual(['ctx/feed/?topic=x', 'ctx/feed/?after=c2&topic=x'])
    // The second page answers first: the view still keeps page order.
    await script.requests[4].reply({ items: [{ id: 3, text: 'C' }], next: null })
    expect(store.getState().data.items.map((i) => i.text)).toEqual(['a', 'b', 'C'])
    await script.requests[3].reply({
      items: [
        { id: 1, text: 'A' },
        { id: 2, text: 'B' },
      ],
      next: 'c2',
    })
    const state = store.getState()
    expect(state.data.items.map((i) => i.text)).toEqual(['A', 'B', 'C'])
    expect(state).toMatchObject({ isFetching: false, hasNextPage: false })
    off()
  })
})
