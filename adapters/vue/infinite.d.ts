/**
 * mizan-kernel/vue/infinite — a context a page at a time, as a Vue
 * composable (its own entry point: apps without infinite contexts load none of it).
 *
 * @example
 * import { useInfiniteContext } from 'mizan-kernel/vue/infinite'
 * const { data, hasNextPage, fetchNextPage } = useInfiniteContext('card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
 */
import type { ComputedRef, MaybeRefOrGetter, ShallowRef } from 'vue'
import type { AnyParams, JsonValue, MizanError, ParamsOf } from '../../js/index.js'
import type { InfiniteOptions, InfiniteState, InfiniteStore } from '../../js/infinite.js'

/** An infinite context's state as refs (destructure them: templates unwrap top-level refs), and fetchNextPage. */
export interface VueInfiniteContext<Bundle = Record<string, unknown>, PageParam = JsonValue> extends Pick<
  InfiniteStore<Bundle, PageParam>,
  'fetchNextPage'
> {
  /** The whole state, replaced on each change. */
  readonly state: Readonly<ShallowRef<InfiniteState<Bundle, PageParam>>>
  readonly pages: ComputedRef<readonly Bundle[]>
  readonly pageParams: ComputedRef<readonly (PageParam | undefined)[]>
  readonly data: ComputedRef<Bundle | undefined>
  readonly status: ComputedRef<InfiniteState['status']>
  readonly error: ComputedRef<MizanError | null>
  readonly isFetching: ComputedRef<boolean>
  readonly isFetchingNextPage: ComputedRef<boolean>
  readonly hasNextPage: ComputedRef<boolean>
}

/**
 * Context `name` with `params` (an object, a ref or a getter), a page at a time, from the plugin's kernel.
 * @example
 * const { data, fetchNextPage } = useInfiniteContext<CardPage>('card_page', () => ({ board_id: props.id }), { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
 */
export declare function useInfiniteContext<Bundle = Record<string, unknown>, P extends object = AnyParams, PageParam extends JsonValue = JsonValue>(
  name: string,
  params: MaybeRefOrGetter<(P & ParamsOf<P>) | undefined>,
  options: InfiniteOptions<Bundle, PageParam>,
): VueInfiniteContext<Bundle, PageParam>
