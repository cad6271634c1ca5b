// Identity isolation: when the user changes (setIdentity, a token whose
// `sub` differs, or reset() on sign-out), nothing loaded for the old user is
// shown again — not from the cache, not from a response still in flight,
// not from a call's merge.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKernel, deriveCacheKey, init, MizanError } from '../../js/index.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

beforeAll(() => init())

let kernel
let script
let token = null
function make(options = {}) {
  script = scriptedFetch()
  kernel = createKernel({
    fetch: script.fetch,
    csrf: false,
    server: false,
    getHeaders: () => (token ? { 'X-Mizan-Token': token } : {}),
    ...options,
  })
  return kernel
}
afterEach(() => {
  kernel?.dispose()
  token = null
})

// An unsigned JWT is enough: the kernel reads `sub`, the server verifies.
const b64url = (s) => Buffer.from(s).toString('base64url')
const jwt = (sub) => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub, exp: 9e9 }))}.sig`

// Every data value any snapshot ever showed, to prove Alice's never reaches Bob.
function watch(handle) {
  const seen = []
  handle.subscribe(() => seen.push(handle.getState().data))
  return seen
}

describe('setIdentity', () => {
  it('adopts the first identity without purging (the page is that user’s)', async () => {
    make()
    const ctx = kernel.registerContext('profile')
    await script.open()[0].reply({ me: 'alice' })
    expect(kernel.setIdentity('alice')).toBe(false)
    expect(ctx.getState().data).toEqual({ me: 'alice' })
    expect(kernel.setIdentity('alice')).toBe(false) // same user: nothing happens
    expect(script.requests).toHaveLength(1)
  })

  it('on a change, mounted contexts drop the old data at once and reload for the new user', async () => {
    make({ identity: 'alice' })
    const ctx = kernel.registerContext('profile')
    await script.open()[0].reply({ me: 'alice' })
    const seen = watch(ctx)
    expect(kernel.setIdentity('bob')).toBe(true)
    expect(ctx.getState()).toMatchObject({ status: 'loading', data: undefined })
    await script.requests.at(-1).reply({ me: 'bob' })
    expect(ctx.getState().data).toEqual({ me: 'bob' })
    expect(seen.map((d) => d?.me)).toEqual([undefined, 'bob'])
  })

  it('a late response for the old user is dropped, never shown to the new one', async () => {
    make({ identity: 'alice' })
    const ctx = kernel.registerContext('profile')
    const seen = watch(ctx)
    const alices = script.open()[0]
    kernel.setIdentity('bob')
    expect(alices.init.signal.aborted).toBe(true)
    // The server answers Alice's request anyway (it was already on the wire).
    await alices.reply({ me: 'alice' })
    expect(ctx.getState()).toMatchObject({ status: 'loading', data: undefined })
    const bobs = script.open()
    expect(bobs).toHaveLength(1)
    expect(bobs[0]).not.toBe(alices)
    await bobs[0].reply({ me: 'bob' })
    expect(seen.flat().filter(Boolean)).toEqual([{ me: 'bob' }])
  })

  it('evicts cached contexts, so remounting loads them for the new user', async () => {
    make({ identity: 'alice' })
    const ctx = kernel.registerContext('orders')
    await script.open()[0].reply({ list: ['alice-order'] })
    ctx.unregister()
    expect(kernel.stats.entries).toBe(1)
    kernel.setIdentity('bob')
    expect(kernel.stats).toMatchObject({ entries: 0, records: 0 })
    const again = kernel.registerContext('orders')
    expect(again.getState()).toMatchObject({ status: 'loading', data: undefined })
    expect(kernel.observe('orders').getState().data).toBeUndefined()
  })

  it('rejects pending calls with IDENTITY_CHANGED and never applies their merges', async () => {
    make({ identity: 'alice' })
    const ctx = kernel.registerContext('board')
    await script.open()[0].reply({ cards: [{ id: 1, t: 'bob can see this' }] })
    const call = kernel.call('add_card', { t: 'alice secret' })
    await settle()
    const post = script.requests.find((r) => r.body?.fn === 'add_card')
    expect(post).toBeDefined()
    kernel.setIdentity('bob')
    await expect(call).rejects.toMatchObject({ code: 'IDENTITY_CHANGED' })
    await expect(call).rejects.toBeInstanceOf(MizanError)
    await post.reply({ result: 1, merge: [{ context: 'board', slot: 'cards', value: { id: 2, t: 'alice secret' } }] })
    await script.requests.at(-1).reply({ cards: [{ id: 1, t: 'bob' }] }) // Bob's reload of the board
    expect(JSON.stringify(ctx.getState().data)).not.toContain('alice secret')
    expect(kernel.stats.pendingCalls).toBe(0)
  })

  it('refuses a wrong type', () => {
    make()
    for (const bad of [undefined, 5, {}, ['a']]) {
      expect(() => kernel.setIdentity(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    }
    expect(() => createKernel({ fetch: script.fetch, identity: 7 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('a token whose sub differs', () => {
  it('purges before the request that carries it is sent; the new user’s call goes on', async () => {
    token = jwt('alice')
    make()
    const ctx = kernel.registerContext('profile')
    await settle()
    await script.open()[0].reply({ me: 'alice' })
    expect(ctx.getState().data).toEqual({ me: 'alice' })

    token = jwt('bob') // signed in as someone else
    const call = kernel.call('whoami')
    await settle()
    expect(ctx.getState()).toMatchObject({ status: 'loading', data: undefined })
    const post = script.requests.find((r) => r.body?.fn === 'whoami')
    expect(post.init.headers['X-Mizan-Token']).toBe(token)
    await post.reply({ result: 'bob' })
    await expect(call).resolves.toBe('bob')
    const profiles = script.requests.filter((r) => r.url.startsWith('ctx/profile'))
    expect(profiles).toHaveLength(2)
    const refetch = profiles[1]
    expect(refetch.init.headers['X-Mizan-Token']).toBe(token)
    await refetch.reply({ me: 'bob' })
    expect(ctx.getState().data).toEqual({ me: 'bob' })
  })

  it('an unreadable token or none says nothing about the identity', async () => {
    token = jwt('alice')
    make()
    const ctx = kernel.registerContext('profile')
    await settle()
    await script.open()[0].reply({ me: 'alice' })
    for (token of ['not-a-jwt', null]) {
      const refetched = ctx.refetch()
      await settle()
      await script.requests.at(-1).reply({ me: 'alice' })
      await refetched
      expect(ctx.getState()).toMatchObject({ status: 'success', data: { me: 'alice' } })
    }
    expect(kernel.setIdentity('alice')).toBe(false) // adopted from the first token
  })
})

describe('reset (sign-out)', () => {
  it('purges everything and leaves the kernel signed out', async () => {
    make({ identity: 'alice' })
    const ctx = kernel.registerContext('profile')
    await script.open()[0].reply({ me: 'alice' })
    kernel.reset()
    expect(ctx.getState()).toMatchObject({ status: 'loading', data: undefined })
    await script.requests.at(-1).reply({ me: null })
    expect(kernel.setIdentity(null)).toBe(false) // already signed out
    expect(kernel.setIdentity('carol')).toBe(true)
  })
})

describe('deriveCacheKey and the secret', () => {
  it('refuses an empty secret unless a test allows it', () => {
    expect(() => deriveCacheKey('', 'user', { user_id: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/secret is empty/) }),
    )
    expect(deriveCacheKey('', 'user', { user_id: 1 }, null, 0, { allowEmptySecret: true })).toMatch(/^ctx:user:[0-9a-f]{64}$/)
  })
})
