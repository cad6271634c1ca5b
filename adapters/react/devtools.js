// mizan-kernel/react/devtools: the devtools panel (<mizan-devtools>,
// mizan-kernel/devtools) as a React component over the nearest
// <MizanContext>'s kernel.
import { createElement, useEffect, useRef } from 'react'
import { defineDevtools } from '../../js/devtools.js'
import { useMizan } from './provider.js'

/**
 * The devtools panel of the nearest <MizanContext>'s kernel: its contexts,
 * requests in flight and timeline, with refetch and invalidate buttons.
 * `open` shows the panel at first (else a button that opens it). The
 * kernel must have been made after `import 'mizan-kernel/devtools'` (in the
 * app's entry, before createKernel); this component itself can be loaded
 * later, with a dynamic import. A server render draws an empty element.
 *
 * @example
 * const MizanDevtools = lazy(() => import('mizan-kernel/react/devtools').then((m) => ({ default: m.MizanDevtools })))
 * {show && <Suspense><MizanDevtools open /></Suspense>}
 *
 * @param {{ open?: boolean }} props
 */
export function MizanDevtools({ open = false }) {
  const { kernel } = useMizan()
  const ref = useRef(null)
  defineDevtools() // before the element is made, so that it is made upgraded (a no-op once defined, and on a server)
  // Properties, set in effects: React 18 would write them as attributes,
  // and the kernel is no attribute.
  useEffect(() => {
    ref.current.kernel = kernel
  }, [kernel])
  useEffect(() => {
    ref.current.open = open
  }, [open])
  return createElement('mizan-devtools', { ref })
}
