/**
 * mizan-kernel/vue — the kernel's contexts as Vue refs.
 *
 * @example
 * import { createMizan, useMizanContext, useMutation } from 'mizan-kernel/vue'
 * createApp(App).use(createMizan({ baseUrl: '/api/mizan' })).mount('#app')
 */
import type { InjectionKey, MaybeRefOrGetter, Plugin, Ref, ShallowRef } from 'vue'
import type {
  AnyParams,
  ContextState,
  DehydratedState,
  Kernel,
  KernelOptions,
  MutateParameters,
  MutationOptions,
  MutationState,
  Params,
  ParamsOf,
  ParamsShape,
} from '../../js/index.js'
import type { ContextHookOptions, SkipToken } from '../../js/index.js'

export { skipToken } from '../../js/index.js'
export type { SkipToken } from '../../js/index.js'

/** What the plugin provides under MIZAN_KEY. */
export interface MizanProvided {
  /** The kernel; null until the wasm has loaded. */
  readonly kernel: Readonly<ShallowRef<Kernel | null>>
  /** Resolves with the kernel once it exists; rejects if the wasm failed to load. */
  readonly ready: Promise<Kernel>
  /** True when composables render on a server (prefetch instead of subscribing). */
  readonly server: boolean
}

/**
 * The injection key of the plugin's value.
 * @example
 * const { ready } = inject(MIZAN_KEY)!
 */
export declare const MIZAN_KEY: InjectionKey<MizanProvided>

/** Kernel options for a kernel the plugin makes, or a ready `kernel` (tests, SSR). */
export interface MizanPluginOptions extends KernelOptions {
  kernel?: Kernel
  /** The server's state for the kernel the plugin makes (prefetchState() or dehydrate()); default: the page's. */
  state?: DehydratedState
}

/**
 * The plugin: one kernel for the app; a kernel it makes in a browser hydrates from the page.
 * @example
 * createApp(App).use(createMizan({ baseUrl: '/api/mizan' })).mount('#app')
 */
export declare function createMizan(options?: MizanPluginOptions): Plugin

/**
 * The kernel (a ref, null until loaded) and a `call` that waits for it.
 * Throws MizanError NO_PROVIDER outside the plugin.
 * @example
 * const { call } = useMizan()
 * await call('rename_board', { board_id: 1, name: 'Q3' })
 */
export declare function useMizan(): {
  kernel: Readonly<ShallowRef<Kernel | null>>
  call<Result = unknown, A extends object = AnyParams>(fn: string, args?: A & ParamsOf<A>): Promise<Result>
}

/** useMizanContext's options: the hooks' (ContextHookOptions), with `enabled` as a value, ref or getter. */
export interface VueContextOptions extends Omit<ContextHookOptions, 'enabled'> {
  enabled?: MaybeRefOrGetter<boolean>
}

/** What useMizanContext returns: the state as a readonly shallowRef, and a wait for its data. */
export type ContextRef<Bundle = Record<string, unknown>> = Readonly<ShallowRef<ContextState<Bundle>>> & {
  /**
   * For an async setup under <Suspense>: resolves with the state once it has
   * data (or is disabled), rejects with the MizanError of a failed load. On
   * a server render it waits for the prefetch.
   */
  suspense(): Promise<ContextState<Bundle>>
}

/**
 * A context's state as a readonly shallowRef; re-registers when `params` change by value.
 * `skipToken` as params (a getter may give it), or `enabled` false: nothing mounted, status 'idle'.
 * @example
 * const board = useMizanContext<{ board_info: { name: string } }>('board', () => ({ board_id: props.id }), { keepPreviousData: true })
 */
export declare function useMizanContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
  name: string,
  params?: MaybeRefOrGetter<(P & ParamsOf<P>) | SkipToken | undefined>,
  options?: VueContextOptions,
): ContextRef<Bundle>

/** What useMutation returns: each state member (TanStack Query's names) as a readonly ref, and the calls. */
export type Mutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown, Context = unknown> = {
  readonly [K in keyof MutationState<Result, Args>]: Readonly<Ref<MutationState<Result, Args>[K]>>
} & {
  /** Calls the function; never throws nor rejects: a failure is in `error`. Before the wasm has loaded it waits for the kernel. */
  mutate(...args: MutateParameters<Args, Result, Context>): void
  /** Calls the function; resolves with its result, rejects with the MizanError (also in `error`). */
  mutateAsync(...args: MutateParameters<Args, Result, Context>): Promise<Result>
  /** Back to idle; a call still running no longer writes the refs. */
  reset(): void
}

/**
 * A server function as TanStack Query's useMutation, with refs for its state.
 * @example
 * const { mutate, isPending, error } = useMutation<{ board_id: number; title: string }, Card>('add_card')
 */
export declare function useMutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown, Context = unknown>(
  fn: string,
  options?: MutationOptions<Args, Result, Context>,
): Mutation<Args, Result, Context>

/**
 * How many context fetches are in flight (of one context with `{ context }`), as a readonly ref; 0 on a server.
 * @example
 * const fetching = useIsFetching()
 */
export declare function useIsFetching(filter?: { context?: string }): Readonly<Ref<number>>

/**
 * How many server-function calls are in flight (of one function with `{ fn }`), as a readonly ref.
 * @example
 * const saving = useIsMutating({ fn: 'add_card' })
 */
export declare function useIsMutating(filter?: { fn?: string }): Readonly<Ref<number>>
