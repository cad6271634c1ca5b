// What the kernel and the mutation stores share to tell their readers:
// reporting an app callback's failure, and listener lists.
import { invalidArgument } from './errors.js'

// An app callback (a listener, onProblem) that throws must not break the
// kernel's bookkeeping — later listeners, a call's promise — so its error is
// reported the way the platform reports uncaught errors, and work goes on.
export const reportError = globalThis.reportError ?? ((error) => console.error(error))

/**
 * Where problems go (ill-formed items skipped, bad frames or messages
 * ignored) when the app gave no `onProblem`: the kernel and every
 * capability entry report through the same one.
 * @example
 * const onProblem = options.onProblem ?? warnProblem
 * @param {string} problem
 */
export const warnProblem = (problem) => console.warn(`mizan-kernel: ${problem}`)

/**
 * Calls an app callback, reporting a throw (and a returned promise's
 * rejection): its result, undefined when it threw, a promise resolving to
 * undefined when its promise rejected.
 *
 * @example
 * shielded(listener)
 * const context = await shielded(options.onMutate, args)
 */
export function shielded(callback, ...args) {
  try {
    const result = callback?.(...args)
    return result instanceof Promise ? result.catch(reportError) : result
  } catch (error) {
    reportError(error)
  }
}

// A record's listeners as an array (a copy: the stored value is never mutated).
const all = ({ listeners }) => [].concat(listeners || [])

/**
 * Adds `listener` to `record.listeners` and returns its unsubscribe
 * function. `listeners` is null (or absent) until the first listener, then
 * the one listener itself (most entries have one reader: no array for it),
 * an array of two or more (replaced on every change, never mutated), and
 * false once all left. Subscribing a listener twice registers it once (and
 * its first unsubscribe removes it), as a Set would.
 *
 * @example
 * const record = { listeners: null }
 * const off = addListener(record, () => {})
 */
export function addListener(record, listener) {
  if (typeof listener !== 'function') throw invalidArgument('listener must be a function')
  const listeners = all(record)
  if (!listeners.includes(listener)) record.listeners = listeners[0] ? listeners.concat(listener) : listener
  // Bound, not a closure: ~30 B less for every subscription.
  return removeListener.bind(record, listener)
}

/** @this {{ listeners: any }} the record */
function removeListener(listener) {
  const rest = all(this).filter((l) => l !== listener)
  this.listeners = rest[1] ? rest : (rest[0] ?? false)
}

/**
 * Calls the record's listeners.
 *
 * @example
 * notify(record)
 */
export function notify(record) {
  for (const listener of all(record)) shielded(listener)
}
