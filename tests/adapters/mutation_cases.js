// The scenarios of mutations and activity that every adapter's tests run
// the same way, against the board server (examples/server/board_api.js)
// and the real wasm kernel: one behaviour (kernel.mutation()'s, as
// TanStack Query's useMutation) however the adapter shows it. Each adapter
// brings a harness that mounts a component using its mutation hook/store
// and reads what the component got, flat: { status, isIdle, isPending,
// isSuccess, isError, data, error, variables, mutate, mutateAsync, reset }.
import { expect, it, vi } from 'vitest'

/**
 * A fetch for a kernel that holds the requests `hold` picks (default: the
 * calls) until the test releases them, in any order; the others go to the
 * server at once.
 *
 * @param {(url: string, init: any) => boolean} [hold]
 */
export function gatedFetch(hold = (_url, init) => init?.method === 'POST') {
  const held = []
  const fetch = (url, init) => {
    if (!hold(String(url), init)) return globalThis.fetch(url, init)
    return new Promise((resolve, reject) => {
      held.push({ url: String(url), body: init.body && JSON.parse(init.body), go: () => globalThis.fetch(url, init).then(resolve, reject) })
    })
  }
  return { fetch, held, release: (i) => held[i].go() }
}

/**
 * @typedef {object} Harness
 * @property {any} server the board server, from useBoardServer()
 * @property {(options?: object) => any} kernel a client kernel on the server (disposed by the harness after each test)
 * @property {(kernel: any, fn: string, options?: object) => { current: () => any, unmount: () => void }} use
 *   mounts a component using the adapter's mutation of `fn` with `options`
 * @property {(kernel: any, kind: 'fetching' | 'mutating', filter?: object) => { current: () => number, unmount: () => void }} activity
 *   mounts a component reading the adapter's activity count
 * @property {(action: () => unknown) => Promise<unknown>} act runs an action so that the component has re-rendered after it
 * @property {(check: () => void) => Promise<void>} waitFor the adapter's Testing Library waitFor
 */

/**
 * Registers the shared scenarios, in the caller's describe.
 *
 * @param {Harness} h
 */
