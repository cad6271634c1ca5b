/**
 * mizan-kernel/react/devtools — the devtools panel as a React component
 * (imports 'mizan-kernel/devtools' itself; the kernel must have been made
 * after that import: put `import 'mizan-kernel/devtools'` in the app's
 * entry, and load this component when it is wanted).
 */
import type { ReactElement } from 'react'

export interface MizanDevtoolsProps {
  /** Shows the panel at first (default false: a button that opens it). */
  open?: boolean
}

/**
 * The devtools panel of the nearest <MizanContext>'s kernel.
 *
 * @example
 * const MizanDevtools = lazy(() => import('mizan-kernel/react/devtools').then((m) => ({ default: m.MizanDevtools })))
 * {show && <Suspense><MizanDevtools open /></Suspense>}
 */
export declare function MizanDevtools(props: MizanDevtoolsProps): ReactElement
