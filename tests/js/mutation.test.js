// kernel.mutation(): the call state store the adapters bridge, over the real
// wasm kernel with a scripted fetch (every answer comes when the test says);
// and the kernel's activity counts and its onError option.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createKernel, init, MizanError } from '../../js/index.js'
import { IDLE, mutation } from '../../js/mutation.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

beforeAll(() => init())

let kernel
let script
function make(options = {}) {
  script = scriptedFetch()
  kernel = createKernel({ fetch: script.fetch, csrf: false, retryDelays: [], server: false, ...options })
  return kernel
}
afterEach(() => {
  kernel?.dispose()
  vi.restoreAllMocks()
})

const invalid = { error: true, code: 'VALIDATION_ERROR', message: 'title must not be empty', details: { title: ['required'] } }
// The answers the scripted server gives a call.
const ok = (request, result) => request.reply({ result })
const refuse = (request) => request.reply(invalid, { status: 400 })

// Every state a store shows, in order.
function watch(store) {
  const states = []
  const off = store.subscribe(() => states.push(store.getState()))
  return { states, off }
}

describe('the store', () => {
  it('starts idle: one frozen state, the same object until something changes', () => {
    make()
    const { getState, subscribe } = kernel.mutation('add_card') // unbound, as useSyncExternalStore calls them
    expect(getState()).toBe(IDLE)
    expect(getState()).toBe(getState())
    expect(Object.isFrozen(IDLE)).toBe(true)
    expect(IDLE).toEqual({
      status: 'idle',
      isIdle: true,
      isPending: false,
      isSuccess: false,
      isError: false,
      data: undefined,
      error: null,
      variables: undefined,
    })
    expect(typeof subscribe(() => {})).toBe('function')
  })

  it('goes idle -> pending -> success; mutateAsync resolves with the result', async () => {
    make()
    const store = kernel.mutation('add_card')
    const { states } = watch(store)
    const args = { board_id: 1, title: 'Ship' }
    const result = store.mutateAsync(args)
    expect(store.getState()).toMatchObject({ status: 'pending', isPending: true, data: undefined, error: null, variables: args })
    expect(script.requests[0].body).toEqual({ fn: 'add_card', args })
    await ok(script.requests[0], { id: 7 })
    expect(await result).toEqual({ id: 7 })
    expect(states.map((s) => s.status)).toEqual(['pending', 'success'])
    expect(store.getState()).toEqual({
      status: 'success',
      isIdle: false,
      isPending: false,
      isSuccess: true,
      isError: false,
      data: { id: 7 },
      error: null,
      variables: args,
    })
    expect(Object.isFrozen(store.getState())).toBe(true)
  })

  it('mutate never rejects: the failure is in `error`; mutateAsync rejects with the same MizanError', async () => {
    make()
    const store = kernel.mutation('add_card')
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      expect(store.mutate({ board_id: 1, title: '' })).toBeUndefined()
      await refuse(script.requests[0])
      await settle()
      const { error } = store.getState()
      expect(error).toBeInstanceOf(MizanError)
      expect(store.getState()).toMatchObject({ status: 'error', isError: true, data: undefined, variables: { board_id: 1, title: '' } })
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR', status: 400, details: { title: ['required'] } })
      const rejected = store.mutateAsync({ board_id: 1, title: '' }).catch((e) => e)
      await refuse(script.requests[1])
      const again = await rejected
      expect(again).toMatchObject({ code: 'VALIDATION_ERROR' })
      expect(store.getState().error).toBe(again)
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it('a call that cannot start (bad args, a disposed kernel) fails into the state as well', async () => {
    make()
    const store = kernel.mutation('add_card')
    await expect(store.mutateAsync({ when: new Date(0) })).rejects.toMatchObject({ code: 'INVALID_PARAMS' })
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'INVALID_PARAMS' } })
    kernel.dispose()
    store.mutate({ board_id: 1 })
    await settle()
    expect(store.getState().error).toMatchObject({ code: 'DISPOSED' })
  })

  it('a new call starts with data undefined (as TanStack) and the latest call owns the state', async () => {
    make()
    const store = kernel.mutation('add_card')
    store.mutate({ n: 1 })
    await ok(script.requests[0], 'first')
    expect(store.getState().data).toBe('first')
    store.mutate({ n: 2 })
    expect(store.getState()).toMatchObject({ status: 'pending', data: undefined, variables: { n: 2 } })
    store.mutate({ n: 3 })
    await ok(script.requests[2], 'third')
    expect(store.getState()).toMatchObject({ status: 'success', data: 'third', variables: { n: 3 } })
    const shown = store.getState()
    await refuse(script.requests[1]) // the older call settles last: unheard
    expect(store.getState()).toBe(shown)
  })

  it('runs the callbacks in order with their arguments; onMutate gives the context', async () => {
    make()
    const log = []
    const store = kernel.mutation('add_card', {
      onMutate: (args) => (log.push(['onMutate', args]), { before: 'snapshot' }),
      onSuccess: (...a) => log.push(['hook onSuccess', ...a]),
      onError: (...a) => log.push(['hook onError', ...a]),
      onSettled: (...a) => log.push(['hook onSettled', ...a]),
    })
    const call = {
      onSuccess: (...a) => log.push(['call onSuccess', ...a]),
      onError: (...a) => log.push(['call onError', ...a]),
      onSettled: (...a) => log.push(['call onSettled', ...a]),
    }
    const ctx = { before: 'snapshot' }
    store.mutate({ n: 1 }, call)
    expect(log).toEqual([['onMutate', { n: 1 }]])
    await ok(script.requests[0], 'done')
    expect(log.slice(1)).toEqual([
      ['hook onSuccess', 'done', { n: 1 }, ctx],
      ['hook onSettled', 'done', null, { n: 1 }, ctx],
      ['call onSuccess', 'done', { n: 1 }, ctx],
      ['call onSettled', 'done', null, { n: 1 }, ctx],
    ])
    log.length = 0
    store.mutate({ n: 2 }, call)
    await refuse(script.requests[1])
    const { error } = store.getState()
    expect(log).toEqual([
      ['onMutate', { n: 2 }],
      ['hook onError', error, { n: 2 }, ctx],
      ['hook onSettled', undefined, error, { n: 2 }, ctx],
      ['call onError', error, { n: 2 }, ctx],
      ['call onSettled', undefined, error, { n: 2 }, ctx],
    ])
  })

  it("awaits an async onMutate before calling, and the hook's own promises before settling", async () => {
    make()
    let releaseMutate, releaseSuccess
    const seen = []
    const store = kernel.mutation('add_card', {
      onMutate: () => new Promise((resolve) => (releaseMutate = resolve)),
      onSuccess: (_data, _args, context) => {
        seen.push(context)
        return new Promise((resolve) => (releaseSuccess = resolve))
      },
    })
    const result = store.mutateAsync({ n: 1 })
    await settle()
    expect(script.requests).toHaveLength(0) // onMutate has not finished
    releaseMutate('ctx')
    await settle()
    await ok(script.requests[0], 'done')
    expect(seen).toEqual(['ctx'])
    expect(store.getState().status).toBe('pending') // TanStack: the hook's onSuccess promise is part of the mutation
    releaseSuccess()
    expect(await result).toBe('done')
    expect(store.getState().status).toBe('success')
  })

  it("runs the hook's callbacks for every call, a call's own only for the latest", async () => {
    make()
    const hook = vi.fn()
    const store = kernel.mutation('add_card', { onSettled: hook })
    const first = vi.fn()
    const second = vi.fn()
    store.mutate({ n: 1 }, { onSuccess: first, onSettled: first })
    store.mutate({ n: 2 }, { onSuccess: second })
    await ok(script.requests[1], 'two')
    await ok(script.requests[0], 'one')
    expect(hook.mock.calls.map((c) => c[0]).sort()).toEqual(['one', 'two'])
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledWith('two', { n: 2 }, undefined)
  })

  it("reset() goes back to idle: a call in flight is unheard, its caller's callbacks do not run, its promise still settles", async () => {
    make()
    const store = kernel.mutation('add_card')
    const { states } = watch(store)
    const onSuccess = vi.fn()
    const result = store.mutateAsync({ n: 1 }, { onSuccess })
    store.reset()
    expect(store.getState()).toBe(IDLE)
    const count = states.length
    await ok(script.requests[0], 'late')
    expect(await result).toBe('late')
    expect(store.getState()).toBe(IDLE)
    expect(states).toHaveLength(count)
    expect(onSuccess).not.toHaveBeenCalled()
  })

  it("a call's own callbacks do not run once the last subscriber has left (the component unmounted); the hook's do", async () => {
    make()
    const hook = vi.fn()
    const own = vi.fn()
    const store = kernel.mutation('add_card', { onSuccess: hook })
    const off = store.subscribe(() => {})
    store.mutate({ n: 1 }, { onSuccess: own })
    off()
    await ok(script.requests[0], 'done')
    expect(hook).toHaveBeenCalledTimes(1)
    expect(own).not.toHaveBeenCalled()
    expect(store.getState().data).toBe('done') // the store itself still follows its call
  })

  it('reports a throwing callback or listener and goes on', async () => {
    make()
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {})
    const boom = new Error('boom')
    const store = kernel.mutation('add_card', {
      onMutate: () => {
        throw boom
      },
      onSuccess: () => Promise.reject(boom),
    })
    store.subscribe(() => {
      throw boom
    })
    const after = vi.fn()
    store.subscribe(after)
    const onSettled = vi.fn()
    const result = store.mutateAsync({ n: 1 }, { onSuccess: () => JSON.parse('{'), onSettled })
    await ok(script.requests[0], 'done')
    expect(await result).toBe('done')
    expect(store.getState()).toMatchObject({ status: 'success', data: 'done' })
    expect(onSettled).toHaveBeenCalledWith('done', null, { n: 1 }, undefined) // context undefined: onMutate threw
    expect(after).toHaveBeenCalledTimes(2)
    expect(reported.mock.calls.map(([e]) => e.message)).toEqual(['boom', 'boom', 'boom', 'boom', expect.stringMatching(/JSON/)])
  })

  it('reads options given as a function at each call (a component passes its latest)', async () => {
    make()
    let options = { onSuccess: vi.fn() }
    const first = options.onSuccess
    const store = kernel.mutation('add_card', () => options)
    options = { onSuccess: vi.fn() }
    store.mutate({ n: 1 })
    await ok(script.requests[0], 'done')
    expect(first).not.toHaveBeenCalled()
    expect(options.onSuccess).toHaveBeenCalledWith('done', { n: 1 }, undefined)
  })

  it('refuses an unknown option, naming it: at once for the hook, as the failure of the call for a call', async () => {
    make()
    expect(() => kernel.mutation('add_card', { onSucess: () => {} })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('"onSucess"') }),
    )
    expect(() => kernel.mutation('add_card', { onError: 'log' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('onError') }),
    )
    expect(() => kernel.mutation('add_card', 'onSuccess')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    // A bad function name is kernel.call's to refuse, in the state as any failure.
    await expect(kernel.mutation('').mutateAsync()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    const store = kernel.mutation('add_card')
    // onMutate belongs to the hook, as in TanStack's mutate.
    await expect(store.mutateAsync({ n: 1 }, { onMutate: () => {} })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('"onMutate"'),
    })
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'INVALID_ARGUMENT' } })
    // Any other key than the call options (optimistic) is refused too, naming it.
    await expect(store.mutateAsync({ n: 1 }, { optimistc: [] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('"optimistc"'),
    })
    expect(script.requests).toHaveLength(0)
  })

  it("hands the call's other options (optimistic) to kernel.call", async () => {
    const calls = []
    const caller = { call: async (...a) => (calls.push(a), 'ok') }
    const optimistic = { merge: [] }
    const store = mutation(caller, 'add_card')
    expect(await store.mutateAsync({ n: 1 }, { optimistic, onSuccess: () => {} })).toBe('ok')
    expect(calls).toEqual([['add_card', { n: 1 }, { optimistic }]])
    await store.mutateAsync({ n: 2 }, { onSettled: () => {} })
    expect(calls[1]).toEqual(['add_card', { n: 2 }, undefined]) // nothing of its own: no options
  })
})

