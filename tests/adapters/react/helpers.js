// Shared by the React adapter tests: the real wasm kernel, the board server.
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createKernel, init } from '../../../js/index.js'

// Under Vitest's jsdom environment Vite rewrites js/'s
// `new URL('./generated/…', import.meta.url)` into an http://localhost URL,
// so hand init() the bytes; later init() calls (MizanContext's) reuse them.
const WASM = join(dirname(fileURLToPath(import.meta.url)), '../../../js/generated/mizan_kernel.wasm')
export const loadWasm = async () => init({ wasm: await readFile(WASM) })

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
