// The reference server's live side (PROTOCOL.md §9): one WebSocket per
// client at {base}/ws/, on the HTTP API's own server. JSON text frames carry
// channel subscriptions, the clients' sends, RPCs (the HTTP API's
// functions the schema marks `websocket: true`, run by the same routine)
// and pings; the server pushes channel events and, after every mutation,
// its stale contexts to the other sockets. Bad frames are ignored, never
// fatal. The controls on the value attachLive returns script the failures a
// client must survive (drops, garbage, refusals, lost pongs) for the tests.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

// ws's Node entry by its file: a test process started with the "browser"
// export condition (the Svelte tests' is) would get ws's stub otherwise.
const require = createRequire(import.meta.url)
const { WebSocketServer } = require(join(dirname(require.resolve('ws/package.json')), 'index.js'))

// The last client frames kept in live.frames.
const FRAME_LOG = 200

// The CSRF cookie's value: what tells one browser session from another here.
const sessionOf = (cookies = '') => /(?:^|;\s*)csrftoken=([^;]*)/.exec(cookies)?.[1] ?? null

/**
 * Serves the channels' socket for `api` (createBoardApi's value) on
 * `server`'s upgrades to `{base}/ws/`; other upgrade paths are dropped.
 *
 * @example
 * const server = http.createServer((req, res) => api.handle(req, res))
 * const live = attachLive(server, api)
 * live.sockets() // 0
 * live.close() // before server.close()
 *
 * @param {import('node:http').Server} server
 * @param {any} api
 * @param {{ base?: string }} [options]
 */
