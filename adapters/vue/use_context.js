// useMizanContext: a context's snapshots moved into a shallowRef.
import { onServerPrefetch, shallowReadonly, shallowRef, toValue, watch } from 'vue'
import { provided } from './plugin.js'

// What a context shows while the wasm is still loading (the kernel's own
// "not loaded" state, which it cannot hand out before it exists).
const LOADING = Object.freeze({ data: undefined, status: 'loading', error: null, isFetching: true, updatedAt: 0 })

/**
 * A context's state as a readonly shallowRef: the kernel's frozen snapshot,
 * the same object until the entry changes. `params` may be an object, a ref
 * or a getter; a change of value (not of identity) re-registers. On the
 * server, `renderToString` waits for the data (onServerPrefetch).
 *
 * @example
 * const board = useMizanContext('board', () => ({ board_id: props.id }))
 * // template: board.value.data?.board_info.name
 *
 * @param {string} name
 * @param {import('vue').MaybeRefOrGetter<Record<string, unknown> | undefined>} [params]
 */
export function useMizanContext(name, params) {
  const { kernel, ready, server } = provided('useMizanContext')
  const state = shallowRef(LOADING)
  ready.catch((error) => (state.value = Object.freeze({ ...LOADING, status: 'error', isFetching: false, error })))
  if (server) {
    // Subscribing here would mount for good: a server render never unmounts.
    onServerPrefetch(async () => {
      state.value = await (await ready).prefetch(name, toValue(params))
    })
  } else {
    // The params' JSON text is what is watched, so a new object with the same
    // content is no change; '' until the kernel exists.
    watch(
      () => (kernel.value ? JSON.stringify(toValue(params) ?? {}) : ''),
      (key, _, onCleanup) => {
        if (!key) return
        const view = kernel.value.observe(name, toValue(params))
        const read = () => (state.value = view.getState())
        onCleanup(view.subscribe(read))
        read()
      },
      { immediate: true },
    )
  }
  return shallowReadonly(state)
}
