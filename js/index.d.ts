/**
 * mizan-kernel — the runtime kernel for Mizan server functions.
 *
 * @example
 * import { init, deriveCacheKey, parseInvalidateHeader } from 'mizan-kernel'
 * await init()
 * deriveCacheKey('test-secret', 'user', { user_id: 42 })
 * parseInvalidateHeader('user;user_id=5, notifications')
 */

/** A JSON value as params may hold it (stableKey). */
export type JsonValue = string | number | boolean | null | undefined | JsonValue[] | { [key: string]: JsonValue }

/** A scalar param value: what cache keys and invalidation targets take. */
export type ParamValue = string | number | boolean | null | undefined

/** A context's params (PROTOCOL.md §5), written as a literal type. */
export type Params = { [key: string]: JsonValue }

/** T as JSON carries it: functions, bigints, symbols and objects with methods (Date, Map) become never. */
export type JsonSafe<T> = T extends JsonValue
  ? T
  : T extends (...args: never[]) => unknown
    ? never
    : T extends readonly unknown[]
      ? { [I in keyof T]: JsonSafe<T[I]> }
      : T extends object
        ? { [K in keyof T]: JsonSafe<T[K]> }
        : never

/**
 * The one rule for params and arguments: an object — an interface too,
 * which has no index signature — whose values JSON can carry. A parameter
 * typed `P & ParamsOf<P>` checks the type inferred for it.
 */
export type ParamsOf<P> = P extends (...args: never[]) => unknown
  ? never
  : P extends readonly unknown[]
    ? never
    : P extends unknown
      ? string extends keyof P
        ? P
        : ParamsShape<P>
      : never

/** The same rule for a type argument's constraint (`Args extends ParamsShape<Args>`), which may not be conditional. */
export type ParamsShape<P> = { [K in keyof P]: JsonSafe<P[K]> }

/**
 * What params may be when their type is not inferred (because another type
 * argument was given, as in `call<Card>(fn, args)`): a literal checked as
 * Params, or an interface that is not a Date, Map, Set, array, promise or
 * function.
 */
export type AnyParams = Params | (object & { toJSON?: never; then?: never; call?: never; [Symbol.iterator]?: never })

/** Flat params: cache keys, invalidation targets, merge scopes. */
export type FlatParams = { [key: string]: ParamValue }

/** The stable codes a MizanError carries; servers may add their own. */
export type MizanErrorCode =
  | 'NOT_INITIALIZED'
  | 'INIT_FAILED'
  | 'NOT_IN_BUILD'
  | 'NETWORK_ERROR'
  | 'DISPOSED'
  | 'UNREGISTERED'
  | 'NO_PROVIDER'
  | 'IDENTITY_CHANGED'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'INVALID_ARGUMENT'
  | 'INVALID_PARAMS'
  | 'INVALID_JSON'
  | 'INVALID_UTF8'
  | 'NESTING_TOO_DEEP'
  | 'INVALID_RESPONSE'
  | 'NOT_OPEN'
  | 'CHANNEL_CLOSED'
  | 'TIMEOUT'
  | `HTTP_${number}`
  | (string & {})

/**
 * The one error class of mizan-kernel.
 *
 * @example
 * try { await doSomething() } catch (e) { if (e instanceof MizanError) console.log(e.code, e.status) }
 */
export declare class MizanError extends Error {
  constructor(code: string, message: string, extra?: { status?: number; details?: unknown })
  readonly name: 'MizanError'
  /** Stable code: see the README's error table. */
  readonly code: MizanErrorCode
  /** The HTTP status of a server error; 0 for errors raised on the client. */
  readonly status: number
  /** Whatever the server attached (e.g. field errors); null otherwise. */
  readonly details: unknown
}

export interface InitOptions {
  /** Where the .wasm comes from; defaults to the file shipped beside this package. */
  wasm?: URL | string | BufferSource | WebAssembly.Module | Response
}

