// mizan-kernel/react/suspense: useSuspenseContext, a context's first load as
// a thrown promise (for <Suspense>), its failure as a thrown error (for an
// error boundary). Its own entry point: apps without suspense load none of it.
import { useEffect } from 'react'
import { CONTEXT_OPTION_TYPES } from '../../js/validate.js'
import { useObserved, useView } from './context.js'

// The loads components suspend on, per kernel and params key: a render that
// is retried, or repeated by StrictMode, throws the same promise instead of
// starting another fetch. A wait: { promise, drop, error?, shown? }.
const waits = new WeakMap()
const noop = () => {}

function waitFor({ kernel, key, name, params, observe }) {
  const byKey = waits.get(kernel) ?? new Map()
  waits.set(kernel, byKey)
  let wait = byKey.get(key)
  if (!wait) {
    // In a browser the context stays mounted from its load until the
    // component, rendered again, mounts it itself: a short gcTime cannot
    // evict it in between. A server kernel keeps what it loaded anyway.
    const release = kernel.isServer ? noop : kernel.observe(name, params, observe).subscribe(noop)
    const drop = () => {
      release()
      if (byKey.get(key) === wait) byKey.delete(key)
    }
    byKey.set(key, (wait = { drop }))
    wait.promise = kernel.prefetch(name, params).then((state) => {
      if (state.data !== undefined) {
        // Let go after a while if the component never comes back (its tree was dropped).
        if (!kernel.isServer) setTimeout(drop, 10_000)
      } else if (state.error) {
        wait.error = state.error
        release()
      } else drop() // no data and no error (the user changed): the next render loads again
    })
  }
  return wait
}

/**
 * The state of context `name` with `params` whose `data` is always there
 * (TanStack Query's useSuspenseQuery): until the first load it suspends to
 * the nearest <Suspense>, and a load that fails throws its MizanError to the
 * nearest error boundary (reset a second or more later, the boundary's
 * children load again). The load is made once per (kernel, name, params),
 * however often React renders. Data the kernel holds (hydrated, prefetched by a server render) renders
 * at once; a streaming server render (renderToPipeableStream) loads what
 * it lacks through the server kernel. Options: the kernel's per-context
 * ones (`refetchInterval`, …); `enabled`, `keepPreviousData` and
 * `skipToken` have no meaning here and are refused (wrap a change of params
 * in startTransition to keep showing the old data).
 *
 * @example
 * function Board({ id }) {
 *   const { data } = useSuspenseContext('board', { board_id: id })
 *   return <h1>{data.board_info.name}</h1>
 * }
 * <ErrorBoundary fallback={<p>Failed</p>}><Suspense fallback={<Spinner />}><Board id={1} /></Suspense></ErrorBoundary>
 */
export function useSuspenseContext(name, params, options) {
  const view = useView('useSuspenseContext', name, params, options, CONTEXT_OPTION_TYPES)
  const state = useObserved(view, view.getState)
  // Mounted and subscribed (the hook above subscribes first): the load's
  // hold on the context is no longer needed.
  useEffect(() => waits.get(view.kernel)?.get(view.key)?.drop(), [view])
  if (state.data !== undefined) return state
  let wait = waitFor(view)
  if (wait.error) {
    // React renders a failed component again before its boundary shows the
    // error (at once, or a task later): those renders throw it again. A
    // render a second later is the boundary's reset: it loads again.
    const now = performance.now()
    if (now - (wait.shown ??= now) < 1000) throw wait.error
    wait.drop()
    wait = waitFor(view)
  }
  throw wait.promise
}
