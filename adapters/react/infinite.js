// mizan-kernel/react/infinite: an infinite context (mizan-kernel/infinite)
// as React state.
import { useMemo, useSyncExternalStore } from 'react'
import { stableKey } from '../../js/index.js'
import { infiniteContext } from '../../js/infinite.js'
import { useMizan } from './provider.js'

/**
 * Context `name` with `params`, a page at a time, from the nearest
 * <MizanContext>'s kernel: `{ pages, pageParams, data, status, error,
 * isFetching, isFetchingNextPage, hasNextPage, fetchNextPage }`. Its pages
 * are mounted while the component is; new params (by value) start again
 * from the first page. `options` are read when the params change.
 *
 * @example
 * const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = useInfiniteContext('card_page', { board_id: 1 }, {
 *   pageParam: 'cursor',
 *   getNextPageParam: (last) => last.next_cursor,
 * })
 * data?.items.map((card) => <Card key={card.id} card={card} />)
 * <button disabled={!hasNextPage || isFetchingNextPage} onClick={() => fetchNextPage()}>More</button>
 */
export function useInfiniteContext(name, params, options) {
  const { kernel } = useMizan()
  const key = stableKey(params) // the same params in any key order are the same pages
  const store = useMemo(() => infiniteContext(kernel, name, params, options), [kernel, name, key])
  // The server render and hydration read what the store holds, as the client does.
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState)
  return useMemo(() => ({ ...state, fetchNextPage: store.fetchNextPage }), [state, store])
}
