// Channels' soak: a kernel with `subs` live subscriptions on one socket
// takes `messages` events from a server in a worker thread, while readers
// churn (every `churnEvery` messages, `churn` subscriptions are left and as
// many new ones made, with new params). The server sends a batch, then
// waits for the client's `send` asking for more (so nothing piles up in a
// socket buffer and the heap measured is the kernel's). At checkpoints
// after a garbage collection it samples the JS heap and the wasm heap
// (allocator bytes in use) and checks that both stay flat after warm-up,
// that every message reached its listener, and that no subscription is
// left behind once every reader left.
//
//   node --expose-gc tests/bench/channels_soak.mjs          # 1,000,000 messages, 1,000 subscriptions
//   node --expose-gc tests/bench/channels_soak.mjs --quick  # 100,000 messages, 200 subscriptions
import { createRequire } from 'node:module'
import v8 from 'node:v8'
import vm from 'node:vm'
import { Worker } from 'node:worker_threads'
import '../../js/channels.js'
import { createKernel, init } from '../../js/index.js'
import { wasmHeap } from '../../js/wasm.js'

const require = createRequire(import.meta.url)
const { WebSocket } = require('ws')

export const WASM_SLACK = 16 * 1024 // bytes
export const JS_SLACK = 2 * 1024 * 1024 // bytes
const BATCH = 2000

const SERVER = `
const { parentPort, workerData } = require('node:worker_threads')
const { WebSocketServer } = require(workerData.ws)
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
wss.on('listening', () => parentPort.postMessage(wss.address().port))
wss.on('connection', (ws) => {
  const ids = []
  let n = 0
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data))
    if (frame.kind === 'ping') ws.send('{"kind":"pong"}')
    else if (frame.kind === 'subscribe') ids.push(frame.id)
    else if (frame.kind === 'unsubscribe') ids.splice(ids.indexOf(frame.id), 1)
    else if (frame.kind === 'send' && ids.length > 0) {
      for (let i = 0; i < ${BATCH}; i++, n++) {
        ws.send('{"kind":"event","subscription":' + ids[n % ids.length] + ',"payload":{"n":' + n + ',"text":"soak"}}')
      }
    }
  })
})
`

function getGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc')
}

/**
 * Runs the soak; returns its samples and failures (empty when it passed).
 * @example
 * const { failures } = await runChannelsSoak({ messages: 100_000, subs: 200 })
 */
export async function runChannelsSoak({ messages = 1_000_000, subs = 1000, churnEvery = 10_000, churn = 50, checkpoints = 10 } = {}) {
  await init()
  const gc = getGc()
  const worker = new Worker(SERVER, { eval: true, workerData: { ws: require.resolve('ws') } })
  const port = await new Promise((resolve) => worker.once('message', resolve))
  const kernel = createKernel({ baseUrl: 'http://127.0.0.1/api/mizan', channels: { WebSocket, url: `ws://127.0.0.1:${port}/` } })
  const failures = []
  const samples = []
  let received = 0
  let next = 0 // params of the next subscription made
  const readers = []
  let done
  const finished = new Promise((resolve) => (done = resolve))
  let asked = 0

  const sample = (label) => {
    gc()
    samples.push({ label, received, js: process.memoryUsage().heapUsed, wasm: wasmHeap().inUse, readers: readers.length })
  }
  const join = () => {
    const channel = kernel.channel('soak', { i: next++ }, { buffer: 20 })
    const off = channel.subscribe(() => {
      if (channel.getState().lastMessage === undefined) return // a status change
      if (++received % BATCH === 0) setImmediate(more)
      if (received % churnEvery === 0) churnSome()
      if (received % (messages / checkpoints) === 0) setImmediate(() => sample(`at ${received}`))
      if (received === messages) done()
    })
    readers.push({ channel, off })
  }
  const churnSome = () => {
    for (let i = 0; i < churn; i++) readers.splice(Math.floor(Math.random() * readers.length), 1)[0].off()
    for (let i = 0; i < churn; i++) join()
  }
  // Asks for the next batch on whichever subscription is open.
  const more = () => {
    if (received >= messages || asked > received + BATCH) return
    const open = readers.find((r) => r.channel.getState().status === 'open')
    if (!open) return setTimeout(more, 5)
    asked += BATCH
    open.channel.send({ more: true })
  }

  try {
    sample('start')
    for (let i = 0; i < subs; i++) join()
    more()
    await finished
    await new Promise((resolve) => setTimeout(resolve, 50))
    sample('end')
    const warm = samples.find((s) => s.received >= messages / checkpoints) ?? samples[1]
    const end = samples.at(-1)
    if (end.wasm - warm.wasm > WASM_SLACK) failures.push(`wasm heap grew ${end.wasm - warm.wasm} B after warm-up`)
    if (end.js - warm.js > JS_SLACK) failures.push(`JS heap grew ${end.js - warm.js} B after warm-up`)
    if (received !== messages) failures.push(`received ${received} of ${messages}`)
    for (const { off } of readers.splice(0)) off()
    await new Promise((resolve) => setTimeout(resolve, 10))
    gc()
    samples.push({ label: 'all left', received, js: process.memoryUsage().heapUsed, wasm: wasmHeap().inUse, readers: 0 })
  } finally {
    kernel.dispose()
    await worker.terminate()
  }
  return { samples, failures }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick')
  const started = performance.now()
  const report = await runChannelsSoak(quick ? { messages: 100_000, subs: 200, churnEvery: 2000, churn: 20 } : {})
  for (const s of report.samples) {
    console.log(
      `${s.label.padEnd(12)} received ${String(s.received).padStart(9)}  JS heap ${(s.js / 1048576).toFixed(2)} MB  wasm heap ${s.wasm} B  readers ${s.readers}`,
    )
  }
  console.log(
    `${((performance.now() - started) / 1000).toFixed(1)} s; ${report.failures.length === 0 ? 'flat: passed' : `FAILED: ${report.failures.join('; ')}`}`,
  )
  process.exitCode = report.failures.length === 0 ? 0 : 1
}
