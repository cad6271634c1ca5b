// Channels (PROTOCOL.md §9) end to end in Node: real kernels with the
// channel session in the wasm, over real sockets (the `ws` package) to the
// reference server, which drops, refuses, goes silent and sends garbage on
// cue (examples/server/live.js).
import { createRequire } from 'node:module'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import '../../js/channels.js'
import { createKernel, init } from '../../js/index.js'
import { mwt } from '../../js/tokens.js'
import { startBoardServer } from '../../examples/server/board_api.js'
import { until } from './support/until.js'

const { WebSocket } = createRequire(import.meta.url)('ws')

let server
const kernels = []
beforeAll(async () => {
  await init()
  server = await startBoardServer({ csrf: false })
})
beforeEach(() => server.reset())
afterEach(() => {
  for (const kernel of kernels.splice(0)) kernel.dispose()
  server.live.pongs = true
})
afterAll(() => server?.close())

const problems = []
function kernel(channels = {}, options = {}) {
  const k = createKernel({
    baseUrl: server.baseUrl,
    csrf: false,
    session: false,
    onProblem: (p) => problems.push(p),
    channels: { WebSocket, backoffBase: 20, backoffCap: 100, ...channels },
    ...options,
  })
  kernels.push(k)
  return k
}

// A channel view with a reader that records every state it is told of.
function read(k, name, params, options) {
  const channel = k.channel(name, params, options)
  const seen = []
  const off = channel.subscribe(() => seen.push(channel.getState()))
  return { channel, seen, off, state: () => channel.getState() }
}

const framesOf = (kind) => server.live.frames.filter(({ frame }) => frame?.kind === kind).map(({ frame }) => frame)

