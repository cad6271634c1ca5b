// <MizanContext>: one kernel for a React tree, and useMizan() to reach it.
import { createContext, createElement, useContext, useEffect, useMemo, useState } from 'react'
import { createKernel, init, MizanError } from '../../js/index.js'

const KernelContext = createContext(null)

/**
 * Gives its subtree one kernel. With `baseUrl`/`options` it loads the wasm,
 * creates the kernel, hydrates it from the page (`kernel.hydrate()`) and
 * renders `fallback` until then; it disposes that kernel on unmount. With a
 * ready `kernel` (tests, server rendering, a client hydrated before
 * `hydrateRoot`) it renders at once and leaves disposal to its owner.
 * `options` are read when the kernel is created; a new `baseUrl` creates a
 * new kernel. Server renders pass `kernel`: effects do not run there, so
 * the `baseUrl` form would render only its fallback. A kernel that cannot
 * be made (INIT_FAILED, a bad option, a broken page state) is thrown from
 * render, for an error boundary.
 *
 * @example
 * <MizanContext baseUrl="/api/mizan" fallback={<Spinner />}><App /></MizanContext>
 */
export function MizanContext({ kernel, baseUrl, options, fallback = null, children }) {
  const [own, setOwn] = useState(null)
  useEffect(() => {
    if (kernel) return
    // Created in an effect, not in render: StrictMode's discarded renders and
    // its mount/unmount/mount would otherwise leak kernels nobody disposes.
    let live = true
    let created = null
    init()
      .then(() => {
        if (!live) return
        created = createKernel({ ...options, baseUrl: baseUrl ?? options?.baseUrl })
        created.hydrate() // before any child reads it, so server-rendered contexts skip their fetch
        setOwn(created)
      })
      .catch((error) => live && setOwn({ error }))
    return () => {
      live = false
      created?.dispose()
      setOwn(null)
    }
  }, [kernel, baseUrl])
  if (own?.error) throw own.error
  const value = kernel ?? own
  return value ? createElement(KernelContext.Provider, { value }, children) : fallback
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
