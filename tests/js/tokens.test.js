// mizan-kernel/tokens over the real wasm kernel and a scripted fetch, with
// the kernel's clock in the test's hands: when the token is obtained, that
// concurrent requests share one obtain, the 401 replay, bad tokens.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKernel, init } from '../../js/index.js'
import { mwt, readToken } from '../../js/tokens.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

beforeAll(() => init())

const b64url = (s) => Buffer.from(s).toString('base64url')
const HEADER = b64url('{"alg":"HS256","typ":"JWT"}')
/** An unsigned JWT (the client never verifies): exp in seconds. */
const jwt = (claims) => `${HEADER}.${b64url(JSON.stringify(claims))}.sig`

let clock = 0
let kernel
let script
function make(token = mwt({ skew: 30_000 }), options = {}) {
  script = scriptedFetch()
  kernel = createKernel({ fetch: script.fetch, csrf: false, server: false, now: () => clock, token, ...options })
  return kernel
}
afterEach(() => {
  kernel?.dispose()
  clock = 0
})

const obtains = () => script.requests.filter((r) => r.body?.fn === 'mwt_obtain')
const tokenOf = (r) => r.init.headers['X-Mizan-Token']
// A call whose outcome this test does not look at (a disposed kernel rejects it).
const fire = (fn) => kernel.call(fn).catch(() => {})
const answerObtain = (claims, i = -1) =>
  obtains()
    .at(i)
    .reply({ result: jwt(claims) })
const s = (ms) => Math.floor(ms / 1000) // seconds, as exp is written

describe('obtaining and renewing', () => {
  it('N concurrent requests share one obtain and go out with its token', async () => {
    make()
    const calls = [kernel.call('a'), kernel.call('b'), kernel.call('c')]
    const ctx = kernel.registerContext('user')
    await settle()
    expect(obtains()).toHaveLength(1)
    expect(script.requests).toHaveLength(1) // the others wait for the token
    expect(tokenOf(obtains()[0])).toBeUndefined() // the obtain itself carries no token
    await answerObtain({ sub: '7', exp: s(300_000) })
    const sent = script.requests.filter((r) => r.body?.fn !== 'mwt_obtain')
    expect(sent).toHaveLength(4)
    expect(new Set(sent.map(tokenOf))).toEqual(new Set([jwt({ sub: '7', exp: 300 })]))
    for (const r of sent) await r.reply(r.url.startsWith('call/') ? { result: 1 } : { me: 7 })
    await Promise.all(calls)
    expect(ctx.getState().data).toEqual({ me: 7 })
  })

  it('renews exactly once, `skew` before exp, and never sends an expired token', async () => {
    make(mwt({ skew: 30_000 }))
    fire('a')
    await settle()
    await answerObtain({ sub: '7', exp: 300 })
    clock = 269_999 // 1 ms before exp - skew: still fresh
    fire('b')
    await settle()
    expect(obtains()).toHaveLength(1)
    clock = 270_000 // due: the next requests wait for one new obtain
    fire('c')
    fire('d')
    await settle()
    expect(obtains()).toHaveLength(2)
    await answerObtain({ sub: '7', exp: 600 })
    const late = script.requests.filter((r) => ['c', 'd'].includes(r.body?.fn))
    expect(late.map(tokenOf)).toEqual([jwt({ sub: '7', exp: 600 }), jwt({ sub: '7', exp: 600 })])
    clock = 310_000 // past the first token's exp: it is never sent again
    fire('e')
    await settle()
    expect(tokenOf(script.requests.at(-1))).toBe(jwt({ sub: '7', exp: 600 }))
    expect(obtains()).toHaveLength(2)
  })

  it('takes { token } as the obtain result, or a function of its own', async () => {
    make()
    fire('a')
    await settle()
    await obtains()[0].reply({ result: { token: jwt({ sub: '1', exp: 100 }), expires_in: 100 } })
    expect(tokenOf(script.requests.at(-1))).toBe(jwt({ sub: '1', exp: 100 }))
    kernel.dispose()
    let asked = 0
    make(mwt({ obtain: async () => (asked++, jwt({ sub: '2', exp: 100 })) }))
    fire('b')
    await settle()
    expect(asked).toBe(1)
    expect(script.requests.map(tokenOf)).toEqual([jwt({ sub: '2', exp: 100 })])
  })

  it('reset() forgets the token: the next request obtains a new one', async () => {
    make()
    fire('a')
    await settle()
    await answerObtain({ sub: '7', exp: 300 })
    kernel.reset()
    fire('b')
    await settle()
    expect(obtains()).toHaveLength(2)
  })

  it('the obtain is the kernel’s own call (callBodyKey and all), not the app’s: not in isMutating(), not told to onError', async () => {
    const errors = []
    make(mwt(), { callBodyKey: 'function', onError: (error, about) => errors.push([error.code, about]) })
    const a = kernel.call('a')
    a.catch(() => {}) // asserted below, after the reply
    await settle()
    const obtain = script.requests.find((r) => r.body?.function === 'mwt_obtain')
    expect(obtain.body).toEqual({ function: 'mwt_obtain', args: {} })
    expect(kernel.isMutating()).toBe(1)
    expect(kernel.isMutating({ fn: 'mwt_obtain' })).toBe(0)
    await obtain.reply({ error: true, code: 'NOT_SIGNED_IN', message: 'log in first' }, { status: 403 })
    await expect(a).rejects.toMatchObject({ code: 'NOT_SIGNED_IN', status: 403 })
    expect(errors).toEqual([['NOT_SIGNED_IN', { fn: 'a', args: undefined }]])
    expect(kernel.stats).toMatchObject({ pendingCalls: 0, pendingRequests: 0 })
  })

  it('each kernel keeps its own token, even from one mwt()', async () => {
    const shared = mwt()
    const first = make(shared)
    const firstScript = script
    first.call('a').catch(() => {})
    await settle()
    await firstScript.requests[0].reply({ result: jwt({ sub: 'alice', exp: 300 }) })
    const second = createKernel({ fetch: (script = scriptedFetch()).fetch, csrf: false, server: false, now: () => clock, token: shared })
    second.call('b').catch(() => {})
    await settle()
    expect(script.requests[0].body.fn).toBe('mwt_obtain') // not alice's token
    second.dispose()
  })
})

