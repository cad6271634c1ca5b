// What every adapter's channel tests share: the `ws` WebSocket for Node
// kernels, quick reconnects, two kernels per test against the reference
// board server (the component's and another that plays the other users of
// a board), and reading what the server's socket side got.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'

// Node 20 has no global WebSocket. ws's Node entry by its path: the Svelte
// project resolves packages for the browser, where `ws` is a stub without one.
const require = createRequire(import.meta.url)
const { WebSocket } = require(join(dirname(require.resolve('ws/package.json')), 'index.js'))

/** Kernel options: the socket class, and reconnects quick enough that a drop heals within a test. */
export const LIVE = { channels: { WebSocket, backoffBase: 20, backoffCap: 100 } }

/**
 * A WebSocket class that counts the sockets made with it: a server
 * kernel's channels must make none.
 * @example
 * const counting = countingSocket()
 * createKernel({ server: true, channels: { WebSocket: counting.WebSocket } })
 * counting.made() // 0
 */
export function countingSocket() {
  let made = 0
  class CountingSocket extends WebSocket {
    constructor(url) {
      super(url)
      made++
    }
  }
  return { WebSocket: CountingSocket, made: () => made }
}

/**
 * Registers the hooks of the two kernels per test and returns the helpers.
 *
 * @example
 * const live = useLiveKernels(server, clientKernel, cleanup)
 * live.reader(1).send({ author: 'Bo', text: 'hi' })
 * live.subscribes(1) // 1
 *
 * @param {any} server the value useBoardServer() returned
 * @param {(server: any, options: object) => any} clientKernel the adapter's helper
 * @param {() => void} cleanup the Testing Library's (unmount what the test rendered)
 */
export function useLiveKernels(server, clientKernel, cleanup) {
  const live = {
    kernel: null,
    other: null,
    /** The frames of `kind` the server got, oldest first. */
    framesOf: (kind) => server.live.frames.filter(({ frame }) => frame?.kind === kind).map(({ frame }) => frame),
    /** How many subscribe frames for board `boardId` the server got. */
    subscribes: (boardId) => live.framesOf('subscribe').filter((f) => f.params?.board_id === boardId).length,
    /** A reader of board `boardId` on the other kernel (subscribed until the kernel goes). */
    reader(boardId) {
      const channel = live.other.channel('board_chat', { board_id: boardId })
      channel.subscribe(() => {})
      return { send: channel.send, state: () => channel.getState() }
    },
  }
  beforeEach(() => {
    live.kernel = clientKernel(server, LIVE)
    live.other = clientKernel(server, LIVE)
  })
  afterEach(() => {
    cleanup()
    live.kernel.dispose()
    live.other.dispose()
  })
  return live
}
