// The reference Mizan server: a team board's API speaking ../../shared's
// wire contract (PROTOCOL.md) the way a Django Mizan server does. Plain
// node:http, data in memory (a restart resets it). The demo serves it to
// the example apps; the adapter tests start one per suite.
//
// Contexts (GET {base}/ctx/{name}/?params):
//   session                -> { current_user }
//   board   {board_id}     -> { board_info: {id, name}, cards: [{id, board_id, title}] }
//   card_page {board_id, cursor?, limit?} -> { items: [cards], next_cursor }: that
//                            board's cards a page at a time (cursor: the index of the
//                            page's first card, 0 when absent; limit: CARD_PAGE_SIZE;
//                            next_cursor null after the last page)
// Functions (POST {base}/call/ with {"fn", "args"}):
//   add_card({board_id, title})   -> the card; merged into that board's cards
//   edit_card({card_id, title})   -> the card; merged likewise
//   rename_board({board_id, name})-> board_info; that board is invalidated
//   mwt_obtain()                  -> a sign-in token (see TOKEN_SECONDS)
//   echo({text})                  -> {text} (marked websocket: true in the schema)
//   (an empty title or name fails validation: 400, Django's error envelope)
// The form `contact` (PROTOCOL.md §10), three calls as a Django form registers them:
//   contact.schema()              -> its fields (CONTACT_FORM)
//   contact.validate({data, field?}) -> { valid, errors: {field: [{message, code}]} }
//   contact.submit({data})        -> { ok: true, ticket, name }, or 400 VALIDATION_FAILED
//   (the client's rules, plus the server's own: a blocked email domain, and "spam")
// Live (WebSocket at {base}/ws/, PROTOCOL.md §9; the socket side is live.js):
//   channel board_chat {board_id} -> {author, text, at} to every subscriber of
//                            that board when one sends {author, text}
//   rpc: any function above; a mutation (over HTTP or the socket) pushes its
//        stale contexts to the other sockets
// Schema (GET {base}/schema/): board_schema.json, this API as a Mizan server
// exports it (PROTOCOL.md §8), what mizan-generate reads.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { attachLive } from './live.js'

// (A path, not new URL(…, import.meta.url), which Vite rewrites for test pages.)
const SCHEMA = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'board_schema.json'), 'utf8'))

/** The functions a client may call over the socket (PROTOCOL.md §9): those the schema marks `websocket: true`. */
export const SOCKET_FUNCTIONS = Object.freeze(
  Object.entries(SCHEMA['x-mizan-functions'])
    .filter(([, f]) => f.websocket === true)
    .map(([name]) => name),
)

const JSON_TYPE = 'application/json'

function seed() {
  return {
    user: { id: 7, name: 'Ada' },
    boards: new Map([
      [1, { id: 1, name: 'Launch' }],
      [2, { id: 2, name: 'Research' }],
    ]),
    cards: [
      { id: 1, board_id: 1, title: 'Write the announcement' },
      { id: 2, board_id: 1, title: 'Book the venue' },
      { id: 3, board_id: 2, title: 'Read the HMAC RFC' },
    ],
    nextCardId: 4,
    /** What contact.submit accepted, in order: { ticket, name, email, topic, message }. */
    contactMessages: [],
    nextTicket: 1,
    /** The channel board_chat's last CHAT_HISTORY messages per board id (kept, never replayed). */
    chat: new Map(),
  }
}

