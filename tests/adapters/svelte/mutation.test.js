// mutation(): a store of a server function's call state, in a Svelte 5
// component and through the store contract, against the real wasm kernel.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte'
import { afterEach, expect, test } from 'vitest'
import { mutation } from '../../../adapters/svelte/index.js'
import { MizanError } from '../../../js/index.js'
import Board from './Board.svelte'
import Mutation from './Mutation.svelte'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
afterEach(() => {
  cleanup()
  kernel?.dispose()
})

// Every value a store hands its subscriber, in order.
function record(store) {
  const values = []
  const off = store.subscribe((v) => values.push(v))
  return { values, off }
}

test('a mutation updates the UI through the merge, with no refetch', async () => {
  kernel = clientKernel(server)
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
  expect(screen.getByText('Done: {"id":4,"board_id":1,"title":"Order pizza"}')).toBeTruthy()
  expect(button.disabled).toBe(false)
  expect(server.requests.filter((r) => r.fn === 'add_card')).toHaveLength(1)
  expect(contextGets(server, 'board', 1)).toBe(1)
  expect(kernel.stats.pendingRequests).toBe(0)
})

test("a failed mutation shows the server's validation error", async () => {
  kernel = clientKernel(server)
  render(Mutation, { kernel, fn: 'add_card', args: { board_id: 1, title: '' }, label: 'Add' })
  await fireEvent.click(screen.getByRole('button', { name: 'Add' }))
  const alert = await screen.findByRole('alert')
  expect(alert.textContent).toBe('VALIDATION_ERROR: title must not be empty')
  expect(screen.getByRole('button', { name: 'Add' }).disabled).toBe(false)
  expect(screen.queryByText(/^Done/)).toBeNull()
})

test('the store goes idle -> pending -> success, and mutate resolves with the result', async () => {
  kernel = clientKernel(server)
  const addCard = mutation(kernel, 'add_card')
  const { values } = record(addCard)
  expect(values).toEqual([{ isPending: false, error: null, data: undefined }])
  const card = await addCard.mutate({ board_id: 2, title: 'Cite sources' })
  expect(card).toEqual({ id: 4, board_id: 2, title: 'Cite sources' })
  expect(values).toEqual([
    { isPending: false, error: null, data: undefined },
    { isPending: true, error: null, data: undefined },
    { isPending: false, error: null, data: card },
  ])
})

test('mutate rejects with the MizanError, which the store holds too', async () => {
  kernel = clientKernel(server)
  const addCard = mutation(kernel, 'add_card')
  const { values } = record(addCard)
  const error = await addCard.mutate({ board_id: 1, title: ' ' }).catch((e) => e)
  expect(error).toBeInstanceOf(MizanError)
  expect(error).toMatchObject({ code: 'VALIDATION_ERROR', status: 400, details: { title: ['title must not be empty'] } })
  expect(values.at(-1)).toEqual({ isPending: false, error, data: undefined })
  expect(values.at(-1).error).toBe(error)
  // The next call clears the error while it runs.
  const next = addCard.mutate({ board_id: 1, title: 'Fixed' })
  expect(values.at(-1)).toEqual({ isPending: true, error: null, data: undefined })
  await next
})

test('a call that cannot start (disposed kernel) rejects and sets the error as well', async () => {
  kernel = clientKernel(server)
  const addCard = mutation(kernel, 'add_card')
  const { values } = record(addCard)
  kernel.dispose()
  const error = await addCard.mutate({ board_id: 1, title: 'x' }).catch((e) => e)
  expect(error).toMatchObject({ name: 'MizanError', code: 'DISPOSED' })
  expect(values.at(-1).error).toBe(error)
})

test('reset() returns to idle; a call still in flight then leaves the store alone', async () => {
  kernel = clientKernel(server)
  const addCard = mutation(kernel, 'add_card')
  const { values, off } = record(addCard)
  const pending = addCard.mutate({ board_id: 1, title: 'Late' })
  addCard.reset()
  expect(values.at(-1)).toEqual({ isPending: false, error: null, data: undefined })
  const count = values.length
  expect(await pending).toMatchObject({ title: 'Late' }) // the caller still gets its result
  expect(values).toHaveLength(count)
  off()
  await addCard.mutate({ board_id: 1, title: 'Unheard' })
  expect(values).toHaveLength(count) // nothing reaches an unsubscribed run
})

test('when calls overlap, the store shows the latest one even if an older one settles last', async () => {
  let releaseSlow
  const slowGate = new Promise((resolve) => (releaseSlow = resolve))
  const fetch = async (url, init) => {
    if (String(init?.body).includes('"slow"')) await slowGate
    return globalThis.fetch(url, init)
  }
  kernel = clientKernel(server, { fetch })
  const addCard = mutation(kernel, 'add_card')
  const { values } = record(addCard)
  const slow = addCard.mutate({ board_id: 1, title: 'slow' })
  const fast = await addCard.mutate({ board_id: 1, title: 'fast' })
  expect(values.at(-1)).toEqual({ isPending: false, error: null, data: fast })
  releaseSlow()
  expect(await slow).toMatchObject({ title: 'slow' })
  expect(values.at(-1).data).toBe(fast)
})

test('each subscription is its own, even of the same function', async () => {
  kernel = clientKernel(server)
  const addCard = mutation(kernel, 'add_card')
  const seen = []
  const run = (v) => seen.push(v.isPending)
  const offA = addCard.subscribe(run)
  addCard.subscribe(run)
  offA()
  await addCard.mutate({ board_id: 1, title: 'Hello' })
  expect(seen).toEqual([false, false, true, false])
})
