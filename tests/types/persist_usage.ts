// Compiled by `tsc` in the test command: 'mizan-kernel/persist' as the
// README shows it, and what its types refuse.
import { createKernel } from 'mizan-kernel'
import { indexedDbStore, localStorageStore, persist, restore, type PersistStorage } from 'mizan-kernel/persist'

const memory = new Map<string, string>()
const asyncStore: PersistStorage = {
  getItem: async (key) => memory.get(key) ?? null,
  setItem: async (key, value) => void memory.set(key, value),
  removeItem: async (key) => void memory.delete(key),
}

export async function persistUsage(): Promise<number> {
  const kernel = createKernel({ identity: 'ann', persist: persist({ storage: asyncStore, maxAge: 60_000, throttle: 500 }) })
  createKernel({ identity: null, persist: persist({ storage: localStorageStore() }) })
  createKernel({ identity: null, persist: persist({ storage: indexedDbStore({ database: 'app' }), key: 'board' }) })
  // @ts-expect-error the option is what persist() returns, not its options
  createKernel({ persist: { maxAge: 1 } })
  // @ts-expect-error maxAge is a number of ms
  persist({ maxAge: '1h' })
  kernel.hydrate()
  return restore(kernel)
}
