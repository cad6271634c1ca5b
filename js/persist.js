// 'mizan-kernel/persist': a browser kernel's cache kept in storage between
// visits. Importing it (for persist() and restore()) gives every kernel made
// afterwards the `persist` option: the contexts it holds are written a while
// after they change, as one state under one key, tagged with the identity
// they were loaded for; restore() reads that state back before the first
// render, fills only what the kernel does not hold yet and marks it stale,
// so what the page mounts shows at once and revalidates. A purge (another
// user, reset()) clears the stored state too: storage never holds more than
// the user of now's data, and never shows it to another.
import { MizanError } from './errors.js'
import { extendKernel, onServer } from './kernel.js'
import { shielded, warnProblem } from './listeners.js'
import { checkOptions, describe, isPlainObject, knowKernelOptions, scalarParams } from './validate.js'

/** The stored state's format version: a state of another one is dropped. */
export const FORMAT = 1
const DAY = 24 * 60 * 60 * 1000
const STORE = 'state' // the IndexedDB object store

const made = new WeakSet() // persist()'s results
const restorers = new WeakMap() // kernel -> its restore (null: a server kernel's, which does nothing)

/**
 * The `persist` option of createKernel(): where and how long a browser
 * kernel keeps its cache. `storage` defaults to IndexedDB (localStorage
 * where there is none), `maxAge` to 24 h (older data is not restored),
 * `key` to `'mizan-kernel:' + baseUrl`, `throttle` to 1,000 ms (changes in
 * that time are written once). Server kernels ignore it.
 * @example
 * const kernel = createKernel({ identity: user.id, persist: persist({ maxAge: 60 * 60 * 1000 }) })
 * kernel.hydrate()
 * await restore(kernel)
 * @param {import('./persist.js').PersistOptions} [options]
 * @returns {import('./persist.js').Persistence}
 */
export function persist(options) {
  const {
    storage,
    maxAge = DAY,
    key,
    throttle = 1000,
  } = checkOptions('persist', options, { storage: 'object', maxAge: 0, key: 'string', throttle: 0 }) ?? {}
  if (storage !== undefined && !['getItem', 'setItem', 'removeItem'].every((m) => typeof storage?.[m] === 'function')) {
    throw new MizanError('INVALID_ARGUMENT', `options.storage must have getItem, setItem and removeItem, got ${describe(storage)}`)
  }
  for (const [name, v] of [
    ['maxAge', maxAge],
    ['throttle', throttle],
  ]) {
    if (typeof v !== 'number' || !(v >= 0))
      throw new MizanError('INVALID_ARGUMENT', `options.${name} must be a number of ms >= 0, got ${describe(v)}`)
  }
  const config = Object.freeze({ storage, maxAge, key, throttle })
  made.add(config)
  return config
}

/**
 * Puts the stored state into a kernel made with `persist`, before the first
 * render: the contexts it holds no data for yet (server-rendered ones win)
 * get the stored data, marked stale, so that they render at once and
 * refetch when mounted. Restores nothing when the kernel's identity is not
 * known, or the state is another identity's; a corrupt, foreign, expired or
 * other-version state is dropped (with a report to onProblem) and nothing
 * of it applies. Resolves with how many contexts it restored; never
 * rejects once the kernel is one made with `persist`.
 * @example
 * kernel.hydrate() // the server's render first: it is newer
 * await restore(kernel)
 * createRoot(root).render(app)
 * @param {import('./index.js').Kernel} kernel
 * @returns {Promise<number>}
 */
export async function restore(kernel) {
  const run = restorers.get(kernel)
  if (run === undefined) throw new MizanError('INVALID_ARGUMENT', 'restore(kernel): the kernel was made without options.persist')
  return run ? run() : 0
}

/**
 * localStorage (or any Web Storage) as a store for persist(): its calls
 * made asynchronous, so that a full quota rejects (and is reported).
 * @example
 * createKernel({ identity, persist: persist({ storage: localStorageStore() }) })
 * @param {Storage} [storage]
 * @returns {import('./persist.js').PersistStorage}
 */
export const localStorageStore = (storage = globalThis.localStorage) => ({
  getItem: async (key) => storage.getItem(key),
  setItem: async (key, value) => storage.setItem(key, value),
  removeItem: async (key) => storage.removeItem(key),
})

/**
 * IndexedDB as a store for persist() (the browser default): one object
 * store, `state`, in database `database` (default 'mizan-kernel'), opened
 * on first use. Writes resolve once their transaction is committed.
 * @example
 * createKernel({ identity, persist: persist({ storage: indexedDbStore({ database: 'my-app' }) }) })
 * @param {{ database?: string, indexedDB?: IDBFactory }} [options]
 * @returns {import('./persist.js').PersistStorage}
 */
export function indexedDbStore({ database = 'mizan-kernel', indexedDB = globalThis.indexedDB } = {}) {
  let db
  const done = (request, resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  }
  const run = (mode, act) =>
    (db ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(database, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(STORE)
      done(request, resolve, reject)
    })).then(
      (db) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(STORE, mode)
          const request = act(tx.objectStore(STORE))
          tx.oncomplete = () => resolve(request.result)
          tx.onerror = tx.onabort = () => reject(tx.error)
        }),
    )
  return {
    getItem: (key) => run('readonly', (s) => s.get(key)).then((v) => v ?? null),
    setItem: (key, value) => run('readwrite', (s) => s.put(value, key)).then(() => {}),
    removeItem: (key) => run('readwrite', (s) => s.delete(key)).then(() => {}),
  }
}

