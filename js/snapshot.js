// Snapshots: what a context's readers get. Pure (no wasm): it turns the
// kernel's description of an entry (store_json.h, write_entry_json) into
// the next frozen state, keeping every object that did not change — the
// whole state while nothing changed, each untouched slot, and after an
// upsert every other element of the list — so useSyncExternalStore,
// shallowRef and Svelte stores skip what did not change.
import { serverError } from './errors.js'

/**
 * @typedef {{ slots: Map<string, { version: number, value: unknown }>, snapshot: object | undefined, known: number }} SnapshotRecord
 * @typedef {{ version: number, status: string, fetching: boolean, updatedAt: number, hasData: boolean, error: object | null,
 *   slots: Array<[string, number, unknown, number?, unknown?]> }} EntryDescription
 */

/**
 * The record's next snapshot from the kernel's description; updates the
 * record (its decoded slots, the version it knows, the snapshot).
 *
 * @example
 * const record = { slots: new Map(), snapshot: undefined, known: 0 }
 * nextSnapshot(record, { version: 1, status: 'success', fetching: false, updatedAt: 5, hasData: true, error: null, slots: [['cards', 1, []]] })
 *
 * @param {SnapshotRecord} record
 * @param {EntryDescription} d
 */
export function nextSnapshot(record, d) {
  const slots = new Map()
  let dataChanged = d.slots.length !== record.slots.size
  for (const [name, version, value, index, element] of d.slots) {
    const previous = record.slots.get(name)
    if (previous && previous.version === version) {
      slots.set(name, previous)
      continue
    }
    dataChanged = true
    if (index === undefined) {
      slots.set(name, { version, value })
    } else {
      // One upserted element: every other element keeps its object.
      // An upsert comes only for a slot the record holds (its known version).
      const list = /** @type {unknown[]} */ (previous.value).slice()
      list[index] = element
      slots.set(name, { version, value: list })
    }
  }
  record.slots = slots
  record.known = d.version
  const before = /** @type {{ data?: object } | undefined} */ (record.snapshot)
  let data
  if (d.hasData) {
    data = !dataChanged && before?.data ? before.data : {}
    // defineProperty, not `data[name] =`: a slot named "__proto__" is an
    // own property, as JSON.parse makes it, not the object's prototype.
    if (data !== before?.data) {
      for (const [name, slot] of slots) {
        Object.defineProperty(data, name, { value: slot.value, enumerable: true, writable: true, configurable: true })
      }
    }
  }
  record.snapshot = Object.freeze({
    data,
    status: d.status,
    error: d.error ? serverError(d.error) : null,
    isFetching: d.fetching,
    updatedAt: d.updatedAt,
  })
  return record.snapshot
}