describe('with Django’s CSRF bootstrap', () => {
  it('bootstraps the cookie without a token, then obtains, then sends the call', async () => {
    let cookie
    make(mwt(), { csrf: {}, session: true, getCookie: () => cookie })
    const result = kernel.call('update')
    await settle()
    expect(script.requests.map((r) => r.url)).toEqual(['session/'])
    expect(tokenOf(script.requests[0])).toBeUndefined() // the obtain is waiting for it: no deadlock
    cookie = 'csrf-1'
    await script.requests[0].reply({ ok: true })
    expect(obtains()).toHaveLength(1)
    expect(obtains()[0].init.headers['X-CSRFToken']).toBe('csrf-1')
    await answerObtain({ sub: '7', exp: 300 })
    const sent = script.requests.at(-1)
    expect(sent.body.fn).toBe('update')
    expect(sent.init.headers).toMatchObject({ 'X-CSRFToken': 'csrf-1', 'X-Mizan-Token': jwt({ sub: '7', exp: 300 }) })
    await sent.reply({ result: 'ok' })
    await expect(result).resolves.toBe('ok')
  })
})

describe('a 401', () => {
  it('on a call that carried a token: obtain once more and send the call once more', async () => {
    make()
    const result = kernel.call('update', { x: 1 })
    await settle()
    await answerObtain({ sub: '7', exp: 300 })
    await script.requests.at(-1).reply({ error: true, code: 'BAD_TOKEN', message: 'revoked' }, { status: 401 })
    expect(obtains()).toHaveLength(2)
    await answerObtain({ sub: '7', exp: 301 })
    const replay = script.requests.at(-1)
    expect(replay.body).toEqual({ fn: 'update', args: { x: 1 } })
    expect(tokenOf(replay)).toBe(jwt({ sub: '7', exp: 301 }))
    await replay.reply({ result: 'done' })
    await expect(result).resolves.toBe('done')
  })

  it('a second 401 is the caller’s error, with the server’s code', async () => {
    make()
    const result = kernel.call('update')
    result.catch(() => {}) // asserted below, after the replies
    await settle()
    await answerObtain({ sub: '7', exp: 300 })
    await script.requests.at(-1).reply({ error: true, code: 'BAD_TOKEN', message: 'revoked' }, { status: 401 })
    await answerObtain({ sub: '7', exp: 301 })
    await script.requests.at(-1).reply({ error: true, code: 'BAD_TOKEN', message: 'still revoked' }, { status: 401 })
    await expect(result).rejects.toMatchObject({ code: 'BAD_TOKEN', status: 401 })
    expect(obtains()).toHaveLength(2)
  })

  it('on a context GET: replayed once with a new token', async () => {
    make()
    const ctx = kernel.registerContext('user')
    await settle()
    await answerObtain({ sub: '7', exp: 300 })
    await script.requests.at(-1).reply({ error: true, code: 'BAD_TOKEN', message: 'x' }, { status: 401 })
    await answerObtain({ sub: '7', exp: 301 })
    await script.requests.at(-1).reply({ me: 7 })
    expect(ctx.getState()).toMatchObject({ status: 'success', data: { me: 7 } })
  })

  it('without the token option, a 401 on a token the app sent in getHeaders is the caller’s error, sent once', async () => {
    script = scriptedFetch()
    kernel = createKernel({ fetch: script.fetch, csrf: false, server: false, getHeaders: () => ({ 'X-Mizan-Token': jwt({ sub: '7', exp: 300 }) }) })
    const result = kernel.call('update')
    result.catch(() => {}) // asserted below, after the reply
    await settle()
    await script.requests[0].reply({ error: true, code: 'BAD_TOKEN', message: 'revoked' }, { status: 401 })
    await expect(result).rejects.toMatchObject({ code: 'BAD_TOKEN', status: 401 })
    expect(script.requests).toHaveLength(1)
  })
})

