/**
 * mizan-kernel/vue — the kernel's contexts as Vue refs.
 *
 * @example
 * import { createMizan, useMizanContext, useMutation } from 'mizan-kernel/vue'
 * createApp(App).use(createMizan({ baseUrl: '/api/mizan' })).mount('#app')
 */
import type { InjectionKey, MaybeRefOrGetter, Plugin, ShallowRef } from 'vue'
import type { AnyParams, ContextState, DehydratedState, Kernel, KernelOptions, MizanError, Params, ParamsOf, ParamsShape } from '../../js/index.js'

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

/**
 * A context's state as a readonly shallowRef; re-registers when `params` change by value.
 * @example
 * const board = useMizanContext<{ board_info: { name: string } }>('board', () => ({ board_id: props.id }))
 */
export declare function useMizanContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
  name: string,
  params?: MaybeRefOrGetter<(P & ParamsOf<P>) | undefined>,
): Readonly<ShallowRef<ContextState<Bundle>>>

/** What useMutation returns. */
export interface Mutation<Args extends ParamsShape<Args> | undefined, Result> {
  /** Resolves with the result; rejects with the MizanError (also put in `error`). */
  mutate(...args: undefined extends Args ? [args?: Args] : [args: Args]): Promise<Result>
  /** Back to the idle state; a mutate() still running no longer writes the refs. */
  reset(): void
  readonly isPending: Readonly<ShallowRef<boolean>>
  readonly error: Readonly<ShallowRef<MizanError | null>>
  readonly data: Readonly<ShallowRef<Result | undefined>>
}

/**
 * A server function as a mutation with refs for its progress.
 * @example
 * const { mutate, isPending, error } = useMutation<{ board_id: number; title: string }, Card>('add_card')
 */
export declare function useMutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown>(
  fn: string,
): Mutation<Args, Result>
