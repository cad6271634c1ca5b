// useMizanContext: a context's snapshots moved into a shallowRef.
import { onServerPrefetch, shallowReadonly, shallowRef, toValue, watch } from 'vue'
import { stableKey } from '../../js/index.js'
import { contextOptions, HOOK_OPTION_TYPES, IDLE, keepPrevious, skipToken } from '../../js/context_options.js'
import { NOT_LOADED } from '../../js/kernel.js'
import { provided } from './plugin.js'

// `enabled` may be a ref or a getter: checked as a boolean where it is read.
const TYPES = { ...HOOK_OPTION_TYPES, enabled: 0 }

/**
 * A context's state as a readonly shallowRef: the kernel's frozen snapshot,
 * the same object until the entry changes. `params` may be an object, a ref
 * or a getter (which may give `skipToken`: not known yet); a change of value
 * (not of identity) re-registers. On the server, `renderToString` waits for
 * the data (onServerPrefetch). Options: `enabled` (a boolean, ref or
 * getter; false: nothing mounted, `status: 'idle'`), `keepPreviousData`
 * (the last params' data, `isPlaceholder: true`, while new params load),
 * and kernel.observe()'s `refetchOnWindowFocus`, `refetchOnReconnect`,
 * `refetchInterval`; others are refused (INVALID_ARGUMENT). For <Suspense>,
 * `await state.suspense()` in an async setup resolves once the data is
 * there (rejects with the MizanError of a failed load).
 *
 * @example
 * const board = useMizanContext('board', () => ({ board_id: props.id }), { keepPreviousData: true })
 * // template: board.value.data?.board_info.name
 * const owner = useMizanContext('user', () => (board.value.data ? { user_id: board.value.data.board_info.owner } : skipToken))
 *
 * @param {string} name
 * @param {import('vue').MaybeRefOrGetter<any>} [params]
 * @param {any} [options]
 */
export function useMizanContext(name, params, options) {
  const { kernel, ready, server } = provided('useMizanContext')
  const [enabled, keep, observe] = contextOptions('useMizanContext', options, TYPES)
  const on = () => toValue(enabled) !== false && toValue(params) !== skipToken
  const memo = {}
  const show = (key, s) => (keep ? keepPrevious(memo, key, s) : s)
  /** @type {any} */
  const state = shallowRef(on() ? NOT_LOADED : IDLE)
  ready.catch((error) => (state.value = Object.freeze({ ...NOT_LOADED, status: 'error', isFetching: false, error })))
  let loaded = async () => state.value
  if (server) {
    // Subscribing here would mount for good: a server render never unmounts.
    if (on()) {
      let load
      loaded = () =>
        (load ??= ready
          .then((k) => k.prefetch(name, toValue(params)))
          // dehydrate() leaves out a context that failed, so the browser starts
          // it as loading and fetches it itself: render that, not the error, or
          // the hydration would not match.
          .then((s) => (state.value = s.data === undefined ? NOT_LOADED : s)))
      onServerPrefetch(loaded)
    }
  } else {
    // The params' canonical key is what is watched, so a new object with the
    // same content (in any key order) is no change; '' until the kernel
    // exists, 0 while disabled.
    watch(
      () => (on() ? (kernel.value ? stableKey(toValue(params)) : '') : 0),
      (key, _, onCleanup) => {
        if (key === 0) state.value = show('', IDLE)
        if (!key) return
        const view = kernel.value.observe(name, toValue(params), observe)
        const read = () => (state.value = show(key, view.getState()))
        onCleanup(view.subscribe(read))
        read()
      },
      { immediate: true },
    )
    loaded = () => {
      let stop
      return new Promise((resolve, reject) => {
        stop = watch(state, (s) => (s.status === 'error' ? reject(s.error) : s.status !== 'loading' && resolve(s)), { immediate: true })
      }).finally(() => stop())
    }
  }
  state.suspense = loaded
  return shallowReadonly(state)
}