export function mutationCases(h) {
  const { server, act, waitFor } = h
  const addCalls = () => server.requests.filter((r) => r.fn === 'add_card').length

  it('goes idle -> pending -> success with the arguments as variables; mutateAsync resolves with the result', async () => {
    const gate = gatedFetch()
    const m = h.use(h.kernel({ fetch: gate.fetch }), 'add_card')
    expect(m.current()).toMatchObject({ status: 'idle', isIdle: true, isPending: false, data: undefined, error: null, variables: undefined })
    const args = { board_id: 1, title: 'Print flyers' }
    let result
    await act(() => void (result = m.current().mutateAsync(args)))
    expect(m.current()).toMatchObject({ status: 'pending', isPending: true, isIdle: false, data: undefined, variables: args })
    await waitFor(() => expect(gate.held).toHaveLength(1))
    await act(() => gate.release(0))
    await waitFor(() => expect(m.current().status).toBe('success'))
    const card = { id: 4, board_id: 1, title: 'Print flyers' }
    expect(await result).toEqual(card)
    expect(m.current()).toMatchObject({ isSuccess: true, isPending: false, data: card, error: null, variables: args })
    expect(addCalls()).toBe(1)
  })

  it('mutate never rejects: a failure is in `error`; mutateAsync rejects with the same MizanError', async () => {
    const m = h.use(h.kernel(), 'add_card')
    let returned = 'not called'
    await act(() => void (returned = m.current().mutate({ board_id: 1, title: ' ' })))
    expect(returned).toBeUndefined()
    await waitFor(() => expect(m.current().status).toBe('error'))
    const { error } = m.current()
    expect(error).toMatchObject({ name: 'MizanError', code: 'VALIDATION_ERROR', status: 400, details: { title: ['title must not be empty'] } })
    expect(m.current()).toMatchObject({ isError: true, data: undefined, variables: { board_id: 1, title: ' ' } })
    let rejection
    await act(() =>
      m
        .current()
        .mutateAsync({ board_id: NaN })
        .catch((e) => (rejection = e)),
    ) // refused before it is sent
    expect(rejection).toMatchObject({ name: 'MizanError', code: 'INVALID_PARAMS' })
    expect(m.current().error).toBe(rejection)
    expect(addCalls()).toBe(1)
  })

  it('a new call starts with data undefined; the latest call owns the state even when an older one settles last', async () => {
    const gate = gatedFetch()
    const m = h.use(h.kernel({ fetch: gate.fetch }), 'add_card')
    await act(() => m.current().mutate({ board_id: 1, title: 'one' }))
    await waitFor(() => expect(gate.held).toHaveLength(1))
    await act(() => gate.release(0))
    await waitFor(() => expect(m.current().data?.title).toBe('one'))
    await act(() => {
      m.current().mutate({ board_id: 1, title: 'slow' })
      m.current().mutate({ board_id: 1, title: 'fast' })
    })
    expect(m.current()).toMatchObject({ status: 'pending', data: undefined, variables: { board_id: 1, title: 'fast' } })
    await waitFor(() => expect(gate.held).toHaveLength(3))
    await act(() => gate.release(2))
    await waitFor(() => expect(m.current().data?.title).toBe('fast'))
    await act(() => gate.release(1))
    await waitFor(() => expect(addCalls()).toBe(3))
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(m.current()).toMatchObject({ status: 'success', data: { title: 'fast' }, variables: { board_id: 1, title: 'fast' } })
  })

  it("runs the hook's callbacks, then the call's, with onMutate's context; a call's own only for the latest call", async () => {
    const log = []
    const gate = gatedFetch()
    const m = h.use(h.kernel({ fetch: gate.fetch }), 'add_card', {
      onMutate: (args) => ({ title: args.title }),
      onSuccess: (card, args, context) => log.push(`hook success ${card.title} ${args.title} ${context.title}`),
      onError: (error, _args, context) => log.push(`hook error ${error.code} ${context.title}`),
      onSettled: (card, error, args) => log.push(`hook settled ${card?.title ?? error.code} ${args.title}`),
    })
    const own = (name) => ({
      onSuccess: (card) => log.push(`${name} success ${card.title}`),
      onError: (error) => log.push(`${name} error ${error.code}`),
      onSettled: () => log.push(`${name} settled`),
    })
    await act(() => {
      m.current().mutate({ board_id: 1, title: 'first' }, own('first'))
      m.current().mutate({ board_id: 1, title: '' }, own('second'))
    })
    await waitFor(() => expect(gate.held).toHaveLength(2))
    await act(() => gate.release(0))
    await waitFor(() => expect(log).toHaveLength(2))
    await act(() => gate.release(1))
    await waitFor(() => expect(m.current().status).toBe('error'))
    expect(log).toEqual([
      'hook success first first first',
      'hook settled first first',
      'hook error VALIDATION_ERROR ',
      'hook settled VALIDATION_ERROR ',
      'second error VALIDATION_ERROR',
      'second settled',
    ])
  })

  it('reset() goes back to idle: a call in flight neither shows its result nor runs its own callbacks', async () => {
    const gate = gatedFetch()
    const m = h.use(h.kernel({ fetch: gate.fetch }), 'add_card')
    const onSuccess = vi.fn()
    let result
    await act(() => void (result = m.current().mutateAsync({ board_id: 1, title: 'late' }, { onSuccess })))
    await act(() => m.current().reset())
    expect(m.current()).toMatchObject({ status: 'idle', isIdle: true, data: undefined, error: null, variables: undefined })
    await waitFor(() => expect(gate.held).toHaveLength(1))
    await act(() => gate.release(0))
    expect(await result).toMatchObject({ title: 'late' }) // its caller still gets the result
    expect(m.current().status).toBe('idle')
    expect(onSuccess).not.toHaveBeenCalled()
  })

  it("after unmount a call's own callbacks no longer run; the hook's do", async () => {
    const gate = gatedFetch()
    const hook = vi.fn()
    const own = vi.fn()
    const m = h.use(h.kernel({ fetch: gate.fetch }), 'add_card', { onSuccess: hook })
    await act(() => m.current().mutate({ board_id: 1, title: 'x' }, { onSuccess: own }))
    m.unmount()
    await waitFor(() => expect(gate.held).toHaveLength(1))
    gate.release(0)
    await waitFor(() => expect(hook).toHaveBeenCalledTimes(1))
    expect(own).not.toHaveBeenCalled()
  })

  it('refuses an unknown option, naming it', async () => {
    expect(() => h.use(h.kernel(), 'add_card', { onSucess: () => {} })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('"onSucess"') }),
    )
    const m = h.use(h.kernel(), 'add_card')
    let rejection
    await act(() =>
      m
        .current()
        .mutateAsync({ board_id: 1, title: 'x' }, { optimistc: [] })
        .catch((e) => (rejection = e)),
    )
    expect(rejection).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('"optimistc"') })
    expect(addCalls()).toBe(0)
  })

  it("tells the kernel's onError once of a failed call, with its function and args", async () => {
    const onError = vi.fn()
    const m = h.use(h.kernel({ onError }), 'add_card')
    await act(() => m.current().mutate({ board_id: 1, title: '' }))
    await waitFor(() => expect(m.current().status).toBe('error'))
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(m.current().error, { fn: 'add_card', args: { board_id: 1, title: '' } })
  })

  it('counts the calls in flight, by function', async () => {
    const gate = gatedFetch()
    const kernel = h.kernel({ fetch: gate.fetch })
    const all = h.activity(kernel, 'mutating')
    const adds = h.activity(kernel, 'mutating', { fn: 'add_card' })
    const m = h.use(kernel, 'add_card')
    const rename = h.use(kernel, 'rename_board')
    expect([all.current(), adds.current()]).toEqual([0, 0])
    await act(() => {
      m.current().mutate({ board_id: 1, title: 'a' })
      m.current().mutate({ board_id: 1, title: 'b' })
      rename.current().mutate({ board_id: 1, name: 'Q3' })
    })
    await waitFor(() => expect([all.current(), adds.current()]).toEqual([3, 2]))
    await waitFor(() => expect(gate.held).toHaveLength(3))
    await act(() => gate.release(2))
    await waitFor(() => expect([all.current(), adds.current()]).toEqual([2, 2]))
    await act(() => (gate.release(0), gate.release(1)))
    await waitFor(() => expect([all.current(), adds.current()]).toEqual([0, 0]))
  })

  it('counts the context fetches in flight, by context', async () => {
    const gate = gatedFetch((url) => url.includes('/ctx/board/'))
    const kernel = h.kernel({ fetch: gate.fetch })
    const all = h.activity(kernel, 'fetching')
    const boards = h.activity(kernel, 'fetching', { context: 'board' })
    expect(all.current()).toBe(0)
    let loaded
    await act(() => {
      loaded = Promise.all([kernel.prefetch('board', { board_id: 1 }), kernel.prefetch('session')])
    })
    await waitFor(() => expect([all.current(), boards.current()]).toEqual([1, 1])) // the session came at once
    await act(() => gate.release(0))
    await act(() => loaded)
    await waitFor(() => expect([all.current(), boards.current()]).toEqual([0, 0]))
  })
}
