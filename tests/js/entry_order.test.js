// The capability entries wrap each kernel's transport in the order they
// were imported, except the socket, which goes under them all: here the
// devtools entry is imported before the channels entry, and still sees the
// calls that go over the socket.
import { createRequire } from 'node:module'
import { afterAll, beforeAll, expect, test } from 'vitest'
import '../../js/devtools.js'
import '../../js/channels.js'
import { createKernel, init } from '../../js/index.js'
import { startBoardServer } from '../../examples/server/board_api.js'

const { WebSocket } = createRequire(import.meta.url)('ws')
let server
beforeAll(async () => {
  await init()
  server = await startBoardServer({ csrf: false })
  server.live.socketFunctions.add('add_card') // the schema marks only echo
})
afterAll(() => server?.close())

test('an observer imported before the channels entry sees calls over the socket', async () => {
  const kernel = createKernel({ baseUrl: server.baseUrl, csrf: false, session: false, socketFunctions: ['add_card'], channels: { WebSocket } })
  try {
    await kernel.call('add_card', { board_id: 1, title: 'Over the socket' })
    expect(server.live.frames.map(({ frame }) => frame.kind)).toContain('rpc')
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(kernel.inspect().timeline).toContainEqual(expect.objectContaining({ kind: 'merge', source: 'call', fn: 'add_card' }))
  } finally {
    kernel.dispose()
  }
})
