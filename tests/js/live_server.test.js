// The reference server's live side (examples/server/live.js, PROTOCOL.md §9)
// driven by a plain `ws` client, no kernel: channel fan-out, refusals, RPC
// answers as the HTTP endpoint gives them, invalidations pushed to the other
// sockets, pings, garbage, the failure controls, a restart on the same port.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CHAT_HISTORY, SOCKET_FUNCTIONS, startBoardServer } from '../../examples/server/board_api.js'

const SCHEMA = JSON.parse(readFileSync(new URL('../../examples/server/board_schema.json', import.meta.url), 'utf8'))

let server
beforeAll(async () => {
  server = await startBoardServer({ csrf: false })
})
beforeEach(() => server.reset())
afterAll(() => server?.close())

const open = []
afterEach(async () => {
  for (const client of open.splice(0)) client.ws.terminate()
  await until(() => server.live.sockets() === 0)
})

// Polls `check` until it is true (the sockets are real: frames take a loop turn or two).
async function until(check, what = 'the condition') {
  const deadline = Date.now() + 2000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

// A client socket: the frames it got (parsed), how it closed, and helpers.
async function connect(url = server.wsUrl) {
  const ws = new WebSocket(url)
  const client = { ws, frames: [], closed: null }
  ws.on('message', (data) => client.frames.push(JSON.parse(data.toString())))
  ws.on('close', (code, reason) => (client.closed = { code, reason: reason.toString() }))
  ws.on('error', () => {})
  open.push(client)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  client.send = (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  client.of = (kind) => client.frames.filter((f) => f.kind === kind)
  // The next frame of `kind` (and `match`), waited for.
  client.next = async (kind, match = () => true) => {
    await until(() => client.of(kind).some(match), `a ${kind} frame`)
    return client.of(kind).find(match)
  }
  // Sends a ping and waits for its pong: every frame sent before it has been handled.
  client.settle = async () => {
    const pongs = client.of('pong').length
    client.send({ kind: 'ping' })
    await until(() => client.of('pong').length > pongs, 'a pong')
  }
  return client
}

const post = async (fn, args) =>
  (
    await fetch(`${server.baseUrl}/call/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fn, args }) })
  ).json()

describe('the channel board_chat', () => {
  it('fans a send out to every subscriber of the board, the sender too, each under its own id; not to another board', async () => {
    const ann = await connect()
    const bob = await connect()
    const other = await connect()
    ann.send({ kind: 'subscribe', id: 'a1', channel: 'board_chat', params: { board_id: 1 } })
    bob.send({ kind: 'subscribe', id: 7, channel: 'board_chat', params: { board_id: 1 } })
    other.send({ kind: 'subscribe', id: 'o', channel: 'board_chat', params: { board_id: 2 } })
    await Promise.all([ann.settle(), bob.settle(), other.settle()])

    const before = Date.now()
    ann.send({ kind: 'send', subscription: 'a1', payload: { author: 'Ann', text: 'hello board 1' } })
    const mine = await ann.next('event')
    const theirs = await bob.next('event')
    expect(mine).toEqual({ kind: 'event', subscription: 'a1', payload: { author: 'Ann', text: 'hello board 1', at: expect.any(Number) } })
    expect(theirs).toEqual({ ...mine, subscription: 7 })
    expect(mine.payload.at).toBeGreaterThanOrEqual(before)
    await other.settle()
    expect(other.of('event')).toEqual([])
  })

  it('sends events that fit the schema x-mizan-channels declares, and keeps the last messages of each board', async () => {
    const channel = SCHEMA['x-mizan-channels'].board_chat
    expect(channel.params).toMatchObject({ properties: { board_id: { type: 'integer' } }, required: ['board_id'] })
    const ann = await connect()
    ann.send({ kind: 'subscribe', id: 1, channel: 'board_chat', params: { board_id: 1 } })
    for (let i = 0; i < CHAT_HISTORY + 5; i++) ann.send({ kind: 'send', subscription: 1, payload: { author: 'Ann', text: `m${i}` } })
    await until(() => ann.of('event').length === CHAT_HISTORY + 5, 'every event')
    const { payload } = ann.of('event')[0]
    expect(Object.keys(payload).sort()).toEqual([...channel.message.required].sort())
    for (const [key, value] of Object.entries(payload))
      expect(typeof value).toBe(channel.message.properties[key].type === 'string' ? 'string' : 'number')
    const history = server.api.db.chat.get(1)
    expect(history).toHaveLength(CHAT_HISTORY)
    expect(history.at(-1).text).toBe(`m${CHAT_HISTORY + 4}`)
    expect(history[0].text).toBe('m5')
    server.reset()
    expect(server.api.db.chat.size).toBe(0)
  })

  it('drops a send whose text is empty, too long or not a string, or whose subscription is not the client\u2019s', async () => {
    const ann = await connect()
    const bob = await connect()
    ann.send({ kind: 'subscribe', id: 1, channel: 'board_chat', params: { board_id: 1 } })
    bob.send({ kind: 'subscribe', id: 2, channel: 'board_chat', params: { board_id: 1 } })
    await Promise.all([ann.settle(), bob.settle()])
    for (const payload of [
      { author: 'Ann', text: '' },
      { author: 'Ann', text: '  ' },
      { author: 'Ann', text: 'x'.repeat(501) },
      { author: 'Ann', text: 5 },
      { text: 'no author' },
      null,
    ]) {
      ann.send({ kind: 'send', subscription: 1, payload })
    }
    ann.send({ kind: 'send', subscription: 2, payload: { author: 'Ann', text: 'through bob\u2019s id' } })
    ann.send({ kind: 'send', subscription: 1, payload: { author: 'Ann', text: 'x'.repeat(500) } })
    const last = await bob.next('event')
    expect(last.payload.text).toHaveLength(500)
    await ann.settle()
    expect(ann.of('event')).toHaveLength(1)
    expect(bob.of('event')).toHaveLength(1)
  })

  it('refuses a board that does not exist, an unknown channel and a refused channel with a close frame', async () => {
    const ann = await connect()
    ann.send({ kind: 'subscribe', id: 1, channel: 'board_chat', params: { board_id: 99 } })
    expect(await ann.next('close')).toEqual({ kind: 'close', subscription: 1, reason: 'no such board' })
    ann.send({ kind: 'subscribe', id: 2, channel: 'nope', params: {} })
    expect(await ann.next('close', (f) => f.subscription === 2)).toEqual({ kind: 'close', subscription: 2, reason: 'no such channel' })

    ann.send({ kind: 'subscribe', id: 3, channel: 'board_chat', params: { board_id: 1 } })
    await ann.settle()
    server.live.refuse('board_chat')
    ann.send({ kind: 'subscribe', id: 4, channel: 'board_chat', params: { board_id: 1 } })
    expect(await ann.next('close', (f) => f.subscription === 4)).toEqual({ kind: 'close', subscription: 4, reason: 'refused' })
    // The subscription made before the refusal lives on; reset() lifts the refusal.
    ann.send({ kind: 'send', subscription: 3, payload: { author: 'Ann', text: 'still here' } })
    expect((await ann.next('event')).subscription).toBe(3)
    server.reset()
    ann.send({ kind: 'subscribe', id: 5, channel: 'board_chat', params: { board_id: 1 } })
    await ann.settle()
    expect(ann.of('close').map((f) => f.subscription)).toEqual([1, 2, 4])
  })

  it('ends the current subscriptions of a channel with live.end()', async () => {
    const ann = await connect()
    ann.send({ kind: 'subscribe', id: 1, channel: 'board_chat', params: { board_id: 1 } })
    await ann.settle()
    server.live.end('board_chat', 'board archived')
    expect(await ann.next('close')).toEqual({ kind: 'close', subscription: 1, reason: 'board archived' })
    ann.send({ kind: 'send', subscription: 1, payload: { author: 'Ann', text: 'gone' } })
    await ann.settle()
    expect(ann.of('event')).toEqual([])
  })

  it('stops the events of an unsubscribed id, and others still get them', async () => {
    const ann = await connect()
    const bob = await connect()
    ann.send({ kind: 'subscribe', id: 1, channel: 'board_chat', params: { board_id: 1 } })
    bob.send({ kind: 'subscribe', id: 1, channel: 'board_chat', params: { board_id: 1 } })
    await Promise.all([ann.settle(), bob.settle()])
    ann.send({ kind: 'unsubscribe', id: 1 })
    await ann.settle()
    bob.send({ kind: 'send', subscription: 1, payload: { author: 'Bob', text: 'anyone?' } })
    await bob.next('event')
    await ann.settle()
    expect(ann.of('event')).toEqual([])
    expect(ann.of('close')).toEqual([])
  })
})

describe('RPC over the socket', () => {
  it('answers as the HTTP endpoint does: data, merge and invalidate', async () => {
    for (const fn of ['add_card', 'rename_board']) server.live.socketFunctions.add(fn)
    const ann = await connect()
    ann.send({ kind: 'rpc', id: 'e', fn: 'echo', args: { text: 'hi' } })
    expect(await ann.next('rpc-response', (f) => f.id === 'e')).toEqual({ kind: 'rpc-response', id: 'e', ok: true, data: { text: 'hi' } })
    expect(await post('echo', { text: 'hi' })).toEqual({ result: { text: 'hi' } })

    ann.send({ kind: 'rpc', id: 1, fn: 'add_card', args: { board_id: 2, title: 'Over the socket' } })
    const added = await ann.next('rpc-response', (f) => f.id === 1)
    const card = { id: 4, board_id: 2, title: 'Over the socket' }
    expect(added).toEqual({
      kind: 'rpc-response',
      id: 1,
      ok: true,
      data: card,
      merge: [{ context: 'board', slot: 'cards', value: card, params: { board_id: 2 } }],
    })
    ann.send({ kind: 'rpc', id: 2, fn: 'rename_board', args: { board_id: 2, name: 'Renamed' } })
    expect(await ann.next('rpc-response', (f) => f.id === 2)).toEqual({
      kind: 'rpc-response',
      id: 2,
      ok: true,
      data: { id: 2, name: 'Renamed' },
      invalidate: [{ context: 'board', params: { board_id: 2 } }],
    })
    // The same data the HTTP API serves.
    const board = await (await fetch(`${server.baseUrl}/ctx/board/?board_id=2`)).json()
    expect(board.board_info.name).toBe('Renamed')
    expect(board.cards).toContainEqual(card)
  })

  it('answers a failure with the error envelope: validation, an unknown function, no function name', async () => {
    server.live.socketFunctions.add('add_card')
    const ann = await connect()
    ann.send({ kind: 'rpc', id: 1, fn: 'add_card', args: { board_id: 1, title: ' ' } })
    ann.send({ kind: 'rpc', id: 2, fn: 'nope', args: {} })
    ann.send({ kind: 'rpc', id: 3 })
    ann.send({ kind: 'rpc', id: 4, fn: 'echo', args: 'not an object' })
    expect(await ann.next('rpc-response', (f) => f.id === 1)).toEqual({
      kind: 'rpc-response',
      id: 1,
      ok: false,
      error: { code: 'VALIDATION_ERROR', message: 'title must not be empty', details: { title: ['title must not be empty'] } },
    })
    expect(await ann.next('rpc-response', (f) => f.id === 2)).toEqual({
      kind: 'rpc-response',
      id: 2,
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no socket function "nope"' },
    })
    expect((await ann.next('rpc-response', (f) => f.id === 3)).error.code).toBe('NOT_FOUND')
    expect((await ann.next('rpc-response', (f) => f.id === 4)).error.code).toBe('VALIDATION_ERROR')
    expect(server.api.db.cards).toHaveLength(3)
  })

  it('runs only the functions the schema marks websocket: true; the others over HTTP only', async () => {
    expect(SOCKET_FUNCTIONS).toEqual(['echo'])
    const ann = await connect()
    const bob = await connect()
    ann.send({ kind: 'rpc', id: 1, fn: 'add_card', args: { board_id: 1, title: 'Not over the socket' } })
    expect(await ann.next('rpc-response', (f) => f.id === 1)).toEqual({
      kind: 'rpc-response',
      id: 1,
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no socket function "add_card"' },
    })
    // Unrun: no card, nothing pushed to the others.
    expect(server.api.db.cards).toHaveLength(3)
    await bob.settle()
    expect(bob.of('invalidate')).toEqual([])
    // Over HTTP the same call runs.
    expect((await post('add_card', { board_id: 1, title: 'Over HTTP' })).result.title).toBe('Over HTTP')
  })
})

describe('invalidations pushed after a mutation', () => {
  it('an HTTP mutation pushes its stale contexts to every socket', async () => {
    const ann = await connect()
    const bob = await connect()
    await post('rename_board', { board_id: 1, name: 'New name' })
    const push = { kind: 'invalidate', targets: [{ context: 'board', params: { board_id: 1 } }] }
    expect(await ann.next('invalidate')).toEqual(push)
    expect(await bob.next('invalidate')).toEqual(push)
    // A merge is a stale context for the others too (they did not get the value).
    await post('add_card', { board_id: 2, title: 'Merged' })
    await until(() => ann.of('invalidate').length === 2, 'the second push')
    expect(ann.of('invalidate')[1]).toEqual({ kind: 'invalidate', targets: [{ context: 'board', params: { board_id: 2 } }] })
  })

  it('an RPC mutation pushes to the other sockets, not the caller\u2019s; reads and failures push nothing', async () => {
    server.live.socketFunctions.add('rename_board')
    const ann = await connect()
    const bob = await connect()
    ann.send({ kind: 'rpc', id: 1, fn: 'echo', args: { text: 'read only' } })
    ann.send({ kind: 'rpc', id: 2, fn: 'rename_board', args: { board_id: 1, name: '' } })
    await post('contact.schema', {})
    ann.send({ kind: 'rpc', id: 3, fn: 'rename_board', args: { board_id: 1, name: 'By rpc' } })
    await ann.next('rpc-response', (f) => f.id === 3)
    expect(await bob.next('invalidate')).toEqual({ kind: 'invalidate', targets: [{ context: 'board', params: { board_id: 1 } }] })
    await Promise.all([ann.settle(), bob.settle()])
    expect(ann.of('invalidate')).toEqual([])
    expect(bob.of('invalidate')).toHaveLength(1)
  })
})

describe('the link itself', () => {
  it('answers ping with pong, unless live.pongs is false', async () => {
    const ann = await connect()
    ann.send({ kind: 'ping' })
    await ann.next('pong')
    server.live.pongs = false
    ann.send({ kind: 'ping' })
    ann.send({ kind: 'rpc', id: 1, fn: 'echo', args: { text: 'after' } })
    await ann.next('rpc-response')
    expect(ann.of('pong')).toHaveLength(1)
    server.reset()
    await ann.settle()
  })

  it('ignores garbage, unknown kinds and binary frames, and logs what clients sent', async () => {
    const ann = await connect()
    for (const frame of ['not json', '{"kind":', '[1,2]', 'null', '42', '{"kind":"teleport"}', '{"no":"kind"}']) ann.send(frame)
    ann.ws.send(Buffer.from([0, 1, 2]), { binary: true })
    ann.send({ kind: 'subscribe', id: 1, channel: 'board_chat' }) // no params: the board is missing
    ann.send({ kind: 'unsubscribe', id: 'never subscribed' })
    ann.send({ kind: 'send', subscription: 'never subscribed', payload: { author: 'a', text: 'b' } })
    await ann.settle()
    expect(ann.ws.readyState).toBe(WebSocket.OPEN)
    expect(ann.of('close')).toEqual([{ kind: 'close', subscription: 1, reason: 'no such board' }])
    const frames = server.live.frames.map((f) => f.frame)
    expect(frames.slice(0, 3)).toEqual(['not json', '{"kind":', [1, 2]])
    expect(frames.at(-1)).toEqual({ kind: 'ping' })
    expect(new Set(server.live.frames.map((f) => f.socket)).size).toBe(1)
  })

  it('keeps the last 200 frames in live.frames', async () => {
    const ann = await connect()
    for (let i = 0; i < 250; i++) ann.send({ kind: 'note', i })
    await ann.settle()
    expect(server.live.frames).toHaveLength(200)
    expect(server.live.frames[0].frame).toEqual({ kind: 'note', i: 51 })
  })

  it('garbage from the server: live.sendRaw() reaches every socket as is', async () => {
    const ann = await connect()
    const raw = []
    ann.ws.removeAllListeners('message') // its JSON reader would throw on garbage: read the text instead
    ann.ws.on('message', (data) => raw.push(data.toString()))
    server.live.sendRaw('}{ garbage')
    await until(() => raw.length === 1)
    expect(raw).toEqual(['}{ garbage'])
  })

  it('checks an auth frame\u2019s token: a valid one keeps the socket, a bad one closes it with 4401', async () => {
    const token = (await post('mwt_obtain', {})).result
    const good = await connect()
    good.send({ kind: 'auth', token })
    await good.settle()
    expect(good.closed).toBeNull()

    const bad = await connect()
    bad.send({ kind: 'auth', token: `${token}x` })
    bad.send({ kind: 'ping' }) // read no more: no answer
    await until(() => bad.closed !== null, 'the close')
    expect(bad.closed.code).toBe(4401)
    expect(bad.of('pong')).toEqual([])
  })

  it('live.dropAll() terminates every socket without a close frame (1006), or closes with a code', async () => {
    const ann = await connect()
    const bob = await connect()
    expect(server.live.sockets()).toBe(2)
    server.live.dropAll()
    await until(() => ann.closed !== null && bob.closed !== null, 'both closes')
    expect([ann.closed.code, bob.closed.code]).toEqual([1006, 1006])
    await until(() => server.live.sockets() === 0)

    const cid = await connect()
    server.live.dropAll(4000)
    await until(() => cid.closed !== null, 'the close')
    expect(cid.closed.code).toBe(4000)
  })

  it('refuses new sockets while stopped and takes them again after startAccepting(); other paths are dropped', async () => {
    const ann = await connect()
    server.live.stopAccepting()
    await expect(connect()).rejects.toThrow(/503/)
    expect(ann.ws.readyState).toBe(WebSocket.OPEN)
    server.live.startAccepting()
    await connect()
    expect(server.live.sockets()).toBe(2)
    await expect(connect(server.wsUrl.replace('/ws/', '/wsx/'))).rejects.toThrow()
    await expect(connect(`${server.url.replace('http', 'ws')}/elsewhere`)).rejects.toThrow()
  })

  it('restarts on the same port: close() ends the sockets, a new server takes the port and new sockets', async () => {
    const port = Number(new URL(server.url).port)
    const ann = await connect()
    await server.close()
    await until(() => ann.closed !== null, 'the close')
    server = await startBoardServer({ csrf: false, port })
    expect(server.url).toBe(`http://127.0.0.1:${port}`)
    const bob = await connect()
    bob.send({ kind: 'ping' })
    await bob.next('pong')
  })
})
