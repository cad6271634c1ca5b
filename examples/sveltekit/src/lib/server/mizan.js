// Server-only (src/lib/server/): where this server reaches Mizan, and the
// server loads' prefetch. MIZAN_API is read at run time, so one build runs
// against any Mizan server.
import { env } from '$env/dynamic/private'
import { prefetchState } from 'mizan-kernel/server'

/** The Mizan server's origin, e.g. http://127.0.0.1:8000 (its API is under /api/mizan/). */
export const mizanApi = () => (env.MIZAN_API ?? 'http://127.0.0.1:8000').replace(/\/+$/, '')

/**
 * Loads `contexts` for the user of this request (their cookies go along)
 * with a kernel made for it alone, and returns the state for the page's
 * kernel to hydrate. A context that fails is left out: the browser loads it.
 *
 * @param {import('@sveltejs/kit').RequestEvent} event
 * @param {readonly import('mizan-kernel/server').ContextTarget[]} contexts [name, params?] pairs
 */
export function prefetch(event, contexts) {
  /** @type {Record<string, string>} */
  const headers = {}
  const cookie = event.request.headers.get('cookie')
  if (cookie) headers.cookie = cookie // the session (and CSRF) cookies: Mizan answers as this user
  return prefetchState(contexts, { baseUrl: `${mizanApi()}/api/mizan`, getHeaders: () => headers })
}
