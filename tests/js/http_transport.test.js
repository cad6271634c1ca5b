// createKernel against a real HTTP server (node:http on 127.0.0.1, ephemeral
// port) that speaks the wire contract the way a Django Mizan server does
// (PROTOCOL.md §1–§4): context bundles, session bootstrap with a CSRF cookie,
// calls guarded by X-CSRFToken, invalidation in the body and in
// X-Mizan-Invalidate, merges, error envelopes. The server is scripted per
// test; no other network is used.
import http from 'node:http'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createKernel, init, MizanError } from '../../js/index.js'

const realSetTimeout = globalThis.setTimeout
const realClearTimeout = globalThis.clearTimeout
const WAIT_MS = 2000 // a state or a request not reached by then fails the test

const HTML_PAGE = '<!doctype html><html><head><title>Oops</title></head><body><h1>Something broke</h1></body></html>'

// ---------------------------------------------------------------------------
// The scriptable server
// ---------------------------------------------------------------------------

/**
 * A Mizan server as Django serves it. Per test, scripts:
 * - `ctxPlan`: answers for the next context GETs, taken in order: a response
 *   `{ status, body, type, headers, when? }` (`when(record)` restricts the
 *   item to matching requests) or `{ hang: true, when? }` to hold the request
 *   open until the client goes away;
 * - `sessionStatus`: what GET /session/ answers (200 sets the cookie);
 * - `requireCsrf`: whether POST /call/ checks X-CSRFToken against the cookie;
 * - `callHandler(body, record)`: the answer to an accepted call (same shape
 *   as a ctxPlan item, `body` being the parsed JSON request).
 * Every request is recorded (method, url, headers, raw body, and whether the
 * client closed the connection before the answer: `closedEarly`).
 */