describe('subscriptions', () => {
  test('a reader connects, gets the events of its board, and sends', async () => {
    const a = read(kernel(), 'board_chat', { board_id: 1 })
    expect(a.state().status).toBe('connecting')
    await until(() => a.state().status === 'open', 'open')
    const b = read(kernel(), 'board_chat', { board_id: 1 })
    await until(() => b.state().status === 'open', 'b open')
    const other = read(kernel(), 'board_chat', { board_id: 2 })
    await until(() => other.state().status === 'open', 'other open')
    a.channel.send({ author: 'Ann', text: 'hello' })
    await until(() => b.state().messages.length === 1 && a.state().messages.length === 1, 'both got it')
    expect(b.state().lastMessage).toMatchObject({ author: 'Ann', text: 'hello' })
    expect(a.state().messages).toEqual(b.state().messages)
    expect(other.state().messages).toEqual([])
    // The same object until it changes.
    expect(b.state()).toBe(b.state())
  })

  test('two readers of the same channel and params share one subscription; the last one leaving unsubscribes', async () => {
    const k = kernel()
    const x = read(k, 'board_chat', { board_id: 1 })
    const y = read(k, 'board_chat', { board_id: 1.0 })
    await until(() => x.state().status === 'open' && y.state().status === 'open', 'open')
    await until(() => framesOf('subscribe').length > 0, 'the subscribe frame')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(framesOf('subscribe')).toHaveLength(1)
    x.off()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(framesOf('unsubscribe')).toHaveLength(0)
    y.off()
    await until(() => framesOf('unsubscribe').length === 1, 'unsubscribe')
    expect(framesOf('unsubscribe')[0].id).toBe(framesOf('subscribe')[0].id)
  })

  test('the buffer keeps the latest messages, oldest first', async () => {
    const k = kernel()
    const a = read(k, 'board_chat', { board_id: 1 }, { buffer: 3 })
    await until(() => a.state().status === 'open', 'open')
    for (let i = 1; i <= 5; i++) a.channel.send({ author: 'Ann', text: `m${i}` })
    await until(() => a.state().lastMessage?.text === 'm5', 'm5')
    expect(a.state().messages.map((m) => m.text)).toEqual(['m3', 'm4', 'm5'])
  })

  test('a refused subscription is closed with the reason, and not resubscribed after a drop', async () => {
    server.live.refuse('board_chat')
    const k = kernel()
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'closed', 'closed')
    expect(a.state().error).toMatchObject({ code: 'CHANNEL_CLOSED' })
    expect(() => a.channel.send({ author: 'A', text: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_OPEN' }))
    server.live.reset()
    const live = read(k, 'board_chat', { board_id: 2 })
    await until(() => live.state().status === 'open', 'the other open')
    server.live.dropAll()
    await until(() => framesOf('subscribe').length === 1, 'resubscribed')
    expect(framesOf('subscribe')[0].params).toEqual({ board_id: 2 })
    expect(a.state().status).toBe('closed')
  })

  test('a board that does not exist is closed by the server', async () => {
    const a = read(kernel(), 'board_chat', { board_id: 999 })
    await until(() => a.state().status === 'closed', 'closed')
    expect(a.state().error.message).toMatch(/no such board/)
  })
})

describe('reconnecting', () => {
  test('a dropped socket reconnects and resubscribes every live subscription with its params, in one batch', async () => {
    const k = kernel()
    const a = read(k, 'board_chat', { board_id: 1 })
    const b = read(k, 'board_chat', { board_id: 2 })
    await until(() => a.state().status === 'open' && b.state().status === 'open', 'open')
    server.live.reset()
    server.live.dropAll()
    await until(() => a.seen.some((s) => s.status === 'reconnecting'), 'reconnecting')
    await until(() => a.state().status === 'open' && b.state().status === 'open', 'open again')
    await until(() => framesOf('subscribe').length > 1, 'the subscribe frames')
    expect(framesOf('subscribe').map((f) => f.params)).toEqual([{ board_id: 1 }, { board_id: 2 }])
    const sender = read(kernel(), 'board_chat', { board_id: 1 })
    await until(() => sender.state().status === 'open', 'sender open')
    sender.channel.send({ author: 'Bo', text: 'after' })
    await until(() => a.state().lastMessage?.text === 'after', 'event after reconnect')
  })

  test('a server restart: the kernel keeps trying, then resubscribes', async () => {
    const port = new URL(server.url).port
    const k = kernel()
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    await server.close()
    await until(() => a.state().status === 'reconnecting', 'reconnecting')
    await new Promise((resolve) => setTimeout(resolve, 150)) // a few failed attempts
    server = await startBoardServer({ csrf: false, port: Number(port) })
    await until(() => a.state().status === 'open', 'open after restart')
    await until(() => framesOf('subscribe').length > 0, 'the subscribe frame')
    expect(framesOf('subscribe')).toMatchObject([{ params: { board_id: 1 } }])
  })

  test('no pong in time: the socket is treated as dead and replaced', async () => {
    const k = kernel({ pingEvery: 30, pongWithin: 30 })
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    await until(() => framesOf('ping').length > 0, 'a ping')
    server.live.pongs = false
    await until(() => a.seen.some((s) => s.status === 'reconnecting'), 'reconnecting')
    server.live.pongs = true
    await until(() => a.state().status === 'open', 'open again')
  })

  test('sign-out replaces the socket: the subscriptions come back on one opened as the user of now', async () => {
    const k = kernel()
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    server.live.reset()
    k.reset()
    await until(() => a.seen.some((s) => s.status === 'reconnecting'), 'reconnecting')
    await until(() => a.state().status === 'open' && framesOf('subscribe').length === 1, 'resubscribed')
    expect(server.live.sockets()).toBe(1)
  })

  test('another user (setIdentity) replaces the socket too; the same user keeps it', async () => {
    const k = kernel()
    k.setIdentity('ada')
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    k.setIdentity('ada')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(a.seen.some((s) => s.status === 'reconnecting')).toBe(false)
    server.live.reset()
    k.setIdentity('bob')
    await until(() => a.seen.some((s) => s.status === 'reconnecting'), 'reconnecting')
    await until(() => a.state().status === 'open' && framesOf('subscribe').length === 1, 'resubscribed')
    expect(server.live.sockets()).toBe(1)
  })

  test('with a token the first frame is auth; close code 4401 obtains a new token before reconnecting', async () => {
    const k = kernel({}, { token: mwt() })
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    await until(() => framesOf('subscribe').length === 1, 'subscribed')
    const [auth] = server.live.frames.map(({ frame }) => frame)
    expect(auth).toMatchObject({ kind: 'auth', token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) })
    const obtains = () => server.requests.filter((r) => r.fn === 'mwt_obtain').length
    const before = obtains()
    server.live.reset()
    server.live.dropAll(4401)
    await until(() => framesOf('subscribe').length === 1 && a.state().status === 'open', 'back')
    expect(obtains()).toBe(before + 1)
    const [again] = server.live.frames.map(({ frame }) => frame)
    // (The server's token for the same user in the same second is the same text: the obtain count tells.)
    expect(again).toMatchObject({ kind: 'auth', token: expect.any(String) })
  })

  test('the socket closes once idle and opens again for the next reader', async () => {
    const k = kernel({ idleClose: 20 })
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    expect(server.live.sockets()).toBe(1)
    a.off()
    await until(() => server.live.sockets() === 0, 'idle close')
    const b = read(k, 'board_chat', { board_id: 1 })
    await until(() => b.state().status === 'open', 'open again')
    expect(server.live.sockets()).toBe(1)
  })
})

describe('calls over the socket', () => {
  test('socket functions go over the socket and answer as over HTTP; the rest over HTTP', async () => {
    // (The schema marks only echo websocket: true; the server lets these two
    // over the socket for this test.)
    for (const fn of ['add_card', 'rename_board']) server.live.socketFunctions.add(fn)
    const k = kernel({}, { socketFunctions: ['echo', 'add_card', 'rename_board'] })
    expect(await k.call('echo', { text: 'hi' })).toEqual({ text: 'hi' })
    expect(framesOf('rpc')).toMatchObject([{ fn: 'echo', args: { text: 'hi' } }])
    expect(server.requests.filter((r) => r.fn === 'echo')).toEqual([])
    await expect(k.call('echo', {})).rejects.toMatchObject({ code: expect.any(String) })
    // Its merges and invalidations apply as an HTTP call's: the card is
    // spliced in without a fetch; a rename refetches the mounted board.
    const board = k.registerContext('board', { board_id: 1 })
    await until(() => board.getState().status === 'success', 'board')
    const gets = () => server.requests.filter((r) => r.method === 'GET').length
    const before = gets()
    await k.call('add_card', { board_id: 1, title: 'Over the socket' })
    expect(board.getState().data.cards.some((c) => c.title === 'Over the socket')).toBe(true)
    expect(gets()).toBe(before)
    await k.call('rename_board', { board_id: 1, name: 'Renamed live' })
    await until(() => board.getState().data.board_info.name === 'Renamed live', 'the refetched board')
    expect(gets()).toBe(before + 1)
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([])
  })

  test('a call in flight when the socket drops fails with NETWORK_ERROR and is not sent again', async () => {
    const k = kernel({}, { socketFunctions: ['echo'] })
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    server.live.holdRpcs = true
    const call = k.call('echo', { text: 'lost' })
    await until(() => framesOf('rpc').length === 1, 'the rpc sent')
    server.live.dropAll()
    await expect(call).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
    server.live.holdRpcs = false
    await until(() => a.state().status === 'open', 'open again')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(framesOf('rpc')).toHaveLength(1)
  })

  test("an answer's values reach the kernel as the frame spells them, as over HTTP", async () => {
    // JSON.parse and JSON.stringify would turn -0 into 0 and 1e400 into
    // null; the kernel reads the frame's own text: -0 stays, and a number
    // no double holds is refused as an HTTP answer's is.
    const k = kernel({}, { socketFunctions: ['echo'] })
    server.live.holdRpcs = true
    const answer = async (data) => {
      const sent = framesOf('rpc').length
      const call = k.call('echo', {})
      await until(() => framesOf('rpc').length === sent + 1, 'the rpc sent')
      const { id } = framesOf('rpc')[sent]
      server.live.sendRaw(`{"kind":"rpc-response","id":${id},"ok":true,"data":${data}}`)
      return call
    }
    expect(Object.is((await answer('{"n":-0}')).n, -0)).toBe(true)
    const refused = await answer('{"n":1e400}').catch((error) => error)
    expect(refused).toMatchObject({ code: 'INVALID_RESPONSE', message: expect.stringContaining('number out of range') })
    server.live.holdRpcs = false
  })

  test('an unanswered call times out', async () => {
    const k = kernel({ rpcTimeout: 50 }, { socketFunctions: ['echo'] })
    server.live.holdRpcs = true
    await expect(k.call('echo', { text: 'x' })).rejects.toMatchObject({ code: 'TIMEOUT' })
    server.live.holdRpcs = false
  })
})

describe('pushed invalidation', () => {
  test("another user's change refreshes exactly the matching mounted contexts", async () => {
    const watcher = kernel()
    const chat = read(watcher, 'board_chat', { board_id: 1 })
    const one = watcher.registerContext('board', { board_id: 1 })
    const two = watcher.registerContext('board', { board_id: 2 })
    await until(() => chat.state().status === 'open' && one.getState().status === 'success' && two.getState().status === 'success', 'ready')
    server.requests.length = 0
    await kernel().call('add_card', { board_id: 1, title: 'From someone else' })
    await until(() => one.getState().data.cards.some((c) => c.title === 'From someone else'), 'board 1 refreshed')
    await new Promise((resolve) => setTimeout(resolve, 30))
    const gets = server.requests.filter((r) => r.method === 'GET').map((r) => r.params.board_id)
    expect(gets).toEqual(['1'])
  })
})

describe('bad frames', () => {
  test('garbage is reported and ignored; the channel goes on', async () => {
    problems.length = 0
    const k = kernel()
    const a = read(k, 'board_chat', { board_id: 1 })
    await until(() => a.state().status === 'open', 'open')
    for (const text of [
      'not json',
      '42',
      '{"kind":"mystery"}',
      '{"kind":"event","subscription":9999,"payload":1}',
      '{"kind":"invalidate","targets":[{"nope":1}]}',
    ]) {
      server.live.sendRaw(text)
    }
    await until(() => problems.length >= 5, 'five problems')
    a.channel.send({ author: 'A', text: 'still here' })
    await until(() => a.state().lastMessage?.text === 'still here', 'still works')
  })

  test('unknown options and bad arguments are refused', () => {
    expect(() => kernel({ nope: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel({ pingEvery: -1 })).toThrow(/pingEvery/)
    expect(() => kernel({}, { socketFunctions: 'echo' })).toThrow(/socketFunctions/)
    const k = kernel()
    expect(() => k.channel('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => k.channel('board_chat', { board_id: 1 }, { buffer: 0 })).toThrow(/buffer/)
    expect(() => k.channel('board_chat', { board_id: 1 }, { size: 1 })).toThrow(/size/)
  })
})
