// useMutation: a server function call with refs for its progress.
import { shallowReadonly, shallowRef } from 'vue'
import { provided } from './plugin.js'

/**
 * A server function as a mutation: `mutate(args)` returns the promise of
 * the result (rejecting with the MizanError, which `error` also holds);
 * merges and invalidations are the kernel's job.
 *
 * @example
 * const { mutate, isPending, error } = useMutation('add_card')
 * await mutate({ board_id: 1, title: 'Ship it' })
 *
 * @param {string} fn
 */
export function useMutation(fn) {
  const { ready } = provided('useMutation')
  const isPending = shallowRef(false)
  const error = shallowRef(null)
  const data = shallowRef(undefined)
  let latest = 0 // only the last mutate() writes the refs
  const mutate = async (args) => {
    const run = ++latest
    isPending.value = true
    error.value = null
    try {
      const result = await (await ready).call(fn, args)
      if (run === latest) data.value = result
      return result
    } catch (e) {
      if (run === latest) error.value = e
      throw e
    } finally {
      if (run === latest) isPending.value = false
    }
  }
  const reset = () => {
    latest++
    isPending.value = false
    error.value = null
    data.value = undefined
  }
  return { mutate, reset, isPending: shallowReadonly(isPending), error: shallowReadonly(error), data: shallowReadonly(data) }
}
