// Shared by the Svelte adapter tests: kernels against the reference board
// server (the suite setup is ../board_server.js).
import { createKernel } from '../../../js/index.js'

/** A browser-side kernel on the test server; no retries, so a scripted failure shows at once. */
export const clientKernel = (server, options = {}) =>
  createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: false, retryDelays: [], ...options })

/** The context GETs the server answered, e.g. contextGets(server, 'board', 1). */
export const contextGets = (server, name, boardId) =>
  server.requests.filter((r) => r.method === 'GET' && r.path === `/ctx/${name}/` && (boardId === undefined || r.params.board_id === String(boardId)))
    .length