function createMizanServer() {
  const s = {
    port: 0,
    token: 'csrf-token-1',
    requests: [],
    ctxPlan: [],
    sessionStatus: 200,
    sessionHold: null, // set to a function to hold GET /session/ open; it receives release()
    requireCsrf: true,
    callHandler: null,
    open: new Set(), // responses held open
    listeners: new Set(),
  }

  s.reset = () => {
    s.requests = []
    s.ctxPlan = []
    s.sessionStatus = 200
    s.sessionHold = null
    s.requireCsrf = true
    s.callHandler = null
    s.token = `csrf-token-${Math.random().toString(36).slice(2)}`
  }

  const notify = () => {
    for (const listener of [...s.listeners]) listener()
  }

  /** Resolves with the first recorded request for which `predicate` holds. */
  s.waitFor = (predicate, label = 'a request') =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = s.requests.find(predicate)
        if (!found) return
        done()
        resolve(found)
      }
      const timer = realSetTimeout(() => {
        done()
        reject(new Error(`server: ${label} did not arrive in ${WAIT_MS} ms; saw ${s.requests.map((r) => `${r.method} ${r.url}`).join(', ')}`))
      }, WAIT_MS)
      const done = () => {
        realClearTimeout(timer)
        s.listeners.delete(check)
      }
      s.listeners.add(check)
      check()
    })

  s.ctxGets = (url) => s.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/mizan/ctx/') && (url === undefined || r.url === url))
  s.sessionGets = () => s.requests.filter((r) => r.path === '/api/mizan/session/')
  s.posts = () => s.requests.filter((r) => r.method === 'POST' && r.path === '/api/mizan/call/')

  // The bundle of a context: its data carries how many times this URL was
  // fetched, so a refetch is visible in the data.
  function bundle(name, query, record) {
    const n = s.ctxGets(record.url).length
    if (name === 'user') {
      const id = Number(query.get('user_id'))
      return {
        user_profile: { id, name: `User ${id}`, fetch: n },
        user_orders: [
          { id: 1, total: 10 },
          { id: 2, total: 20 },
        ],
      }
    }
    return { [`${name}_echo`]: Object.fromEntries(query), fetch: n }
  }

  function send(res, { status = 200, body = null, type = 'application/json', headers = {} }) {
    res.writeHead(status, { 'Cache-Control': 'no-store', 'Content-Type': type, ...headers })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }

  function answer(res, plan) {
    if (plan.hang) {
      s.open.add(res)
      res.on('close', () => s.open.delete(res))
      return
    }
    send(res, plan)
  }

  function cookies(header = '') {
    const jar = {}
    for (const part of header.split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0) jar[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
    }
    return jar
  }

  s.server = http.createServer(async (req, res) => {
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const url = new URL(req.url, 'http://127.0.0.1')
    const record = {
      method: req.method,
      url: req.url,
      path: url.pathname,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      closedEarly: false,
      at: performance.now(),
    }
    s.requests.push(record)
    res.on('close', () => {
      if (!res.writableEnded) {
        record.closedEarly = true
        notify()
      }
    })

    const ctx = /^\/api\/mizan\/ctx\/([a-z_]+)\/$/.exec(url.pathname)
    if (req.method === 'GET' && ctx) {
      const at = s.ctxPlan.findIndex((p) => !p.when || p.when(record))
      if (at >= 0) answer(res, s.ctxPlan.splice(at, 1)[0])
      else send(res, { body: bundle(ctx[1], url.searchParams, record) })
    } else if (req.method === 'GET' && url.pathname === '/api/mizan/session/') {
      const grant = () => send(res, { body: { ok: true }, headers: { 'Set-Cookie': `csrftoken=${s.token}; Path=/; SameSite=Lax` } })
      if (s.sessionHold) {
        s.open.add(res)
        res.on('close', () => s.open.delete(res))
        s.sessionHold(() => {
          s.open.delete(res)
          grant()
        })
      } else if (s.sessionStatus === 200) {
        grant()
      } else {
        send(res, { status: s.sessionStatus, body: HTML_PAGE, type: 'text/html' })
      }
    } else if (req.method === 'POST' && url.pathname === '/api/mizan/call/') {
      const cookie = cookies(req.headers.cookie).csrftoken
      if (s.requireCsrf && (!cookie || req.headers['x-csrftoken'] !== cookie)) {
        send(res, {
          status: 403,
          body: { error: true, code: 'CSRF_FAILED', message: 'CSRF verification failed. Request aborted.' },
        })
      } else {
        const parsed = JSON.parse(record.body)
        answer(res, s.callHandler ? s.callHandler(parsed, record) : { body: { result: { ok: true } } })
      }
    } else {
      send(res, { status: 404, body: { error: true, code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` } })
    }
    notify()
  })

  s.start = () =>
    new Promise((resolve) => {
      s.server.listen(0, '127.0.0.1', () => {
        s.port = s.server.address().port
        resolve()
      })
    })

  s.releaseHeld = () => {
    for (const res of s.open) res.destroy()
    s.open.clear()
  }

  s.stop = () =>
    new Promise((resolve) => {
      s.releaseHeld()
      s.server.closeAllConnections()
      s.server.close(() => resolve())
    })

  return s
}

// ---------------------------------------------------------------------------
// Client side: a browser-like cookie jar, kernels, and waiting for states
// ---------------------------------------------------------------------------

/**
 * globalThis.fetch with a tiny cookie jar, as a browser would have: Set-Cookie
 * from responses is stored, Cookie is sent on requests. `log` records how
 * each fetch ended ('response' or the error's name).
 */
function cookieFetch(jar, log) {
  return async (url, init = {}) => {
    const headers = new Headers(init.headers)
    if (jar.size > 0) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const entry = { url: String(url), method: init.method ?? 'GET', outcome: 'pending' }
    log.push(entry)
    try {
      const response = await globalThis.fetch(url, { ...init, headers })
      for (const line of response.headers.getSetCookie()) {
        const pair = line.split(';')[0]
        const eq = pair.indexOf('=')
        if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
      }
      entry.outcome = 'response'
      return response
    } catch (error) {
      entry.outcome = error?.name ?? 'error'
      throw error
    }
  }
}

const server = createMizanServer()
const kernels = []

function makeKernel(options = {}) {
  const jar = new Map()
  const log = []
  const problems = []
  const kernel = createKernel({
    baseUrl: `http://127.0.0.1:${server.port}/api/mizan`,
    fetch: cookieFetch(jar, log),
    getCookie: (name) => jar.get(name),
    retryDelays: [5, 10],
    server: false, // a browser-like kernel, though node has no window
    onProblem: (problem) => problems.push(problem),
    ...options,
  })
  kernels.push(kernel)
  return { kernel, jar, log, problems }
}

/** Resolves with the state once `predicate(getState())` holds; rejects after WAIT_MS. */
function waitForState(handle, predicate, label = 'the expected state') {
  return new Promise((resolve, reject) => {
    let off = () => {}
    const timer = realSetTimeout(() => {
      off()
      reject(new Error(`${label} not reached in ${WAIT_MS} ms; last state: ${JSON.stringify(handle.getState())}`))
    }, WAIT_MS)
    const check = () => {
      const state = handle.getState()
      if (!predicate(state)) return
      off()
      realClearTimeout(timer)
      resolve(state)
    }
    off = handle.subscribe(check)
    check()
  })
}

/** Resolves once `condition()` holds, checking on every server event and each ms. */
function waitUntil(condition, label) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const tick = () => {
      if (condition()) return resolve()
      if (performance.now() - started > WAIT_MS) return reject(new Error(`${label} not reached in ${WAIT_MS} ms`))
      realSetTimeout(tick, 1)
    }
    tick()
  })
}

