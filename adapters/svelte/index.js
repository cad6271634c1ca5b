// mizan-kernel/svelte: Svelte stores over the kernel. They implement the
// store contract (`subscribe(run) => unsubscribe`) directly, so `$store`
// works in Svelte 4 and 5 components and this file needs no svelte import.
import { contextOptions, IDLE_VIEW, keepPrevious, skipToken } from '../../js/context_options.js'

export { skipToken } from '../../js/context_options.js'

// keepPreviousData across stores: Svelte replaces a store made in $derived
// by unsubscribing the old one and at once subscribing the new one; the old
// one leaves its memo (what it showed) here for that moment (a microtask).
let handoff = null

/**
 * A readable store of a context's state (`{ data, status, error, isFetching,
 * updatedAt }`): its first subscriber mounts the context, and it is unmounted
 * a microtask after the last one leaves. Stores of the same (name, params)
 * share one entry and one fetch. Made in `$derived`, a store follows its
 * params: Svelte moves to the new store, and the old context is let go.
 * Options: `enabled: false` (or `skipToken` as params) mounts nothing and
 * shows `status: 'idle'`; `keepPreviousData: true` shows the data of the
 * store it replaced (`isPlaceholder: true`) until the new params' arrives;
 * `refetchOnWindowFocus`, `refetchOnReconnect`, `refetchInterval` go to
 * kernel.observe(). Others are refused (INVALID_ARGUMENT). (Svelte has no
 * suspense: `{#await}` a `prefetch()` for that.)
 *
 * @example
 * <script>
 *   let { kernel, boardId } = $props()
 *   const board = $derived(mizanContext(kernel, 'board', { board_id: boardId }, { keepPreviousData: true }))
 *   const owner = $derived(mizanContext(kernel, 'user', $board.data ? { user_id: $board.data.board_info.owner } : skipToken))
 * </script>
 * {#if $board.status === 'success'}{$board.data.board_info.name}{/if}
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {string} name
 * @param {any} [params]
 * @param {any} [options]
 */
export function mizanContext(kernel, name, params, options) {
  const [enabled, keep, observe] = contextOptions('mizanContext', options)
  const on = enabled !== false && params !== skipToken
  const view = on ? kernel.observe(name, params, observe) : IDLE_VIEW
  const key = on ? JSON.stringify(params) : ''
  let memo = { kernel, name }
  let subscribers = 0
  // A server render reads its stores once, synchronously: mounting there
  // would start a fetch that no HTML can show (aborted a microtask later).
  // It shows what the kernel holds (prefetched or hydrated); the browser
  // loads the rest. React's useSyncExternalStore does the same.
  const store = readable(
    () => (keep ? keepPrevious(memo, key, view.getState()) : view.getState()),
    kernel.isServer ? IDLE_VIEW.subscribe : view.subscribe,
  )
  return {
    subscribe(run) {
      if (!subscribers++ && keep && handoff?.kernel === kernel && handoff.name === name) {
        memo = handoff
        handoff = null
      }
      const off = store.subscribe(run)
      return () => {
        off()
        if (!--subscribers && keep) {
          const left = (handoff = memo)
          queueMicrotask(() => handoff === left && (handoff = null))
        }
      }
    },
  }
}

/**
 * A store of server function `fn`'s call state as TanStack Query's
 * useMutation shows it (`{ status, isIdle, isPending, isSuccess, isError,
 * data, error, variables }`), with `mutate(args, { onSuccess, onError,
 * onSettled })`, which never throws (the failure is in the store),
 * `mutateAsync(args)`, which returns the promise, and `reset()`.
 * `options`: onMutate, onSuccess, onError, onSettled. The rules are
 * kernel.mutation()'s; merges and invalidations are the kernel's job.
 *
 * @example
 * <script>
 *   let { kernel } = $props()
 *   let title = $state('')
 *   const addCard = $derived(mutation(kernel, 'add_card'))
 * </script>
 * <button disabled={$addCard.isPending} onclick={() => addCard.mutate({ board_id: 1, title }, { onSuccess: () => (title = '') })}>Add</button>
 * {#if $addCard.error}{$addCard.error.message}{/if}
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {string} fn
 * @param {object} [options]
 */
export function mutation(kernel, fn, options) {
  const store = kernel.mutation(fn, options)
  // The store's methods come along (getState too, unlisted in the types).
  return { ...store, ...readable(store.getState, store.subscribe) }
}

// A Svelte store of `read()`, which `listen(listener)` (returning the
// unsubscribe) says may have changed: each subscriber hears each new value
// once (a listener per subscription: the same `run` subscribed twice stays
// two subscribers). It listens first: a context is mounted by its first
// listener, so the state `run` gets at once is the mounted one.
const readable = (read, listen) => ({
  subscribe(run) {
    let last
    const tell = () => {
      const value = read()
      if (value !== last) run((last = value))
    }
    const off = listen(tell)
    tell()
    return off
  },
})

/**
 * A store of how many context fetches are in flight (of context
 * `filter.context` only, when given): a global spinner.
 *
 * @example
 * const fetching = isFetching(kernel) // {#if $fetching > 0}<Spinner />{/if}
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {{ context?: string }} [filter]
 */
export const isFetching = (kernel, filter) => readable(() => kernel.isFetching(filter), kernel.subscribeActivity)

/**
 * A store of how many server-function calls are in flight (of `filter.fn`
 * only, when given).
 *
 * @example
 * const saving = isMutating(kernel, { fn: 'add_card' })
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {{ fn?: string }} [filter]
 */
export const isMutating = (kernel, filter) => readable(() => kernel.isMutating(filter), kernel.subscribeActivity)
