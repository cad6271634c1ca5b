// The suite setup the adapter test files (and kernel test files that need
// no server restart) share: the wasm loaded and one reference board server
// (examples/server/board_api.js, no CSRF) for the file, reset before each
// test, closed after the last; and, for the files that want it, a client
// kernel per test.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startBoardServer } from '../../examples/server/board_api.js'
import { init } from '../../js/index.js'

/**
 * Registers the hooks and returns the server. The server only exists once
 * beforeAll has run, so the value returned stands in for it: reading any
 * property reads the live server's.
 *
 * @param {{ loadWasm?: boolean }} [options] loadWasm: false for a file that tests loading itself
 * @returns {Awaited<ReturnType<typeof startBoardServer>>}
 */
export function useBoardServer({ loadWasm = true } = {}) {
  let server = null
  beforeAll(async () => {
    if (loadWasm) await init()
    server = await startBoardServer({ csrf: false })
  })
  beforeEach(() => server.reset())
  afterAll(() => server?.close())
  return /** @type {any} */ (
    new Proxy(
      {},
      {
        get: (_, key) => {
          if (!server) throw new Error(`the board server is not started yet (read of ${String(key)} outside a test)`)
          const value = server[key]
          return typeof value === 'function' ? value.bind(server) : value
        },
      },
    )
  )
}

/**
 * Registers the hooks of a kernel per test: made by `clientKernel(server)`
 * before each test; after it, `cleanup` (the Testing Library's: unmount what
 * the test rendered), then the kernel disposed.
 *
 * @param {any} server the value useBoardServer() returned
 * @param {(server: any) => { dispose(): void }} clientKernel the adapter's helper
 * @param {() => void} cleanup
 * @returns {() => any} the current test's kernel
 */
export function useClientKernel(server, clientKernel, cleanup) {
  let kernel = null
  beforeEach(() => {
    kernel = clientKernel(server)
  })
  afterEach(() => {
    cleanup()
    kernel.dispose()
  })
  return () => kernel
}