describe('activity', () => {
  it('counts the context fetches in flight, by context, and tells its listeners', async () => {
    make({ retryDelays: [50] })
    const told = vi.fn()
    const off = kernel.subscribeActivity(told)
    expect(kernel.isFetching()).toBe(0)
    const board = kernel.registerContext('board', { board_id: 1 })
    kernel.registerContext('my board?', { board_id: 2 })
    expect(kernel.isFetching()).toBe(2)
    expect(kernel.isFetching({ context: 'board' })).toBe(1)
    expect(kernel.isFetching({ context: 'my board?' })).toBe(1) // the name as the app gives it, not URL-encoded
    expect(kernel.isFetching({ context: 'user' })).toBe(0)
    expect(told).toHaveBeenCalled()
    told.mockClear()
    await script.requests[0].reply('oops', { status: 502 }) // a retry after 50 ms: still fetching
    expect(kernel.isFetching({ context: 'board' })).toBe(1)
    await script.requests[1].reply({ p: 1 })
    expect(kernel.isFetching()).toBe(1)
    expect(told).toHaveBeenCalled()
    board.unregister() // aborts its retry
    expect(kernel.isFetching()).toBe(0)
    off()
    told.mockClear()
    kernel.registerContext('user')
    expect(told).not.toHaveBeenCalled()
  })

  it('counts the calls in flight, by function', async () => {
    make()
    const counts = []
    kernel.subscribeActivity(() => counts.push(kernel.isMutating()))
    const a = kernel.call('add_card', { n: 1 })
    const b = kernel.call('rename_board').catch(() => {})
    expect(kernel.isMutating()).toBe(2)
    expect(kernel.isMutating({ fn: 'add_card' })).toBe(1)
    expect(kernel.isMutating({ fn: 'edit_card' })).toBe(0)
    await ok(script.requests[0], 1)
    await a
    expect(kernel.isMutating({ fn: 'add_card' })).toBe(0)
    await script.requests[1].fail()
    await b
    expect(kernel.isMutating()).toBe(0)
    expect(counts).toEqual([1, 2, 1, 0])
  })

  it('drops to zero on dispose, telling its listeners', () => {
    make()
    kernel.registerContext('user')
    kernel.call('slow').catch(() => {})
    const told = vi.fn()
    kernel.subscribeActivity(told)
    kernel.dispose()
    expect(told).toHaveBeenCalledTimes(1)
    expect([kernel.isFetching(), kernel.isMutating()]).toEqual([0, 0])
  })

  it('refuses a filter it does not know, naming the key', () => {
    make()
    expect(() => kernel.isFetching({ fn: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('"fn"') }),
    )
    expect(() => kernel.isMutating({ function: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('"function"') }),
    )
    expect(() => kernel.isMutating('add_card')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.isFetching({ context: 5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.subscribeActivity(null)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('options.onError', () => {
  it('hears once of each fetch that ends in error, after its retries, with the context and its params', async () => {
    const onError = vi.fn()
    make({ onError, retryDelays: [1] })
    const board = kernel.registerContext('board', { board_id: 1, tags: ['a'] })
    await script.requests[0].reply('down', { status: 503 })
    expect(onError).not.toHaveBeenCalled() // it retries
    await vi.waitFor(() => expect(script.requests).toHaveLength(2))
    await script.requests[1].reply('down', { status: 503 })
    expect(onError).toHaveBeenCalledTimes(1)
    const [error, source] = onError.mock.calls[0]
    expect(error).toBe(board.getState().error)
    expect(error).toMatchObject({ code: 'HTTP_503', status: 503 })
    expect(source).toEqual({ context: 'board', params: { board_id: 1, tags: ['a'] } })
    // A later fetch that fails again is another error.
    const refetched = board.refetch()
    await script.requests[2].reply({ error: true, code: 'FORBIDDEN', message: 'no' }, { status: 403 })
    await refetched
    expect(onError).toHaveBeenCalledTimes(2)
    expect(onError.mock.calls[1][0]).toMatchObject({ code: 'FORBIDDEN' })
    // A success after it is none.
    board.refetch()
    await script.requests[3].reply({ p: 1 })
    expect(onError).toHaveBeenCalledTimes(2)
  })

  it('hears once of each failed call with the function and its args, but not of calls the app disposed', async () => {
    const onError = vi.fn()
    make({ onError })
    const args = { board_id: 1, title: '' }
    const refused = kernel.call('add_card', args).catch((e) => e)
    await refuse(script.requests[0])
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(await refused, { fn: 'add_card', args })
    const offline = kernel.call('rename_board').catch((e) => e)
    await script.requests[1].fail()
    expect(onError).toHaveBeenLastCalledWith(await offline, { fn: 'rename_board', args: undefined })
    expect((await offline).code).toBe('NETWORK_ERROR')
    const fine = kernel.call('ok')
    await ok(script.requests[2], 1)
    await fine
    kernel.setIdentity('ann')
    const dropped = kernel.call('save').catch((e) => e)
    kernel.setIdentity('bob')
    expect((await dropped).code).toBe('IDENTITY_CHANGED')
    expect(onError).toHaveBeenCalledTimes(3)
    kernel.call('late').catch(() => {})
    kernel.dispose()
    await settle()
    expect(onError).toHaveBeenCalledTimes(3)
  })

  it('is reported when it throws, and the call still rejects', async () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {})
    make({
      onError: () => {
        throw new Error('in onError')
      },
    })
    const refused = kernel.call('add_card').catch((e) => e)
    await refuse(script.requests[0])
    expect((await refused).code).toBe('VALIDATION_ERROR')
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'in onError' }))
  })

  it('is an option createKernel checks', () => {
    expect(() => createKernel({ onError: 'log' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('onError') }),
    )
  })
})