/**
 * Loads the wasm kernel once; every call returns the same promise.
 * @example
 * await init()
 */
export declare function init(options?: InitOptions): Promise<void>

/**
 * Canonical compact JSON of params: keys sorted by UTF-8 byte order at every depth.
 * @example
 * stableKey({ b: 1, a: 2 }) // '{"a":2,"b":1}'
 */
export declare function stableKey<P extends object = AnyParams>(params: (P & ParamsOf<P>) | undefined): string

/**
 * `ctx:{context}:{hex}`: HMAC-SHA256 cache key, byte-compatible with Mizan's Python server.
 * For servers and edge workers only: a browser never holds the secret, and an empty one is refused.
 * @example
 * deriveCacheKey('test-secret', 'user', { user_id: 42 }, '42', 3)
 */
export declare function deriveCacheKey(
  secret: string,
  context: string,
  params?: FlatParams,
  userId?: string | null,
  rev?: number,
  /** An empty secret is refused (INVALID_ARGUMENT) unless a test allows it. */
  options?: { allowEmptySecret?: boolean },
): string

/** A context-level invalidation target: broad (a name) or scoped by params. */
export type InvalidateTarget = string | { context: string; params?: FlatParams }

/** A target as a call body may carry it: a context target, or a function-level one. */
export type BodyInvalidateTarget = InvalidateTarget | { function: string; params?: FlatParams }

/** A malformed header item, reported rather than dropped silently. */
export interface InvalidateHeaderError {
  /** Position among the comma-separated items. */
  index: number
  /** The item as received, trimmed. */
  item: string
  message: string
  /** The item's context name when that part was readable, else null. */
  context: string | null
}

/** Parsed header targets (param values are strings), with the malformed items beside them. */
export type InvalidateHeaderTargets = Array<string | { context: string; params: Record<string, string> }> & {
  readonly errors: InvalidateHeaderError[]
}

/**
 * Parses `X-Mizan-Invalidate`. Malformed items are listed in `.errors`; the others still apply.
 * For servers and tools: the browser build leaves it out (NOT_IN_BUILD), as the kernel reads the header itself.
 * @example
 * parseInvalidateHeader('user;user_id=5, notifications')
 * // [{ context: 'user', params: { user_id: '5' } }, 'notifications']
 */
export declare function parseInvalidateHeader(header: string | null | undefined): InvalidateHeaderTargets

/**
 * Formats targets as an `X-Mizan-Invalidate` value (percent-encoded like Python's `quote`).
 * For servers only: the browser build leaves it out (NOT_IN_BUILD).
 * @example
 * formatInvalidateHeader([{ context: 'user', params: { user_id: 5 } }]) // 'user;user_id=5'
 */
export declare function formatInvalidateHeader(targets: InvalidateTarget[]): string

/** A merge entry: splice `value` into slot `slot` of the matching bundles of `context`. */
export interface MergeEntry {
  context: string
  slot: string
  value: unknown
  params?: Record<string, unknown>
}

/** A successful call response, read from the envelope. */
export interface CallResponse<Result = unknown> {
  result: Result
  invalidate: BodyInvalidateTarget[]
  merge: MergeEntry[]
  /** Ill-formed invalidate/merge items that were skipped, described. */
  problems: string[]
}

/**
 * Reads a call response; throws MizanError {status, code, message, details} for an error.
 * For servers and tools: the browser build leaves it out (NOT_IN_BUILD), as the kernel reads call responses itself.
 * @example
 * parseCallResponse(200, '{"result": 1}').result // 1
 */
export declare function parseCallResponse<Result = unknown>(status: number, body: string | Uint8Array): CallResponse<Result>

