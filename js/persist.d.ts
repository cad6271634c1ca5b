/**
 * mizan-kernel/persist — a browser kernel's cache kept in storage between
 * visits (IndexedDB by default). Importing it gives every kernel made
 * afterwards the `persist` option; restore() puts the stored state back
 * before the first render. Server kernels ignore it.
 *
 * @example
 * import { createKernel, init } from 'mizan-kernel'
 * import { persist, restore } from 'mizan-kernel/persist'
 * await init()
 * const kernel = createKernel({ identity: user.id, persist: persist() })
 * kernel.hydrate()      // a server render's state first: it is newer
 * await restore(kernel) // the rest from the last visit, stale: mounted contexts refetch
 */
import type { Kernel } from './index.js'

/** A key-value store of strings; each method may return a promise (AsyncStorage, localForage…) or not (localStorage). */
export interface PersistStorage {
  getItem(key: string): Promise<string | null | undefined> | string | null | undefined
  setItem(key: string, value: string): Promise<unknown> | unknown
  removeItem(key: string): Promise<unknown> | unknown
}

export interface PersistOptions {
  /** Where the state goes: default IndexedDB (indexedDbStore()), else localStorage. */
  storage?: PersistStorage
  /** Stored data older than this (ms) is not restored (default 24 h). */
  maxAge?: number
  /** The storage key (default `'mizan-kernel:' + baseUrl`). */
  key?: string
  /** Changes within this many ms are written once (default 1,000). */
  throttle?: number
}

/** What persist() returns, for createKernel()'s `persist` option. */
export interface Persistence {
  readonly storage: PersistStorage | undefined
  readonly maxAge: number
  readonly key: string | undefined
  readonly throttle: number
}

/** The stored state (format version 1), as JSON under the key. */
export interface PersistedState {
  v: 1
  /** The kernel's identity when written: restored for that identity only. */
  identity: string | null
  /** When it was written (ms). */
  savedAt: number
  contexts: Array<{ context: string; params: Record<string, unknown>; data: Record<string, unknown>; updatedAt: number }>
}

/** The stored state's format version. */
export declare const FORMAT: 1

/** createKernel()'s `persist` option; throws INVALID_ARGUMENT for a bad option. */
export declare function persist(options?: PersistOptions): Persistence

/**
 * Restores the stored state into a kernel made with `persist`: contexts it
 * holds no data for get the stored data, stale. Resolves with how many
 * (0 when the identity is unknown or another, or the state was dropped).
 */
export declare function restore(kernel: Kernel): Promise<number>

/** localStorage (or another Web Storage) as a PersistStorage. */
export declare function localStorageStore(storage?: Storage): PersistStorage

/** IndexedDB as a PersistStorage: object store `state` in `database` (default 'mizan-kernel'). */
export declare function indexedDbStore(options?: { database?: string; indexedDB?: IDBFactory }): PersistStorage

declare module './index.js' {
  interface KernelOptions {
    /** Keep the cache in storage between visits ('mizan-kernel/persist'). */
    persist?: Persistence
  }
}
