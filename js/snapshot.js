// Snapshots: what a context's readers get. Pure (no wasm): it turns the
// kernel's description of an entry (store_json.h, write_entry_json) into
// the next frozen state, keeping every object that did not change — the
// whole state while nothing changed, each untouched slot, and in a list
// that changed (an upsert, a refetch) every element whose text did not
// change, wherever it moved to — so useSyncExternalStore,
// shallowRef and Svelte stores skip what did not change.
//
// The reader keeps one copy of each slot: its value in the last snapshot's
// `data`. The kernel knows which entry version the reader holds (`known`)
// and describes each slot against it, so the reader needs no slot versions.
import { serverError } from './errors.js'

/**
 * @typedef {{ snapshot: object | undefined, known: number }} SnapshotRecord
 * @typedef {{ version: number, status: string, fetching: boolean, updatedAt: number, error: object | null,
 *   data: Record<string, unknown> | null, kept: string[], patches: Array<[string, number[], unknown[]]> }} EntryDescription
 *   data: every slot, changed ones with their value and the others as 0, to be
 *   filled in from the last snapshot: the `kept` ones as they were, the
 *   `patches` ones rebuilt from the list held: [name, runs, added], runs
 *   being pairs (from, count): `count` held elements from index `from`, or
 *   with from -1 the next `count` elements of `added`
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
    const { kept, patches } = d
    if (patches.length === 0 && kept.length === count(data) && kept.length === count(before)) {
      data = before // nothing changed: the same object
    } else {
      for (const name of kept) data[name] = before[name]
      // A copy of the held list (the older state is never mutated) with
      // each run written where it does not stand already: an upsert or a
      // refetch that changed a few elements writes just those. O(n).
      for (const [name, runs, added] of patches) {
        const held = /** @type {unknown[]} */ (before[name])
        const list = held.slice()
        let o = 0
        for (let k = 0, a = 0; k < runs.length; k += 2) {
          const from = runs[k]
          const end = o + runs[k + 1]
          if (from < 0) while (o < end) list[o++] = added[a++]
          else if (from === o) o = end
          else for (let i = from; o < end;) list[o++] = held[i++]
        }
        list.length = o
        data[name] = list
      }
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

function count(object) {
  let n = 0
  for (const _name in object) n++
  return n
}
