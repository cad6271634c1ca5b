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
import type { AnyParams, ContextState, Kernel, MizanError, Params, ParamsOf, ParamsShape } from '../../js/index.js'

/** The Svelte store contract (assignable to svelte/store's `Readable<T>`). */
export interface Readable<T> {
  /** Calls `run` at once with the current value and again on each change; returns the unsubscribe function. */
  subscribe(this: void, run: (value: T) => void, invalidate?: () => void): () => void
}

/**
 * A store of a context's state: its first subscriber mounts the context, the
 * last one leaving unmounts it (a microtask later).
 * @example
 * const board = mizanContext<{ board_info: { name: string } }>(kernel, 'board', { board_id: 1 })
 * // in markup: {$board.data?.board_info.name}
 */
export declare function mizanContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
  kernel: Kernel,
  name: string,
  params?: P & ParamsOf<P>,
): Readable<ContextState<Bundle>>

/** A mutation store's value. */
export interface MutationState<Result = unknown> {
  readonly isPending: boolean
  /** The last call's error; null while pending or after a success. */
  readonly error: MizanError | null
  /** The last call's result; undefined until it succeeds. */
  readonly data: Result | undefined
}

/** A store of a server function's call state, with the call itself. */
export interface MutationStore<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown> extends Readable<
  MutationState<Result>
> {
  /** Calls the function; resolves with its result, rejects with the MizanError (also put in the store). */
  mutate(this: void, ...args: undefined extends Args ? [args?: Args] : [args: Args]): Promise<Result>
  /** Back to `{ isPending: false, error: null, data: undefined }`; a call in flight no longer updates the store. */
  reset(this: void): void
}

/**
 * A store of `{ isPending, error, data }` for calls of `fn`, plus `mutate` and `reset`.
 * @example
 * const addCard = mutation<{ board_id: number; title: string }, { id: number }>(kernel, 'add_card')
 * const card = await addCard.mutate({ board_id: 1, title: 'New' })
 */
export declare function mutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown>(
  kernel: Kernel,
  fn: string,
): MutationStore<Args, Result>
