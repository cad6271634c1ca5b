// Snapshots: what a context's readers get. Pure (no wasm): it turns the
// kernel's description of an entry (store_json.h, write_entry_json) into
// the next frozen state, keeping every object that did not change — the
// whole state while nothing changed, each untouched slot, after an upsert
// every other element of the list, and in a slot that changed (a refetch,
// a merge) every part deep-equal to the one held, cards that moved
// included — so useSyncExternalStore, shallowRef and Svelte stores skip
// what did not change.
//
// The reader keeps one copy of each slot: its value in the last snapshot's
// `data`. The kernel knows which entry version the reader holds (`known`)
// and describes each slot against it, so the reader needs no slot versions.
import { serverError } from './errors.js'

/**
 * @typedef {{ snapshot: object | undefined, known: number }} SnapshotRecord
 * @typedef {{ version: number, status: string, fetching: boolean, updatedAt: number, error: object | null,
 *   data: Record<string, unknown> | null, kept: string[], patches: Array<[string, number, unknown]> }} EntryDescription
 *   data: every slot, changed ones with their value and the others as 0, to be
 *   filled in from the last snapshot: the `kept` ones as they were, the
 *   `patches` ones with one element upserted (index == length: appended)
 */

/**
 * The record's next snapshot from the kernel's description; updates the
 * record (the version it knows, the snapshot).
 *
 * @example
 * const record = { snapshot: undefined, known: 0 }
 * nextSnapshot(record, { version: 1, status: 'success', fetching: false, updatedAt: 5, error: null, data: { cards: [] }, kept: [], patches: [] })
 *
 * @param {SnapshotRecord} record
 * @param {EntryDescription} d
 */
export function nextSnapshot(record, d) {
  const before = /** @type {{ data?: Record<string, unknown> } | undefined} */ (record.snapshot)?.data
  // JSON.parse made `data` (so a slot named "__proto__" is an own property,
  // and stays one when assigned to below).
  let data = d.data ?? undefined
  if (data && before) {
    for (const name of d.kept) data[name] = before[name]
    // Every changed slot shares what it can with the one held; `before`
    // itself when nothing changed. (A patched slot is a 0 here: changed.)
    data = share(before, data)
    for (const [name, index, element] of d.patches) {
      const list = /** @type {unknown[]} */ (before[name]).slice() // the older state is never mutated
      list[index] = element
      data[name] = list
    }
  }
  record.known = d.version
  record.snapshot = Object.freeze({
    data,
    status: d.status,
    error: d.error ? serverError(d.error) : null,
    isFetching: d.fetching,
    updatedAt: d.updatedAt,
  })
  return record.snapshot
}

// `next` (fresh from JSON.parse: plain, and ours to change) with every part
// deep-equal to the part of `held` at its place replaced by that part, or
// `held` itself when all of `next` is equal to it (replaceEqualDeep, as
// TanStack Query shares). A list's elements match by place, or, where the
// element at a place has another `id`, the held element with the same `id`
// (so that moved cards keep their objects; an id field configured as
// another name matches by place only). Only plain objects and arrays are
// looked into (`next` is one, or a list; `held` may be anything, and is
// never changed: it may be frozen). Callers skip equal values and scalars,
// so a walk makes one call per object: half the time of a call per value.
function share(held, next) {
  let same
  if (Array.isArray(next)) {
    if (!Array.isArray(held)) return next
    same = held.length === next.length
    let ids
    for (let i = 0, h, n, id; i < next.length; i++) {
      h = held[i]
      n = next[i]
      if (h === n) continue
      if (typeof n == 'object' && n) {
        if ((id = n.id) !== undefined && h?.id !== id) h = (ids ??= new Map(held.map((e) => [e?.id, e]))).get(id) ?? h
        if ((next[i] = share(h, n)) === held[i]) continue
      }
      same = false
    }
  } else if (Object.getPrototypeOf(held ?? 0) === Object.prototype) {
    same = count(held) === count(next)
    // (A key `held` lacks reads undefined or an inherited value: never a
    // JSON value nor one share() returns, so it counts as a difference.)
    for (const k in next) {
      const h = held[k]
      const n = next[k]
      if (h === n) continue
      if (typeof n == 'object' && n && (next[k] = share(h, n)) === h) continue
      same = false
    }
  } else return next
  return same ? held : next
}

function count(object) {
  let n = 0
  for (const _name in object) n++
  return n
}
