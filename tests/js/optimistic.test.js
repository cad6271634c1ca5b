// kernel.call()'s `optimistic` option over the real wasm store, with a
// scripted fetch so that the test orders every answer: layers shown at once
// and taken off exactly when their call settles, overlapping calls settling
// in any order, server data arriving under a layer, purges and disposal.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import '../../js/optimistic.js' // the capability's entry: 'mizan-kernel/optimistic'
import { createKernel, init, MizanError } from '../../js/index.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

beforeAll(() => init())

let kernel
let script
function make(options = {}) {
  script = scriptedFetch()
  kernel = createKernel({ fetch: script.fetch, csrf: false, retryDelays: [], server: false, ...options })
  return kernel
}
afterEach(() => kernel?.dispose())

// A mounted board with two cards, loaded.
async function board() {
  const ctx = kernel.registerContext('board', { board_id: 1 })
  await script.requests.at(-1).reply({
    cards: [
      { id: 1, t: 'a' },
      { id: 2, t: 'b' },
    ],
    info: { name: 'Team' },
    count: 2,
  })
  return ctx
}

// A call the test leaves pending: dispose() rejects it at the end.
const pending = (promise) => (promise.catch(() => {}), promise)
const call = (n) => script.requests.filter((r) => r.url === 'call/')[n]
const cards = (ctx) => ctx.getState().data.cards

describe('value layers', () => {
  it('shows a value at once as a merge would (an upsert) and takes it off when the call fails', async () => {
    make()
    const ctx = await board()
    const before = ctx.getState().data
    let notified = 0
    ctx.subscribe(() => notified++)
    const done = pending(kernel.call('add_card', { t: 'c' }, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 3, t: 'c' } }] }))
    expect(cards(ctx)).toEqual([
      { id: 1, t: 'a' },
      { id: 2, t: 'b' },
      { id: 3, t: 'c' },
    ])
    expect(notified).toBe(1)
    expect(ctx.getState().data.info).toBe(before.info) // untouched slot: the same object
    expect(call(0).body).toEqual({ fn: 'add_card', args: { t: 'c' } }) // the option is not sent
    await call(0).reply({ error: true, code: 'NOPE', message: 'no' }, { status: 400 })
    await expect(done).rejects.toMatchObject({ code: 'NOPE' })
    expect(cards(ctx)).toEqual(before.cards)
    expect(ctx.getState().data.info).toBe(before.info)
    expect(notified).toBe(2)
  })

  it('keeps the objects of the list elements a layer did not touch (element-level sharing of list changes)', async () => {
    make()
    const ctx = await board()
    const before = cards(ctx)
    const done = pending(kernel.call('rename', {}, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 1, t: 'x' } }] }))
    expect(cards(ctx)[0]).toEqual({ id: 1, t: 'x' })
    expect(cards(ctx)[1]).toBe(before[1])
    await call(0).fail()
    await done.catch(() => {})
    expect(cards(ctx)[0]).toEqual(before[0])
    expect(cards(ctx)[1]).toBe(before[1])
  })

  it('lets the server merge stand once the call succeeds', async () => {
    make()
    const ctx = await board()
    const done = kernel.call(
      'rename',
      { id: 1 },
      { optimistic: [{ context: 'board', params: { board_id: 1 }, slot: 'cards', value: { id: 1, t: 'guess' } }] },
    )
    expect(cards(ctx)[0]).toEqual({ id: 1, t: 'guess' })
    await call(0).reply({ result: 'ok', merge: [{ context: 'board', slot: 'cards', value: { id: 1, t: 'saved' } }] })
    expect(await done).toBe('ok')
    expect(cards(ctx)[0]).toEqual({ id: 1, t: 'saved' })
  })

  it('when the first of two overlapping calls fails, only its change goes', async () => {
    make()
    const ctx = await board()
    const first = pending(kernel.call('add_card', {}, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 3, t: 'new' } }] }))
    const second = kernel.call('rename', {}, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 1, t: 'edited' } }] })
    expect(cards(ctx).map((c) => c.t)).toEqual(['edited', 'b', 'new'])
    await call(0).fail()
    await expect(first).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
    expect(cards(ctx).map((c) => c.t)).toEqual(['edited', 'b']) // a restored snapshot would have lost "edited"
    await call(1).reply({ result: null })
    await second
    expect(cards(ctx).map((c) => c.t)).toEqual(['a', 'b'])
  })

  it('puts a refetch under the layer', async () => {
    make()
    const ctx = await board()
    pending(kernel.call('add_card', {}, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 3, t: 'c' } }] }))
    const refetched = ctx.refetch()
    await script.requests.at(-1).reply({ cards: [{ id: 1, t: 'A' }], info: { name: 'Team' }, count: 1 })
    await refetched
    expect(cards(ctx)).toEqual([
      { id: 1, t: 'A' },
      { id: 3, t: 'c' },
    ])
    expect(ctx.getState().data.count).toBe(1)
  })
})

