// mizan-kernel/server: what a framework's server code (a Next.js Server
// Component, a SvelteKit load function, a Nuxt server route) needs to
// render with data: one short-lived server kernel per request, the
// contexts the page shows loaded through it, and its state handed back as
// plain JSON for the page's client kernel to hydrate.
import { createKernel } from './kernel.js'
import { MizanError } from './errors.js'
import { init } from './wasm.js'

/**
 * Loads contexts with a kernel made for this request alone and returns
 * their dehydrated state (JSON-safe: a prop, a load function's return, an
 * embedded script). The kernel is disposed before it returns, so nothing of
 * one user's request is kept for the next. A context that fails to load is
 * left out of the state; the client then fetches it itself.
 *
 * `options` are createKernel's (`baseUrl` must be absolute on a server;
 * pass the user's cookies or token with `getHeaders`).
 *
 * @example
 * import { prefetchState } from 'mizan-kernel/server'
 * const state = await prefetchState([['session'], ['board', { board_id: 1 }]], {
 *   baseUrl: 'http://127.0.0.1:8000/api/mizan',
 *   getHeaders: () => ({ cookie: request.headers.get('cookie') ?? '' }),
 * })
 * // <MizanContext baseUrl="/api/mizan" state={state}> on the client
 *
 * @param {Array<[string, Record<string, unknown>?]>} contexts [name, params?] pairs
 * @param {import('./index.js').KernelOptions} [options]
 * @returns {Promise<import('./index.js').DehydratedState>}
 */
export async function prefetchState(contexts, options = {}) {
  if (!Array.isArray(contexts)) {
    throw new MizanError('INVALID_ARGUMENT', 'prefetchState(contexts, options): contexts must be an array of [name, params?] pairs')
  }
  await init()
  const kernel = createKernel({ ...options, server: true })
  try {
    await Promise.all(
      contexts.map((pair, i) => {
        if (!Array.isArray(pair)) {
          throw new MizanError('INVALID_ARGUMENT', `prefetchState: contexts[${i}] must be a [name, params?] pair`)
        }
        return kernel.prefetch(pair[0], pair[1])
      }),
    )
    return kernel.dehydrate()
  } finally {
    kernel.dispose()
  }
}
