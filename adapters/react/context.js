// Contexts as React state: useSyncExternalStore over kernel.observe().
import { createContext, createElement, useContext, useEffect, useMemo, useSyncExternalStore } from 'react'
import { MizanError, stableKey } from '../../js/index.js'
import { useMizan } from './provider.js'

// One observer per (kernel, name, params by value): a new params object with
// the same content keeps it (no re-registration); a changed value replaces it.
function useObserver(name, params) {
  const { kernel } = useMizan()
  const key = stableKey(params) // the same params in any key order are the same context
  return useMemo(() => kernel.observe(name, params), [kernel, name, key])
}

// The server render and hydration read the same thing the client does:
// what the store holds (prefetched, hydrated) for the context.
const useObserved = (observer, read) => useSyncExternalStore(observer.subscribe, read, read)

/**
 * The state of context `name` with `params`: `{ data, status, error,
 * isFetching, updatedAt }`. Mounts it while the component is mounted.
 *
 * @example
 * const { status, data, error } = useMizanContext('board', { board_id: 1 })
 */
export function useMizanContext(name, params) {
  const observer = useObserver(name, params)
  return useObserved(observer, observer.getState)
}

const noop = () => {}

/**
 * What generated code builds on: a Provider that mounts context `name` for
 * its subtree, and hooks that read it there. `useSlot(slot)` re-renders
 * only when that slot's object changes; the Provider itself never
 * re-renders for data.
 *
 * @example
 * const Board = defineContext('board')
 * <Board.Provider params={{ board_id: 1 }}><Cards /></Board.Provider>
 * function Cards() { const cards = Board.useSlot('cards'); ... }
 */
export function defineContext(name) {
  const Scope = createContext(null)
  function Provider({ params, children }) {
    const observer = useObserver(name, params)
    // Subscribed with no listener: keeps the context mounted without
    // rendering the Provider again when its data changes.
    useEffect(() => observer.subscribe(noop), [observer])
    return createElement(Scope.Provider, { value: observer }, children)
  }
  function useScope() {
    const observer = useContext(Scope)
    if (!observer) throw new MizanError('NO_PROVIDER', `the hooks of context '${name}' need its <Provider> above them`)
    return observer
  }
  return {
    Provider,
    useContext() {
      const observer = useScope()
      return useObserved(observer, observer.getState)
    },
    useSlot(slot) {
      const observer = useScope()
      return useObserved(observer, () => observer.getState().data?.[slot])
    },
  }
}
