/**
 * mizan-kernel/svelte — Svelte stores over a mizan-kernel kernel.
 *
 * @example
 * <script>
 *   import { mizanContext, mutation } from 'mizan-kernel/svelte'
 *   let { kernel, boardId } = $props()
 *   const board = $derived(mizanContext(kernel, 'board', { board_id: boardId }))
 *   const addCard = $derived(mutation(kernel, 'add_card'))
 * </script>
 * {#if $board.status === 'success'}{$board.data.board_info.name}{/if}
 */
import type {
  AnyParams,
  ContextState,
  Kernel,
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

/** The Svelte store contract (assignable to svelte/store's `Readable<T>`). */
export interface Readable<T> {
  /** Calls `run` at once with the current value and again on each change; returns the unsubscribe function. */
  subscribe(this: void, run: (value: T) => void, invalidate?: () => void): () => void
}

/**
 * A store of a context's state: its first subscriber mounts the context, the
 * last one leaving unmounts it (a microtask later). `skipToken` as params, or
 * `enabled: false`: nothing mounted, status 'idle'. With `keepPreviousData`,
 * a store made in `$derived` for new params shows the data of the one it replaced.
 * @example
 * const board = mizanContext<{ board_info: { name: string } }>(kernel, 'board', { board_id: 1 }, { keepPreviousData: true })
 * // in markup: {$board.data?.board_info.name}
 */
export declare function mizanContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
  kernel: Kernel,
  name: string,
  params?: (P & ParamsOf<P>) | SkipToken,
  options?: ContextHookOptions,
): Readable<ContextState<Bundle>>

/** A mutation store's value: the call state with TanStack Query's names. */
export type { MutationState }

/** A store of a server function's call state, with the call itself. */
export interface MutationStore<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown, Context = unknown> extends Readable<
  MutationState<Result, Args>
> {
  /** Calls the function; never throws nor rejects: a failure is in the store's `error`. */
  mutate(this: void, ...args: MutateParameters<Args, Result, Context>): void
  /** Calls the function; resolves with its result, rejects with the MizanError (also put in the store). */
  mutateAsync(this: void, ...args: MutateParameters<Args, Result, Context>): Promise<Result>
  /** Back to idle; a call in flight no longer updates the store. */
  reset(this: void): void
}

/**
 * A store of `fn`'s call state (TanStack Query's useMutation), plus `mutate`, `mutateAsync` and `reset`.
 * @example
 * const addCard = mutation<{ board_id: number; title: string }, { id: number }>(kernel, 'add_card')
 * const card = await addCard.mutateAsync({ board_id: 1, title: 'New' })
 */
export declare function mutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown, Context = unknown>(
  kernel: Kernel,
  fn: string,
  options?: MutationOptions<Args, Result, Context>,
): MutationStore<Args, Result, Context>

/**
 * A store of how many context fetches are in flight (of one context with `{ context }`).
 * @example
 * const fetching = isFetching(kernel) // {#if $fetching > 0}…{/if}
 */
export declare function isFetching(kernel: Kernel, filter?: { context?: string }): Readable<number>

/**
 * A store of how many server-function calls are in flight (of one function with `{ fn }`).
 * @example
 * const saving = isMutating(kernel, { fn: 'add_card' })
 */
export declare function isMutating(kernel: Kernel, filter?: { fn?: string }): Readable<number>