describe('update functions', () => {
  it('get a copy of the slot and are computed again when what lies under them changes', async () => {
    make()
    const ctx = await board()
    const plusOne = vi.fn((n) => n + 1)
    const timesTen = vi.fn((n) => n * 10)
    const first = pending(kernel.call('inc', {}, { optimistic: [{ context: 'board', slot: 'count', update: plusOne }] }))
    pending(kernel.call('scale', {}, { optimistic: [{ context: 'board', slot: 'count', update: timesTen }] }))
    expect(ctx.getState().data.count).toBe(30)
    expect(plusOne).toHaveBeenLastCalledWith(2)
    expect(timesTen).toHaveBeenLastCalledWith(3)
    // Another call's merge goes under both: each runs again, in order.
    const other = kernel.call('other')
    await call(2).reply({ result: null, merge: [{ context: 'board', slot: 'count', value: 5 }] })
    await other
    expect(ctx.getState().data.count).toBe(60)
    // The first fails: the second runs again over the server's 5.
    await call(0).fail()
    await expect(first).rejects.toThrow(MizanError)
    expect(ctx.getState().data.count).toBe(50)
    expect(plusOne).toHaveBeenCalledTimes(2)
    expect(timesTen).toHaveBeenCalledTimes(3)
  })

  it('never hand a reader half a call: two slots change in one notification', async () => {
    make()
    const ctx = await board()
    const seen = []
    ctx.subscribe(() => seen.push([ctx.getState().data.count, cards(ctx).length]))
    pending(
      kernel.call(
        'add',
        {},
        {
          optimistic: [
            { context: 'board', slot: 'count', update: (n) => n + 1 },
            { context: 'board', slot: 'cards', update: (list) => [...list, { id: 3 }] },
          ],
        },
      ),
    )
    expect(seen).toEqual([[3, 3]])
  })

  it('that throw (or return what JSON cannot carry) leave the slot unchanged and are reported', async () => {
    make()
    // Node has no reportError: the kernel reports as uncaught errors are, through console.error.
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const ctx = await board()
      pending(
        kernel.call(
          'x',
          {},
          {
            optimistic: [
              {
                context: 'board',
                slot: 'count',
                update: () => {
                  throw new Error('boom')
                },
              },
              { context: 'board', slot: 'info', update: () => undefined },
              { context: 'board', slot: 'cards', update: (list) => list.slice(1) },
            ],
          },
        ),
      )
      expect(ctx.getState().data.count).toBe(2)
      expect(ctx.getState().data.info).toEqual({ name: 'Team' })
      expect(cards(ctx)).toEqual([{ id: 2, t: 'b' }]) // the others still apply
      expect(reported.mock.calls.map(([e]) => e.message)).toEqual(['boom', expect.stringMatching(/not JSON-serialisable/)])
    } finally {
      reported.mockRestore()
    }
  })
})

