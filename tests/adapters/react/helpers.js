// Shared by the React adapter tests: kernels against the reference board
// server (the suite setup is ../board_server.js).
import { createKernel } from '../../../js/index.js'

/** A browser kernel against the board server; gcTime 0 so unused entries leave at once. */
export function clientKernel(server, options = {}) {
  return createKernel({
    baseUrl: server.baseUrl,
    fetch: (url, init) => fetch(url, init),
    csrf: false,
    session: false,
    server: false,
    gcTime: 0,
    ...options,
  })
}

/** The context GETs the server saw, as 'board 1', 'session', … */
export const contextGets = (server) =>
  server.requests.filter((r) => r.path.startsWith('/ctx/')).map((r) => [r.path.slice(5, -1), r.params.board_id].filter(Boolean).join(' '))

export const calls = (server) => server.requests.filter((r) => r.path === '/call/').map((r) => r.fn)
