// Snapshots without the wasm: the kernel's entry descriptions, written by
// hand, turned into reader state that keeps every unchanged object.
import { describe, expect, it } from 'vitest'
import { MizanError } from '../../js/errors.js'
import { nextSnapshot } from '../../js/snapshot.js'

const record = () => ({ slots: new Map(), snapshot: undefined, known: 0 })
const described = (version, slots, extra = {}) => ({
  version,
  status: 'success',
  fetching: false,
  updatedAt: version,
  hasData: true,
  error: null,
  slots,
  ...extra,
})

describe('nextSnapshot', () => {
  it('decodes the slots into frozen state and remembers the version it knows', () => {
    const r = record()
    const s = nextSnapshot(
      r,
      described(3, [
        ['info', 3, { name: 'A' }],
        ['cards', 2, [{ id: 1 }]],
      ]),
    )
    expect(s).toEqual({ data: { info: { name: 'A' }, cards: [{ id: 1 }] }, status: 'success', error: null, isFetching: false, updatedAt: 3 })
    expect(Object.isFrozen(s)).toBe(true)
    expect(r.known).toBe(3)
  })

  it('keeps the object of every slot whose version did not change', () => {
    const r = record()
    const first = nextSnapshot(
      r,
      described(1, [
        ['info', 1, { name: 'A' }],
        ['cards', 1, [{ id: 1 }]],
      ]),
    )
    // The kernel sends only newer slots' values; an unchanged one comes as null.
    const second = nextSnapshot(
      r,
      described(2, [
        ['info', 1, null],
        ['cards', 2, [{ id: 1 }, { id: 2 }]],
      ]),
    )
    expect(second).not.toBe(first)
    expect(second.data.info).toBe(first.data.info)
    expect(second.data.cards).not.toBe(first.data.cards)
  })

  it('keeps the data object itself when only the status changed (a refetch started)', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, [['info', 1, { name: 'A' }]]))
    const fetching = nextSnapshot(r, described(2, [['info', 1, null]], { fetching: true }))
    expect(fetching.isFetching).toBe(true)
    expect(fetching.data).toBe(first.data)
  })

  it('patches one upserted element into the list: every other element keeps its object', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, [['cards', 1, [{ id: 1 }, { id: 2 }]]]))
    const edited = nextSnapshot(r, described(2, [['cards', 2, null, 1, { id: 2, title: 'new' }]]))
    expect(edited.data.cards).toEqual([{ id: 1 }, { id: 2, title: 'new' }])
    expect(edited.data.cards[0]).toBe(first.data.cards[0])
    const appended = nextSnapshot(r, described(3, [['cards', 3, null, 2, { id: 3 }]]))
    expect(appended.data.cards.map((c) => c.id)).toEqual([1, 2, 3])
    expect(first.data.cards).toHaveLength(2) // the older state is never mutated
  })

  it('drops a slot the kernel no longer lists', () => {
    const r = record()
    nextSnapshot(
      r,
      described(1, [
        ['a', 1, 1],
        ['b', 1, 2],
      ]),
    )
    expect(nextSnapshot(r, described(2, [['a', 1, null]])).data).toEqual({ a: 1 })
  })

  it('makes a slot named __proto__ an own property, not the prototype', () => {
    const s = nextSnapshot(record(), described(1, [['__proto__', 1, { polluted: true }]]))
    expect(Object.getPrototypeOf(s.data)).toBe(Object.prototype)
    expect(Object.hasOwn(s.data, '__proto__')).toBe(true)
    expect({}.polluted).toBeUndefined()
  })

  it('has no data before a load, and the error as a MizanError', () => {
    const s = nextSnapshot(
      record(),
      described(1, [], { hasData: false, status: 'error', error: { status: 404, code: 'NOT_FOUND', message: 'gone', details: null } }),
    )
    expect(s.data).toBeUndefined()
    expect(s.error).toBeInstanceOf(MizanError)
    expect(s.error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'gone' })
  })
})
