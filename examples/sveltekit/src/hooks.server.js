// The browser's kernel calls /api/mizan/ on this app's own origin (no CORS,
// and Mizan's CSRF cookie is first-party); this hook forwards those
// requests to the Mizan server as they are: method, body, cookies, the
// X-CSRFToken header, and the path with its trailing slash (Mizan's URLs
// end in one). No route matches /api/mizan/, so SvelteKit's trailingSlash
// rule, which redirects a route's /call/ to /call, never applies (a
// +server.js catch-all instead would need `export const trailingSlash = 'ignore'`).
import { mizanApi } from '$lib/server/mizan.js'

// Hop-by-hop headers and those fetch() sets itself. fetch() also decodes a
// compressed body, so the response loses its encoding and length.
const REQUEST_DROP = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding']
const RESPONSE_DROP = ['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']

/** @type {import('@sveltejs/kit').Handle} */
export async function handle({ event, resolve }) {
  const { request, url } = event
  if (!url.pathname.startsWith('/api/mizan/')) return resolve(event)

  const headers = new Headers(request.headers)
  for (const name of REQUEST_DROP) headers.delete(name)
  headers.set('x-forwarded-host', url.host)
  headers.set('x-forwarded-proto', url.protocol.slice(0, -1))
  let upstream
  try {
    upstream = await fetch(`${mizanApi()}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
      redirect: 'manual',
    })
  } catch {
    return new Response('the Mizan server did not answer', { status: 502 })
  }
  // A new Headers: fetch's are immutable, and SvelteKit may add to them.
  // Each Set-Cookie (the CSRF cookie from /session/) stays its own header.
  const out = new Headers(upstream.headers)
  for (const name of RESPONSE_DROP) out.delete(name)
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out })
}
