/**
 * mizan-kernel/react — Mizan contexts and server functions as React hooks.
 *
 * @example
 * import { MizanContext, useMizanContext, useMutation } from 'mizan-kernel/react'
 * <MizanContext baseUrl="/api/mizan" fallback={<Spinner />}><App /></MizanContext>
 */
import type { ReactNode } from 'react'
import type { AnyParams, ContextState, DehydratedState, Kernel, KernelOptions, MizanError, Params, ParamsOf, ParamsShape } from '../../js/index.js'

export interface MizanContextProps {
  /** A ready kernel (tests, server rendering, a client hydrated before hydrateRoot); its owner disposes it. */
  kernel?: Kernel
  /** Where the Mizan endpoints are, for the kernel this component creates. Default '/api/mizan'. */
  baseUrl?: string
  /** The options of the kernel this component creates; read once, when it is created. */
  options?: KernelOptions
  /**
   * The server's state for this kernel to start from: what `prefetchState()`
   * (mizan-kernel/server) or `kernel.dehydrate()` returned. Default: the
   * page's `window.__MIZAN_SSR_DATA__` or `#__MIZAN_SSR_DATA__` JSON block.
   */
  state?: DehydratedState
  /** Shown (through Suspense) until the wasm is loaded and the kernel made. Default nothing. */
  fallback?: ReactNode
  /** Shown instead of the children when the kernel cannot be made; without it the MizanError is thrown to an error boundary. */
  errorFallback?: ReactNode | ((error: MizanError) => ReactNode)
  /** Told when the kernel cannot be made (INIT_FAILED, a bad option, a broken page state). */
  onError?: (error: MizanError) => void
  children?: ReactNode
}

/**
 * Gives its subtree one kernel: its own (made after init(), hydrated from the
 * page, disposed on unmount) or the `kernel` passed in.
 * @example
 * <MizanContext baseUrl="/api/mizan" fallback={<Spinner />}><App /></MizanContext>
 */
export declare function MizanContext(props: MizanContextProps): ReactNode

/**
 * The nearest <MizanContext>'s kernel and its `call`; throws MizanError NO_PROVIDER outside one.
 * @example
 * const { kernel, call } = useMizan()
 */
export declare function useMizan(): {
  kernel: Kernel
  call<Result = unknown, A extends object = AnyParams>(fn: string, args?: A & ParamsOf<A>): Promise<Result>
}

/**
 * The state of a context, mounted while the component is; params compare by value.
 * @example
 * const { status, data } = useMizanContext<BoardBundle>('board', { board_id: 1 })
 */
export declare function useMizanContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
  name: string,
  params?: P & ParamsOf<P>,
): ContextState<Bundle>

/** What useMutation returns. */
export interface Mutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown> {
  /** Calls the function; resolves with its result, rejects with the MizanError (also put in `error`). */
  mutate(...args: undefined extends Args ? [args?: Args] : [args: Args]): Promise<Result>
  readonly isPending: boolean
  readonly error: MizanError | null
  /** The result of the latest successful mutate; undefined before and while one is pending. */
  readonly data: Result | undefined
  /** Back to idle; a mutate still in flight no longer updates the state. */
  reset(): void
}

/**
 * Calls server function `fn` with pending/error/data state.
 * @example
 * const { mutate, isPending } = useMutation<{ board_id: number; title: string }, Card>('add_card')
 */
export declare function useMutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown>(
  fn: string,
): Mutation<Args, Result>

/**
 * A hook bound to server function `fn`, for generated code.
 * @example
 * export const useAddCard = defineMutation<AddCardArgs, Card>('add_card')
 */
export declare function defineMutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown>(
  fn: string,
): () => Mutation<Args, Result>

/** The Provider's props: `params` may be left out when the context takes none. */
export type ProviderProps<P> = ({} extends P ? { params?: P } : { params: P }) & { children?: ReactNode }

/** What defineContext returns. */
export interface DefinedContext<Bundle, P extends ParamsShape<P>> {
  /** Mounts the context for its subtree; never re-renders for data changes. */
  Provider(props: ProviderProps<P>): ReactNode
  /** The full state of the nearest Provider's context. */
  useContext(): ContextState<Bundle>
  /** One slot's data; re-renders only when that slot's object changes. Undefined until loaded. */
  useSlot<S extends keyof Bundle>(slot: S): Bundle[S] | undefined
}

/**
 * A context's Provider and hooks, typed by the generated Bundle and Params.
 * @example
 * export const Board = defineContext<{ board_info: BoardInfo; cards: Card[] }, { board_id: number }>('board')
 */
export declare function defineContext<Bundle = Record<string, unknown>, P extends ParamsShape<P> = Params>(name: string): DefinedContext<Bundle, P>