/** Every distinct status a handle goes through, starting with the current one. */
function trackStatuses(handle) {
  const statuses = [handle.getState().status]
  handle.subscribe(() => {
    const status = handle.getState().status
    if (statuses.at(-1) !== status) statuses.push(status)
  })
  return statuses
}

const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve))

const settled = async (promise) => {
  try {
    return { value: await promise }
  } catch (error) {
    return { error }
  }
}

beforeAll(async () => {
  await init()
  await server.start()
})

afterAll(async () => {
  await server.stop()
})

beforeEach(() => {
  server.reset()
})

afterEach(() => {
  vi.restoreAllMocks()
  for (const kernel of kernels.splice(0)) kernel.dispose()
  server.releaseHeld()
})

// ---------------------------------------------------------------------------

describe('1. loading a context', () => {
  it('GETs ctx/{name}/?{sorted query} with the getHeaders() headers; loading → success with the bundle', async () => {
    let headerCalls = 0
    const { kernel } = makeKernel({
      getHeaders: async () => {
        headerCalls++
        await Promise.resolve()
        return { 'X-Mizan-Token': 'tok' }
      },
    })

    const user = kernel.registerContext('user', { user_id: 5 })
    const statuses = trackStatuses(user)
    expect(user.getState()).toMatchObject({ status: 'loading', isFetching: true, data: undefined, error: null })

    const state = await waitForState(user, (s) => s.status === 'success')
    expect(state.data).toEqual({
      user_profile: { id: 5, name: 'User 5', fetch: 1 },
      user_orders: [
        { id: 1, total: 10 },
        { id: 2, total: 20 },
      ],
    })
    expect(state).toMatchObject({ error: null, isFetching: false })
    expect(state.updatedAt).toBeGreaterThan(0)
    expect(statuses).toEqual(['loading', 'success'])

    const [get] = server.ctxGets()
    expect(server.requests).toHaveLength(1)
    expect(get.method).toBe('GET')
    expect(get.url).toBe('/api/mizan/ctx/user/?user_id=5')
    expect(get.headers['x-mizan-token']).toBe('tok')
    expect(get.headers.accept).toBe('application/json')
    expect(get.headers['x-csrftoken']).toBeUndefined() // GETs carry no CSRF header
    expect(headerCalls).toBe(1)
    expect(kernel.stats.pendingRequests).toBe(0)
  })

  it('sorts query keys and percent-encodes values: {b: 1, a: "x y"} → ?a=x%20y&b=1', async () => {
    const { kernel } = makeKernel()
    const search = kernel.registerContext('search', { b: 1, a: 'x y' })
    const state = await waitForState(search, (s) => s.status === 'success')
    expect(server.ctxGets().map((r) => r.url)).toEqual(['/api/mizan/ctx/search/?a=x%20y&b=1'])
    expect(state.data).toEqual({ search_echo: { a: 'x y', b: '1' }, fetch: 1 })
  })
})

