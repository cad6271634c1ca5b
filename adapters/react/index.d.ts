/**
 * mizan-kernel/react — Mizan contexts and server functions as React hooks.
 *
 * @example
 * import { MizanContext, useMizanContext, useMutation } from 'mizan-kernel/react'
 * <MizanContext baseUrl="/api/mizan" fallback={<Spinner />}><App /></MizanContext>
 */
import type { ReactNode } from 'react'
import type {
  AnyParams,
  ContextState,
  DehydratedState,
  Kernel,
  KernelOptions,
  MizanError,
  MutateParameters,
  MutationOptions,
  MutationState,
  Params,
  ParamsOf,
  ParamsShape,
} from '../../js/index.js'
import type { ContextHookOptions, SkipToken } from '../../js/index.js'

export { skipToken } from '../../js/index.js'
export type { ContextHookOptions, SkipToken } from '../../js/index.js'

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
 * The state of a context, mounted while the component is; params compare by
 * value. `skipToken` as params, or `enabled: false`: nothing mounted, status 'idle'.
 * @example
 * const { status, data } = useMizanContext<BoardBundle>('board', { board_id: 1 })
 * const page = useMizanContext<BoardBundle>('board', { board_id: id }, { keepPreviousData: true })
 */
export declare function useMizanContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
  name: string,
  params?: (P & ParamsOf<P>) | SkipToken,
  options?: ContextHookOptions,
): ContextState<Bundle>

/** What useMutation returns: the state (TanStack Query's names) and the calls. */
export interface Mutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown, Context = unknown> extends MutationState<
  Result,
  Args
> {
  /** Calls the function; never throws nor rejects: a failure is in `error`. */
  mutate(...args: MutateParameters<Args, Result, Context>): void
  /** Calls the function; resolves with its result, rejects with the MizanError (also in `error`). */
  mutateAsync(...args: MutateParameters<Args, Result, Context>): Promise<Result>
  /** Back to idle; a call still in flight no longer updates the state. */
  reset(): void
}

/**
 * Server function `fn` as TanStack Query's useMutation; `options` are read at each call.
 * @example
 * const { mutate, isPending } = useMutation<{ board_id: number; title: string }, Card>('add_card', { onSuccess: (card) => select(card.id) })
 */
export declare function useMutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown, Context = unknown>(
  fn: string,
  options?: MutationOptions<Args, Result, Context>,
): Mutation<Args, Result, Context>

/**
 * A hook bound to server function `fn`, for generated code; it takes useMutation's options.
 * @example
 * export const useAddCard = defineMutation<AddCardArgs, Card>('add_card')
 */
export declare function defineMutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown>(
  fn: string,
): MutationHook<Args, Result>

/** A hook bound to one server function (defineMutation, generated code): useMutation without `fn`. */
export type MutationHook<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown> = <Context = unknown>(
  options?: MutationOptions<Args, Result, Context>,
) => Mutation<Args, Result, Context>

/**
 * How many context fetches are in flight (of one context with `{ context }`); 0 in a server render.
 * @example
 * const fetching = useIsFetching({ context: 'board' })
 */
export declare function useIsFetching(filter?: { context?: string }): number

/**
 * How many server-function calls are in flight (of one function with `{ fn }`); 0 in a server render.
 * @example
 * const saving = useIsMutating({ fn: 'add_card' })
 */
export declare function useIsMutating(filter?: { fn?: string }): number

/** The Provider's props: `params` may be left out when the context takes none; `options` as useMizanContext's. */
export type ProviderProps<P> = ({} extends P ? { params?: P } : { params: P }) & { options?: ContextHookOptions | undefined; children?: ReactNode }

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
