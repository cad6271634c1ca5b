// mutation(), isMutating() and isFetching(): stores of the kernel's call
// state and activity, in a Svelte 5 component and through the store
// contract, against the real wasm kernel (the scenarios all adapters share
// are in ../mutation_cases.js).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { get } from 'svelte/store'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { isFetching, isMutating, mutation } from '../../../adapters/svelte/index.js'
import Board from './Board.svelte'
import Mutation from './Mutation.svelte'
import { useBoardServer } from '../board_server.js'
import { mutationCases } from '../mutation_cases.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
const kernels = []
afterEach(() => {
  cleanup()
  for (const k of kernels.splice(0)) k.dispose()
  vi.restoreAllMocks()
})
const made = (options) => {
  const k = clientKernel(server, options)
  kernels.push(k)
  return k
}

// A store read as `$store` reads it: subscribed, the last value kept.
function follow(store, extra = {}) {
  let value
  const off = store.subscribe((v) => (value = v))
  return { current: () => (typeof value === 'object' ? { ...value, ...extra } : value), unmount: off }
}

describe('mutation (shared cases)', () => {
  mutationCases({
    server,
    kernel: made,
    use: (kernel, fn, options) => {
      const store = mutation(kernel, fn, options)
      return follow(store, { mutate: store.mutate, mutateAsync: store.mutateAsync, reset: store.reset })
    },
    activity: (kernel, kind, filter) => follow(kind === 'fetching' ? isFetching(kernel, filter) : isMutating(kernel, filter)),
    act: async (action) => void (await action()),
    waitFor,
  })
})

describe('mutation in Svelte', () => {
  test('a mutation updates the UI through the merge, with no refetch', async () => {
    const kernel = made()
    render(Board, { kernel, boardId: 1 })
    await screen.findByRole('heading', { name: 'Launch' })
    render(Mutation, { kernel, fn: 'add_card', args: { board_id: 1, title: 'Order pizza' }, label: 'Add' })
    const button = screen.getByRole('button', { name: 'Add' })
    await fireEvent.click(button)
    expect(button.disabled).toBe(true)
    expect(screen.getByText('Saving…')).toBeTruthy()
    await screen.findByText('Order pizza')
    const list = within(screen.getByRole('region', { name: 'board 1' })).getAllByRole('listitem')
    expect(list.map((li) => li.textContent)).toEqual(['Write the announcement', 'Book the venue', 'Order pizza'])
    expect(await screen.findByText('Done: {"id":4,"board_id":1,"title":"Order pizza"}')).toBeTruthy()
    expect(button.disabled).toBe(false)
    expect(server.requests.filter((r) => r.fn === 'add_card')).toHaveLength(1)
    expect(contextGets(server, 'board', 1)).toBe(1)
    expect(kernel.stats.pendingRequests).toBe(0)
  })

  test("a failed mutation shows the server's validation error", async () => {
    const kernel = made()
    render(Mutation, { kernel, fn: 'add_card', args: { board_id: 1, title: '' }, label: 'Add' })
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('VALIDATION_ERROR: title must not be empty')
    expect(screen.getByRole('button', { name: 'Add' }).disabled).toBe(false)
    expect(screen.queryByText(/^Done/)).toBeNull()
  })

  test('fits the store contract: get() reads it, and each subscription is its own, even of the same function', async () => {
    const kernel = made()
    const addCard = mutation(kernel, 'add_card')
    expect(get(addCard)).toMatchObject({ status: 'idle', isPending: false, error: null, data: undefined })
    const seen = []
    const run = (v) => seen.push(v.status)
    const offA = addCard.subscribe(run)
    addCard.subscribe(run)
    offA()
    await addCard.mutateAsync({ board_id: 1, title: 'Hello' })
    expect(seen).toEqual(['idle', 'idle', 'pending', 'success'])
    expect(get(addCard).data).toMatchObject({ title: 'Hello' })
  })

  test('an activity store tells its subscriber only when its count changes', async () => {
    const kernel = made()
    const adds = []
    const off = isMutating(kernel, { fn: 'add_card' }).subscribe((n) => adds.push(n))
    await Promise.all([kernel.prefetch('board', { board_id: 1 }), kernel.call('rename_board', { board_id: 2, name: 'R' })])
    await kernel.call('add_card', { board_id: 1, title: 'x' })
    off()
    expect(adds).toEqual([0, 1, 0])
  })
})