describe('2. CSRF and session bootstrap', () => {
  it('bootstraps the cookie once through GET /session/, then sends X-CSRFToken and {"fn", "args"}', async () => {
    server.callHandler = (body) => ({ body: { result: { saved: body.args.name } } })
    const { kernel, jar } = makeKernel()
    expect(jar.has('csrftoken')).toBe(false)

    const first = await kernel.call('update_profile', { user_id: 5, name: 'Ann' })
    expect(first).toEqual({ saved: 'Ann' })
    expect(jar.get('csrftoken')).toBe(server.token)
    expect(server.sessionGets()).toHaveLength(1)
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/mizan/session/', 'POST /api/mizan/call/'])

    const [post] = server.posts()
    expect(post.headers['x-csrftoken']).toBe(server.token)
    expect(post.headers.cookie).toBe(`csrftoken=${server.token}`)
    expect(post.headers['content-type']).toBe('application/json')
    expect(JSON.parse(post.body)).toEqual({ fn: 'update_profile', args: { user_id: 5, name: 'Ann' } })
    expect(Object.keys(JSON.parse(post.body))).toEqual(['fn', 'args'])

    const second = await kernel.call('update_profile', { user_id: 5, name: 'Bob' })
    expect(second).toEqual({ saved: 'Bob' })
    expect(server.sessionGets()).toHaveLength(1) // the cookie is there: no second bootstrap
    expect(server.posts()).toHaveLength(2)
    expect(server.posts()[1].headers['x-csrftoken']).toBe(server.token)
    expect(kernel.stats).toMatchObject({ pendingRequests: 0, pendingCalls: 0 })
  })

  it('concurrent first calls share one bootstrap', async () => {
    const { kernel } = makeKernel()
    const results = await Promise.all([kernel.call('a', {}), kernel.call('b', {}), kernel.call('c', {})])
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }])
    expect(server.sessionGets()).toHaveLength(1)
    expect(server.posts().map((p) => p.headers['x-csrftoken'])).toEqual([server.token, server.token, server.token])
  })

  it('callBodyKey: "function" renames the body key', async () => {
    const { kernel } = makeKernel({ callBodyKey: 'function' })
    await kernel.call('update_profile', { user_id: 5 })
    expect(JSON.parse(server.posts()[0].body)).toEqual({ function: 'update_profile', args: { user_id: 5 } })
  })

  it('FastAPI (session: false, csrf: false): no /session/ request and no CSRF header', async () => {
    server.requireCsrf = false
    const { kernel, jar } = makeKernel({ session: false, csrf: false })
    expect(await kernel.call('update_profile', { user_id: 5 })).toEqual({ ok: true })
    expect(await kernel.call('update_profile', { user_id: 6 })).toEqual({ ok: true })
    expect(server.sessionGets()).toHaveLength(0)
    expect(server.posts()).toHaveLength(2)
    for (const post of server.posts()) {
      expect(post.headers['x-csrftoken']).toBeUndefined()
      expect(post.headers.cookie).toBeUndefined()
    }
    expect(jar.size).toBe(0)
  })

  it('custom cookie and header names', async () => {
    const { kernel, jar } = makeKernel({ csrf: { cookieName: 'my_csrf', headerName: 'X-My-Csrf' } })
    jar.set('my_csrf', 'abc123')
    server.requireCsrf = false
    await kernel.call('update_profile', {})
    expect(server.sessionGets()).toHaveLength(0) // the cookie is present
    expect(server.posts()[0].headers['x-my-csrf']).toBe('abc123')
    expect(server.posts()[0].headers['x-csrftoken']).toBeUndefined()
  })
})

