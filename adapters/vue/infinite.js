// mizan-kernel/vue/infinite: an infinite context (mizan-kernel/infinite) as
// Vue refs.
import { computed, onServerPrefetch, shallowReadonly, shallowRef, toValue, watch } from 'vue'
import { stableKey } from '../../js/index.js'
import { infiniteContext } from '../../js/infinite.js'
import { provided } from './plugin.js'

// What the composable shows before its kernel exists: about to load.
const LOADING = Object.freeze({
  pages: Object.freeze([]),
  pageParams: Object.freeze([]),
  data: undefined,
  status: 'loading',
  error: null,
  isFetching: true,
  isFetchingNextPage: false,
  hasNextPage: false,
})

/**
 * Context `name` with `params`, a page at a time, from the plugin's kernel:
 * every state member as a ref (`pages`, `data`, `status`, `error`,
 * `isFetching`, `isFetchingNextPage`, `hasNextPage`, `pageParams`; `state`
 * the whole), and `fetchNextPage()`. `params` may be an object, a ref or a
 * getter; a change of value starts again from the first page. On the
 * server, `renderToString` waits for the first page (onServerPrefetch).
 *
 * @example
 * const { data, hasNextPage, fetchNextPage } = useInfiniteContext('card_page', () => ({ board_id: props.id }), {
 *   pageParam: 'cursor',
 *   getNextPageParam: (last) => last.next_cursor,
 * })
 * // <li v-for="card in data?.items" :key="card.id">{{ card.title }}</li>
 * // <button v-if="hasNextPage" @click="fetchNextPage()">More</button>
 *
 * @param {string} name
 * @param {import('vue').MaybeRefOrGetter<Record<string, unknown> | undefined>} params
 * @param {import('../../js/infinite.js').InfiniteOptions} options
 */
export function useInfiniteContext(name, params, options) {
  const { kernel, ready, server } = provided('useInfiniteContext')
  /** @type {import('vue').ShallowRef<import('../../js/infinite.js').InfiniteState>} */
  const state = shallowRef(LOADING)
  let store = null
  const make = (k) => (store = infiniteContext(k, name, toValue(params), options))
  ready.catch((error) => (state.value = Object.freeze({ ...LOADING, status: 'error', isFetching: false, error })))
  if (server) {
    // Subscribing here would mount for good: a server render never unmounts.
    onServerPrefetch(async () => {
      const k = await ready
      const s = make(k) // checks the options first
      const { pageParam, initialPageParam: first } = options
      const p = toValue(params)
      const loaded = await k.prefetch(name, first === undefined ? p : { ...p, [pageParam]: first })
      // A first page that failed is not in dehydrate()'s state: the browser
      // loads it itself, so render it as loading, as the browser will.
      if (loaded.data !== undefined) state.value = s.getState()
    })
  } else {
    // The params' canonical key is watched: a new object with the same
    // content is no change; '' until the kernel exists.
    watch(
      () => (kernel.value ? stableKey(toValue(params)) : ''),
      (key, _, onCleanup) => {
        if (!key) return
        const s = make(kernel.value)
        const read = () => (state.value = s.getState())
        onCleanup(s.subscribe(read))
        read()
      },
      { immediate: true },
    )
  }
  return {
    state: shallowReadonly(state),
    ...Object.fromEntries(Object.keys(LOADING).map((key) => [key, computed(() => state.value[key])])),
    fetchNextPage: async () => (store ? store.fetchNextPage() : state.value),
  }
}
