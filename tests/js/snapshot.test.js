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
    const edited = nextSnapshot(r, described(2, { cards: 0, info: 0 }, { kept: ['info'], patches: [['cards', 1, { id: 2, title: 'new' }]] }))
    expect(edited.data.cards).toEqual([{ id: 1 }, { id: 2, title: 'new' }])
    expect(edited.data.cards[0]).toBe(first.data.cards[0])
    expect(edited.data.info).toBe(first.data.info)
    const appended = nextSnapshot(r, described(3, { cards: 0, info: 0 }, { kept: ['info'], patches: [['cards', 2, { id: 3 }]] }))
    expect(appended.data.cards.map((c) => c.id)).toEqual([1, 2, 3])
    expect(first.data.cards).toHaveLength(2) // the older state is never mutated
  })

  it('shares a changed slot deeply with the one held: equal parts keep their objects, changed ones and their parents are new', () => {
    const r = record()
    const card = (id, title = `card ${id}`) => ({ id, title, tags: ['a', { n: id }] })
    const first = nextSnapshot(r, described(1, { info: { name: 'B', owners: [1, 2] }, cards: [card(1), card(2), card(3)] }))
    // A refetch: the kernel sends every slot whose text changed, whole.
    const next = nextSnapshot(r, described(2, { info: { name: 'B', owners: [1, 2, 3] }, cards: [card(1), card(2, 'edited'), card(3)] }))
    const [c1, c2, c3] = first.data.cards
    expect(next.data).not.toBe(first.data)
    expect(next.data.cards).not.toBe(first.data.cards)
    expect(next.data.cards[0]).toBe(c1)
    expect(next.data.cards[2]).toBe(c3)
    expect(next.data.cards[1]).not.toBe(c2)
    expect(next.data.cards[1]).toEqual(card(2, 'edited'))
    expect(next.data.cards[1].tags).toBe(c2.tags) // inside a changed card, what did not change
    expect(next.data.info).not.toBe(first.data.info)
    expect(next.data.info.owners).toEqual([1, 2, 3])
    expect(first.data.cards[1].title).toBe('card 2') // the older state is never mutated
  })

  it('keeps the whole data object when every changed slot turns out deep-equal (other text, same value)', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { info: { a: 1, b: [1, { c: 2 }] }, n: 5 }))
    // Key order and number spelling differ, so the kernel sent the slots again.
    const again = nextSnapshot(r, described(2, { info: { b: [1, { c: 2 }], a: 1 }, n: 5 }))
    expect(again).not.toBe(first)
    expect(again.data).toBe(first.data)
    expect(r.known).toBe(2)
  })

  it('matches list elements by place when they have no id', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { l: [{ a: 1 }, { a: 2 }, { a: 3 }] }))
    const [e1, e2, e3] = first.data.l
    const changed = nextSnapshot(r, described(2, { l: [{ a: 1 }, { a: 9 }, { a: 3 }, { a: 4 }] }))
    expect(changed.data.l[0]).toBe(e1)
    expect(changed.data.l[1]).not.toBe(e2)
    expect(changed.data.l[2]).toBe(e3)
    expect(changed.data.l).toEqual([{ a: 1 }, { a: 9 }, { a: 3 }, { a: 4 }])
    // One inserted at the front: by place, nothing equal stands where it stood.
    const shifted = nextSnapshot(r, described(3, { l: [{ a: 0 }, { a: 1 }, { a: 9 }] }))
    expect(shifted.data.l).toEqual([{ a: 0 }, { a: 1 }, { a: 9 }])
    expect(shifted.data.l).not.toContain(e1)
  })

  it('finds moved elements by their id: reordered, inserted and removed cards keep or get their objects', () => {
    const r = record()
    const card = (id, v = 0) => ({ id, v, sub: { id: `s${id}`, deep: [id] } })
    const first = nextSnapshot(r, described(1, { cards: [card(1), card(2), card(3), card(4), card('x')] }))
    const [c1, c2, c3, c4, cx] = first.data.cards
    // 4 first, 2 removed, 9 inserted, 3 changed (and moved), 'x' moved.
    const next = nextSnapshot(r, described(2, { cards: [card(4), card('x'), card(1), card(9), card(3, 1)] }))
    expect(next.data.cards).toEqual([card(4), card('x'), card(1), card(9), card(3, 1)])
    expect(next.data.cards[0]).toBe(c4)
    expect(next.data.cards[1]).toBe(cx)
    expect(next.data.cards[2]).toBe(c1)
    expect(next.data.cards[4]).not.toBe(c3)
    expect(next.data.cards[4].sub).toBe(c3.sub) // shared with the held card of its id, not the one at its place
    expect(next.data.cards).not.toContain(c2)
    // An id is matched as a value: 1 and "1" are two ids (no card "1": by
    // place, where card 4 stood, which differs).
    const retyped = nextSnapshot(r, described(3, { cards: [{ ...card(1), id: '1' }, card(4)] }))
    expect(retyped.data.cards[0]).toEqual({ ...card(1), id: '1' })
    expect(retyped.data.cards[0].sub).not.toBe(c1.sub)
    expect(retyped.data.cards[1]).toBe(c4)
  })

  it('takes a value of another type whole', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { a: [1, 2], b: { x: 1 }, c: { x: 1 }, d: 1, e: null, f: [{ id: 1 }] }))
    const next = nextSnapshot(r, described(2, { a: { 0: 1, 1: 2 }, b: [1], c: null, d: '1', e: { x: 1 }, f: [[1], 'id', null, { id: 1 }] }))
    expect(next.data).toEqual({ a: { 0: 1, 1: 2 }, b: [1], c: null, d: '1', e: { x: 1 }, f: [[1], 'id', null, { id: 1 }] })
    expect(Array.isArray(next.data.a)).toBe(false)
    expect(next.data.f[3]).toBe(first.data.f[0]) // found by id among other types
    // Same count of keys, another key: not equal.
    const renamed = nextSnapshot(r, described(3, { a: { 0: 1, 2: 2 }, b: [1], c: null, d: '1', e: { x: 1 }, f: 0 }, { kept: ['f'] }))
    expect(renamed.data.a).toEqual({ 0: 1, 2: 2 })
    expect(renamed.data.b).toBe(next.data.b)
    expect(renamed.data.e).toBe(next.data.e)
  })

  it('shares arrays of scalars, and lists of lists', () => {
    const r = record()
    const first = nextSnapshot(r, described(1, { s: ['a', 'b', 1, true, null], m: [[1, 2], [3]], t: [1, 2] }))
    const next = nextSnapshot(
      r,
      described(2, {
        s: ['a', 'b', 1, true, null],
        m: [
          [1, 2],
          [3, 4],
        ],
        t: [1, 2, 3],
      }),
    )
    expect(next.data.s).toBe(first.data.s)
    expect(next.data.m).not.toBe(first.data.m)
    expect(next.data.m[0]).toBe(first.data.m[0])
    expect(next.data.m[1]).toEqual([3, 4])
    expect(next.data.t).toEqual([1, 2, 3])
    expect(first.data.t).toEqual([1, 2])
  })

  it('never writes to the value held (it may be frozen), and looks only into plain objects and arrays', () => {
    const deepFreeze = (o) => (o && typeof o === 'object' && Object.values(Object.freeze(o)).forEach(deepFreeze), o)
    const held = deepFreeze({
      cards: [
        { id: 1, t: 'a' },
        { id: 2, t: 'b' },
      ],
      info: { n: 1 },
    })
    const r = { snapshot: { data: held }, known: 1 }
    const next = nextSnapshot(r, described(2, { cards: [{ id: 2, t: 'b' }, { id: 3 }, { id: 1, t: 'a' }], info: { n: 1 } }))
    expect(next.data.cards).toEqual([{ id: 2, t: 'b' }, { id: 3 }, { id: 1, t: 'a' }])
    expect(next.data.cards[0]).toBe(held.cards[1])
    expect(next.data.cards[2]).toBe(held.cards[0])
    expect(next.data.info).toBe(held.info)
    // Values an app put in the held data (not JSON.parse's): never taken for a JSON value.
    class Box {
      n = 1
    }
    const bare = Object.assign(Object.create(null), { n: 1 })
    const other = { a: new Box(), b: bare, c: new Date(0), d: { n: 1 } }
    const r2 = { snapshot: { data: other }, known: 1 }
    const taken = nextSnapshot(r2, described(2, { a: { n: 1 }, b: { n: 1 }, c: {}, d: { n: 1 } }))
    expect(taken.data.a).not.toBe(other.a)
    expect(taken.data.b).not.toBe(other.b)
    expect(taken.data.c).toEqual({})
    expect(taken.data.d).toBe(other.d)
    expect(Object.getPrototypeOf(taken.data.a)).toBe(Object.prototype)
  })

  it('keeps a nested key named __proto__ an own property when sharing', () => {
    const r = record()
    const text = (v) =>
      `{"version":${v},"status":"success","fetching":false,"updatedAt":0,"error":null,"data":{"o":{"__proto__":{"p":${v > 2 ? 2 : 1}},"k":1},"q":{"k":${v}}},"kept":[],"patches":[]}`
    const first = nextSnapshot(r, JSON.parse(text(1)))
    const same = nextSnapshot(r, JSON.parse(text(2)))
    expect(same.data.o).toBe(first.data.o)
    const changed = nextSnapshot(r, JSON.parse(text(3)))
    expect(changed.data.o).not.toBe(first.data.o)
    expect(Object.getPrototypeOf(changed.data.o)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(changed.data.o, '__proto__').value).toEqual({ p: 2 })
    expect({}.p).toBeUndefined()
    // Against a held object without that own key, a new one is not equal.
    const held = { k: 1, j: 2 }
    const r2 = { snapshot: { data: { o: held } }, known: 1 }
    const own = nextSnapshot(r2, JSON.parse(text(1).replace('"version":1', '"version":2')))
    expect(Object.hasOwn(own.data.o, '__proto__')).toBe(true)
    expect(own.data.o).not.toBe(held)
    // An empty object under that key is not Object.prototype (what the key reads on a held object without it).
    const r3 = { snapshot: { data: { o: {} } }, known: 1 }
    const empty = nextSnapshot(r3, JSON.parse(text(1).replace('{"p":1}', '{}')))
    expect(Object.getOwnPropertyDescriptor(empty.data.o, '__proto__').value).not.toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(empty.data.o, '__proto__').value).toEqual({})
  })

  it('shares a refetch of a large list in one pass, moved by id or not', () => {
    const r = record()
    const n = 100_000
    const cards = (f) => Array.from({ length: n }, (_, i) => ({ id: i, title: f(i) }))
    const first = nextSnapshot(r, described(1, { l: cards((i) => `c${i}`) }))
    const started = performance.now()
    const rotated = cards((i) => `c${i}`)
    rotated.unshift(rotated.pop())
    const next = nextSnapshot(r, described(2, { l: rotated }))
    expect(performance.now() - started).toBeLessThan(2000) // quadratic would take minutes
    expect(next.data.l[0]).toBe(first.data.l[n - 1])
    expect(next.data.l[n - 1]).toBe(first.data.l[n - 2])
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
