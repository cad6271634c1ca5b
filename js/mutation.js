// kernel.mutation(): a server function's call state as a store, the way
// TanStack Query's useMutation shows it. The rules live here once; the
// adapters only bridge the store (useSyncExternalStore, refs, a Svelte
// store), so every framework behaves the same.
import { addListener, notify, shielded } from './listeners.js'
import { checkOptions } from './validate.js'

const state = (status, variables, data, error = null) =>
  Object.freeze({
    status,
    isIdle: status == 'idle',
    isPending: status == 'pending',
    isSuccess: status == 'success',
    isError: status == 'error',
    data,
    error,
    variables,
  })

/**
 * A mutation's state before its first call and after reset(): one frozen object.
 *
 * @example
 * store.getState() === IDLE // nothing called yet
 */
export const IDLE = state('idle')

// The options checkOptions takes: a mutation's callbacks, and a call's
// (TanStack's mutate takes no onMutate) with its own option, `optimistic`,
// which kernel.call checks.
const HOOK = { onMutate: 'function', onSuccess: 'function', onError: 'function', onSettled: 'function' }
const CALL = { onSuccess: 'function', onError: 'function', onSettled: 'function', optimistic: 0 }

/**
 * A store of server function `fn`'s call state, `{ status, isIdle,
 * isPending, isSuccess, isError, data, error, variables }` (TanStack's
 * names): `getState()` returns the same frozen object until it changes,
 * `subscribe(listener)` is told of each change (a listener subscribed
 * twice is told once, as a context's); both work unbound.
 *
 * - `mutate(args, callOptions?)` never throws nor rejects (a failure is in
 *   `error`); `mutateAsync(args, callOptions?)` returns the promise of the
 *   result.
 * - The latest call owns the state; a new call starts at `pending` with
 *   `data` undefined (as TanStack), and `reset()` goes back to idle, leaving
 *   any call in flight unheard.
 * - `options` (or a function returning them, read at each call: a
 *   component's latest) hold `onMutate(args)`, whose return value (awaited)
 *   is the `context`, `onSuccess(data, args, context)`, `onError(error,
 *   args, context)` and `onSettled(data, error, args, context)`, run for
 *   every call and awaited before the state settles. `callOptions` hold
 *   onSuccess, onError and onSettled, run after the hook's once the state
 *   settled, only for the latest call and only while the store has a
 *   subscriber (or never had one): not once the component that made the
 *   call is gone. Their `optimistic` goes to `kernel.call`. A callback
 *   that throws is reported, never breaking the state; an unknown option
 *   is INVALID_ARGUMENT, naming it.
 *
 * @example
 * const addCard = kernel.mutation('add_card', { onSuccess: (card) => console.log(card.id) })
 * addCard.subscribe(() => render(addCard.getState()))
 * addCard.mutate({ board_id: 1, title: 'Ship' }, { onSuccess: () => clearInput() })
 * const card = await addCard.mutateAsync({ board_id: 1, title: 'Ship' })
 *
 * @param {{ call(fn: string, args?: object, options?: object): Promise<any> }} kernel a kernel, or anything with its call()
 * @param {string} fn
 * @param {object | (() => object | undefined)} [options]
 */
export function mutation(kernel, fn, options) {
  const read = () => checkOptions('mutation', typeof options == 'function' ? options() : options, HOOK) ?? {}
  read() // a misspelt option is refused at once, not at the first call
  let current = IDLE
  let latest = 0 // the number of the call that owns the state; reset() moves it on
  const readers = {} // its listeners (listeners.js): false once all left
  // Shows `next` if call `run` still owns the state; says whether it did.
  const show = (run, next) => run === latest && ((current = next), notify(readers), true)
  async function mutateAsync(args, callOptions) {
    const run = ++latest
    show(run, state('pending', args))
    let hook = {}
    let own = {}
    let context, data
    let error = null
    let failed = false
    try {
      hook = read()
      own = checkOptions('mutate', callOptions, CALL) ?? {}
      context = shielded(hook.onMutate, args)
      // Awaited only when it is a promise: without one the call goes out at once, as kernel.call's.
      if (context instanceof Promise) context = await context
      data = await kernel.call(fn, args, 'optimistic' in own ? { optimistic: own.optimistic } : undefined)
    } catch (e) {
      failed = true
      error = e
    }
    const on = failed ? 'onError' : 'onSuccess'
    const outcome = [failed ? error : data, args, context]
    const settled = [data, error, args, context]
    await shielded(hook[on], ...outcome)
    await shielded(hook.onSettled, ...settled)
    // The call's own callbacks: while the store has a subscriber, or never had one.
    if (show(run, state(failed ? 'error' : 'success', args, data, error)) && readers.listeners !== false) {
      shielded(own[on], ...outcome)
      shielded(own.onSettled, ...settled)
    }
    if (failed) throw error
    return data
  }
  return {
    getState: () => current,
    subscribe: (listener) => addListener(readers, listener),
    mutate: (args, callOptions) => void mutateAsync(args, callOptions).catch(() => {}),
    mutateAsync,
    reset: () => void show(++latest, IDLE),
  }
}
