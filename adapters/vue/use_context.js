// useMizanContext: a context's snapshots moved into a shallowRef.
import { onServerPrefetch, shallowReadonly, shallowRef, toValue, watch } from 'vue'
import { stableKey } from '../../js/index.js'
import { NOT_LOADED } from '../../js/kernel.js'
import { provided } from './plugin.js'

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
  /** @type {import('vue').ShallowRef<import('../../js/index.js').ContextState>} */
  const state = shallowRef(NOT_LOADED)
  ready.catch((error) => (state.value = Object.freeze({ ...NOT_LOADED, status: 'error', isFetching: false, error })))
  if (server) {
    // Subscribing here would mount for good: a server render never unmounts.
    onServerPrefetch(async () => {
      const loaded = await (await ready).prefetch(name, toValue(params))
      // dehydrate() leaves out a context that failed, so the browser starts
      // it as loading and fetches it itself: render that, not the error, or
      // the hydration would not match.
      state.value = loaded.data === undefined ? NOT_LOADED : loaded
    })
  } else {
    // The params' canonical key is what is watched, so a new object with the
    // same content (in any key order) is no change; '' until the kernel exists.
    watch(
      () => (kernel.value ? stableKey(toValue(params)) : ''),
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