class HttpError extends Error {
  constructor(status, code, message, details = null) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

const invalid = (field, message) => new HttpError(400, 'VALIDATION_ERROR', message, { [field]: [message] })

function boardBundle(db, boardId) {
  const board = db.boards.get(boardId)
  if (!board) throw new HttpError(404, 'NOT_FOUND', `board ${boardId} does not exist`)
  return { board_info: { ...board }, cards: db.cards.filter((c) => c.board_id === boardId).map((c) => ({ ...c })) }
}

// The pages of an infinite context: a cursor and a size in, one page and
// the next page's cursor out.
export const CARD_PAGE_SIZE = 2
function cardPage(db, params) {
  const count = (name, fallback, min) => {
    const value = params[name] === undefined ? fallback : Number(params[name])
    if (!Number.isSafeInteger(value) || value < min) throw invalid(name, `${name} must be an integer of at least ${min}`)
    return value
  }
  const cursor = count('cursor', 0, 0)
  const limit = count('limit', CARD_PAGE_SIZE, 1)
  const { cards } = boardBundle(db, Number(params.board_id))
  return { items: cards.slice(cursor, cursor + limit), next_cursor: cursor + limit < cards.length ? cursor + limit : null }
}

const contexts = {
  session: (db) => ({ current_user: { ...db.user } }),
  board: (db, params) => boardBundle(db, Number(params.board_id)),
  card_page: (db, params) => cardPage(db, params),
}

function requireText(args, field) {
  const value = typeof args[field] === 'string' ? args[field].trim() : ''
  if (!value) throw invalid(field, `${field} must not be empty`)
  return value
}

// Each returns { result, merge?, invalidate? }: what a Mizan server derives
// from the function's declared output type and `affects`.
// Sign-in tokens (MWT, PROTOCOL.md §2 and §9): HS256 JWTs that live
// TOKEN_SECONDS (Mizan's default is 300; 3 here, so a test crosses several
// renewals in seconds). A request that carries one must carry a valid one.
export const TOKEN_SECONDS = 3
const TOKEN_SECRET = 'board-demo-secret'
const b64url = (value) => Buffer.from(value).toString('base64url')
const sign = (text) => createHmac('sha256', TOKEN_SECRET).update(text).digest()

function issueToken(db, nowSeconds) {
  const head = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: String(db.user.id), iat: nowSeconds, exp: nowSeconds + TOKEN_SECONDS }))}`
  return `${head}.${b64url(sign(head))}`
}

function checkToken(token) {
  const [head, payload, signature = ''] = token.split('.')
  const expected = sign(`${head}.${payload}`)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'TOKEN_INVALID', 'the token is not ours')
  const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  if (!(exp * 1000 > Date.now())) throw new HttpError(401, 'TOKEN_EXPIRED', 'the token has expired')
}

// The form `contact` (PROTOCOL.md §10) as `contact.schema` describes it; the
// schema's x-mizan-forms holds the same fields (what mizan-generate emits).
const textField = (name, label, extra) => ({ name, label, type: 'text', widget: 'text', required: true, disabled: false, help_text: '', ...extra })
export const CONTACT_FORM = {
  name: 'contact',
  title: 'Contact us',
  submit_label: 'Send',
  fields: {
    name: textField('name', 'Name', { max_length: 100 }),
    email: textField('email', 'Email', { type: 'email', widget: 'email' }),
    topic: textField('topic', 'Topic', {
      type: 'choice',
      widget: 'select',
      initial: 'general',
      choices: [
        { value: 'general', label: 'General question' },
        { value: 'billing', label: 'Billing' },
        { value: 'bug', label: 'Bug report' },
      ],
    }),
    message: textField('message', 'Message', { widget: 'textarea', help_text: 'Between 10 and 500 characters.', min_length: 10, max_length: 500 }),
  },
  field_order: ['name', 'email', 'topic', 'message'],
  meta: { live_validation: true },
}
const BLOCKED_DOMAIN = 'blocked.example'
// Django's EmailValidator, simplified: a local part, an @, and a dotted domain.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

// One field's errors and cleaned value, in Django's order: required, then the
// format, the lengths, the choices, then the form's clean_<field> (the
// server-only rule); a field with errors has no cleaned value.
function cleanContactField(field, raw) {
  const text = raw === undefined || raw === null ? '' : String(raw)
  const value = field.type === 'choice' ? text : text.trim() // CharField and EmailField strip, ChoiceField does not
  const error = (code, message) => ({ errors: [{ message, code }] })
  if (value.trim() === '') return field.required ? error('required', 'This field is required.') : { errors: [], value: '' }
  if (field.type === 'email' && !EMAIL.test(value)) return error('invalid', 'Enter a valid email address.')
  const errors = []
  const chars = (n) => `${n} character${n === 1 ? '' : 's'}`
  if (field.min_length !== undefined && value.length < field.min_length) {
    errors.push({ message: `Ensure this value has at least ${chars(field.min_length)} (it has ${value.length}).`, code: 'min_length' })
  }
  if (field.max_length !== undefined && value.length > field.max_length) {
    errors.push({ message: `Ensure this value has at most ${chars(field.max_length)} (it has ${value.length}).`, code: 'max_length' })
  }
  if (field.choices && !field.choices.some((c) => c.value === value)) {
    errors.push({ message: `Select a valid choice. ${value} is not one of the available choices.`, code: 'invalid_choice' })
  }
  if (errors.length > 0) return { errors }
  if (field.type === 'email' && value.split('@').pop().toLowerCase() === BLOCKED_DOMAIN) {
    return error('blocked_domain', 'We do not accept messages from this domain.')
  }
  return { errors: [], value }
}

// The whole form (or one field): { valid, errors, cleaned }. The form-level
// rule (clean(): no spam) runs only for the whole form, on a clean message.
function validateContact(args) {
  const data = args.data ?? {}
  if (typeof data !== 'object' || Array.isArray(data)) throw invalid('data', 'data must be an object of field values')
  const only = args.field ?? undefined
  if (only !== undefined && !Object.hasOwn(CONTACT_FORM.fields, only)) throw invalid('field', `the form has no field "${only}"`)
  const errors = {}
  const cleaned = {}
  for (const name of only === undefined ? CONTACT_FORM.field_order : [only]) {
    const out = cleanContactField(CONTACT_FORM.fields[name], data[name])
    if (out.errors.length > 0) errors[name] = out.errors
    else cleaned[name] = out.value
  }
  if (only === undefined && cleaned.message !== undefined && /\bspam\b/i.test(cleaned.message)) {
    errors.__all__ = [{ message: 'This message looks like spam.', code: 'spam' }]
  }
  return { valid: Object.keys(errors).length === 0, errors, cleaned }
}

const functions = {
  // The token: an ordinary call, on the session (the cookie), without a token.
  mwt_obtain(db) {
    return { result: issueToken(db, Math.floor(Date.now() / 1000)) }
  },
  add_card(db, args) {
    const boardId = Number(args.board_id)
    if (!db.boards.has(boardId)) throw invalid('board_id', `board ${args.board_id} does not exist`)
    const card = { id: db.nextCardId++, board_id: boardId, title: requireText(args, 'title') }
    db.cards.push(card)
    return { result: card, merge: [{ context: 'board', slot: 'cards', value: card, params: { board_id: boardId } }] }
  },
  edit_card(db, args) {
    const card = db.cards.find((c) => c.id === Number(args.card_id))
    if (!card) throw new HttpError(404, 'NOT_FOUND', `card ${args.card_id} does not exist`)
    card.title = requireText(args, 'title')
    return { result: card, merge: [{ context: 'board', slot: 'cards', value: card, params: { board_id: card.board_id } }] }
  },
  rename_board(db, args) {
    const board = db.boards.get(Number(args.board_id))
    if (!board) throw invalid('board_id', `board ${args.board_id} does not exist`)
    board.name = requireText(args, 'name')
    return { result: { ...board }, invalidate: [{ context: 'board', params: { board_id: board.id } }] }
  },
  // The form `contact`: what a Django form registers (PROTOCOL.md §10).
  'contact.schema'() {
    return { result: structuredClone(CONTACT_FORM) }
  },
  'contact.validate'(db, args) {
    const { valid, errors } = validateContact(args)
    return { result: { valid, errors } }
  },
  'contact.submit'(db, args) {
    const { valid, errors, cleaned } = validateContact({ data: args.data })
    if (!valid) throw new HttpError(400, 'VALIDATION_FAILED', 'The form has errors.', { errors })
    const ticket = db.nextTicket++
    db.contactMessages.push({ ticket, ...cleaned })
    return { result: { ok: true, ticket, name: cleaned.name } }
  },
  // A call the schema marks websocket: true; the HTTP endpoint answers it too.
  echo(db, args) {
    if (typeof args.text !== 'string') throw invalid('text', 'text must be a string')
    return { result: { text: args.text } }
  },
}

// The contexts another client should refetch after a mutation: what it
// invalidates, plus each context it merged into (the others did not get
// the merged value).
function staleTargets(out) {
  const targets = [...(out.invalidate ?? []), ...(out.merge ?? []).map(({ context, params }) => ({ context, params }))]
  return targets.filter((t, i) => targets.findIndex((u) => JSON.stringify(u) === JSON.stringify(t)) === i)
}

// Channels (PROTOCOL.md §9). open() checks a subscription's params and
// returns the key of the subscribers it joins (throws: refused, the error's
// message is the reason); send() turns what a client sends into the event
// every subscriber of that key gets, or null to drop it.
export const CHAT_HISTORY = 50
const chatText = (value, max) => typeof value === 'string' && value.trim() !== '' && value.length <= max
const channels = {
  board_chat: {
    open(db, params) {
      const boardId = Number(params.board_id)
      if (!db.boards.has(boardId)) throw new HttpError(404, 'NOT_FOUND', 'no such board')
      return boardId
    },
    send(db, boardId, payload) {
      if (!chatText(payload?.author, 100) || !chatText(payload.text, 500)) return null
      const message = { author: payload.author, text: payload.text, at: Date.now() }
      const history = db.chat.get(boardId) ?? []
      history.push(message)
      db.chat.set(boardId, history.slice(-CHAT_HISTORY))
      return message
    },
  },
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers })
  res.end(body === undefined ? '' : JSON.stringify(body))
}

function sendError(res, error, headers) {
  // Django's envelope (PROTOCOL.md §3).
  send(res, error.status, { error: true, code: error.code, message: error.message, details: error.details }, headers)
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function cookie(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

// X-Mizan-Invalidate (PROTOCOL.md §4): the header twin of a body's targets.
function invalidateHeader(targets = []) {
  return targets
    .map((t) =>
      typeof t === 'string'
        ? t
        : [t.context, ...Object.entries(t.params ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)].join(';'),
    )
    .join(', ')
}

/**
 * The API as a request handler for `{base}/...`; answers false for any
 * other path so the caller can serve pages and files.
 *
 * @example
 * const api = createBoardApi()
 * http.createServer(async (req, res) => { if (!(await api.handle(req, res))) res.end('page') })
 *
 * @param {{ base?: string, csrf?: boolean }} [options] csrf: reject a call
 *   without the CSRF cookie's token in X-CSRFToken (403), as Django does.
 */
export function createBoardApi({ base = '/api/mizan', csrf = true } = {}) {
  const api = {
    db: seed(),
    /** What the socket side lets RPC frames call (SOCKET_FUNCTIONS). */
    socketFunctions: SOCKET_FUNCTIONS,
    /** Every API request, in order: { method, path, params, fn, userAgent, cookie, token, at, status }. */
    requests: [],
    /** Failures for the next context GETs: { status, when?(request) }, used in order. */
    contextFailures: [],
    /** Makes the next context GET (that `when` accepts) fail with `status`. */
    failNextContext(status = 500, when = () => true) {
      api.contextFailures.push({ status, when })
    },
    reset() {
      api.db = seed()
      api.requests.length = 0
      api.contextFailures.length = 0
    },
    /**
     * Runs a function, for the HTTP endpoint and the socket alike: the
     * body of a call's answer ({ result, merge?, invalidate? }), or throws
     * the HttpError it fails with. A mutation's stale contexts go to
     * onStale(targets, origin) (the socket side pushes them); `origin` is
     * the caller: its socket, or an HTTP caller's CSRF cookie (null: none).
     */
    call(fn, args, origin = null) {
      if (typeof fn !== 'string' || !Object.hasOwn(functions, fn)) throw new HttpError(404, 'NOT_FOUND', `no function "${fn}"`)
      const out = functions[fn](api.db, args ?? {})
      const body = { result: out.result }
      if (out.merge) body.merge = out.merge
      if (out.invalidate) body.invalidate = out.invalidate
      const targets = staleTargets(out)
      if (targets.length > 0) api.onStale?.(targets, origin)
      return body
    },
    /** Set by the socket side: told each mutation's stale contexts and where the call came from (null: HTTP). */
    onStale: null,
    /** A subscription's key (its subscribers share events); throws HttpError when refused. */
    openChannel(name, params) {
      if (typeof name !== 'string' || !Object.hasOwn(channels, name)) throw new HttpError(404, 'NOT_FOUND', 'no such channel')
      return channels[name].open(api.db, params !== null && typeof params === 'object' ? params : {})
    },
    /** The event a client's send becomes for every subscriber of `key`, or null (dropped). */
    sendChannel(name, key, payload) {
      return channels[name].send(api.db, key, payload)
    },
    /** Throws HttpError 401 unless `token` is a valid, unexpired token of ours. */
    checkToken(token) {
      checkToken(String(token))
    },
    async handle(req, res) {
      const url = new URL(req.url, 'http://localhost')
      if (!url.pathname.startsWith(`${base}/`)) return false
      const path = url.pathname.slice(base.length)
      const record = {
        method: req.method,
        path,
        params: Object.fromEntries(url.searchParams),
        fn: null,
        userAgent: req.headers['user-agent'] ?? '',
        cookie: req.headers.cookie ?? '',
        status: 0,
      }
      api.requests.push(record)
      record.token = req.headers['x-mizan-token'] ?? null
      record.at = Date.now()
      res.on('finish', () => (record.status = res.statusCode))
      try {
        if (record.token) checkToken(record.token)
        if (req.method === 'GET' && path === '/session/') {
          const token = cookie(req, 'csrftoken') ?? Math.random().toString(36).slice(2)
          send(res, 200, { ok: true }, { 'Set-Cookie': `csrftoken=${token}; Path=/; SameSite=Lax` })
        } else if (req.method === 'GET' && path === '/schema/') {
          send(res, 200, SCHEMA)
        } else if (req.method === 'GET' && path.startsWith('/ctx/')) {
          const name = decodeURIComponent(path.slice(5).replace(/\/$/, ''))
          if (!Object.hasOwn(contexts, name)) throw new HttpError(404, 'NOT_FOUND', `no context "${name}"`)
          const failure = api.contextFailures.findIndex((f) => f.when(record))
          if (failure >= 0) {
            const { status } = api.contextFailures.splice(failure, 1)[0]
            throw new HttpError(status, `HTTP_${status}`, 'the server failed (scripted)')
          }
          send(res, 200, contexts[name](api.db, record.params))
        } else if (req.method === 'POST' && path === '/call/') {
          await handleCall(req, res, record)
        } else {
          throw new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${path}`)
        }
      } catch (error) {
        if (!(error instanceof HttpError)) throw error
        sendError(res, error)
      }
      return true
    },
  }

  async function handleCall(req, res, record) {
    if (csrf) {
      const token = cookie(req, 'csrftoken')
      if (!token || req.headers['x-csrftoken'] !== token) throw new HttpError(403, 'CSRF_FAILED', 'CSRF token missing or incorrect')
    }
    let body
    try {
      body = JSON.parse(await readBody(req))
    } catch {
      throw new HttpError(400, 'BAD_REQUEST', 'the body is not JSON')
    }
    record.fn = body?.fn ?? null
    const payload = api.call(record.fn, body?.args, cookie(req, 'csrftoken'))
    send(res, 200, payload, payload.invalidate ? { 'X-Mizan-Invalidate': invalidateHeader(payload.invalidate) } : {})
  }

  return api
}

/**
 * Starts the API alone on 127.0.0.1 (tests): `port` 0 picks a free one.
 *
 * @example
 * const server = await startBoardServer({ csrf: false })
 * const kernel = createKernel({ baseUrl: server.baseUrl, csrf: false, session: false })
 * await server.close()
 */
export async function startBoardServer({ port = 0, csrf = true } = {}) {
  const api = createBoardApi({ csrf })
  const server = http.createServer((req, res) => {
    api.handle(req, res).then((handled) => handled || send(res, 404, { error: true, code: 'NOT_FOUND', message: 'not found' }))
  })
  const live = attachLive(server, api)
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}`
  return {
    url,
    baseUrl: `${url}/api/mizan`,
    /** The channels' socket (PROTOCOL.md §9). */
    wsUrl: `ws://127.0.0.1:${server.address().port}/api/mizan/ws/`,
    api,
    /** The socket side's test controls (live.js). */
    live,
    requests: api.requests,
    failNextContext: api.failNextContext,
    /** Back to the seed data; no chat history, refusals or logged frames (the sockets stay open). */
    reset() {
      api.reset()
      live.reset()
    },
    close() {
      live.close()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}
