// mizanInfiniteContext in a Svelte 5 component and through the store
// contract, over the real wasm kernel and the reference board server's
// paged context `card_page` (limit 1: board 1's two cards are two pages).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { get } from 'svelte/store'
import { afterEach, expect, test } from 'vitest'
import { mizanInfiniteContext } from '../../../adapters/svelte/infinite.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import CardPages from './CardPages.svelte'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
let kernel
afterEach(() => {
  cleanup()
  kernel?.dispose()
})

const PAGES = { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor }
const pageGets = () => server.requests.filter((r) => r.path === '/ctx/card_page/').map((r) => `${r.params.board_id}:${r.params.cursor ?? '-'}`)
const shown = () => screen.queryAllByRole('listitem').map((li) => li.textContent)

test('renders the first page, then appends the next one on fetchNextPage, until the last', async () => {
  kernel = clientKernel(server)
  render(CardPages, { kernel, boardId: 1 })
  expect(screen.getByText('loading')).toBeTruthy()
  await screen.findByText('1 pages')
  expect(shown()).toEqual(['Write the announcement'])
  await fireEvent.click(screen.getByRole('button', { name: 'More' }))
  expect(await screen.findByRole('button', { name: 'Loading more…' })).toBeTruthy()
  await screen.findByText('The end')
  expect(shown()).toEqual(['Write the announcement', 'Book the venue'])
  expect(pageGets()).toEqual(['1:-', '1:1'])
})

test('refetches the loaded pages on invalidation, and starts from the first page for another board', async () => {
  kernel = clientKernel(server)
  const { rerender } = render(CardPages, { kernel, boardId: 1 })
  await screen.findByText('1 pages')
  await fireEvent.click(screen.getByRole('button', { name: 'More' }))
  await screen.findByText('The end')
  server.api.db.cards.find((card) => card.id === 2).title = 'Book a bigger venue'
  kernel.invalidate(['card_page'])
  await waitFor(() => expect(shown()).toEqual(['Write the announcement', 'Book a bigger venue']))
  await waitFor(() => expect(pageGets()).toEqual(['1:-', '1:1', '1:-', '1:1']))

  await rerender({ boardId: 2 })
  await waitFor(() => expect(shown()).toEqual(['Read the HMAC RFC']))
  expect(screen.getByText('The end')).toBeTruthy()
  expect(pageGets()).toEqual(['1:-', '1:1', '1:-', '1:1', '2:-'])
})

test('keeps the store contract: run at once, on each change, only while subscribed', async () => {
  kernel = clientKernel(server)
  const store = mizanInfiniteContext(kernel, 'card_page', { board_id: 1, limit: 1 }, PAGES)
  expect(kernel.stats.entries).toBe(0) // made, not mounted
  const values = []
  const off = store.subscribe((value) => values.push(value))
  expect(values).toHaveLength(1)
  expect(values[0]).toMatchObject({ status: 'loading', pages: [] })
  await waitFor(() => expect(values.at(-1).status).toBe('success'))
  const last = await store.fetchNextPage()
  expect(last.pages).toHaveLength(2)
  expect(values.at(-1)).toBe(last)
  expect(get(store)).toBe(last)
  off()
  const count = values.length
  kernel.invalidate(['card_page'])
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(values).toHaveLength(count)
})

test('a server kernel shows what it holds and mounts nothing', async () => {
  kernel = createKernel({ baseUrl: server.baseUrl, csrf: false, session: false, server: true })
  await kernel.prefetch('card_page', { board_id: 1, limit: 1 })
  const store = mizanInfiniteContext(kernel, 'card_page', { board_id: 1, limit: 1 }, PAGES)
  const state = get(store)
  expect(state.data.items.map((card) => card.id)).toEqual([1])
  expect(state.hasNextPage).toBe(true)
  expect(kernel.stats).toMatchObject({ entries: 1, pendingRequests: 0 })
})
