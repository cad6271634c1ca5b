// The I/O the kernel decides on: GET a context, POST a call, abort. Adds the
// app's headers (getHeaders, which may be async), the CSRF token on non-GET
// requests, and bootstraps the CSRF cookie through GET {base}/session/ when
// it is missing (PROTOCOL.md §2). Retries are the kernel's decision; this
// layer only waits the delay it is told.
import { invalidArgument } from './errors.js'
import { checkScalar } from './validate.js'

const SESSION_RETRIES = 3 // after 100, 200 and 400 ms
const SESSION = -1 // the session bootstrap's id among the requests (the kernel's are > 0)

function readDocumentCookie(name) {
  if (typeof document === 'undefined') return undefined
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=')
    if (eq >= 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}

const utf8 = new TextDecoder()

// Python's urllib.parse.quote(text, safe='/'), as PROTOCOL.md §1 spells the
// query string: every UTF-8 byte but A–Z a–z 0–9 _ . - ~ / as %XX. Throws
// URIError on a lone surrogate.
const quote = (text) =>
  encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/')

/**
 * The URL path of context `name` with `params`, relative to the base, as the
 * kernel builds it (PROTOCOL.md §1 and §5.2), for params whose spelling is
 * certain without the kernel: a plain object of strings, booleans, null and
 * finite numbers, keys below U+D800 (where JS's sort is the UTF-8 byte
 * order). Anything else (nested values, a lone surrogate) gives null: only
 * the kernel spells it.
 * @param {string} name
 * @param {object} [params]
 * @returns {string | null}
 */
export function contextPath(name, params = {}) {
  if (typeof name !== 'string' || !name || Object.getPrototypeOf(params ?? 0) !== Object.prototype) return null
  const keys = Object.keys(params).sort()
  if (/[\ud800-\uffff]/.test(keys.join(''))) return null
  try {
    const pairs = []
    for (const key of keys) {
      const value = params[key]
      if (value === undefined) continue
      if (!checkScalar(key, value)) return null
      pairs.push(`${quote(key)}=${quote(String(value))}`)
    }
    return `ctx/${quote(name)}/${pairs.length ? `?${pairs.join('&')}` : ''}`
  } catch {
    return null // a lone surrogate, or a number that is not finite (checkScalar throws)
  }
}

const base = (options) => (options.baseUrl ?? '/api/mizan').replace(/\/+$/, '')

// Context GETs sent before their kernel existed, by URL (see
// fetchContextEarly): the first transport that asks for the same URL adopts
// the response instead of sending the GET again; then it is forgotten.
const early = new Map() // url -> { fetchImpl, abort(), result, answer (once in) }
const EARLY_TTL_MS = 3000

/**
 * Sends the GET of context `name` now, for a kernel that is not made yet
 * (the React provider's children while the wasm loads): the kernel's
 * transport adopts the response when it asks for the same URL. Only when
 * the request is certain to be the one the kernel will send: params it
 * can spell (contextPath), and no getHeaders or token in `options` (they
 * would change the request or need the kernel). A response nobody adopts
 * within 3 s after `until` settles (the wasm's load) is dropped.
 * @example
 * const answer = fetchContextEarly({ baseUrl: '/api/mizan' }, 'board', { board_id: 1 }, loadStatus().loading)
 * @param {object} options the kernel's options, baseUrl included
 * @param {string} name
 * @param {object} [params]
 * @param {Promise<unknown>} [until]
 * @returns {Promise<unknown> | null} when the GET is on its way (sent now
 * or before): a promise that settles (never rejects) once its answer, or
 * its failure, is in; null when it is not sent
 */
export function fetchContextEarly(options, name, params, until) {
  if (options.getHeaders || options.token || options.server) return null
  const path = contextPath(name, params)
  const fetchImpl = options.fetch ?? globalThis.fetch
  // (Bad options are the kernel's to report, when it is made.)
  if (path === null || typeof fetchImpl !== 'function' || typeof (options.baseUrl ?? '') !== 'string') return null
  const target = `${base(options)}/${path}`
  // (One sent with another fetch is not this kernel's to adopt: nothing to wait for.)
  if (early.has(target)) return early.get(target).fetchImpl === fetchImpl ? early.get(target).result : null
  // Sent as the kernel's transport sends it: the same request.
  const transport = createTransport(options)
  const result = new Promise((resolve) => transport.fetchContext(0, path, 0, resolve))
  const entry = { fetchImpl, abort: () => transport.abort(0), result, answer: null }
  result.then((answer) => (entry.answer = answer))
  early.set(target, entry)
  const drop = () => {
    if (early.get(target) !== entry) return
    early.delete(target)
    entry.abort()
  }
  Promise.allSettled([result, until]).then(() => setTimeout(drop, EARLY_TTL_MS).unref?.())
  return result
}

function takeEarly(target, fetchImpl) {
  const entry = early.get(target)
  if (!entry || entry.fetchImpl !== fetchImpl) return null
  early.delete(target)
  return entry
}

// The identity a request speaks for: the `sub` claim of its X-Mizan-Token
// (an HS256 JWT, PROTOCOL.md §2), or undefined when it carries no readable
// token (which says nothing about who the user is).
function tokenSubject(headers) {
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() !== 'x-mizan-token') continue
    try {
      const payload = String(headers[name]).split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
      const sub = JSON.parse(utf8.decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)))).sub
      return sub === undefined || sub === null ? null : String(sub)
    } catch {
      return undefined
    }
  }
  return undefined
}

