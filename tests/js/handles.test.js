// The lean handles and records (js/kernel.js): methods on a shared
// prototype that still work unbound, listeners kept without a Set, and the
// snapshot as the one copy of each slot (js/snapshot.js), over the real wasm.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
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

describe('handles', () => {
  it('carry no closures of their own: their methods live on one prototype', () => {
    make()
    const a = kernel.registerContext('user', { id: 1 })
    const b = kernel.registerContext('user', { id: 2 })
    expect(Object.keys(a)).toEqual([])
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b))
    // Read twice, the same function: useSyncExternalStore resubscribes when
    // `subscribe` changes.
    expect(a.subscribe).toBe(a.subscribe)
    expect(a.getState).toBe(a.getState)
    expect(a.subscribe).not.toBe(b.subscribe)
  })

  it('work unbound, every method of them', async () => {
    make()
    const { getState, subscribe, refetch, unregister } = kernel.registerContext('user')
    let calls = 0
    const off = subscribe(() => calls++)
    await script.requests[0].reply({ p: 1 })
    expect(getState().data).toEqual({ p: 1 })
    const again = refetch()
    await script.requests[1].reply({ p: 2 })
    expect((await again).data).toEqual({ p: 2 })
    expect(calls).toBe(3) // fetching, loaded, fetching again... then loaded: one per change batch
    off()
    unregister()
    expect(() => refetch()).toThrow(MizanError)
    expect(getState().data).toEqual({ p: 2 }) // the last state stays readable
  })

  it('refuse a refetch after unregister, and unregister once', async () => {
    make()
    const ctx = kernel.registerContext('user')
    const other = kernel.registerContext('user')
    await script.requests[0].reply({ p: 1 })
    ctx.unregister()
    ctx.unregister() // no second unmount: `other` still holds the entry
    let error
    try {
      await ctx.refetch()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(MizanError)
    expect(error.code).toBe('UNREGISTERED')
    const refetched = other.refetch()
    await script.requests[1].reply({ p: 2 })
    expect((await refetched).data).toEqual({ p: 2 })
  })
})

describe('listeners', () => {
  it('register a function once however often it subscribes, as a Set would', async () => {
    make()
    const ctx = kernel.registerContext('user')
    let calls = 0
    const listener = () => calls++
    const first = ctx.subscribe(listener)
    const second = ctx.subscribe(listener)
    await script.requests[0].reply({ p: 1 })
    expect(calls).toBe(1)
    first() // its first unsubscribe removes it
    ctx.refetch()
    await script.requests[1].reply({ p: 2 })
    expect(calls).toBe(1)
    second() // harmless
  })

  it('are called in subscription order; an unsubscribe is idempotent and touches only its own', async () => {
    make()
    const ctx = kernel.registerContext('user')
    const order = []
    const offs = ['a', 'b', 'c'].map((name) => ctx.subscribe(() => order.push(name)))
    await script.requests[0].reply({ p: 1 })
    expect(order).toEqual(['a', 'b', 'c'])
    offs[1]()
    offs[1]()
    order.length = 0
    ctx.refetch()
    await script.requests[1].reply({ p: 2 })
    expect(order).toEqual(['a', 'c', 'a', 'c']) // fetching, then loaded
    offs[0]()
    offs[2]()
    order.length = 0
    ctx.refetch()
    await script.requests[2].reply({ p: 3 })
    expect(order).toEqual([])
  })

  it('see a change batch as it was when it began, whatever they subscribe or unsubscribe meanwhile', async () => {
    make()
    const ctx = kernel.registerContext('user')
    const seen = []
    let offLate
    const listeners = {
      a: () => {
        seen.push('a')
        offs.b() // removed during the batch: still called in it
        offLate ??= ctx.subscribe(() => seen.push('late')) // added during the batch: not called in it
      },
      b: () => seen.push('b'),
    }
    const offs = { a: ctx.subscribe(listeners.a), b: ctx.subscribe(listeners.b) }
    await script.requests[0].reply({ p: 1 })
    expect(seen).toEqual(['a', 'b'])
    seen.length = 0
    ctx.refetch()
    await script.requests[1].reply({ p: 2 })
    expect(seen).toEqual(['a', 'late', 'a', 'late'])
    offLate()
    offs.a()
  })
})

describe('snapshots', () => {
  it('keep each untouched slot, and the whole data object when no slot changed', async () => {
    make()
    const ctx = kernel.registerContext('board')
    await script.requests[0].reply('{"info":{"n":"B"},"cards":[{"id":1}],"__proto__":{"x":1}}')
    const first = ctx.getState()
    expect(Object.hasOwn(first.data, '__proto__')).toBe(true)
    ctx.refetch()
    const fetching = ctx.getState()
    expect(fetching.isFetching).toBe(true)
    expect(fetching.data).toBe(first.data)
    await script.requests[1].reply('{"info":{"n":"B"},"cards":[{"id":1},{"id":2}],"__proto__":{"x":1}}')
    const second = ctx.getState()
    expect(second.data).not.toBe(first.data)
    expect(second.data.info).toBe(first.data.info)
    expect(Object.getOwnPropertyDescriptor(second.data, '__proto__').value).toBe(Object.getOwnPropertyDescriptor(first.data, '__proto__').value)
    expect(Object.getPrototypeOf(second.data)).toBe(Object.prototype)
    expect(second.data.cards).toEqual([{ id: 1 }, { id: 2 }])
    // A slot that goes away makes a new data object without it.
    ctx.refetch()
    await script.requests[2].reply({ info: { n: 'B' } })
    expect(ctx.getState().data).toEqual({ info: { n: 'B' } })
    expect(ctx.getState().data.info).toBe(first.data.info)
  })

  it('resolve prefetch() once the fetch settles, and leave the entry cached', async () => {
    make()
    const loaded = kernel.prefetch('user', { id: 1 })
    await settle()
    await script.requests[0].reply({ p: 1 })
    expect((await loaded).data).toEqual({ p: 1 })
    expect(kernel.stats.entries).toBe(1)
    const ctx = kernel.registerContext('user', { id: 1 })
    expect(ctx.getState().data).toEqual({ p: 1 })
    expect(script.requests).toHaveLength(1) // fresh: no second fetch
  })
})
