/**
 * mizan-kernel/react/suspense — contexts for <Suspense> and error boundaries
 * (its own entry point: apps without suspense load none of it).
 *
 * @example
 * import { useSuspenseContext } from 'mizan-kernel/react/suspense'
 * const { data } = useSuspenseContext<BoardBundle>('board', { board_id: 1 })
 */
import type { AnyParams, ContextOptions, ContextState, ParamsOf } from '../../js/index.js'

/** What useSuspenseContext returns: the data is there (a failed refetch keeps it, with `error`). */
export interface SuspenseContextState<Bundle = Record<string, unknown>> extends ContextState<Bundle> {
  readonly data: Bundle
}

/**
 * A context's state with its data always there (TanStack's useSuspenseQuery):
 * suspends to the nearest <Suspense> until the first load, throws a failed
 * load's MizanError to the nearest error boundary. One load per (kernel,
 * name, params) however often React renders; works in streaming server renders.
 * @example
 * const { data } = useSuspenseContext<BoardBundle>('board', { board_id: 1 })
 */
export declare function useSuspenseContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
  name: string,
  params?: P & ParamsOf<P>,
  options?: ContextOptions,
): SuspenseContextState<Bundle>
