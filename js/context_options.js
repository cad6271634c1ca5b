// What the adapters' context hooks share: the skip sentinel, the state of a
// context nobody asked for, their options, and keepPreviousData.
import { checkOptions, CONTEXT_OPTION_TYPES } from './validate.js'

/**
 * Params that are not known yet (TanStack Query's skipToken): a context hook
 * given `skipToken` as params registers nothing and fetches nothing, and
 * shows `status: 'idle'`, as with `enabled: false`. Lets a context wait for
 * another's data without a conditional component.
 *
 * @example
 * const user = useMizanContext('user', { user_id: 5 })
 * const team = useMizanContext('team', user.data ? { team_id: user.data.profile.team_id } : skipToken)
 */
export const skipToken = Symbol('skipToken')

/** The state of a disabled (or skipped) context: nothing asked, nothing fetching. */
export const IDLE = Object.freeze({ data: undefined, status: 'idle', error: null, isFetching: false, updatedAt: 0 })

/** What a disabled (or skipped) context hook reads in place of an observer: idle, and nothing to mount. */
export const IDLE_VIEW = { getState: () => IDLE, subscribe: () => () => {} }

/**
 * The context hooks' options: kernel.observe()'s (passed on) and their own.
 * Vue's `enabled` may be a ref or a getter: `types` says what to check.
 *
 * @example
 * checkOptions('mizanContext', options, { ...HOOK_OPTION_TYPES, enabled: 0 })
 */
export const HOOK_OPTION_TYPES = { ...CONTEXT_OPTION_TYPES, enabled: 'boolean', keepPreviousData: 'boolean' }

/**
 * A context hook's options, checked: an option the hook does not know
 * (one of another library, a misspelling) is refused, naming it. Returns
 * `[enabled, keepPreviousData, observe]`: `observe` the rest, for
 * kernel.observe().
 *
 * @example
 * const [enabled, keep, observe] = contextOptions('useMizanContext', { enabled: false, refetchInterval: 5000 })
 *
 * @param {string} caller the hook, for messages
 * @param {any} [options]
 * @param {Record<string, string | number>} [types] the options it takes (0: not checked here)
 * @returns {[any, boolean | undefined, Record<string, unknown>]}
 */
export function contextOptions(caller, options, types = HOOK_OPTION_TYPES) {
  const { enabled, keepPreviousData, ...observe } = checkOptions(caller, options, types) ?? {}
  return [enabled, keepPreviousData, observe]
}

/**
 * keepPreviousData: `state` as it is, except while the context of `key`
 * has no data yet (loading, or disabled): then the data last shown under
 * another key, as a frozen state with `status: 'success'`, the context's
 * `isFetching` and `isPlaceholder: true`. `memo` (one object per hook) keeps
 * that data and the last placeholder, which is given again while it says
 * the same (no render for the context going from unknown to mounted). An
 * error shows as the error.
 *
 * @example
 * const memo = {}
 * const shown = keepPrevious(memo, stableKey(params), observer.getState())
 *
 * @param {{ key?: string, prev?: any, shown?: any, [other: string]: any }} memo (prev: the last state with data)
 * @param {string} key the params' canonical key ('' while disabled)
 * @param {any} state
 */
export function keepPrevious(memo, key, state) {
  const { prev, shown } = memo
  if (state.data !== undefined) {
    memo.key = key
    memo.prev = state
  } else if (prev && memo.key !== key && state.status !== 'error') {
    return shown?.data === prev.data && shown.isFetching === state.isFetching
      ? shown
      : (memo.shown = Object.freeze({ ...prev, status: 'success', error: null, isFetching: state.isFetching, isPlaceholder: true }))
  }
  return state
}
