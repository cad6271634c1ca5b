// What the kernel and the mutation stores share to tell their readers:
// reporting an app callback's failure, and listener lists.
import { MizanError } from './errors.js'

// An app callback (a listener, onProblem) that throws must not break the
// kernel's bookkeeping — later listeners, a call's promise — so its error is
// reported the way the platform reports uncaught errors, and work goes on.
export const reportError = globalThis.reportError ?? ((error) => console.error(error))

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

/**
 * Adds `listener` to `record.listeners` (null until the first listener,
 * then an array replaced on every change, never mutated, so that notifying
 * needs no copy); returns its unsubscribe function. Subscribing a listener
 * twice registers it once (and its first unsubscribe removes it), as a Set
 * would.
 *
 * @example
 * const record = { listeners: null }
 * const off = addListener(record, () => {})
 */
export function addListener(record, listener) {
  if (typeof listener !== 'function') throw new MizanError('INVALID_ARGUMENT', 'listener must be a function')
  const listeners = record.listeners ?? []
  if (!listeners.includes(listener)) record.listeners = [...listeners, listener]
  return () => {
    record.listeners = record.listeners.filter((l) => l !== listener)
  }
}

/**
 * Calls the record's listeners.
 *
 * @example
 * notify(record)
 */
export function notify({ listeners }) {
  if (listeners) for (const listener of listeners) shielded(listener)
}
