// mizanContext() through the Svelte store contract itself, without a
// component: what `$store`, svelte/store's get() and derived() rely on.
import { derived, get } from 'svelte/store'
import { waitFor } from '@testing-library/svelte'
import { afterEach, expect, test } from 'vitest'
import { mizanContext } from '../../../adapters/svelte/index.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
afterEach(() => kernel?.dispose())

function record(store) {
  const values = []
  const off = store.subscribe((v) => values.push(v))
  return { values, off }
}

const microtask = () => Promise.resolve()

test('subscribe calls run at once with the current state, mounting the context', async () => {
  kernel = clientKernel(server)
  const store = mizanContext(kernel, 'board', { board_id: 1 })
  expect(kernel.stats.entries).toBe(0) // creating the store mounts nothing
  const first = record(store)
  expect(first.values).toHaveLength(1)
  expect(first.values[0]).toMatchObject({ status: 'loading', isFetching: true, data: undefined })
  expect(kernel.stats).toMatchObject({ entries: 1, pendingRequests: 1 })
  await waitFor(() => expect(first.values.at(-1).status).toBe('success'))
  expect(first.values.at(-1).data.board_info).toEqual({ id: 1, name: 'Launch' })
  // A later subscriber gets the same state object synchronously, with no fetch.
  const second = record(store)
  expect(second.values).toEqual([first.values.at(-1)])
  expect(second.values[0]).toBe(first.values.at(-1))
  expect(contextGets(server, 'board', 1)).toBe(1)
})

test('run is called again on each change, only while subscribed', async () => {
  kernel = clientKernel(server)
  const store = mizanContext(kernel, 'board', { board_id: 1 })
  const { values, off } = record(store)
  await waitFor(() => expect(values.at(-1).status).toBe('success'))
  const before = values.length
  await kernel.call('add_card', { board_id: 1, title: 'Merged' })
  expect(values).toHaveLength(before + 1)
  expect(values.at(-1).data.cards.map((c) => c.title)).toContain('Merged')
  // An untouched slot keeps its object, so `$board.data.board_info` consumers see no change.
  expect(values.at(-1).data.board_info).toBe(values.at(-2).data.board_info)
  off()
  await kernel.call('add_card', { board_id: 1, title: 'Unheard' })
  expect(values).toHaveLength(before + 1)
})

test('the context stays mounted until its last subscriber leaves', async () => {
  kernel = clientKernel(server, { gcTime: 0 })
  const store = mizanContext(kernel, 'board', { board_id: 1 })
  const a = record(store)
  const b = record(store)
  await waitFor(() => expect(a.values.at(-1).status).toBe('success'))
  a.off()
  await microtask()
  kernel.invalidate(['board']) // still mounted for b: this refetches
  await microtask()
  expect(kernel.stats.pendingRequests).toBe(1)
  await waitFor(() => expect(b.values.at(-1).isFetching).toBe(false))
  expect(contextGets(server, 'board', 1)).toBe(2)
  b.off()
  await microtask()
  kernel.invalidate(['board']) // unmounted now: nothing refetches
  await microtask()
  expect(kernel.stats.pendingRequests).toBe(0)
  await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 0, records: 0 }))
  expect(contextGets(server, 'board', 1)).toBe(2)
})

test('resubscribing after the context was dropped loads it again', async () => {
  kernel = clientKernel(server, { gcTime: 0 })
  const store = mizanContext(kernel, 'board', { board_id: 2 })
  const first = record(store)
  await waitFor(() => expect(first.values.at(-1).status).toBe('success'))
  first.off()
  await waitFor(() => expect(kernel.stats.entries).toBe(0))
  const again = record(store)
  expect(again.values[0].status).toBe('loading')
  await waitFor(() => expect(again.values.at(-1).status).toBe('success'))
  expect(again.values.at(-1).data.board_info.name).toBe('Research')
  expect(contextGets(server, 'board', 2)).toBe(2)
  again.off()
})

test('resubscribing while the entry is cached gives its data at once, with no fetch', async () => {
  kernel = clientKernel(server)
  const store = mizanContext(kernel, 'board', { board_id: 2 })
  const first = record(store)
  await waitFor(() => expect(first.values.at(-1).status).toBe('success'))
  first.off()
  await microtask()
  const again = record(store)
  expect(again.values[0]).toBe(first.values.at(-1))
  expect(kernel.stats.pendingRequests).toBe(0)
  expect(contextGets(server, 'board', 2)).toBe(1)
  again.off()
})

test('resubscribing to a cached entry invalidated meanwhile shows its refetch at once', async () => {
  kernel = clientKernel(server)
  const store = mizanContext(kernel, 'board', { board_id: 2 })
  const first = record(store)
  await waitFor(() => expect(first.values.at(-1).status).toBe('success'))
  first.off()
  await microtask()
  kernel.invalidate(['board']) // unmounted: marked stale, refetched on the next mount
  await microtask() // invalidations apply in a batch, a microtask later
  expect(kernel.stats.pendingRequests).toBe(0)
  const again = record(store)
  expect(again.values[0]).toMatchObject({ status: 'success', isFetching: true, data: first.values.at(-1).data })
  await waitFor(() => expect(again.values.at(-1).isFetching).toBe(false))
  expect(contextGets(server, 'board', 2)).toBe(2)
  again.off()
})

test("svelte/store's get() and derived() work over it", async () => {
  kernel = clientKernel(server)
  const store = mizanContext(kernel, 'board', { board_id: 1 })
  const count = derived(store, (s) => s.data?.cards.length)
  const { values, off } = record(count)
  expect(values).toEqual([undefined])
  await waitFor(() => expect(values.at(-1)).toBe(2))
  expect(get(store).data.board_info.name).toBe('Launch')
  await kernel.call('add_card', { board_id: 1, title: 'Third' })
  expect(values.at(-1)).toBe(3)
  off()
})

test('on a server kernel, subscribing shows what the kernel holds and fetches nothing', async () => {
  kernel = createKernel({ baseUrl: server.baseUrl, server: true })
  kernel.hydrate({ contexts: [{ context: 'board', params: { board_id: 1 }, data: { board_info: { id: 1, name: 'Hydrated' }, cards: [] } }] })
  const held = record(mizanContext(kernel, 'board', { board_id: 1 }))
  const missing = record(mizanContext(kernel, 'board', { board_id: 2 }))
  expect(held.values[0]).toMatchObject({ status: 'success', data: { board_info: { name: 'Hydrated' } } })
  expect(missing.values[0]).toMatchObject({ status: 'loading', data: undefined })
  held.off()
  missing.off()
  await microtask()
  expect(kernel.stats).toMatchObject({ entries: 1, pendingRequests: 0 }) // the hydrated entry only: nothing mounted
  expect(contextGets(server, 'board')).toBe(0)
})
