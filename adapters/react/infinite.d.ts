/**
 * mizan-kernel/react/infinite — a context a page at a time, as a React hook
 * (its own entry point: apps without infinite contexts load none of it).
 *
 * @example
 * import { useInfiniteContext } from 'mizan-kernel/react/infinite'
 * const { data, hasNextPage, fetchNextPage } = useInfiniteContext('card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
 */
import type { AnyParams, JsonValue, ParamsOf } from '../../js/index.js'
import type { InfiniteOptions, InfiniteState, InfiniteStore } from '../../js/infinite.js'

/** An infinite context's state, re-rendered when a page changes, with fetchNextPage. */
export interface ReactInfiniteContext<Bundle = Record<string, unknown>, PageParam = JsonValue>
  extends InfiniteState<Bundle, PageParam>, Pick<InfiniteStore<Bundle, PageParam>, 'fetchNextPage'> {}

/**
 * Context `name` with `params`, a page at a time, from the nearest <MizanContext>'s kernel.
 * @example
 * const { data, fetchNextPage } = useInfiniteContext<CardPage>('card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
 */
export declare function useInfiniteContext<Bundle = Record<string, unknown>, P extends object = AnyParams, PageParam extends JsonValue = JsonValue>(
  name: string,
  params: (P & ParamsOf<P>) | undefined,
  options: InfiniteOptions<Bundle, PageParam>,
): ReactInfiniteContext<Bundle, PageParam>
