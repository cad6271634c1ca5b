// Shared by the Svelte adapter tests: the real wasm kernel against the
// reference board server.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { startBoardServer } from '../../../examples/server/board_api.js'
import { createKernel, init } from '../../../js/index.js'

// Vite rewrites js/'s `new URL('./generated/….wasm', import.meta.url)` into an
// http://localhost URL under jsdom, which Node cannot read: hand init() the bytes.
export const loadKernel = async () =>
  init({ wasm: await readFile(createRequire(import.meta.url).resolve('mizan-kernel/wasm/full')) })

export const startServer = () => startBoardServer({ csrf: false })

/** A browser-side kernel on the test server; no retries, so a scripted failure shows at once. */
export const clientKernel = (server, options = {}) =>
  createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: false, retryDelays: [], ...options })

/** The context GETs the server answered, e.g. contextGets(server, 'board', 1). */
export const contextGets = (server, name, boardId) =>
  server.requests.filter(
    (r) => r.method === 'GET' && r.path === `/ctx/${name}/` && (boardId === undefined || r.params.board_id === String(boardId)),
  ).length
