// Context GETs sent before their kernel exists (the React provider's while
// the wasm loads): the URL built in JS is the kernel's byte for byte, and
// the kernel's transport adopts the response once instead of sending the
// GET again.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createKernel, init } from '../../js/index.js'
import { contextPath, fetchContextEarly } from '../../js/transport.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

beforeAll(() => init())
afterEach(() => vi.useRealTimers())

const kernelWith = (fetch, options = {}) => createKernel({ baseUrl: '/api/mizan', fetch, csrf: false, session: false, server: false, ...options })

// What the kernel itself asks for: the path of its first GET.
function kernelPath(name, params) {
  const { fetch, requests } = scriptedFetch()
  const kernel = kernelWith(fetch)
  kernel.registerContext(name, params)
  kernel.dispose()
  return requests[0].url
}

describe('contextPath (PROTOCOL.md §1 and §5.2, as the kernel spells it)', () => {
  const spelled = [
    ['user', { user_id: 5 }],
    ['user', { user_id: '5' }],
    ['user', { user_id: 5.0 }],
    ['search', { b: 1, a: 'x y' }],
    ['c', { t: true, f: false, n: null, big: 1e21, tiny: 1e-7, half: 1.5, neg: -0, huge: 12345678901234567000, pow: 2 ** 70 }],
    ['my ctx?', {}],
    ['board', undefined],
    ['board', { board_id: 1, gone: undefined }],
    ['q', { text: "a+b/c?d=e&f#g%h !'()*~._-" }],
    ['q', { 'k y': 'é😀\u00a0\u2028', '/': '/' }],
    ['q', { é: 3, Z: 4, a: 5, _: 6, '~': 7 }], // UTF-8 byte order: Z, _, a, ~, é
    ['ctx/with/slash', { x: '' }],
  ]
  it.each(spelled)('%s %j: the kernel’s own URL', (name, params) => {
    expect(contextPath(name, params)).toBe(kernelPath(name, params))
  })

  const unsure = [
    ['nested object', { filter: { done: false } }],
    ['array', { ids: [1, 2] }],
    ['lone surrogate', { s: '\ud800' }],
    ['keys from U+D800 up (JS sorts them otherwise than UTF-8 bytes)', { '😀': 1, '\ue000': 2, a: 3 }],
    ['a null-prototype object', Object.assign(Object.create(null), { a: 1 })],
    ['NaN', { n: NaN }],
    ['a Date', { at: new Date(0) }],
    ['a class instance', new (class Params {})()],
    ['an array as params', [1]],
    ['null params', null],
    ['an empty name', {}, ''],
  ]
  it.each(unsure)('%s: null (only the kernel spells it)', (_, params, name = 'q') => {
    expect(contextPath(name, params)).toBeNull()
  })
})

