/**
 * mizan-kernel/server — server rendering with data in any framework.
 *
 * @example
 * import { prefetchState } from 'mizan-kernel/server'
 * const state = await prefetchState([['board', { board_id: 1 }]], { baseUrl: 'http://127.0.0.1:8000/api/mizan' })
 */
import type { AnyParams, DehydratedState, KernelOptions } from './index.js'

/** A context to load: its name and, when it has any, its params. */
export type ContextTarget = readonly [name: string, params?: AnyParams]

/**
 * Loads `contexts` with a kernel made for this request alone (then
 * disposed) and returns their state for the client's `hydrate()` /
 * `<MizanContext state>`. Contexts that fail are left out (the client
 * fetches them). `baseUrl` must be absolute on a server.
 * @example
 * const state = await prefetchState([['session']], {
 *   baseUrl: process.env.MIZAN_API + '/api/mizan',
 *   getHeaders: () => ({ cookie: cookieHeader }),
 * })
 */
export declare function prefetchState(contexts: readonly ContextTarget[], options?: KernelOptions): Promise<DehydratedState>