export function attachLive(server, api, { base = '/api/mizan' } = {}) {
  const path = `${base}/ws/`
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 })
  /** @type {Map<import('ws').WebSocket, { id: number, subs: Map<unknown, { channel: string, key: unknown }>, session: string | null }>} */
  const clients = new Map()
  const refused = new Set()
  let nextSocket = 1
  let accepting = true

  const live = {
    /** The last client frames, oldest first: { socket, frame } (frame: the parsed JSON, or the text when not JSON). */
    frames: [],
    /** false: ping frames go unanswered (a client's heartbeat then sees the link as dead). */
    pongs: true,
    /** true: RPC frames go unanswered (and unrun): calls in flight for drop and timeout tests. */
    holdRpcs: false,
    /**
     * The functions RPC frames may call: the schema's `websocket: true` ones;
     * tests add others to run mutations over the socket. Any other is
     * answered NOT_FOUND, unrun.
     */
    socketFunctions: new Set(api.socketFunctions),
    /** How many sockets are open. */
    sockets: () => clients.size,
    /** Every socket dropped: without a close frame, or closed with `code` when one is given. */
    dropAll(code) {
      for (const ws of clients.keys()) {
        if (code === undefined) ws.terminate()
        else ws.close(code)
      }
    },
    /** `text` sent as is to every socket (garbage frames). */
    sendRaw(text) {
      for (const ws of clients.keys()) ws.send(text)
    },
    /** Subscriptions to `channel` from now on are answered with a close frame. */
    refuse(channel) {
      refused.add(channel)
    },
    /** Ends every current subscription to `channel` (a close frame each). */
    end(channel, reason = 'ended') {
      for (const [ws, client] of clients) {
        for (const [id, sub] of client.subs) {
          if (sub.channel !== channel) continue
          client.subs.delete(id)
          send(ws, { kind: 'close', subscription: id, reason })
        }
      }
    },
    /** New sockets are refused (503) until startAccepting(); open ones stay. */
    stopAccepting() {
      accepting = false
    },
    startAccepting() {
      accepting = true
    },
    /** No refusals, an empty frame log, pongs on (the sockets stay open). */
    reset() {
      refused.clear()
      live.frames.length = 0
      live.pongs = true
      live.holdRpcs = false
      live.socketFunctions = new Set(api.socketFunctions)
    },
    /** Every socket terminated (so the HTTP server can close). */
    close() {
      live.dropAll()
      wss.close()
    },
  }

  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url, 'http://localhost').pathname !== path) return socket.destroy()
    if (!accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws, sessionOf(req.headers.cookie)))
  })

  // A mutation's stale contexts, to every socket but the caller's: the
  // socket an RPC came on, or for an HTTP call (`origin` its browser
  // session, the CSRF cookie) the sockets opened with the same cookie —
  // that client already has the call's answer, a push would only refetch.
  api.onStale = (targets, origin) => {
    for (const [ws, client] of clients) {
      if (ws !== origin && (typeof origin !== 'string' || client.session !== origin)) send(ws, { kind: 'invalidate', targets })
    }
  }

  function connect(ws, session) {
    const client = { id: nextSocket++, subs: new Map(), session }
    clients.set(ws, client)
    ws.on('close', () => clients.delete(ws))
    ws.on('error', () => {}) // a protocol error closes the socket; nothing else to do
    ws.on('message', (data, isBinary) => {
      const text = data.toString('utf8')
      let frame = text
      try {
        frame = JSON.parse(text)
      } catch {
        // not JSON: logged as text, otherwise ignored
      }
      live.frames.push({ socket: client.id, frame })
      if (live.frames.length > FRAME_LOG) live.frames.shift()
      if (!isBinary && frame !== null && typeof frame === 'object' && ws.readyState === ws.OPEN) receive(ws, client, frame)
    })
  }

  function receive(ws, client, frame) {
    switch (frame.kind) {
      case 'auth':
        try {
          api.checkToken(frame.token)
        } catch (error) {
          ws.close(4401, error.message) // closing: nothing more is read from it
        }
        return
      case 'ping':
        if (live.pongs) send(ws, { kind: 'pong' })
        return
      case 'subscribe':
        return subscribe(ws, client, frame)
      case 'unsubscribe':
        client.subs.delete(frame.id)
        return
      case 'send':
        return publish(client, frame)
      case 'rpc':
        return live.holdRpcs ? undefined : rpc(ws, frame)
      default:
      // unknown kinds are ignored (PROTOCOL.md §9)
    }
  }

  function subscribe(ws, client, { id, channel, params }) {
    client.subs.delete(id)
    if (refused.has(channel)) return send(ws, { kind: 'close', subscription: id, reason: 'refused' })
    let key
    try {
      key = api.openChannel(channel, params)
    } catch (error) {
      return send(ws, { kind: 'close', subscription: id, reason: error.message })
    }
    client.subs.set(id, { channel, key })
  }

  // A client's send: the channel makes it an event (or drops it), and every
  // subscriber of the same channel and key gets it under its own id.
  function publish(client, { subscription, payload }) {
    const sub = client.subs.get(subscription)
    if (!sub) return
    const event = api.sendChannel(sub.channel, sub.key, payload)
    if (event === null) return
    for (const [ws, other] of clients) {
      for (const [id, s] of other.subs) {
        if (s.channel === sub.channel && s.key === sub.key) send(ws, { kind: 'event', subscription: id, payload: event })
      }
    }
  }

  function rpc(ws, { id, fn, args }) {
    if (!live.socketFunctions.has(fn)) {
      const message = typeof fn === 'string' ? `no socket function "${fn}"` : 'no function name'
      return send(ws, { kind: 'rpc-response', id, ok: false, error: { code: 'NOT_FOUND', message } })
    }
    let answer
    try {
      const { result, ...rest } = api.call(fn, args, ws)
      answer = { kind: 'rpc-response', id, ok: true, data: result, ...rest }
    } catch (error) {
      // An HttpError's envelope; anything else is the server's bug, answered rather than fatal.
      const { code = 'INTERNAL_ERROR', message = String(error), details = null } = error ?? {}
      answer = { kind: 'rpc-response', id, ok: false, error: details === null ? { code, message } : { code, message, details } }
    }
    send(ws, answer)
  }

  return live
}

function send(ws, frame) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
}