describe('3. session bootstrap failing', () => {
  it('tries /session/ 4 times, the call then fails with CSRF_FAILED 403, and the next call bootstraps again', async () => {
    // The bootstrap backoff (100, 200, 400 ms) is fixed in js/transport.js;
    // to keep this test fast, exactly those timers are shortened to 1 ms and
    // the delays asked for are recorded.
    const backoff = []
    vi.spyOn(globalThis, 'setTimeout').mockImplementation((fn, ms, ...rest) => {
      if (ms === 100 || ms === 200 || ms === 400) {
        backoff.push(ms)
        return realSetTimeout(fn, 1, ...rest)
      }
      return realSetTimeout(fn, ms, ...rest)
    })

    server.sessionStatus = 500
    const { kernel, jar } = makeKernel()
    const failed = await settled(kernel.call('update_profile', { user_id: 5 }))

    expect(failed.error).toBeInstanceOf(MizanError)
    expect(failed.error).toMatchObject({ code: 'CSRF_FAILED', status: 403, message: 'CSRF verification failed. Request aborted.' })
    expect(server.sessionGets()).toHaveLength(4) // 1 + 3 retries
    expect(backoff).toEqual([100, 200, 400])
    expect(server.posts()).toHaveLength(1) // the call went ahead without a token
    expect(server.posts()[0].headers['x-csrftoken']).toBeUndefined()
    expect(jar.has('csrftoken')).toBe(false)
    expect(kernel.stats).toMatchObject({ pendingRequests: 0, pendingCalls: 0 })

    server.sessionStatus = 200
    expect(await kernel.call('update_profile', { user_id: 5 })).toEqual({ ok: true })
    expect(server.sessionGets()).toHaveLength(5) // bootstrapped again, once
    expect(server.posts()).toHaveLength(2)
    expect(server.posts()[1].headers['x-csrftoken']).toBe(server.token)
  })
})

describe('4. invalidation and merge from call responses', () => {
  async function mountUsers(kernel) {
    const u5 = kernel.registerContext('user', { user_id: 5 })
    const u6 = kernel.registerContext('user', { user_id: 6 })
    await waitForState(u5, (s) => s.status === 'success')
    await waitForState(u6, (s) => s.status === 'success')
    return { u5, u6 }
  }
  const U5 = '/api/mizan/ctx/user/?user_id=5'
  const U6 = '/api/mizan/ctx/user/?user_id=6'

  it('body invalidate + X-Mizan-Invalidate for user 5 refetch user 5 exactly once, and not user 6', async () => {
    const { kernel, problems } = makeKernel()
    const { u5, u6 } = await mountUsers(kernel)
    const before6 = u6.getState()

    server.callHandler = () => ({
      body: { result: { saved: true }, invalidate: [{ context: 'user', params: { user_id: 5 } }] },
      headers: { 'X-Mizan-Invalidate': 'user;user_id=5' },
    })
    const result = await kernel.call('update_profile', { user_id: 5, name: 'Ann' })
    expect(result).toEqual({ saved: true })
    // The refetch is under way by the time the call resolves.
    expect(u5.getState().isFetching).toBe(true)
    expect(u5.getState().status).toBe('success') // the old data stays while refetching

    const state = await waitForState(u5, (s) => !s.isFetching)
    expect(state.status).toBe('success')
    expect(state.data.user_profile.fetch).toBe(2)
    expect(kernel.stats.pendingRequests).toBe(0) // nothing else queued
    expect(server.ctxGets(U5)).toHaveLength(2) // mount + one refetch
    expect(server.ctxGets(U6)).toHaveLength(1) // mount only
    expect(u6.getState()).toBe(before6)
    expect(problems).toEqual([])
  })

  it('a header-only invalidation (a broad "user") refetches every mounted user once', async () => {
    const { kernel } = makeKernel()
    const { u5, u6 } = await mountUsers(kernel)
    server.callHandler = () => ({ body: { result: null }, headers: { 'X-Mizan-Invalidate': 'user, user;user_id=6' } })
    expect(await kernel.call('reset_all', {})).toBeNull()
    await waitForState(u5, (s) => !s.isFetching)
    await waitForState(u6, (s) => !s.isFetching)
    expect(kernel.stats.pendingRequests).toBe(0)
    expect(server.ctxGets(U5)).toHaveLength(2)
    expect(server.ctxGets(U6)).toHaveLength(2)
  })

  it('merge entries update the snapshot without a GET, before the call resolves', async () => {
    const { kernel, problems } = makeKernel()
    const { u5, u6 } = await mountUsers(kernel)
    const before5 = u5.getState()
    const before6 = u6.getState()
    const getsBefore = server.ctxGets().length

    server.callHandler = () => ({
      body: {
        result: { id: 2, total: 99 },
        merge: [
          { context: 'user', slot: 'user_orders', value: { id: 2, total: 99 }, params: { user_id: 5 } },
          { context: 'user', slot: 'user_orders', value: { id: 3, total: 30 }, params: { user_id: '5' } },
        ],
      },
    })
    const order = []
    u5.subscribe(() => order.push(`notified:${u5.getState().data.user_orders.length}`))
    const result = await kernel.call('update_order', { id: 2, total: 99 }).then((r) => {
      order.push('resolved')
      return r
    })

    expect(result).toEqual({ id: 2, total: 99 })
    const state = u5.getState()
    expect(state.data.user_orders).toEqual([
      { id: 1, total: 10 },
      { id: 2, total: 99 },
      { id: 3, total: 30 },
    ])
    expect(state.data.user_profile).toBe(before5.data.user_profile) // untouched slot keeps its identity
    expect(state).toMatchObject({ status: 'success', isFetching: false })
    expect(order.at(-1)).toBe('resolved')
    expect(order).toContain('notified:3')
    expect(u6.getState()).toBe(before6)
    expect(server.ctxGets()).toHaveLength(getsBefore) // no GET
    expect(kernel.stats.pendingRequests).toBe(0)
    expect(problems).toEqual([])
  })
})