/** The state of one mounted context: the same object until the entry changes. */
export interface ContextState<Bundle = Record<string, unknown>> {
  /** The bundle (slot name -> value); an untouched slot keeps its object across changes. */
  readonly data: Bundle | undefined
  readonly status: 'idle' | 'loading' | 'success' | 'error'
  readonly error: MizanError | null
  /** True while a fetch is in flight; a refetch keeps `data` and `status: 'success'`. */
  readonly isFetching: boolean
  /** ms since the epoch (by `options.now`) of the last successful fetch; 0 before. */
  readonly updatedAt: number
  /**
   * True while a hook with `keepPreviousData` shows the data of its previous
   * params (status 'success') because the current ones have none yet; absent otherwise.
   */
  readonly isPlaceholder?: true
}

/**
 * Params that are not known yet (TanStack Query's skipToken): a context hook
 * given it registers nothing, fetches nothing and shows `status: 'idle'`.
 * @example
 * useMizanContext('team', user.data ? { team_id: user.data.team_id } : skipToken)
 */
export declare const skipToken: unique symbol
export type SkipToken = typeof skipToken

/**
 * The options of the context hooks (useMizanContext, a defineContext
 * Provider, mizanContext); any other is refused (INVALID_ARGUMENT).
 */
export interface ContextHookOptions extends ContextOptions {
  /** false: register nothing, fetch nothing, show `status: 'idle'` (as `skipToken`). Default true. */
  enabled?: boolean
  /**
   * While new params have no data yet, show the previous params' data with
   * `isPlaceholder: true` (SWR's keepPreviousData; TanStack v5's
   * `placeholderData: keepPreviousData`). Default false.
   */
  keepPreviousData?: boolean
}

/** One registration of a context (one mount). */
export interface ContextHandle<Bundle = Record<string, unknown>> {
  getState(): ContextState<Bundle>
  /** Called once per change batch of this entry; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** Fetches again; resolves with the state once that fetch settles. */
  refetch(): Promise<ContextState<Bundle>>
  /** Ends this registration; the entry stays cached for `gcTime` once nobody holds it. */
  unregister(): void
}

export interface KernelOptions {
  /** Default '/api/mizan'. */
  baseUrl?: string
  /** Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch
  /** Extra headers for every request, e.g. { 'X-Mizan-Token': token }; may be async. */
  getHeaders?: () => Record<string, string> | Promise<Record<string, string>>
  /** CSRF cookie and header names (Django defaults); false to send none. */
  csrf?: { cookieName?: string; headerName?: string } | false
  /** Bootstrap the CSRF cookie through GET {base}/session/ (Django); false for FastAPI. Default true. */
  session?: boolean
  /** Reads a cookie; default: document.cookie. */
  getCookie?: (name: string) => string | undefined
  /** The call body's function-name key (PROTOCOL.md §1). Default 'fn'. */
  callBodyKey?: string
  /** How long an unused entry stays cached, in ms; Infinity: until dispose(). Default 300000 (Infinity on a server kernel). */
  gcTime?: number
  /** Delays of the retries of a failed context GET, in ms. Default [200, 400]. */
  retryDelays?: number[]
  /** Identity field for merge upserts into list slots. Default 'id'. */
  idField?: string
  /** Identity fields per slot: { 'board.cards': 'uuid' } or { cards: 'uuid' }. */
  idFields?: Record<string, string>
  /** The clock (ms). Default Date.now. */
  now?: () => number
  /** Called with each skipped bad invalidate/merge item of a response. Default console.warn. */
  onProblem?: (problem: string) => void
  /**
   * Told once of every context fetch that ends in error (after its retries)
   * and every failed call (not those dispose() rejects): app-wide error
   * reporting, as TanStack's QueryCache/MutationCache onError.
   */
  onError?: (error: MizanError, source: ErrorSource) => void
  /**
   * A kernel for one server render: no timers (gcTime Infinity and no
   * retries unless the options say otherwise); dispose() it after the response.
   * Default: true where there is no `window`.
   */
  server?: boolean
  /**
   * Sign-in tokens: `mwt({ obtain, skew })` from 'mizan-kernel/tokens'
   * (its own entry point: apps without tokens load none of it).
   */
  token?: KernelToken
  /**
   * Who the user is (the token's `sub`; null: signed out), when the page
   * knows it. Default: unknown, and the first identity seen is adopted.
   */
  identity?: string | null
  /** Refetch mounted contexts when the page becomes visible again (browser kernels). Default true. */
  refetchOnWindowFocus?: boolean
  /** Refetch mounted contexts when the network comes back (`online`; browser kernels). Default true. */
  refetchOnReconnect?: boolean
  /** No focus or reconnect refetch of data younger than this (ms, by `updatedAt`). Default 5000. */
  focusThrottle?: number
}

