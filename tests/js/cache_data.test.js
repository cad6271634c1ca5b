// kernel.getData() and kernel.setData(): reading what readers see and
// writing slots as the server's, over the real wasm store with a scripted
// fetch.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import '../../js/optimistic.js' // two tests show setData and getData with optimistic layers
import { createKernel, init } from '../../js/index.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

beforeAll(() => init())

let kernel
let script
let clock
function make(options = {}) {
  script = scriptedFetch()
  clock = 1000
  kernel = createKernel({ fetch: script.fetch, csrf: false, retryDelays: [], server: false, now: () => clock, ...options })
  return kernel
}
afterEach(() => {
  kernel?.dispose()
  vi.useRealTimers()
})

describe('getData', () => {
  it('is undefined until data is held, then the very object readers get, layers included', async () => {
    make()
    expect(kernel.getData('board', { board_id: 1 })).toBeUndefined()
    const ctx = kernel.registerContext('board', { board_id: 1 })
    expect(kernel.getData('board', { board_id: 1 })).toBeUndefined() // loading
    await script.requests[0].reply({ cards: [{ id: 1 }], info: { n: 'A' } })
    expect(kernel.getData('board', { board_id: 1 })).toBe(ctx.getState().data)
    const done = kernel.call('add', {}, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 2 } }] })
    done.catch(() => {})
    const shown = kernel.getData('board', { board_id: 1 })
    expect(shown.cards).toEqual([{ id: 1 }, { id: 2 }])
    expect(shown).toBe(ctx.getState().data)
    expect(kernel.getData('board', { board_id: '1' })).toBeUndefined() // another entry (stableKey)
    expect(kernel.stats.entries).toBe(1) // nothing mounted by reading
  })

  it('checks its arguments', () => {
    make()
    expect(() => kernel.getData('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.getData('b', { x: NaN })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }))
    kernel.dispose()
    expect(() => kernel.getData('b')).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
  })
})

describe('setData', () => {
  it('replaces the slots given and keeps the others, objects and all, and notifies', async () => {
    make()
    const ctx = kernel.registerContext('board', { board_id: 1 })
    await script.requests[0].reply({ cards: [{ id: 1 }], info: { n: 'A' } })
    const before = ctx.getState()
    const listener = vi.fn()
    ctx.subscribe(listener)
    clock = 5000
    kernel.setData('board', { board_id: 1 }, { info: { n: 'B' }, extra: 1 })
    expect(listener).toHaveBeenCalledTimes(1)
    const after = ctx.getState()
    expect(after.data).toEqual({ cards: [{ id: 1 }], info: { n: 'B' }, extra: 1 })
    expect(after.data.cards).toBe(before.data.cards)
    expect(after).toMatchObject({ status: 'success', updatedAt: 5000, isFetching: false })
    // The same text again: nothing the readers hold changes.
    kernel.setData('board', { board_id: 1 }, { info: { n: 'B' } })
    expect(ctx.getState().data.info).toBe(after.data.info)
    expect(script.requests).toHaveLength(1)
  })

  it('creates a context not held as cached, which a later mount shows without a fetch and gc evicts', async () => {
    vi.useFakeTimers()
    make({ gcTime: 1000 })
    kernel.setData('user', { user_id: 5 }, { profile: { name: 'Ann' } })
    expect(kernel.getData('user', { user_id: 5 })).toEqual({ profile: { name: 'Ann' } })
    expect(kernel.stats.entries).toBe(1)
    const ctx = kernel.registerContext('user', { user_id: 5 })
    expect(ctx.getState()).toMatchObject({ status: 'success', isFetching: false, updatedAt: 1000, data: { profile: { name: 'Ann' } } })
    expect(script.requests).toHaveLength(0)
    ctx.unregister()
    kernel.setData('other', {}, { n: 1 })
    clock += 1000
    await vi.advanceTimersByTimeAsync(1000)
    expect(kernel.stats.entries).toBe(0)
    expect(kernel.getData('user', { user_id: 5 })).toBeUndefined()
  })

  it('goes under optimistic layers', async () => {
    make()
    const ctx = kernel.registerContext('c')
    await script.requests[0].reply({ n: 1 })
    const done = kernel.call('inc', {}, { optimistic: [{ context: 'c', slot: 'n', update: (n) => n + 1 }] })
    kernel.setData('c', undefined, { n: 10 })
    expect(ctx.getState().data.n).toBe(11)
    await script.requests[1].reply({ result: null })
    await done
    expect(ctx.getState().data.n).toBe(10)
  })

  it('during a fetch replaces it: the older answer cannot overwrite what was written', async () => {
    make()
    const ctx = kernel.registerContext('c')
    const first = script.requests[0]
    kernel.setData('c', {}, { n: 1 })
    expect(ctx.getState()).toMatchObject({ status: 'success', isFetching: true, data: { n: 1 } })
    expect(first.init.signal.aborted).toBe(true)
    await first.reply({ n: 0 })
    expect(ctx.getState().data).toEqual({ n: 1 })
    await script.requests[1].reply({ n: 2 })
    expect(ctx.getState()).toMatchObject({ isFetching: false, data: { n: 2 } })
  })

  it('refuses what is not an object of slots, and changes nothing', async () => {
    make()
    for (const data of [null, [1], 'x', undefined]) {
      expect(() => kernel.setData('c', {}, data)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    }
    expect(() => kernel.setData('c', {}, { n: 10n })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.setData('', {}, {})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.setData('c', { d: new Date() }, {})).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }))
    expect(kernel.stats.entries).toBe(0)
    await settle()
  })
})
