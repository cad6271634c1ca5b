// Contexts as React state: useSyncExternalStore over kernel.observe().
import { createContext, createElement, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { MizanError, stableKey } from '../../js/index.js'
import { contextOptions, IDLE_VIEW, keepPrevious, skipToken } from '../../js/context_options.js'
import { isLoading, never, useKernel } from './provider.js'

/**
 * The view a context hook reads: `{ getState, subscribe }` of one observer
 * per (kernel, name, params by value, kernel options) — a new params object
 * with the same content (in any key order) keeps it, a changed value
 * replaces it — plus what the suspense hook needs (`kernel`, `key`: ''
 * while disabled, `name`, `params`, the kernel's options `observe`).
 *
 * @example
 * const view = useView('useMizanContext', 'board', { board_id: 1 }, { keepPreviousData: true })
 *
 * @param {string} caller the hook, for messages: 'useMizanContext'
 * @param {string} name
 * @param {any} params
 * @param {any} options
 * @param {Record<string, string | number>} [types] the options it takes (default: all the hooks')
 */
export function useView(caller, name, params, options, types) {
  const kernel = useKernel()
  const [enabled, keep, observe] = contextOptions(caller, options, types)
  // While the wasm loads, the provider's stand-in fetches the context early
  // and its observer suspends (stableKey needs the wasm).
  // ('loading' is never a stableKey: those are JSON objects.)
  const key = enabled !== false && params !== skipToken ? (isLoading(kernel) ? 'loading' : stableKey(params)) : ''
  const [memo] = useState(() => ({})) // keepPreviousData's: lives as long as the component
  return useMemo(() => {
    const observer = key ? kernel.observe(name, params, observe) : IDLE_VIEW
    const read = observer.getState
    const getState = keep ? () => keepPrevious(memo, key, read()) : read
    return { getState, subscribe: observer.subscribe, kernel, key, name, params, observe }
  }, [kernel, name, key, JSON.stringify(observe), keep])
}

// The server render and hydration read the same thing the client does:
// what the store holds (prefetched, hydrated) for the context.
export const useObserved = (view, read) => useSyncExternalStore(view.subscribe, read, read)

/**
 * The state of context `name` with `params`: `{ data, status, error,
 * isFetching, updatedAt }`. Mounts it while the component is mounted.
 * Options: `enabled: false` (or `skipToken` as params) mounts nothing and
 * shows `status: 'idle'`; `keepPreviousData: true` shows the last params'
 * data (`isPlaceholder: true`, status 'success') while new params load;
 * `refetchOnWindowFocus`, `refetchOnReconnect`, `refetchInterval` go to
 * kernel.observe(). Any other option is refused (INVALID_ARGUMENT).
 *
 * @example
 * const { status, data, error } = useMizanContext('board', { board_id: 1 })
 * const cards = useMizanContext('board', { board_id: page }, { keepPreviousData: true })
 * const owner = useMizanContext('user', board.data ? { user_id: board.data.board_info.owner } : skipToken)
 */
export function useMizanContext(name, params, options) {
  const view = useView('useMizanContext', name, params, options)
  return useObserved(view, view.getState)
}

/**
 * What generated code builds on: a Provider that mounts context `name` for
 * its subtree, and hooks that read it there. `useSlot(slot)` re-renders
 * only when that slot's object changes; the Provider itself never
 * re-renders for data. The Provider's `options` are useMizanContext's.
 *
 * @example
 * const Board = defineContext('board')
 * <Board.Provider params={{ board_id: 1 }}><Cards /></Board.Provider>
 * function Cards() { const cards = Board.useSlot('cards'); ... }
 */
export function defineContext(name) {
  const Scope = createContext(null)
  function Provider({ params, options, children }) {
    const view = useView(`${name}.Provider`, name, params, options)
    // Subscribed with no listener: keeps the context mounted without
    // rendering the Provider again when its data changes.
    useEffect(() => view.subscribe(never), [view])
    return createElement(Scope.Provider, { value: view }, children)
  }
  function useScope() {
    const view = useContext(Scope)
    if (!view) throw new MizanError('NO_PROVIDER', `the hooks of context '${name}' need its <Provider> above them`)
    return view
  }
  return {
    Provider,
    useContext() {
      const view = useScope()
      return useObserved(view, view.getState)
    },
    useSlot(slot) {
      const view = useScope()
      return useObserved(view, () => view.getState().data?.[slot])
    },
  }
}