/** One mount's refetch options (observe(), registerContext()); each overrides the kernel's. */
export interface ContextOptions {
  /** Refetch when the page becomes visible again. Default: the kernel's option. */
  refetchOnWindowFocus?: boolean
  /** Refetch when the network comes back. Default: the kernel's option. */
  refetchOnReconnect?: boolean
  /**
   * Poll every this many ms while the page is visible (false, or a number
   * that is not positive: never). One timer per context, at the smallest
   * interval of its mounts; a poll that came while the page was hidden is
   * made when it is visible again.
   */
  refetchInterval?: number | false
}

/** What mwt() (mizan-kernel/tokens) makes for the `token` option; its insides are the transport's business. */
export interface KernelToken {
  /** `call(fn)`: the kernel's call of `fn`, sent without a token; its result, or the server's MizanError. */
  bind(env: { call(fn: string): Promise<unknown>; now(): number }): {
    header(): Record<string, string> | Promise<Record<string, string>>
    refused(token: string): void
    reset(): void
  }
}

/** A lazy view of a context for UI bindings: mounts on its first subscriber, unmounts after its last. */
export interface ContextObserver<Bundle = Record<string, unknown>> {
  /** The entry's state; before any subscriber, what the store holds (or `loading`), without mounting. */
  getState(): ContextState<Bundle>
  /** The first subscriber mounts the context; a microtask after the last leaves, it is unmounted. */
  subscribe(listener: () => void): () => void
}

/** One loaded context in a dehydrated kernel. */
export interface DehydratedContext {
  context: string
  params?: Params
  /** The bundle: slot name -> value. */
  data: Record<string, unknown>
  /** When it was loaded (ms); a client entry holding newer data keeps it. Default 0. */
  updatedAt?: number
}

/** What kernel.dehydrate() returns and kernel.hydrate() takes; JSON-safe. */
export interface DehydratedState {
  mizan?: 1
  contexts: DehydratedContext[]
}

/**
 * JSON of `state` that is safe inside a `<script>` element (`<`, `>`, `&`,
 * U+2028/U+2029 escaped), parsing back to the same value.
 * @example
 * `<script type="application/json" id="__MIZAN_SSR_DATA__">${serializeForScript(kernel.dehydrate())}</script>`
 */
export declare function serializeForScript(state: unknown): string

/**
 * One optimistic change (call()'s `optimistic` option), shown as a layer
 * over the server's data of every entry held when the call starts whose
 * context and params match (as a merge matches, PROTOCOL.md §6), until the
 * call settles. Either `value`, spliced as a merge is (an object with an id
 * into a list upserts that element), or `update`, which gets the slot's
 * current value (a fresh copy) and returns the new one, and runs again
 * whenever what lies under it changes (a refetch, a merge, an earlier
 * layer that goes): it should be pure. A slot the entry lacks, or an entry
 * that is not held (or created after the call started), shows nothing.
 */
export type OptimisticTarget<T = any> = {
  context: string
  params?: AnyParams
  slot: string
} & ({ value: unknown; update?: never } | { update: (old: T) => T; value?: never })

/** call()'s options. */
export interface CallOptions {
  /**
   * Changes shown at once and taken off when the call settles (success,
   * error, purge, dispose). Needs `import 'mizan-kernel/optimistic'` before
   * the kernel loads (else NOT_IN_BUILD).
   */
  optimistic?: OptimisticTarget[]
}