/**
 * @param {object} options the kernel's options
 * @param {(sub: string | null, request: number) => void} [onIdentity] told
 *   the token identity of each request just before it is sent
 * @param {() => number} [now] the kernel's clock (token expiry; needed with options.token)
 * @param {(fn: string) => Promise<unknown>} [obtain] calls `fn` as the
 *   kernel's calls go, but sent without the token (the token's obtain;
 *   never from inside the kernel's pump, where headers are asked for)
 */
export function createTransport(options, onIdentity, now, obtain) {
  const baseUrl = base(options)
  const fetchImpl = options.fetch ?? globalThis.fetch
  const csrf = options.csrf === false ? null : { cookieName: 'csrftoken', headerName: 'X-CSRFToken', ...options.csrf }
  const getCookie = options.getCookie ?? readDocumentCookie
  const getHeaders = options.getHeaders ?? (() => ({}))
  const session = options.session ?? true
  const controllers = new Map() // request id -> AbortController (of its request, or its retry's wait)
  let bootstrap = null // the session bootstrap's promise while it runs

  // mizan-kernel/tokens' state for this kernel alone (options.token is made
  // by mwt()): it adds X-Mizan-Token and obtains it through a call of the
  // kernel's that goes out without a token.
  const token = options.token?.bind({ now, call: obtain })

  if (typeof fetchImpl !== 'function') {
    throw invalidArgument('options.fetch must be a function (no global fetch here)')
  }
  // Browsers throw "Illegal invocation" when fetch runs detached from the
  // global object, as `fetch: window.fetch` or the default would.
  const doFetch = (target, init) => fetchImpl.call(globalThis, target, init)

  const url = (path) => `${baseUrl}/${path}`

  // getHeaders may be sync or async; a sync one keeps the request in the
  // same tick (fetch is called before the kernel call that asked returns).
  // `anonymous`: no token (the token's own obtain).
  function withHeaders(extra, fail, go, anonymous) {
    let more
    try {
      more = getHeaders()
      // With a token, a microtask later: it may be waiting for an obtain.
      if (token && !anonymous) more = Promise.all([more, token.header()]).then(([a, b]) => ({ ...a, ...b }))
    } catch (error) {
      return fail(error)
    }
    if (more && typeof more.then === 'function') more.then((h) => go({ ...extra, ...h }), fail)
    else go({ ...extra, ...more })
  }

  // One bootstrap at a time; a total failure resets so the next call tries
  // again. Returns the bootstrap promise, or null when there is nothing to
  // wait for. Its controller is tracked as request SESSION's, so dispose()
  // aborts it (a retry's wait then never ends) and `pending` counts it.
  function ensureCsrfCookie() {
    if (!csrf || !session || getCookie(csrf.cookieName)) return null
    if (!bootstrap) {
      const { signal } = track(SESSION)
      let timer
      signal.addEventListener('abort', () => clearTimeout(timer))
      bootstrap = (async () => {
        for (let attempt = 0; !signal.aborted; attempt++) {
          try {
            const headers = await new Promise((resolve, reject) => withHeaders({}, reject, resolve, true)) // no token: an obtain may be waiting for this
            const response = await doFetch(url('session/'), { credentials: 'same-origin', headers, signal })
            if (response.ok) return
          } catch {
            // a network failure or the abort: retried below unless aborted
          }
          if (attempt >= SESSION_RETRIES) return
          await new Promise((resolve) => (timer = setTimeout(resolve, 100 << attempt)))
        }
      })().finally(() => {
        bootstrap = null
        controllers.delete(SESSION)
      })
    }
    return bootstrap
  }

  // The controller exists from the moment the kernel asks, so an abort
  // that comes while headers or the CSRF cookie are still being prepared
  // cancels the request before it is sent.
  function track(request) {
    const controller = new AbortController()
    controllers.set(request, controller)
    return controller
  }

  // `replay`: sends the request once more (a 401 on a token the server
  // refused: the token module obtains a new one first); absent on a replay.
  async function send(request, controller, init, deliver, replay) {
    const sub = tokenSubject(init.headers)
    // A new identity purges the kernel first, which may abort this request.
    if (sub !== undefined && !controller.signal.aborted) onIdentity?.(sub, request)
    if (controller.signal.aborted) return
    try {
      const response = await doFetch(init.url, { ...init, signal: controller.signal, credentials: 'same-origin' })
      const bytes = new Uint8Array(await response.arrayBuffer())
      if (controller.signal.aborted) return
      const sent = init.headers['X-Mizan-Token']
      if (token && response.status === 401 && sent && replay) return (token.refused(sent), replay())
      deliver({ status: response.status, header: response.headers.get('X-Mizan-Invalidate'), bytes })
    } catch (error) {
      if (!controller.signal.aborted) deliver({ error })
    } finally {
      if (controllers.get(request) === controller) controllers.delete(request)
    }
  }

  // A call's POST, with the CSRF token (bootstrapping its cookie first when
  // it is missing). `anonymous`: without the token (the token's obtain).
  function call(request, body, deliver, anonymous, replayed) {
    const controller = track(request)
    const fail = (error) => {
      controllers.delete(request)
      if (!controller.signal.aborted) deliver({ error })
    }
    // (Throws what the app's getCookie throws.)
    const post = () => {
      const csrfToken = csrf && getCookie(csrf.cookieName)
      const extra = { 'Content-Type': 'application/json', Accept: 'application/json' }
      if (csrfToken) extra[csrf.headerName] = csrfToken
      withHeaders(
        extra,
        fail,
        (headers) =>
          send(
            request,
            controller,
            { url: url('call/'), method: 'POST', body, headers },
            deliver,
            !replayed && (() => call(request, body, deliver, anonymous, true)),
          ),
        anonymous,
      )
    }
    try {
      const bootstrapping = ensureCsrfCookie()
      if (bootstrapping) bootstrapping.then(post).catch(fail)
      else post()
    } catch (error) {
      fail(error) // the app's getCookie threw
    }
  }

  return {
    fetchContext(request, path, delay, deliver) {
      const run = (replayed) => {
        controllers.delete(request) // its retry's wait, if any, is over
        // The same GET sent before this kernel existed: its response, once.
        const adopted = !replayed && !options.getHeaders && !token && takeEarly(url(path), fetchImpl)
        // One already in is delivered at once, so that the first render of
        // a kernel made once its early answers were in (the React
        // provider's) has their data.
        if (adopted?.answer) return deliver(adopted.answer)
        const controller = track(request)
        if (adopted) {
          controller.signal.addEventListener('abort', adopted.abort)
          adopted.result.then((response) => {
            if (controller.signal.aborted) return
            controllers.delete(request)
            deliver(response)
          })
          return
        }
        const fail = (error) => {
          controllers.delete(request)
          if (!controller.signal.aborted) deliver({ error })
        }
        withHeaders({ Accept: 'application/json' }, fail, (headers) =>
          send(request, controller, { url: url(path), method: 'GET', headers }, deliver, !replayed && (() => run(true))),
        )
      }
      if (delay > 0) {
        // A retry's wait: tracked as the request, so that abort() and dispose() end it.
        const timer = setTimeout(run, delay)
        track(request).signal.addEventListener('abort', () => clearTimeout(timer))
      } else run()
    },

    call,
    token, // the socket's `auth` frame carries it (js/channels.js)

    abort(request) {
      controllers.get(request)?.abort()
      controllers.delete(request)
    },

    dispose() {
      for (const controller of controllers.values()) controller.abort()
      controllers.clear()
    },

    /** Forgets the token (sign-out): the next request obtains a new one. */
    forgetToken() {
      token?.reset()
    },

    /** Requests in flight or waiting to be retried, session bootstrap included (for leak checks). */
    get pending() {
      return controllers.size
    },
  }
}