describe('5. retries', () => {
  const U5 = '/api/mizan/ctx/user/?user_id=5'

  it('a context GET answering 500 twice then 200: retried after 5 and then 10 ms, then success', async () => {
    // The delays the transport asks for are recorded, not measured: the
    // clock of a shared machine proves nothing. (Faking the timers would
    // stall Node's fetch, which runs on them too.)
    const delays = []
    const realTimeout = globalThis.setTimeout
    vi.spyOn(globalThis, 'setTimeout').mockImplementation((fn, ms, ...rest) => {
      if (ms > 0) delays.push(ms)
      return realTimeout(fn, ms, ...rest)
    })
    server.ctxPlan.push({ status: 500, body: HTML_PAGE, type: 'text/html' }, { status: 500, body: HTML_PAGE, type: 'text/html' })
    const { kernel } = makeKernel({ retryDelays: [5, 10] })
    const user = kernel.registerContext('user', { user_id: 5 })
    const statuses = trackStatuses(user)
    const state = await waitForState(user, (s) => s.status === 'success')
    vi.restoreAllMocks()
    expect(state.data.user_profile).toEqual({ id: 5, name: 'User 5', fetch: 3 })
    expect(server.ctxGets(U5)).toHaveLength(3)
    expect(delays.filter((ms) => ms < 1000)).toEqual([5, 10]) // the retries' waits, in order
    expect(statuses).toEqual(['loading', 'success']) // no error shown between attempts
    expect(kernel.stats.pendingRequests).toBe(0)
  })

  it('500 three times: 1 + 2 retries, then error HTTP_500 with status 500', async () => {
    for (let i = 0; i < 4; i++) server.ctxPlan.push({ status: 500, body: 'Internal Server Error', type: 'text/plain' })
    const { kernel } = makeKernel()
    const user = kernel.registerContext('user', { user_id: 5 })

    const state = await waitForState(user, (s) => s.status === 'error')
    expect(state.error).toBeInstanceOf(MizanError)
    expect(state.error).toMatchObject({ code: 'HTTP_500', status: 500 })
    expect(state).toMatchObject({ data: undefined, isFetching: false })
    expect(kernel.stats.pendingRequests).toBe(0) // no further retry scheduled
    expect(server.ctxGets(U5)).toHaveLength(3)
  })

  it('the error envelope code of the last answer wins over HTTP_<status>', async () => {
    const envelope = { error: true, code: 'DB_UNAVAILABLE', message: 'database is down', details: { retry_after: 3 } }
    for (let i = 0; i < 3; i++) server.ctxPlan.push({ status: 503, body: envelope })
    const { kernel } = makeKernel()
    const user = kernel.registerContext('user', { user_id: 5 })
    const state = await waitForState(user, (s) => s.status === 'error')
    expect(state.error).toMatchObject({ code: 'DB_UNAVAILABLE', status: 503, message: 'database is down', details: { retry_after: 3 } })
    expect(server.ctxGets(U5)).toHaveLength(3)
  })

  it('a 4xx context answer is not retried', async () => {
    server.ctxPlan.push({ status: 404, body: { error: true, code: 'NOT_FOUND', message: 'no such user' } })
    const { kernel } = makeKernel()
    const user = kernel.registerContext('user', { user_id: 5 })
    const state = await waitForState(user, (s) => s.status === 'error')
    expect(state.error).toMatchObject({ code: 'NOT_FOUND', status: 404 })
    expect(kernel.stats.pendingRequests).toBe(0)
    expect(server.ctxGets(U5)).toHaveLength(1)
  })

  it('a call answering 500 is not retried: one POST, rejects with MizanError', async () => {
    server.callHandler = () => ({ status: 500, body: HTML_PAGE, type: 'text/html' })
    const { kernel } = makeKernel()
    const failed = await settled(kernel.call('update_profile', { user_id: 5 }))
    expect(failed.error).toBeInstanceOf(MizanError)
    expect(failed.error).toMatchObject({ code: 'HTTP_500', status: 500 })
    expect(kernel.stats).toMatchObject({ pendingRequests: 0, pendingCalls: 0 })
    expect(server.posts()).toHaveLength(1)
  })
})

