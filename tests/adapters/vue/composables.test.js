// useMizanContext and useMutation in mounted components, over the real wasm
// kernel and the board test server (examples/server/board_api.js).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/vue'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, nextTick, reactive, ref } from 'vue'
import { createMizan, useMizan, useMizanContext, useMutation } from '../../../adapters/vue/index.js'
import { MizanError } from '../../../js/index.js'
import { Action, Board, clientKernel, contextGets, loadWasm, startBoardServer } from './helpers.js'

let server
let kernel
beforeAll(loadWasm)
// A server per test: a request aborted by one test cannot land in the next one's log.
beforeEach(async () => {
  server = await startBoardServer({ csrf: false })
  kernel = clientKernel(server)
})
afterEach(async () => {
  cleanup()
  kernel.dispose()
  await server.close()
})

const withKernel = (k = kernel) => ({ global: { plugins: [createMizan({ kernel: k })] } })
const board = (id) => screen.findByRole('region', { name: `board ${id}` })

describe('useMizanContext', () => {
  it('shows loading, then the data, from one GET', async () => {
    render(Board, { props: { id: 1 }, ...withKernel() })
    expect(screen.getByText('Loading…')).toBeTruthy()
    const section = await board(1)
    expect(within(section).getByRole('heading').textContent).toBe('Launch')
    expect(
      within(section)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Write the announcement', 'Book the venue'])
    expect(contextGets(server)).toEqual(['1'])
  })

  it("shows the server's error", async () => {
    render(Board, { props: { id: 99 }, ...withKernel() })
    expect((await screen.findByRole('alert')).textContent).toBe('Error NOT_FOUND: board 99 does not exist')
  })

  it('hands out the same state object until the entry changes, then the data kept per slot', async () => {
    const seen = []
    const Probe = defineComponent({
      setup() {
        const state = useMizanContext('board', { board_id: 1 })
        return () => (seen.push(state.value), h('p', state.value.status))
      },
    })
    render(Probe, withKernel())
    await screen.findByText('success')
    const loaded = seen.at(-1)
    expect(loaded).toBe(kernel.observe('board', { board_id: 1 }).getState())
    expect(Object.isFrozen(loaded)).toBe(true)
    await kernel.call('edit_card', { card_id: 2, title: 'Booked' })
    await nextTick()
    const edited = seen.at(-1)
    expect(edited).not.toBe(loaded)
    expect(edited.data.cards[1].title).toBe('Booked')
    expect(edited.data.board_info).toBe(loaded.data.board_info) // the untouched slot keeps its object
  })

  it('is readonly', async () => {
    let state
    const Probe = defineComponent({
      setup() {
        state = useMizanContext('session')
        return () => null
      },
    })
    render(Probe, withKernel())
    const before = state.value
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    state.value = { status: 'success' }
    expect(state.value).toBe(before)
    expect(warn.mock.calls.join()).toMatch(/readonly/)
    warn.mockRestore()
  })

  it('re-registers when ref params change by value, not when a new object has the same content', async () => {
    const params = ref({ board_id: 1 })
    const observe = vi.spyOn(kernel, 'observe')
    render(Board, { props: { params }, ...withKernel() })
    await board(1)
    params.value = { board_id: 2 }
    expect(within(await board(2)).getByRole('heading').textContent).toBe('Research')
    params.value = { board_id: 2 } // same content, new object
    await nextTick()
    params.value = { view: 'all', board_id: 2 }
    await nextTick()
    params.value = { board_id: 2, view: 'all' } // the same params in another key order
    await nextTick()
    expect(observe).toHaveBeenCalledTimes(3)
    await vi.waitFor(() => expect(contextGets(server)).toEqual(['1', '2', '2'])) // { board_id: 2 }, then with the view
    // Board 1 was let go: with gcTime 0 only board 2 is left.
    await vi.waitFor(() => expect(kernel.stats.entries).toBe(1))
  })

  it('follows a reactive params object mutated in place', async () => {
    const params = reactive({ board_id: 1 })
    render(Board, { props: { params }, ...withKernel() })
    await board(1)
    params.board_id = 2
    await board(2)
    expect(contextGets(server)).toEqual(['1', '2'])
  })

  it('leaves nothing mounted or cached after unmount (gcTime 0)', async () => {
    const view = render(
      defineComponent(() => () => [h(Board, { id: 1 }), h(Board, { id: 2 }), h(Board, { id: 1 })]),
      withKernel(),
    )
    await board(2)
    expect(kernel.stats).toMatchObject({ entries: 2, pendingRequests: 0 })
    view.unmount()
    await vi.waitFor(() => expect(kernel.stats).toEqual({ entries: 0, records: 0, pendingRequests: 0, pendingCalls: 0 }))
  })

  it('aborts the fetch of a component unmounted while loading', async () => {
    const view = render(Board, { props: { id: 1 }, ...withKernel() })
    expect(kernel.stats.pendingRequests).toBe(1)
    view.unmount()
    await vi.waitFor(() => expect(kernel.stats).toEqual({ entries: 0, records: 0, pendingRequests: 0, pendingCalls: 0 }))
  })
})

describe('useMutation', () => {
  it('updates the UI through the merge, with no refetch', async () => {
    render(
      defineComponent(() => () => [h(Board, { id: 1 }), h(Action, { fn: 'add_card', args: { board_id: 1, title: 'Print flyers' }, label: 'Add' })]),
      withKernel(),
    )
    await board(1)
    screen.getByRole('button', { name: 'Add' }).click()
    await nextTick() // microtasks only: the response cannot have come yet
    expect(screen.getByText('Saving…')).toBeTruthy()
    await screen.findByText('Saved #4')
    expect(screen.queryByText('Saving…')).toBeNull()
    expect(
      within(await board(1))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Write the announcement', 'Book the venue', 'Print flyers'])
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /ctx/board/', 'POST /call/'])
  })

  it('refetches only the board a scoped invalidation names', async () => {
    render(
      defineComponent(() => () => [
        h(Board, { id: 1 }),
        h(Board, { id: 2 }),
        h(Action, { fn: 'rename_board', args: { board_id: 1, name: 'Go-live' }, label: 'Rename' }),
      ]),
      withKernel(),
    )
    await board(1)
    await board(2)
    const board2 = kernel.observe('board', { board_id: 2 }).getState()
    await fireEvent.click(screen.getByRole('button', { name: 'Rename' }))
    await screen.findByRole('heading', { name: 'Go-live' })
    // Board 2 was not touched: a refetch would have started in the same flush as board 1's.
    expect(kernel.observe('board', { board_id: 2 }).getState()).toBe(board2)
    expect(within(await board(2)).getByRole('heading').textContent).toBe('Research')
    expect(contextGets(server).sort()).toEqual(['1', '1', '2'])
  })

  it('shows a validation error, and mutateAsync rejects with the MizanError', async () => {
    let mutation
    const Probe = defineComponent({
      setup() {
        mutation = useMutation('add_card')
        return () => h('p', mutation.error.value ? `${mutation.error.value.code}` : 'ok')
      },
    })
    render(
      defineComponent(() => () => [h(Probe), h(Action, { fn: 'add_card', args: { board_id: 1, title: ' ' }, label: 'Add' })]),
      withKernel(),
    )
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Failed: VALIDATION_ERROR')

    const failure = await mutation.mutateAsync({ board_id: 1, title: '' }).catch((e) => e)
    expect(failure).toBeInstanceOf(MizanError)
    expect(failure).toMatchObject({ code: 'VALIDATION_ERROR', status: 400, details: { title: ['title must not be empty'] } })
    expect(mutation.error.value).toBe(failure)
    expect(mutation.isPending.value).toBe(false)
    await screen.findByText('VALIDATION_ERROR')

    await expect(mutation.mutateAsync({ board_id: 1, title: 'Fixed' })).resolves.toMatchObject({ board_id: 1, title: 'Fixed' })
    expect(mutation.error.value).toBeNull()
    expect(mutation.data.value).toMatchObject({ title: 'Fixed' })
    mutation.reset()
    expect([mutation.data.value, mutation.error.value, mutation.isPending.value]).toEqual([undefined, null, false])
  })

  it('keeps the refs of the last call when an earlier one settles after it', async () => {
    let mutation
    render(
      defineComponent(() => {
        mutation = useMutation('edit_card')
        return () => null
      }),
      withKernel(),
    )
    const first = mutation.mutateAsync({ card_id: 1, title: '' }) // fails
    const second = mutation.mutateAsync({ card_id: 1, title: 'Second' })
    await Promise.allSettled([first, second])
    // Whatever order the responses came in, the refs describe the second call.
    expect(mutation.data.value).toMatchObject({ title: 'Second' })
    expect(mutation.error.value).toBeNull()
  })
})

describe('useMizan', () => {
  it('gives the kernel and a call that goes through it', async () => {
    let mizan
    render(
      defineComponent(() => {
        mizan = useMizan()
        return () => null
      }),
      withKernel(),
    )
    expect(mizan.kernel.value).toBe(kernel)
    await expect(mizan.call('add_card', { board_id: 2, title: 'Cite it' })).resolves.toMatchObject({ board_id: 2 })
  })

  it('throws NO_PROVIDER outside the plugin', () => {
    for (const use of [useMizan, () => useMizanContext('session'), () => useMutation('add_card')]) {
      let caught
      const app = createApp(defineComponent(() => (use(), () => null)))
      app.config.errorHandler = (error) => (caught = error)
      app.mount(document.createElement('div'))
      expect(caught).toBeInstanceOf(MizanError)
      expect(caught.code).toBe('NO_PROVIDER')
      app.unmount()
    }
  })
})