describe('fetchContextEarly and the transport', () => {
  it('the kernel adopts the early GET: one request on the wire, the data from its response', async () => {
    const { fetch, requests } = scriptedFetch()
    const answer = fetchContextEarly({ baseUrl: '/api/mizan/', fetch }, 'board', { board_id: 1 })
    expect(answer).toBeInstanceOf(Promise)
    expect(fetchContextEarly({ baseUrl: '/api/mizan', fetch }, 'board', { board_id: 1 })).toBe(answer) // the same URL: not sent twice
    expect(requests.map((r) => r.url)).toEqual(['ctx/board/?board_id=1'])
    expect(requests[0].init).toMatchObject({ method: 'GET', headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    const kernel = kernelWith(fetch)
    const handle = kernel.registerContext('board', { board_id: 1 }) // asks while the early GET is in flight
    expect(requests).toHaveLength(1)
    expect(kernel.stats.pendingRequests).toBe(1)
    await requests[0].reply({ cards: [{ id: 1 }] })
    expect(handle.getState()).toMatchObject({ status: 'success', data: { cards: [{ id: 1 }] } })
    expect(kernel.stats.pendingRequests).toBe(0)
    // Adopted once, then forgotten: a refetch goes to the network.
    const refetched = handle.refetch()
    expect(requests).toHaveLength(2)
    await requests[1].reply({ cards: [] })
    await refetched
    kernel.dispose()
  })

  it('adopts a response that arrived before the kernel asked, and an error response as the kernel would have had it', async () => {
    const { fetch, requests } = scriptedFetch()
    fetchContextEarly({ fetch }, 'board', { board_id: 404 })
    await requests[0].reply({ error: true, code: 'NOT_FOUND', message: 'board 404 does not exist' }, { status: 404 })
    const kernel = kernelWith(fetch, { retryDelays: [] })
    const handle = kernel.registerContext('board', { board_id: 404 })
    await settle()
    expect(requests).toHaveLength(1)
    expect(handle.getState()).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND', status: 404 } })
    kernel.dispose()
  })

  it('an answer already in is delivered with the kernel’s mount, not a promise hop later (a render right after has the data)', async () => {
    const { fetch, requests } = scriptedFetch()
    const answer = fetchContextEarly({ fetch }, 'board', { board_id: 5 })
    await requests[0].reply({ cards: [{ id: 1 }] })
    await answer
    const kernel = kernelWith(fetch)
    const handle = kernel.registerContext('board', { board_id: 5 })
    expect(handle.getState()).toMatchObject({ status: 'success', data: { cards: [{ id: 1 }] } })
    expect(kernel.stats.pendingRequests).toBe(0)
    expect(requests).toHaveLength(1)
    kernel.dispose()
  })

  it('a network failure of the early GET is the kernel’s failure: it retries with its own GET', async () => {
    const { fetch, requests } = scriptedFetch()
    const answer = fetchContextEarly({ fetch }, 'board', { board_id: 1 })
    const kernel = kernelWith(fetch, { retryDelays: [0] })
    const handle = kernel.registerContext('board', { board_id: 1 })
    await requests[0].fail()
    await expect(answer).resolves.toHaveProperty('error') // settles, never rejects: the provider waits on it
    await settle()
    expect(requests).toHaveLength(2)
    await requests[1].reply({ cards: [] })
    expect(handle.getState().status).toBe('success')
    kernel.dispose()
  })

  it('no early GET when the request would differ or needs the kernel: getHeaders, a token, a server kernel, params only the kernel spells', () => {
    const { fetch, requests } = scriptedFetch()
    expect(fetchContextEarly({ fetch, getHeaders: () => ({ 'X-A': '1' }) }, 'board', { board_id: 1 })).toBeNull()
    expect(fetchContextEarly({ fetch, token: () => ({}) }, 'board', { board_id: 1 })).toBeNull()
    expect(fetchContextEarly({ fetch, server: true }, 'board', { board_id: 1 })).toBeNull()
    expect(fetchContextEarly({ fetch }, 'board', { filter: { a: 1 } })).toBeNull()
    expect(fetchContextEarly({ fetch, baseUrl: 42 }, 'board', { board_id: 1 })).toBeNull() // the kernel reports it
    expect(requests).toEqual([])
  })

  it('a kernel with getHeaders, or another fetch, does not adopt: it sends its own request', async () => {
    const early = scriptedFetch()
    fetchContextEarly({ fetch: early.fetch }, 'board', { board_id: 2 })
    const other = scriptedFetch()
    // The same URL with another fetch: not that kernel's answer to wait for, nor sent again.
    expect(fetchContextEarly({ fetch: other.fetch }, 'board', { board_id: 2 })).toBeNull()
    expect(other.requests).toHaveLength(0)
    const kernel = kernelWith(other.fetch)
    kernel.registerContext('board', { board_id: 2 })
    expect(other.requests.map((r) => r.url)).toEqual(['ctx/board/?board_id=2'])
    const withHeaders = kernelWith(early.fetch, { getHeaders: () => ({ 'X-A': '1' }) })
    withHeaders.registerContext('board', { board_id: 2 })
    expect(early.requests).toHaveLength(2) // its own, with its headers
    expect(early.requests[1].init.headers).toMatchObject({ 'X-A': '1' })
    kernel.dispose()
    withHeaders.dispose()
  })

  it('unmounting while the adopted GET is in flight aborts it', async () => {
    const { fetch, requests } = scriptedFetch()
    fetchContextEarly({ fetch }, 'board', { board_id: 3 })
    const kernel = kernelWith(fetch)
    const handle = kernel.registerContext('board', { board_id: 3 })
    handle.unregister()
    await settle()
    expect(requests[0].init.signal.aborted).toBe(true)
    expect(kernel.stats.pendingRequests).toBe(0)
    kernel.dispose()
  })

  it('an early response nobody adopts is dropped 3 s after it (and the wasm) settled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const fetch = vi.fn(async () => new Response('{"cards":[]}', { status: 200 }))
    let wasmLoaded
    fetchContextEarly({ fetch }, 'board', { board_id: 4 }, new Promise((resolve) => (wasmLoaded = resolve)))
    await new Promise((resolve) => setImmediate(resolve)) // the response is in; the wasm is not
    expect(vi.getTimerCount()).toBe(0) // no countdown while the wasm loads
    wasmLoaded()
    await vi.waitUntil(() => vi.getTimerCount() === 1)
    await vi.advanceTimersByTimeAsync(2900)
    fetchContextEarly({ fetch }, 'board', { board_id: 4 })
    expect(fetch).toHaveBeenCalledTimes(1) // still held
    await vi.advanceTimersByTimeAsync(200)
    const kernel = kernelWith(fetch)
    kernel.registerContext('board', { board_id: 4 })
    expect(fetch).toHaveBeenCalledTimes(2) // dropped: the kernel sends its own
    kernel.dispose()
  })
})
