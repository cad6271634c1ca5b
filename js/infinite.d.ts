/**
 * mizan-kernel/infinite — a context loaded a page at a time (its own entry
 * point: apps without infinite contexts load none of it). Each page is an
 * entry of the same context, with the page param added to its params: the
 * kernel fetches, invalidates and merges each page as any context.
 *
 * @example
 * import { infiniteContext } from 'mizan-kernel/infinite'
 * const feed = infiniteContext(kernel, 'card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
 * feed.subscribe(() => render(feed.getState()))
 * await feed.fetchNextPage()
 */
import type { AnyParams, JsonValue, Kernel, MizanError, ParamsOf } from './index.js'

/** How the pages of an infinite context are found. */
export interface InfiniteOptions<Bundle = Record<string, unknown>, PageParam = JsonValue> {
  /** The param that tells the server which page (`cursor`, `page`, `offset`…). */
  pageParam: string
  /** The next page's param from the last page and all the pages; undefined or null: there is no next page. */
  getNextPageParam(lastPage: Bundle, allPages: readonly Bundle[]): PageParam | undefined | null
  /** The first page's param; without it, the first page is fetched without the page param. */
  initialPageParam?: PageParam
}

/** An infinite context's state: the same object until one of its pages changes. */
export interface InfiniteState<Bundle = Record<string, unknown>, PageParam = JsonValue> {
  /** The loaded pages' bundles, in order (up to the first page without data). */
  readonly pages: readonly Bundle[]
  /** Each page's param, in order (undefined for a first page fetched without one). */
  readonly pageParams: readonly (PageParam | undefined)[]
  /** The pages joined into one bundle (list slots concatenated); undefined before the first page. */
  readonly data: Bundle | undefined
  /** The first page's status; 'error' while any page has an error. */
  readonly status: 'idle' | 'loading' | 'success' | 'error'
  /** The first error among the pages. */
  readonly error: MizanError | null
  /** True while any page is fetching (a refetch after invalidation too). */
  readonly isFetching: boolean
  /** True while a page added by fetchNextPage() loads. */
  readonly isFetchingNextPage: boolean
  /** What getNextPageParam says of the last loaded page. */
  readonly hasNextPage: boolean
}

/** An infinite context as a store (getState/subscribe, as a context's) with fetchNextPage. */
export interface InfiniteStore<Bundle = Record<string, unknown>, PageParam = JsonValue> {
  getState(): InfiniteState<Bundle, PageParam>
  /** The first subscriber mounts the pages; a microtask after the last leaves, they are unmounted. */
  subscribe(listener: () => void): () => void
  /**
   * Adds the next page (or fetches a failed last page again); with no next page, does nothing.
   * Resolves with the state once no page is fetching.
   */
  fetchNextPage(): Promise<InfiniteState<Bundle, PageParam>>
}

/**
 * Context `name` with `params`, a page at a time.
 * @example
 * const feed = infiniteContext<CardPage>(kernel, 'card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
 */
export declare function infiniteContext<Bundle = Record<string, unknown>, P extends object = AnyParams, PageParam extends JsonValue = JsonValue>(
  kernel: Kernel,
  name: string,
  params: (P & ParamsOf<P>) | undefined,
  options: InfiniteOptions<Bundle, PageParam>,
): InfiniteStore<Bundle, PageParam>
