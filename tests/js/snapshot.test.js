// Snapshots without the wasm: the kernel's entry descriptions, written by
// hand, turned into reader state that keeps every unchanged object.
import { describe, expect, it } from 'vitest'
import { MizanError } from '../../js/errors.js'
import { nextSnapshot } from '../../js/snapshot.js'

const record = () => ({ snapshot: undefined, known: 0 })
// As write_entry_json spells it (JSON.parse makes the data object).
const described = (version, data, { kept = [], patches = [], ...extra } = {}) =>
  JSON.parse(JSON.stringify({ version, status: 'success', fetching: false, updatedAt: version, error: null, data, kept, patches, ...extra }))

describe('nextSnapshot', () => {
  it('decodes the slots into frozen state and remembers the version it knows', () => {
    const r = record()
    const s = nextSnapshot(r, described(3, { info: { name: 'A' }, cards: [{ id: 1 }] }))
    expect(s).toEqual({ data: { info: { name: 'A' }, cards: [{ id: 1 }] }, status: 'success', error: null, isFetching: false, updatedAt: 3 })
    expect(Object.isFrozen(s)).toBe(true)
    expect(r.known).toBe(3)
  })

  it('keeps the object of every slot the kernel describes as kept', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { info: { name: 'A' }, cards: [{ id: 1 }] }))
    // The kernel sends only the values of slots newer than the version the
    // reader knows; an unchanged one is a 0 to fill in, named in `kept`.
    const second = nextSnapshot(r, described(2, { info: 0, cards: [{ id: 1 }, { id: 2 }] }, { kept: ['info'] }))
    expect(second).not.toBe(first)
    expect(second.data.info).toBe(first.data.info)
    expect(second.data.cards).not.toBe(first.data.cards)
    expect(Object.keys(second.data)).toEqual(['info', 'cards']) // the kernel's order
    expect(r.known).toBe(2)
  })

  it('takes a changed value of null or 0 as a value', () => {
    const r = record()
    nextSnapshot(r, described(1, { me: { id: 1 }, n: 5 }))
    expect(nextSnapshot(r, described(2, { me: null, n: 0 })).data).toEqual({ me: null, n: 0 })
    expect(nextSnapshot(r, described(3, { me: 0, n: 0 }, { kept: ['me', 'n'] })).data).toEqual({ me: null, n: 0 })
  })

  it('keeps the data object itself when only the status changed (a refetch started)', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { info: { name: 'A' } }))
    const fetching = nextSnapshot(r, described(2, { info: 0 }, { kept: ['info'], fetching: true }))
    expect(fetching.isFetching).toBe(true)
    expect(fetching.data).toBe(first.data)
  })

  it('patches one upserted element into the list: every other element keeps its object', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { cards: [{ id: 1 }, { id: 2 }], info: {} }))
    // Runs (from, count): element 0 held, one added, none after.
    const edited = nextSnapshot(
      r,
      described(2, { cards: 0, info: 0 }, { kept: ['info'], patches: [['cards', [0, 1, -1, 1, 2, 0], [{ id: 2, title: 'new' }]]] }),
    )
    expect(edited.data.cards).toEqual([{ id: 1 }, { id: 2, title: 'new' }])
    expect(edited.data.cards[0]).toBe(first.data.cards[0])
    expect(edited.data.info).toBe(first.data.info)
    const appended = nextSnapshot(r, described(3, { cards: 0, info: 0 }, { kept: ['info'], patches: [['cards', [0, 2, -1, 1, 3, 0], [{ id: 3 }]]] }))
    expect(appended.data.cards.map((c) => c.id)).toEqual([1, 2, 3])
    expect(appended.data.cards[1]).toBe(edited.data.cards[1])
    expect(first.data.cards).toHaveLength(2) // the older state is never mutated
    expect(edited.data.cards).toHaveLength(2)
  })

  it('rebuilds a refetched list from runs: moved elements keep their objects, only new ones are decoded', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { cards: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }], other: [1] }))
    const [c1, c2, c3, c4] = first.data.cards
    // 4 moved to the front, 2 removed, 9 inserted after 1, 3 edited; `other` replaced by its runs too.
    const next = nextSnapshot(
      r,
      described(
        2,
        { cards: 0, other: 0 },
        {
          patches: [
            ['cards', [3, 1, 0, 1, -1, 2], [{ id: 9 }, { id: 3, v: 1 }]],
            ['other', [-1, 1, 0, 1], [0]],
          ],
        },
      ),
    )
    expect(next.data.cards).toEqual([{ id: 4 }, { id: 1 }, { id: 9 }, { id: 3, v: 1 }])
    expect(next.data.cards[0]).toBe(c4)
    expect(next.data.cards[1]).toBe(c1)
    expect(next.data.cards).not.toContain(c2)
    expect(next.data.cards).not.toContain(c3)
    expect(next.data.other).toEqual([0, 1])
    expect(first.data.cards).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]) // untouched
    expect(Object.keys(next.data)).toEqual(['cards', 'other'])
  })

  it('applies a patch of a large list in one pass', () => {
    const r = record()
    const n = 200_000
    const first = nextSnapshot(r, described(1, { l: Array.from({ length: n }, (_, i) => ({ i })) }))
    // Every other element kept, the rest new: 100,000 runs.
    const runs = []
    const added = []
    for (let i = 0; i < n; i += 2) (runs.push(i, 1, -1, 1), added.push({ i: i + 1, v: 1 }))
    const next = nextSnapshot(r, described(2, { l: 0 }, { patches: [['l', runs, added]] }))
    expect(next.data.l).toHaveLength(n)
    expect(next.data.l[n - 2]).toBe(first.data.l[n - 2])
    expect(next.data.l[n - 1]).toEqual({ i: n - 1, v: 1 })
  })

  it('drops a slot the kernel no longer lists, and takes a new one', () => {
    const r = record()
    nextSnapshot(r, described(1, { a: 1, b: 2 }))
    expect(nextSnapshot(r, described(2, { a: 0 }, { kept: ['a'] })).data).toEqual({ a: 1 })
    expect(nextSnapshot(r, described(3, { a: 0, c: 3 }, { kept: ['a'] })).data).toEqual({ a: 1, c: 3 })
  })

  it('makes a slot named __proto__ an own property, not the prototype, and keeps it so', () => {
    const r = record()
    const s = nextSnapshot(
      r,
      JSON.parse(
        '{"version":1,"status":"success","fetching":false,"updatedAt":0,"error":null,"data":{"__proto__":{"polluted":true}},"kept":[],"patches":[]}',
      ),
    )
    expect(Object.getPrototypeOf(s.data)).toBe(Object.prototype)
    expect(Object.hasOwn(s.data, '__proto__')).toBe(true)
    expect({}.polluted).toBeUndefined()
    // Kept by name when unchanged, next to a changed slot (a new data object).
    const next = nextSnapshot(
      r,
      JSON.parse(
        '{"version":2,"status":"success","fetching":false,"updatedAt":0,"error":null,"data":{"__proto__":0,"x":1},"kept":["__proto__"],"patches":[]}',
      ),
    )
    expect(next.data).not.toBe(s.data)
    expect(Object.getOwnPropertyDescriptor(next.data, '__proto__').value).toBe(Object.getOwnPropertyDescriptor(s.data, '__proto__').value)
    expect(Object.getPrototypeOf(next.data)).toBe(Object.prototype)
  })

  it('has no data before a load, and the error as a MizanError', () => {
    const s = nextSnapshot(
      record(),
      described(1, null, { status: 'error', error: { status: 404, code: 'NOT_FOUND', message: 'gone', details: null } }),
    )
    expect(s.data).toBeUndefined()
    expect(s.error).toBeInstanceOf(MizanError)
    expect(s.error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'gone' })
  })
})