let fallback // the default store, made once
const defaultStore = () => (fallback ??= globalThis.indexedDB ? indexedDbStore() : globalThis.localStorage ? localStorageStore() : null)

knowKernelOptions({ persist: 0 })
extendKernel((kernel, options, transport, view) => {
  const config = options.persist
  if (config === undefined) return
  if (!made.has(config)) throw new MizanError('INVALID_ARGUMENT', "options.persist must be made by persist() from 'mizan-kernel/persist'")
  // Persistence is the browser's: a server kernel serves many users' requests.
  if (options.server ?? onServer()) return void restorers.set(kernel, null)
  const storage = config.storage ?? defaultStore()
  if (!storage) throw new MizanError('INVALID_ARGUMENT', 'options.persist: no storage given, and there is neither indexedDB nor localStorage here')
  const key = config.key ?? `mizan-kernel:${options.baseUrl ?? '/api/mizan'}`
  const now = options.now ?? Date.now
  const onProblem = options.onProblem ?? warnProblem
  const attempt = (what, act) =>
    Promise.resolve()
      .then(act)
      .catch((error) => shielded(onProblem, `persist: ${what} "${key}" failed: ${error?.message ?? error}`))
  let timer = null
  let disposed = false

  // Every context held with data (a failed refetch keeps its last good
  // data), under the identity of now. Not while calls are in flight: what
  // readers see then may be optimistic.
  const write = () => {
    timer = null
    const identity = view.identity()
    if (disposed || identity === undefined) return
    if (view.calls.size > 0) return void (timer = setTimeout(write, config.throttle))
    const contexts = []
    for (const { context, json, snapshot } of view.entries.values()) {
      if (snapshot?.data !== undefined) contexts.push({ context, params: JSON.parse(json), data: snapshot.data, updatedAt: snapshot.updatedAt })
    }
    const text = JSON.stringify({ v: FORMAT, identity, savedAt: now(), contexts })
    attempt('writing', () => storage.setItem(key, text))
  }

  const drop = (why) => {
    shielded(onProblem, `persist: the state stored under "${key}" ${why}; dropped`)
    attempt('clearing', () => storage.removeItem(key))
    return 0
  }

  restorers.set(kernel, async () => {
    const identity = view.identity()
    if (identity === undefined) return 0 // whose data would it be?
    let text
    try {
      text = await storage.getItem(key)
    } catch (error) {
      shielded(onProblem, `persist: reading "${key}" failed: ${error?.message ?? error}`)
      return 0
    }
    if (text == null || disposed || view.identity() !== identity) return 0
    let state
    try {
      state = JSON.parse(text)
    } catch {
      return drop('is not JSON')
    }
    if (!isPlainObject(state) || !('v' in state)) return drop('is not a mizan-kernel state')
    if (state.v !== FORMAT) return drop(`has format version ${describe(state.v)}, not ${FORMAT}`)
    const { savedAt, contexts } = state
    if (typeof savedAt !== 'number' || !Array.isArray(contexts) || !contexts.every(isContext)) return drop('is malformed')
    if (state.identity !== identity) {
      attempt('clearing', () => storage.removeItem(key)) // another user's: not for this one, nor to be kept
      return 0
    }
    const oldest = now() - config.maxAge
    if (savedAt < oldest) return drop('is older than maxAge')
    let restored
    try {
      // Only what the kernel holds no data for: a server render's is newer.
      const gaps = contexts.filter((c) => c.updatedAt >= oldest && kernel.getData(c.context, c.params) === undefined)
      kernel.hydrate(gaps) // checked whole before any applies
      restored = gaps
    } catch (error) {
      return drop(`was refused: ${error?.message ?? error}`)
    }
    for (const { context, params } of restored) kernel.getData(context, params) // a record, so that later writes keep it
    kernel.invalidate(restored.map(({ context, params }) => ({ context, params: scalarParams(params) })))
    return restored.length
  })

  // The last change goes out before the kernel does (its entries go with it).
  const { dispose } = transport
  transport.dispose = () => {
    if (timer !== null) {
      clearTimeout(timer)
      write()
    }
    disposed = true
    clearTimeout(timer)
    dispose()
  }

  return (record) => {
    if (disposed) return
    if (record === null) {
      // A purge: what is stored was the old user's.
      clearTimeout(timer)
      timer = null
      attempt('clearing', () => storage.removeItem(key))
    } else if (record.snapshot.status === 'success' && !record.snapshot.isFetching) {
      timer ??= setTimeout(write, config.throttle)
    }
  }
})

// A stored context as restore() reads it (the kernel checks the rest).
const isContext = (c) =>
  isPlainObject(c) && typeof c.context === 'string' && isPlainObject(c.params) && isPlainObject(c.data) && Number.isFinite(c.updatedAt)
