/**
 * mizan-kernel/svelte/infinite — a context a page at a time, as a Svelte
 * store (its own entry point: apps without infinite contexts load none of it).
 *
 * @example
 * <script>
 *   import { mizanInfiniteContext } from 'mizan-kernel/svelte/infinite'
 *   let { kernel } = $props()
 *   const feed = $derived(mizanInfiniteContext(kernel, 'card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor }))
 * </script>
 * {#each $feed.data?.items ?? [] as card (card.id)}<p>{card.title}</p>{/each}
 */
import type { AnyParams, JsonValue, Kernel, ParamsOf } from '../../js/index.js'
import type { InfiniteOptions, InfiniteState, InfiniteStore } from '../../js/infinite.js'
import type { Readable } from './index.js'

/** A readable store of an infinite context's state, with fetchNextPage. */
export interface InfiniteReadable<Bundle = Record<string, unknown>, PageParam = JsonValue>
  extends Readable<InfiniteState<Bundle, PageParam>>, Pick<InfiniteStore<Bundle, PageParam>, 'fetchNextPage'> {}

/**
 * A store of context `name` with `params`, a page at a time: the first subscriber mounts its pages.
 * @example
 * const feed = mizanInfiniteContext<CardPage>(kernel, 'card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
 */
export declare function mizanInfiniteContext<Bundle = Record<string, unknown>, P extends object = AnyParams, PageParam extends JsonValue = JsonValue>(
  kernel: Kernel,
  name: string,
  params: (P & ParamsOf<P>) | undefined,
  options: InfiniteOptions<Bundle, PageParam>,
): InfiniteReadable<Bundle, PageParam>