/** What failed, for KernelOptions.onError: a context's fetch, or a call. */
export type ErrorSource = { context: string; params: Params } | { fn: string; args: Params | undefined }

/** A mutation's state, with TanStack Query's names: the same frozen object until it changes. */
export interface MutationState<Result = unknown, Args = Params | undefined> {
  readonly status: 'idle' | 'pending' | 'success' | 'error'
  readonly isIdle: boolean
  readonly isPending: boolean
  readonly isSuccess: boolean
  readonly isError: boolean
  /** The latest call's result; undefined until it succeeds, and again while a new call is pending (as TanStack). */
  readonly data: Result | undefined
  /** The latest call's failure; null unless `status` is 'error'. */
  readonly error: MizanError | null
  /** The latest call's arguments; undefined while idle. */
  readonly variables: Args | undefined
}

/** A mutation's callbacks (kernel.mutation(), useMutation()): run for every call; a promise they return is awaited before the state settles. */
export interface MutationOptions<Args = Params | undefined, Result = unknown, Context = unknown> {
  /** Before the call; what it returns (awaited) is the `context` of the others. */
  onMutate?: (args: Args) => Context | Promise<Context>
  onSuccess?: (data: Result, args: Args, context: Context | undefined) => unknown
  onError?: (error: MizanError, args: Args, context: Context | undefined) => unknown
  onSettled?: (data: Result | undefined, error: MizanError | null, args: Args, context: Context | undefined) => unknown
}

/**
 * One call's options: its callbacks, run after the mutation's, only for the
 * latest call and while the component that made it is mounted; and the
 * call's own (`optimistic`), handed to kernel.call.
 */
export interface MutateOptions<Args = Params | undefined, Result = unknown, Context = unknown> extends CallOptions {
  onSuccess?: (data: Result, args: Args, context: Context | undefined) => unknown
  onError?: (error: MizanError, args: Args, context: Context | undefined) => unknown
  onSettled?: (data: Result | undefined, error: MizanError | null, args: Args, context: Context | undefined) => unknown
}

/** mutate's parameters: the arguments (optional when the function takes none) and the call's options. */
export type MutateParameters<Args, Result, Context = unknown> = undefined extends Args
  ? [args?: Args, options?: MutateOptions<Args, Result, Context>]
  : [args: Args, options?: MutateOptions<Args, Result, Context>]

/** What kernel.mutation() returns: a store of the call state (methods work unbound) and the call. */
export interface MutationStore<Args = Params | undefined, Result = unknown, Context = unknown> {
  getState(this: void): MutationState<Result, Args>
  /** Called after each change of the state; returns the unsubscribe function. */
  subscribe(this: void, listener: () => void): () => void
  /** Calls the function; never throws nor rejects: a failure is in the state's `error`. */
  mutate(this: void, ...args: MutateParameters<Args, Result, Context>): void
  /** Calls the function; resolves with its result, rejects with the MizanError (also in the state). */
  mutateAsync(this: void, ...args: MutateParameters<Args, Result, Context>): Promise<Result>
  /** Back to idle; a call in flight no longer updates the state, nor runs its own callbacks. */
  reset(this: void): void
}

