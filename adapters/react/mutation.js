// Server-function calls and the kernel's activity as React state: the
// stores are the runtime's (kernel.mutation(), isFetching()/isMutating());
// this file only reads them through useSyncExternalStore.
import { useMemo, useRef, useSyncExternalStore } from 'react'
import { useMizan } from './provider.js'

/**
 * Server function `fn` as TanStack Query's useMutation: `{ status, isIdle,
 * isPending, isSuccess, isError, data, error, variables, mutate,
 * mutateAsync, reset }`. `mutate(args, { onSuccess, onError, onSettled })`
 * never throws (the failure is in `error`); `mutateAsync(args)` returns the
 * promise. `options` (onMutate, onSuccess, onError, onSettled) are read
 * at each call, so inline callbacks see the latest props. The rules are
 * kernel.mutation()'s. Merges and invalidations are the kernel's job.
 *
 * @example
 * const { mutate, isPending, error } = useMutation('add_card', { onSuccess: () => setTitle('') })
 * <button disabled={isPending} onClick={() => mutate({ board_id: 1, title })}>Add</button>
 */
export function useMutation(fn, options) {
  const { kernel } = useMizan()
  const latest = useRef(options)
  latest.current = options
  const store = useMemo(() => kernel.mutation(fn, () => latest.current), [kernel, fn])
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState)
  // The store's methods come along (getState and subscribe too, unlisted in the types).
  return useMemo(() => ({ ...state, ...store }), [state, store])
}

/**
 * A hook bound to server function `fn`, for generated code; it takes
 * useMutation's options.
 *
 * @example
 * export const useAddCard = defineMutation('add_card')
 * const { mutate } = useAddCard({ onSuccess: (card) => select(card.id) })
 */
export const defineMutation = (fn) => (options) => useMutation(fn, options)

// A kernel activity count, `kernel[count](filter)`, as state; 0 in a server render, as nothing is in flight there.
function useActivity(count, filter) {
  const { kernel } = useMizan()
  return useSyncExternalStore(
    kernel.subscribeActivity,
    () => kernel[count](filter),
    () => 0,
  )
}

/**
 * How many context fetches are in flight (of context `filter.context`
 * only, when given), as TanStack's useIsFetching: a global spinner.
 *
 * @example
 * const fetching = useIsFetching() // or useIsFetching({ context: 'board' })
 * {fetching > 0 && <Spinner />}
 */
export const useIsFetching = (filter) => useActivity('isFetching', filter)

/**
 * How many server-function calls are in flight (of `filter.fn` only, when
 * given), as TanStack's useIsMutating.
 *
 * @example
 * const saving = useIsMutating({ fn: 'add_card' })
 */
export const useIsMutating = (filter) => useActivity('isMutating', filter)
