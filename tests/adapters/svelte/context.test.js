// mizanContext in Svelte 5 components (`$store` syntax), against the real
// wasm kernel and the reference board server.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterEach, expect, test } from 'vitest'
import { mizanContext } from '../../../adapters/svelte/index.js'
import { serializeForScript } from '../../../js/index.js'
import Board from './Board.svelte'
import CardCount from './CardCount.svelte'
import Mutation from './Mutation.svelte'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
afterEach(() => {
  cleanup()
  kernel?.dispose()
})

const board = (id) => within(screen.getByRole('region', { name: `board ${id}` }))
const titles = (id) =>
  board(id)
    .queryAllByRole('listitem')
    .map((li) => li.textContent)

test('a board renders loading, then its data from one fetch', async () => {
  kernel = clientKernel(server)
  render(Board, { kernel, boardId: 1 })
  expect(board(1).getByText('Loading…')).toBeTruthy()
  await board(1).findByRole('heading', { name: 'Launch' })
  expect(titles(1)).toEqual(['Write the announcement', 'Book the venue'])
  expect(contextGets(server, 'board', 1)).toBe(1)
})

test("a failed context shows the server's error code and message", async () => {
  kernel = clientKernel(server)
  render(Board, { kernel, boardId: 9 })
  const alert = await board(9).findByRole('alert')
  expect(alert.textContent).toBe('NOT_FOUND: board 9 does not exist')
})

test('a 5xx shows as an HTTP error once the retries are spent', async () => {
  kernel = clientKernel(server, { retryDelays: [0] })
  server.failNextContext(500)
  server.failNextContext(503)
  render(Board, { kernel, boardId: 1 })
  const alert = await board(1).findByRole('alert')
  expect(alert.textContent).toMatch(/^HTTP_503: /)
  expect(contextGets(server, 'board', 1)).toBe(2)
})

test('scoped invalidation refetches only the matching board', async () => {
  kernel = clientKernel(server)
  render(Board, { kernel, boardId: 1 })
  render(Board, { kernel, boardId: 2 })
  await board(1).findByRole('heading', { name: 'Launch' })
  await board(2).findByRole('heading', { name: 'Research' })
  render(Mutation, { kernel, fn: 'rename_board', args: { board_id: 2, name: 'Papers' }, label: 'Rename' })
  await fireEvent.click(screen.getByRole('button', { name: 'Rename' }))
  // rename_board answers with no merge: the new name can only come from a refetch.
  await board(2).findByRole('heading', { name: 'Papers' })
  expect(contextGets(server, 'board', 2)).toBe(2)
  // Board 1 was neither refetched nor is a refetch of it in flight.
  expect(kernel.stats.pendingRequests).toBe(0)
  expect(contextGets(server, 'board', 1)).toBe(1)
  expect(board(1).getByRole('heading').textContent).toBe('Launch')
})

test('unmounting leaves nothing mounted, and aborts a fetch in flight', async () => {
  kernel = clientKernel(server, { gcTime: 0 })
  const loaded = render(Board, { kernel, boardId: 1 })
  await board(1).findByRole('heading', { name: 'Launch' })
  const loading = render(Board, { kernel, boardId: 2 })
  expect(kernel.stats).toMatchObject({ entries: 2, pendingRequests: 1 })
  loading.unmount()
  loaded.unmount()
  await Promise.resolve() // the kernel unmounts a microtask after the last unsubscribe
  expect(kernel.stats.pendingRequests).toBe(0)
  // Unmounted contexts are not refetched by an invalidation...
  kernel.invalidate(['board'])
  await Promise.resolve()
  expect(kernel.stats.pendingRequests).toBe(0)
  // ...and with gcTime 0 the kernel lets go of them.
  await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 0, records: 0 }))
  expect(contextGets(server, 'board')).toBe(2)
})

test('components sharing one store share one entry and one fetch', async () => {
  kernel = clientKernel(server)
  const store = mizanContext(kernel, 'board', { board_id: 1 })
  const first = render(CardCount, { store, label: 'first' })
  render(CardCount, { store, label: 'second' })
  await screen.findByText('first: 2')
  expect(screen.getByText('second: 2')).toBeTruthy()
  expect(kernel.stats.entries).toBe(1)
  expect(contextGets(server, 'board', 1)).toBe(1)
  // One leaving keeps the context mounted for the other, which still updates.
  first.unmount()
  await Promise.resolve()
  await kernel.call('add_card', { board_id: 1, title: 'Print badges' })
  await screen.findByText('second: 3')
  expect(contextGets(server, 'board', 1)).toBe(1)
})

test('separate stores of the same context also share one entry and one fetch', async () => {
  kernel = clientKernel(server)
  render(Board, { kernel, boardId: 1 })
  render(Board, { kernel, boardId: 1 })
  await waitFor(() => expect(screen.getAllByRole('heading', { name: 'Launch' })).toHaveLength(2))
  expect(kernel.stats.entries).toBe(1)
  expect(contextGets(server, 'board', 1)).toBe(1)
})

test('a new boardId subscribes to the new board and lets the old one go', async () => {
  kernel = clientKernel(server)
  const { rerender } = render(Board, { kernel, boardId: 1 })
  await screen.findByRole('heading', { name: 'Launch' })
  await rerender({ boardId: 2 })
  await screen.findByRole('heading', { name: 'Research' })
  await Promise.resolve()
  // Only board 2 is still mounted: an invalidation of every board refetches it alone.
  kernel.invalidate(['board'])
  await waitFor(() => expect(contextGets(server, 'board', 2)).toBe(2))
  await waitFor(() => expect(kernel.stats.pendingRequests).toBe(0))
  expect(contextGets(server, 'board', 1)).toBe(1)
})

test('a board hydrated from a server render shows at once, with no fetch', async () => {
  const serverKernel = clientKernel(server, { server: true })
  await serverKernel.prefetch('board', { board_id: 1 })
  const script = document.createElement('script')
  script.type = 'application/json'
  script.id = '__MIZAN_SSR_DATA__'
  script.textContent = serializeForScript(serverKernel.dehydrate())
  serverKernel.dispose()
  document.head.append(script)
  try {
    kernel = clientKernel(server)
    expect(kernel.hydrate()).toBe(1)
  } finally {
    script.remove()
  }
  render(Board, { kernel, boardId: 1 })
  expect(board(1).getByRole('heading').textContent).toBe('Launch')
  expect(titles(1)).toEqual(['Write the announcement', 'Book the venue'])
  await Promise.resolve()
  expect(kernel.stats.pendingRequests).toBe(0)
  expect(contextGets(server, 'board', 1)).toBe(1) // the server render's fetch only
})