describe('6. abort', () => {
  it('unregister() while the GET is held open closes the connection; nothing pending; never success', async () => {
    server.ctxPlan.push({ hang: true })
    const { kernel, log } = makeKernel()
    const user = kernel.registerContext('user', { user_id: 5 })
    const statuses = trackStatuses(user)

    const request = await server.waitFor((r) => r.path === '/api/mizan/ctx/user/', 'the context GET')
    expect(kernel.stats.pendingRequests).toBe(1)
    user.unregister()
    expect(kernel.stats.pendingRequests).toBe(0)

    await waitUntil(() => request.closedEarly, 'the server seeing the connection closed')
    await waitUntil(() => log.every((e) => e.outcome !== 'pending'), 'the fetch settling')
    expect(log.map((e) => e.outcome)).toEqual(['AbortError'])
    expect(user.getState().status).toBe('idle')
    expect(statuses).not.toContain('success')
    expect(kernel.stats.pendingRequests).toBe(0)
  })

  it('dispose() while a call and a GET are in flight: the call rejects DISPOSED, both connections close', async () => {
    server.ctxPlan.push({ hang: true })
    server.callHandler = () => ({ hang: true })
    const { kernel, log } = makeKernel()
    const user = kernel.registerContext('user', { user_id: 5 })
    const statuses = trackStatuses(user)
    const call = settled(kernel.call('slow_update', { user_id: 5 }))

    const get = await server.waitFor((r) => r.path === '/api/mizan/ctx/user/', 'the context GET')
    const post = await server.waitFor((r) => r.method === 'POST', 'the call POST')
    expect(kernel.stats).toMatchObject({ pendingRequests: 2, pendingCalls: 1 })

    kernel.dispose()
    const { error } = await call
    expect(error).toBeInstanceOf(MizanError)
    expect(error.code).toBe('DISPOSED')

    await waitUntil(() => get.closedEarly && post.closedEarly, 'the server seeing both connections closed')
    await waitUntil(() => log.every((e) => e.outcome !== 'pending'), 'the fetches settling')
    expect(log.filter((e) => e.outcome === 'AbortError')).toHaveLength(2)
    expect(kernel.stats).toEqual({ entries: 0, records: 0, pendingRequests: 0, pendingCalls: 0 })
    expect(statuses).not.toContain('success')
    expect(() => kernel.call('again', {})).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
  })
})

