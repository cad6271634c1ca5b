// <MizanContext>: one kernel for a React tree, and useMizan() to reach it.
import { createElement, Suspense, useContext, useEffect, useMemo, useState, createContext } from 'react'
import { init, MizanError } from '../../js/index.js'
import { startKernel } from '../../js/kernel.js'
import { loadStatus } from '../../js/wasm.js'

const KernelContext = createContext(null)

// A kernel made during render, so that the first render (a hydration too)
// already reads its data: no fallback pass and no second render when the
// wasm is loaded, and server renders (Next.js client components) get one.
// Until the wasm is loaded this suspends. Errors are returned, not thrown,
// so that the provider can hand them to onError / errorFallback.
function makeKernel(baseUrl, options, state) {
  try {
    return { kernel: startKernel({ ...options, baseUrl: baseUrl ?? options?.baseUrl }, state), mounts: 0 }
  } catch (error) {
    if (error?.code !== 'NOT_INITIALIZED') return { error }
    const { loading, failure } = loadStatus()
    // The last load failed and none was started since (an app retries by
    // calling init() again, then remounting).
    if (failure && !loading) return { error: failure }
    throw (loading ?? init()).catch(() => {}) // suspend; wake up to success or failure
  }
}

/**
 * Gives its subtree one kernel. Without `kernel` it makes its own: during
 * the first render when the wasm is loaded (call `init()` early to get
 * there), else it suspends and shows `fallback` until then; it hydrates
 * that kernel from `state` (what `prefetchState()` or `dehydrate()` made on
 * the server) or from the page, and disposes it on unmount. A server
 * render (Next.js, streaming) waits for the wasm and renders the data of
 * `state`. With a ready `kernel` (tests, a kernel you made) it renders at
 * once and leaves disposal to its owner. `baseUrl` and `options` are read
 * when the kernel is made; a new `baseUrl` makes a new kernel.
 *
 * A kernel that cannot be made (INIT_FAILED, a bad option, a broken page
 * state) goes to `onError` and renders `errorFallback` (a node, or a
 * function of the error); without `errorFallback` it is thrown from render
 * as a MizanError, for the nearest error boundary.
 *
 * @example
 * <MizanContext baseUrl="/api/mizan" fallback={<Spinner />}><App /></MizanContext>
 */
export function MizanContext({ kernel, fallback = null, ...own }) {
  if (kernel) return createElement(KernelContext.Provider, { value: kernel }, own.children)
  return createElement(Suspense, { fallback }, createElement(OwnKernel, { key: own.baseUrl ?? own.options?.baseUrl, ...own }))
}

/**
 * @param {{ baseUrl?: string, options?: import('../../js/index.js').KernelOptions, state?: import('../../js/index.js').DehydratedState,
 *   errorFallback?: import('react').ReactNode | ((error: any) => import('react').ReactNode), onError?: (error: any) => void, children?: import('react').ReactNode }} props
 */
function OwnKernel({ baseUrl, options, state, errorFallback, onError, children }) {
  const [made] = useState(() => makeKernel(baseUrl, options, state))
  useEffect(() => {
    if (made.error) {
      onError?.(made.error)
      return
    }
    made.mounts++
    return () => {
      // Disposed a microtask later, so StrictMode's unmount-and-remount
      // keeps the kernel (and its fetches) instead of making another.
      made.mounts--
      queueMicrotask(() => made.mounts === 0 && made.kernel.dispose())
    }
  }, [made])
  if (made.error) {
    if (errorFallback === undefined) throw made.error
    return typeof errorFallback === 'function' ? errorFallback(made.error) : errorFallback
  }
  return createElement(KernelContext.Provider, { value: made.kernel }, children)
}

/**
 * The kernel of the nearest <MizanContext>, and its `call`: the escape hatch.
 * Throws MizanError NO_PROVIDER outside one.
 *
 * @example
 * const { kernel, call } = useMizan()
 * await call('archive_board', { board_id: 1 })
 */
export function useMizan() {
  const kernel = useContext(KernelContext)
  if (!kernel) throw new MizanError('NO_PROVIDER', 'useMizan() and the Mizan hooks need a <MizanContext> above them')
  return useMemo(() => ({ kernel, call: (fn, args) => kernel.call(fn, args) }), [kernel])
}
