// Channels' delivery rate in Node, side by side with a hand-written `ws`
// client loop doing the same dispatch (parse the frame, find its
// subscription, keep its last 100 payloads, call its listener), measured in
// one run, alternating, medians. A server in a worker thread (so its cost
// is not the client's) sends event frames as fast as the socket takes them:
//  - one subscription, 200,000 messages;
//  - fan-out: 1,000 subscriptions on one socket, 200,000 messages round robin.
// The rate is messages per second from the first event's arrival to the
// last's. Target: mizan-kernel at least 0.8x the hand-written loop.
//
//   node tests/bench/channels_bench.mjs [--messages N] [--rounds R]
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import '../../js/channels.js'
import { createKernel, init } from '../../js/index.js'

const require = createRequire(import.meta.url)
const { WebSocket } = require('ws')
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const MESSAGES = arg('messages', 200_000)
const ROUNDS = arg('rounds', 5)
const BUFFER = 100

// The server: on each socket, once `expected` subscribe frames came, sends
// `messages` events round robin over their ids (in chunks, letting the
// socket drain), then one `{"kind":"done"}`-free pause: the client counts.
const SERVER = `
const { parentPort, workerData } = require('node:worker_threads')
const { WebSocketServer } = require(workerData.ws)
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
wss.on('listening', () => parentPort.postMessage(wss.address().port))
wss.on('connection', (ws, req) => {
  const url = new URL(req.url, 'http://x')
  const expected = Number(url.searchParams.get('subs'))
  const messages = Number(url.searchParams.get('messages'))
  const ids = []
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data))
    if (frame.kind === 'ping') ws.send('{"kind":"pong"}')
    if (frame.kind !== 'subscribe') return
    ids.push(frame.id)
    if (ids.length !== expected) return
    let n = 0
    const chunk = () => {
      for (let end = Math.min(messages, n + 2000); n < end; n++) {
        ws.send('{"kind":"event","subscription":' + ids[n % ids.length] + ',"payload":{"n":' + n + ',"text":"hello, board"}}')
      }
      if (n < messages) setImmediate(chunk)
    }
    chunk()
  })
})
`

async function startServer() {
  const worker = new Worker(SERVER, { eval: true, workerData: { ws: require.resolve('ws') } })
  const port = await new Promise((resolve) => worker.once('message', resolve))
  return { port, stop: () => worker.terminate() }
}

// Resolves with messages per second once `total` messages were counted.
function rate(total, start) {
  let count = 0
  let first = 0
  let done
  const finished = new Promise((resolve) => (done = resolve))
  const tick = () => {
    if (count === 0) first = performance.now()
    if (++count === total) done(total / ((performance.now() - first) / 1000))
  }
  start(tick)
  return finished
}

// The hand-written client: what an app would write around a bare socket.
function handLoop(port, subs, messages) {
  let ws
  const result = rate(messages, (tick) => {
    const records = new Map()
    ws = new WebSocket(`ws://127.0.0.1:${port}/?subs=${subs}&messages=${messages}`)
    ws.onopen = () => {
      for (let id = 1; id <= subs; id++) {
        const record = { buffer: [], listeners: [() => tick(record.buffer[record.buffer.length - 1])] }
        records.set(id, record)
        ws.send(JSON.stringify({ kind: 'subscribe', id, channel: 'bench', params: { i: id } }))
      }
    }
    ws.onmessage = (event) => {
      const frame = JSON.parse(event.data)
      if (frame.kind !== 'event') return
      const record = records.get(frame.subscription)
      if (!record) return
      record.buffer.push(frame.payload)
      if (record.buffer.length > BUFFER) record.buffer.shift()
      for (const listener of record.listeners) listener()
    }
  })
  return result.finally(() => ws.close())
}

// mizan-kernel: kernel.channel() per subscription, a listener reading the state.
function kernelLoop(port, subs, messages) {
  let kernel
  const result = rate(messages, (tick) => {
    kernel = createKernel({
      baseUrl: 'http://127.0.0.1/api/mizan',
      channels: { WebSocket, url: `ws://127.0.0.1:${port}/?subs=${subs}&messages=${messages}` },
    })
    for (let i = 1; i <= subs; i++) {
      const channel = kernel.channel('bench', { i }, { buffer: BUFFER })
      channel.subscribe(() => tick(channel.getState().lastMessage))
    }
  })
  return result.finally(() => kernel.dispose())
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const fmt = (n) => `${Math.round(n).toLocaleString('en')}/s`

/**
 * Runs both clients `rounds` times each, alternating, for each scenario;
 * returns the medians and ratios.
 * @example
 * const rows = await runChannelsBench({ messages: 20_000, rounds: 1 })
 */
export async function runChannelsBench({ messages = MESSAGES, rounds = ROUNDS } = {}) {
  await init()
  const server = await startServer()
  const rows = []
  try {
    for (const [label, subs] of [
      ['one subscription', 1],
      ['fan-out to 1,000 subscriptions', 1000],
    ]) {
      const hand = []
      const ours = []
      await handLoop(server.port, subs, Math.min(messages, 20_000)) // warm-up
      await kernelLoop(server.port, subs, Math.min(messages, 20_000))
      for (let r = 0; r < rounds; r++) {
        hand.push(await handLoop(server.port, subs, messages))
        ours.push(await kernelLoop(server.port, subs, messages))
      }
      rows.push({ label, hand: median(hand), kernel: median(ours), ratio: median(ours) / median(hand) })
    }
  } finally {
    await server.stop()
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runChannelsBench()
  console.log(`channels: ${MESSAGES.toLocaleString('en')} messages per run, medians of ${ROUNDS} alternating runs`)
  for (const { label, hand, kernel, ratio } of rows) {
    console.log(
      `  ${label.padEnd(32)} hand-written ws loop ${fmt(hand).padStart(12)}   mizan-kernel ${fmt(kernel).padStart(12)}   ${ratio.toFixed(2)}x (target >= 0.8x)`,
    )
  }
}