describe('failures', () => {
  it('a failing obtain rejects the waiting requests with its error, and the next request tries again', async () => {
    make()
    const a = kernel.call('a')
    const b = kernel.call('b')
    for (const p of [a, b]) p.catch(() => {}) // asserted below, after the reply
    await settle()
    await obtains()[0].reply({ error: true, code: 'NOT_SIGNED_IN', message: 'log in first' }, { status: 403 })
    await expect(a).rejects.toMatchObject({ code: 'NOT_SIGNED_IN', status: 403 })
    await expect(b).rejects.toMatchObject({ code: 'NOT_SIGNED_IN', status: 403 })
    expect(obtains()).toHaveLength(1) // no loop
    fire('c')
    await settle()
    expect(obtains()).toHaveLength(2)
  })

  it.each([
    ['two parts', 'a.b', /2 dot-separated parts, not 3/],
    ['bad base64', `${HEADER}.%%%.sig`, /not base64url JSON/],
    ['a payload that is not an object', `${HEADER}.${b64url('42')}.sig`, /not a JSON object/],
    ['no exp', jwt({ sub: '1' }), /no usable exp/],
    ['a string exp', jwt({ sub: '1', exp: '300' }), /no usable exp/],
    ['a huge exp', jwt({ sub: '1', exp: 1e300 }), /no usable exp/],
    ['not a string', 42, /not a string/],
  ])('refuses a token with %s: TOKEN_INVALID, and the kernel goes on', async (_, token, message) => {
    expect(() => readToken(token)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID', message: expect.stringMatching(message) }))
    make(mwt({ obtain: async () => token }))
    await expect(kernel.call('a')).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
    expect(kernel.stats).toMatchObject({ pendingCalls: 0, pendingRequests: 0 })
  })

  it('refuses a token whose exp has passed: TOKEN_EXPIRED, never sent', async () => {
    clock = 1_000_000
    make(mwt({ obtain: async () => jwt({ sub: '1', exp: 999 }) }))
    await expect(kernel.call('a')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' })
    expect(script.requests).toHaveLength(0)
  })

  it('refuses bad options with INVALID_ARGUMENT naming them', () => {
    expect(() => mwt({ obtian: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/obtian/) }))
    expect(() => mwt({ skew: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => mwt({ obtain: '' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => createKernel({ token: { obtain: 'mwt_obtain' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/mwt\(\) from 'mizan-kernel\/tokens'/) }),
    )
  })
})

describe('identity', () => {
  it('the token’s sub is the identity: another sub purges what the first user loaded', async () => {
    make(mwt({ skew: 0 }))
    const ctx = kernel.registerContext('profile')
    await settle()
    await answerObtain({ sub: 'alice', exp: 100 })
    await script.requests.at(-1).reply({ me: 'alice' })
    clock = 100_000 // expired: the next request obtains, and the server says bob
    fire('x')
    await settle()
    await answerObtain({ sub: 'bob', exp: 200 })
    expect(ctx.getState()).toMatchObject({ status: 'loading', data: undefined }) // alice's data is gone
  })
})