describe('6b. abort before the request is sent', () => {
  it('unregister() while an async getHeaders() is pending: the GET is never sent', async () => {
    let release
    const { kernel, log } = makeKernel({
      getHeaders: () => new Promise((resolve) => (release = () => resolve({ 'X-Mizan-Token': 'tok' }))),
    })
    const user = kernel.registerContext('user', { user_id: 5 })
    expect(release).toBeTypeOf('function') // getHeaders was asked
    user.unregister()
    expect(kernel.stats.pendingRequests).toBe(0)

    release()
    await nextMacrotask()
    await nextMacrotask()
    expect(log).toEqual([]) // fetch was never called
    expect(user.getState().status).toBe('idle')
    expect(kernel.stats.pendingRequests).toBe(0)
    expect(server.requests).toEqual([])
  })

  it('dispose() during the session bootstrap aborts it: the call rejects DISPOSED and its POST is never sent', async () => {
    let grant
    server.sessionHold = (release) => (grant = release)
    const { kernel, log } = makeKernel()
    const call = settled(kernel.call('delete_account', { user_id: 5 }))
    await server.waitFor((r) => r.path === '/api/mizan/session/', 'the session GET')

    kernel.dispose()
    expect((await call).error).toMatchObject({ code: 'DISPOSED' })

    // dispose() aborted the bootstrap itself: its GET ends as an abort, and
    // no retry or POST follows.
    await waitUntil(() => log.length > 0, 'the session fetch to end')
    expect(log[0].outcome).toBe('AbortError')
    grant()
    await nextMacrotask()
    await nextMacrotask()
    expect(log.map((e) => e.method)).toEqual(['GET']) // no POST: the mutation did not reach the server
    expect(server.posts()).toEqual([])
    expect(kernel.stats).toEqual({ entries: 0, records: 0, pendingRequests: 0, pendingCalls: 0 })
  })
})

describe('7. bad responses', () => {
  async function mountOther(kernel) {
    const other = kernel.registerContext('user', { user_id: 6 })
    return { other, before: await waitForState(other, (s) => s.status === 'success') }
  }
  const U5 = '/api/mizan/ctx/user/?user_id=5'
  const onlyUser5 = (r) => r.url === U5

  it('an HTML page with 200 → INVALID_RESPONSE (not retried); another mounted context is unchanged', async () => {
    const { kernel } = makeKernel()
    const { other, before } = await mountOther(kernel)
    server.ctxPlan.push({ status: 200, body: HTML_PAGE, type: 'text/html', when: onlyUser5 })

    const user = kernel.registerContext('user', { user_id: 5 })
    const state = await waitForState(user, (s) => s.status === 'error')
    expect(state.error).toBeInstanceOf(MizanError)
    expect(state.error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 })
    expect(state).toMatchObject({ data: undefined, isFetching: false })
    expect(server.ctxGets(U5)).toHaveLength(1)
    expect(kernel.stats.pendingRequests).toBe(0)
    expect(other.getState()).toBe(before)
  })

  it('a JSON value that is not an object of slots → INVALID_RESPONSE', async () => {
    server.ctxPlan.push({ status: 200, body: [1, 2, 3] })
    const { kernel } = makeKernel()
    const user = kernel.registerContext('user', { user_id: 5 })
    const state = await waitForState(user, (s) => s.status === 'error')
    expect(state.error.code).toBe('INVALID_RESPONSE')
  })

  it('a 502 HTML page, after the retries → HTTP_502; another mounted context is unchanged', async () => {
    const { kernel } = makeKernel()
    const { other, before } = await mountOther(kernel)
    for (let i = 0; i < 3; i++) {
      server.ctxPlan.push({ status: 502, body: '<html><body>502 Bad Gateway</body></html>', type: 'text/html', when: onlyUser5 })
    }

    const user = kernel.registerContext('user', { user_id: 5 })
    const state = await waitForState(user, (s) => s.status === 'error')
    expect(state.error).toMatchObject({ code: 'HTTP_502', status: 502 })
    expect(server.ctxGets(U5)).toHaveLength(3)
    expect(kernel.stats.pendingRequests).toBe(0)
    expect(other.getState()).toBe(before)
  })

  it('an error after success keeps the last good data', async () => {
    const { kernel } = makeKernel()
    const user = kernel.registerContext('user', { user_id: 5 })
    const good = await waitForState(user, (s) => s.status === 'success')
    server.ctxPlan.push({ status: 200, body: HTML_PAGE, type: 'text/html' })
    const state = await user.refetch()
    expect(state.status).toBe('error')
    expect(state.error.code).toBe('INVALID_RESPONSE')
    expect(state.data).toEqual(good.data)
  })
})
