// useMutation and the activity counts: the runtime's stores
// (js/mutation.js, kernel.isFetching()/isMutating()) moved into refs.
import { computed, getCurrentScope, onScopeDispose, shallowReadonly, shallowRef, watch } from 'vue'
import { IDLE, mutation } from '../../js/mutation.js'
import { provided } from './plugin.js'

/**
 * A server function as TanStack Query's useMutation: every state member
 * (`status`, `isPending`, `data`, `error`, `variables`…) as a readonly ref,
 * with `mutate(args, { onSuccess, onError, onSettled })`, which never
 * throws (the failure is in `error`), `mutateAsync(args)`, which returns
 * the promise, and `reset()`. `options`: onMutate, onSuccess, onError,
 * onSettled. The rules are kernel.mutation()'s; a call made before the
 * wasm has loaded waits for the kernel.
 *
 * @example
 * const { mutate, isPending, error } = useMutation('add_card', { onSuccess: () => (title.value = '') })
 * mutate({ board_id: 1, title: title.value })
 *
 * @param {string} fn
 * @param {object} [options]
 */
export function useMutation(fn, options) {
  const { kernel, ready } = provided('useMutation')
  const caller = { call: async (...a) => (kernel.value ?? (await ready)).call(...a) }
  const store = mutation(caller, fn, options)
  const state = shallowRef(store.getState())
  const off = store.subscribe(() => (state.value = store.getState()))
  if (getCurrentScope()) onScopeDispose(off)
  // The store's methods come along (getState and subscribe too, unlisted in
  // the types), and one ref per member of the state (those of IDLE, its first).
  const result = { ...store }
  for (const key in IDLE) result[key] = computed(() => state.value[key])
  return result
}

// A kernel activity count as a readonly ref, followed once the kernel exists (0 on a server).
function useActivity(caller, count) {
  const { kernel, server } = provided(caller)
  const value = shallowRef(0)
  if (!server) {
    watch(
      kernel,
      (k, _, onCleanup) => {
        if (!k) return
        const read = () => (value.value = count(k))
        onCleanup(k.subscribeActivity(read))
        read()
      },
      { immediate: true },
    )
  }
  return shallowReadonly(value)
}

/**
 * How many context fetches are in flight (of context `filter.context`
 * only, when given), as a readonly ref: a global spinner.
 *
 * @example
 * const fetching = useIsFetching() // template: <Spinner v-if="fetching > 0" />
 *
 * @param {{ context?: string }} [filter]
 */
export const useIsFetching = (filter) => useActivity('useIsFetching', (k) => k.isFetching(filter))

/**
 * How many server-function calls are in flight (of `filter.fn` only, when
 * given), as a readonly ref.
 *
 * @example
 * const saving = useIsMutating({ fn: 'add_card' })
 *
 * @param {{ fn?: string }} [filter]
 */
export const useIsMutating = (filter) => useActivity('useIsMutating', (k) => k.isMutating(filter))