describe('what takes layers off', () => {
  it('a change of user: pending calls reject and their layers go', async () => {
    make()
    const ctx = await board()
    const done = kernel.call('add_card', {}, { optimistic: [{ context: 'board', slot: 'cards', update: (l) => [...l, { id: 9 }] }] })
    expect(cards(ctx)).toHaveLength(3)
    kernel.setIdentity('u1')
    kernel.setIdentity('u2')
    await expect(done).rejects.toMatchObject({ code: 'IDENTITY_CHANGED' })
    await script.requests.at(-1).reply({ cards: [{ id: 5 }], info: {}, count: 1 })
    expect(cards(ctx)).toEqual([{ id: 5 }])
  })

  it('dispose: pending calls reject, nothing is left in flight', async () => {
    make()
    await board()
    const done = kernel.call('add_card', {}, { optimistic: [{ context: 'board', slot: 'count', update: (n) => n + 1 }] })
    kernel.dispose()
    await expect(done).rejects.toMatchObject({ code: 'DISPOSED' })
  })

  it('a layer on a context not held shows nothing, and a later mount shows the server data', async () => {
    make()
    pending(kernel.call('add', {}, { optimistic: [{ context: 'elsewhere', slot: 'n', value: 1 }] }))
    const ctx = kernel.registerContext('elsewhere')
    await script.requests.find((r) => r.url === 'ctx/elsewhere/').reply({ n: 0 })
    expect(ctx.getState().data).toEqual({ n: 0 })
    expect(kernel.getData('nowhere')).toBeUndefined()
  })

  it('a layer on a loading context waits for its data', async () => {
    make()
    const ctx = kernel.registerContext('board', { board_id: 1 })
    kernel.call('inc', {}, { optimistic: [{ context: 'board', slot: 'count', update: (n) => n + 1 }] })
    expect(ctx.getState().data).toBeUndefined()
    await script.requests[0].reply({ count: 1 })
    expect(ctx.getState().data).toEqual({ count: 2 })
    await call(0).reply({ result: null })
    expect(ctx.getState().data).toEqual({ count: 1 })
    await settle()
  })
})

describe('bad options', () => {
  it('are INVALID_ARGUMENT naming what is wrong, and nothing is applied or sent', async () => {
    make()
    const ctx = await board()
    const before = ctx.getState()
    const shape = /call\(\) options\.optimistic\[\d\] must be \{ context, params\?, slot, value \} or/
    const bad = [
      [null, /call\(\) options must be \{ optimistic: \[\.\.\.\] \}, got null/],
      [{ optimistc: [] }, /options has an unknown key "optimistc"/],
      [{ optimistic: {} }, /options must be \{ optimistic/],
      [{ optimistic: [5] }, shape],
      [{ optimistic: [{ context: 'board', slot: 'cards', value: 1, extra: 1 }] }, /options\.optimistic\[0\] has an unknown key "extra"/],
      [{ optimistic: [{ context: '', slot: 'cards', value: 1 }] }, /options\.optimistic\[0\]\.context must not be empty/],
      [{ optimistic: [{ context: 'board', value: 1 }] }, /options\.optimistic\[0\]\.slot must be a string/],
      [{ optimistic: [{ context: 'board', slot: 'cards' }] }, shape],
      [{ optimistic: [{ context: 'board', slot: 'cards', value: 1, update: () => 1 }] }, shape],
      [{ optimistic: [{ context: 'board', slot: 'cards', update: 1 }] }, shape],
      [{ optimistic: [{ context: 'board', slot: 'cards', value: undefined }] }, /options\.optimistic\[0\]\.value is not JSON-serialisable/],
      [{ optimistic: [{ context: 'board', slot: 'cards', value: 1, params: [1] }] }, /options\.optimistic\[0\]\.params must be a plain object/],
      [
        {
          optimistic: [
            { context: 'board', slot: 'count', value: 1 },
            { context: 'board', slot: 'x', value: 10n },
          ],
        },
        /optimistic\[1\]\.value is not JSON-serialisable/,
      ],
    ]
    for (const [options, message] of bad) {
      expect(
        () => kernel.call('f', {}, options),
        JSON.stringify(options, (k, v) => (typeof v === 'bigint' ? 'bigint' : v)),
      ).toThrow(message)
      try {
        kernel.call('f', {}, options)
      } catch (error) {
        expect(error).toBeInstanceOf(MizanError)
        expect(error.code).toBe('INVALID_ARGUMENT')
      }
    }
    expect(ctx.getState()).toBe(before)
    await settle()
    expect(script.requests.filter((r) => r.url === 'call/')).toHaveLength(0)
    expect(kernel.stats.pendingCalls).toBe(0)
  })
})