export interface Kernel {
  registerContext<Bundle = Record<string, unknown>, P extends object = AnyParams>(
    name: string,
    params?: P & ParamsOf<P>,
    options?: ContextOptions,
  ): ContextHandle<Bundle>
  /** A lazy view of a context, for UI bindings (useSyncExternalStore, Vue refs, Svelte stores). */
  observe<Bundle = Record<string, unknown>, P extends object = AnyParams>(
    name: string,
    params?: P & ParamsOf<P>,
    options?: ContextOptions,
  ): ContextObserver<Bundle>
  /** Loads a context and lets it go (it stays cached); resolves with its settled state. */
  prefetch<Bundle = Record<string, unknown>, P extends object = AnyParams>(name: string, params?: P & ParamsOf<P>): Promise<ContextState<Bundle>>
  /** The loaded contexts, JSON-safe, for a server-rendered page (full build only: else NOT_IN_BUILD). */
  dehydrate(): DehydratedState
  /**
   * Takes a server render's state before the first render; default: `window.__MIZAN_SSR_DATA__`
   * or the `#__MIZAN_SSR_DATA__` JSON block. Returns how many contexts took it.
   */
  hydrate(state?: DehydratedState | DehydratedContext[] | null): number
  /**
   * Who the user is now. A change from a known identity purges what was
   * loaded for the old one (in-flight answers dropped, pending calls reject
   * with IDENTITY_CHANGED, mounted contexts reload). A token whose `sub`
   * differs does the same. Returns whether anything was purged.
   */
  setIdentity(sub: string | null): boolean
  /** Sign-out: purges everything loaded and leaves the kernel signed out (identity null). */
  reset(): void
  /** True for a server-render kernel (see KernelOptions.server). */
  readonly isServer: boolean
  /** Calls a server function; resolves after its merges are applied and invalidations scheduled. */
  call<Result = unknown, A extends object = AnyParams>(fn: string, args?: A & ParamsOf<A>, options?: CallOptions): Promise<Result>
  /**
   * What readers of the context see now (the server's data with optimistic
   * layers), the same object as their state's `data`; undefined when the
   * kernel holds no data for it. Mounts nothing.
   */
  getData<Bundle = Record<string, unknown>, P extends object = AnyParams>(name: string, params?: P & ParamsOf<P>): Bundle | undefined
  /**
   * Writes slots as the server's data (under optimistic layers): each given
   * slot replaces its own, the others stay. A context not held is created
   * cached, loaded now, so that a later mount shows it without a fetch.
   */
  setData<Bundle = Record<string, unknown>, P extends object = AnyParams>(
    name: string,
    params: (P & ParamsOf<P>) | undefined,
    data: Partial<Bundle>,
  ): void
  /**
   * Server function `fn` as a store of its call state with `mutate`, as
   * TanStack Query's useMutation. `options` may be a function, read at each
   * call (the latest callbacks of a component).
   */
  mutation<Args extends ParamsShape<Args> | undefined = Params | undefined, Result = unknown, Context = unknown>(
    fn: string,
    options?: MutationOptions<Args, Result, Context> | (() => MutationOptions<Args, Result, Context> | undefined),
  ): MutationStore<Args, Result, Context>
  /** How many context fetches are in flight (a retry's wait included); of one context with `{ context }`. */
  isFetching(filter?: { context?: string }): number
  /** How many calls are in flight; of one function with `{ fn }`. */
  isMutating(filter?: { fn?: string }): number
  /**
   * Called whenever fetches or calls may have begun or ended (read isFetching()/isMutating());
   * returns the unsubscribe function. Works unbound (useSyncExternalStore(kernel.subscribeActivity, …)).
   */
  readonly subscribeActivity: (listener: () => void) => () => void
  /** Invalidates mounted contexts (PROTOCOL.md §4); one tick's targets refetch each match once. */
  invalidate(targets: BodyInvalidateTarget[]): void
  /** Aborts everything in flight and frees the kernel; later calls throw DISPOSED. */
  dispose(): void
  readonly stats: { entries: number; records: number; pendingRequests: number; pendingCalls: number }
}

/**
 * Creates a kernel: the store of mounted contexts plus its fetch transport.
 * @example
 * await init()
 * const kernel = createKernel({ baseUrl: '/api/mizan' })
 * const ctx = kernel.registerContext('user', { user_id: 5 })
 * ctx.subscribe(() => console.log(ctx.getState()))
 */
export declare function createKernel(options?: KernelOptions): Kernel
