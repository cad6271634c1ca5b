// mizan-kernel/svelte: Svelte stores over the kernel. They implement the
// store contract (`subscribe(run) => unsubscribe`) directly, so `$store`
// works in Svelte 4 and 5 components and this file needs no svelte import.

/**
 * A readable store of a context's state (`{ data, status, error, isFetching,
 * updatedAt }`): its first subscriber mounts the context, and it is unmounted
 * a microtask after the last one leaves. Stores of the same (name, params)
 * share one entry and one fetch. Made in `$derived`, a store follows its
 * params: Svelte moves to the new store, and the old context is let go.
 *
 * @example
 * <script>
 *   let { kernel, boardId } = $props()
 *   const board = $derived(mizanContext(kernel, 'board', { board_id: boardId }))
 * </script>
 * {#if $board.status === 'success'}{$board.data.board_info.name}{/if}
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {string} name
 * @param {Record<string, unknown>} [params]
 */
export function mizanContext(kernel, name, params) {
  const view = kernel.observe(name, params)
  return {
    subscribe(run) {
      // A server render reads its stores once, synchronously: mounting there
      // would start a fetch that no HTML can show (aborted a microtask
      // later). It shows what the kernel holds (prefetched or hydrated); the
      // browser loads the rest. React's useSyncExternalStore does the same.
      if (kernel.isServer) {
        run(view.getState())
        return () => {}
      }
      // Subscribe first: the kernel mounts the context on the first
      // subscriber, so the state `run` gets at once is the mounted one.
      const off = view.subscribe(() => run(view.getState()))
      run(view.getState())
      return off
    },
  }
}

const IDLE = Object.freeze({ isPending: false, error: null, data: undefined })

/**
 * A store of a server function's call state `{ isPending, error, data }`,
 * with `mutate(args)` (the promise of the result; it rejects with the
 * MizanError, which the store holds too) and `reset()`. Merges and
 * invalidations in the response are applied by the kernel. When calls
 * overlap, the store shows the latest one.
 *
 * @example
 * <script>
 *   let { kernel } = $props()
 *   const addCard = $derived(mutation(kernel, 'add_card'))
 * </script>
 * <button disabled={$addCard.isPending} onclick={() => addCard.mutate({ board_id: 1, title }).catch(() => {})}>Add</button>
 * {#if $addCard.error}{$addCard.error.message}{/if}
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {string} fn
 */
export function mutation(kernel, fn) {
  let state = IDLE
  let latest = 0
  const runs = new Set()
  const set = (next) => {
    state = next
    for (const run of [...runs]) run(state)
  }
  return {
    subscribe(run) {
      // A wrapper per subscription: the same function subscribed twice stays two subscribers.
      const entry = (value) => run(value)
      runs.add(entry)
      run(state)
      return () => runs.delete(entry)
    },
    mutate(args) {
      const id = ++latest
      set({ isPending: true, error: null, data: undefined })
      const settle = (next) => id === latest && set(next)
      // new Promise turns a synchronous throw (a disposed kernel, bad args) into a rejection too.
      return new Promise((resolve) => resolve(kernel.call(fn, args))).then(
        (data) => {
          settle({ isPending: false, error: null, data })
          return data
        },
        (error) => {
          settle({ isPending: false, error, data: undefined })
          throw error
        },
      )
    },
    reset() {
      latest++
      set(IDLE)
    },
  }
}
