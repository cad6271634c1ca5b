// Shared by the React adapter tests: the real wasm kernel, the board server.
import { createKernel, init } from '../../../js/index.js'

export const loadWasm = () => init()

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
