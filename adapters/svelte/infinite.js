// mizan-kernel/svelte/infinite: an infinite context (mizan-kernel/infinite)
// under the Svelte store contract, with fetchNextPage beside `subscribe`.
import { infiniteContext } from '../../js/infinite.js'
import { bridge } from './bridge.js'

/**
 * A readable store of context `name` with `params`, a page at a time
 * (`$feed.pages`, `$feed.data`, `$feed.hasNextPage`…), with
 * `fetchNextPage()`. Its first subscriber mounts the loaded pages, and they
 * are unmounted a microtask after the last one leaves. Made in `$derived`,
 * a store follows its params, starting again from the first page.
 *
 * @example
 * <script>
 *   let { kernel, boardId } = $props()
 *   const feed = $derived(mizanInfiniteContext(kernel, 'card_page', { board_id: boardId }, {
 *     pageParam: 'cursor',
 *     getNextPageParam: (last) => last.next_cursor,
 *   }))
 * </script>
 * {#each $feed.data?.items ?? [] as card (card.id)}<p>{card.title}</p>{/each}
 * {#if $feed.hasNextPage}<button onclick={() => feed.fetchNextPage()}>More</button>{/if}
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {string} name
 * @param {Record<string, unknown> | undefined} params
 * @param {import('../../js/infinite.js').InfiniteOptions} options
 */
export function mizanInfiniteContext(kernel, name, params, options) {
  const store = infiniteContext(kernel, name, params, options)
  return {
    subscribe: bridge(kernel, store),
    fetchNextPage: store.fetchNextPage,
  }
}
