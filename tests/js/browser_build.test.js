// The browser build: the store and stableKey, but not the servers' and
// tools' primitives, which fail with a clear NOT_IN_BUILD instead of a crash.
import { readFileSync } from 'node:fs'
import { beforeAll, expect, it } from 'vitest'
import { createKernel, deriveCacheKey, formatInvalidateHeader, init, parseCallResponse, parseInvalidateHeader, stableKey } from '../../js/index.js'
import { scriptedFetch, settle } from './support/scripted_fetch.js'

const bytes = readFileSync(new URL('../../js/generated/mizan_kernel_browser.wasm', import.meta.url))
beforeAll(() => init({ wasm: bytes }))

// The kernel reads call responses and X-Mizan-Invalidate itself (storeCallResponse).
it('refuses deriveCacheKey, formatInvalidateHeader, parseInvalidateHeader and parseCallResponse with NOT_IN_BUILD', () => {
  const calls = [
    () => deriveCacheKey('s', 'user', {}),
    () => formatInvalidateHeader(['user']),
    () => parseInvalidateHeader('user;user_id=5'),
    () => parseCallResponse(200, '{"result": 1}'),
  ]
  for (const call of calls) {
    expect(call).toThrow(expect.objectContaining({ code: 'NOT_IN_BUILD' }))
    expect(call).toThrow(/mizan-kernel\/wasm\/full/)
  }
})

it('has everything a browser uses', async () => {
  expect(stableKey({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
  const kernel = createKernel({ fetch: async () => new Response('{"p":1}'), csrf: false })
  const ctx = kernel.registerContext('user')
  await ctx.refetch()
  expect(ctx.getState().data).toEqual({ p: 1 })
  // Browsers hydrate what a server rendered; only servers dehydrate.
  expect(kernel.hydrate({ contexts: [{ context: 'board', params: { id: 1 }, data: { cards: [] } }] })).toBe(1)
  expect(kernel.observe('board', { id: 1 }).getState().data).toEqual({ cards: [] })
  expect(() => kernel.dehydrate()).toThrow(expect.objectContaining({ code: 'NOT_IN_BUILD' }))
  kernel.dispose()
})

it('reads call responses and X-Mizan-Invalidate itself: a call resolves with its result and its header refetches', async () => {
  const script = scriptedFetch()
  const kernel = createKernel({ fetch: script.fetch, csrf: false })
  const ctx = kernel.registerContext('user', { user_id: 5 })
  await settle()
  await script.requests[0].reply({ name: 'A' })
  const call = kernel.call('rename', { name: 'B' })
  await settle()
  await script.requests[1].reply({ result: { ok: true } }, { headers: { 'X-Mizan-Invalidate': 'user;user_id=5' } })
  expect(await call).toEqual({ ok: true })
  expect(script.requests.map((r) => r.url)).toEqual(['ctx/user/?user_id=5', 'call/', 'ctx/user/?user_id=5'])
  const failed = kernel.call('rename', {})
  failed.catch(() => {}) // asserted below, after the reply
  await settle()
  await script.requests[3].reply({ error: true, code: 'FORBIDDEN', message: 'no' }, { status: 403 })
  await expect(failed).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 })
  expect(ctx.getState().data).toEqual({ name: 'A' })
  kernel.dispose()
})

it('obtains an MWT (mizan-kernel/tokens) without the primitives: through the kernel’s own call', async () => {
  const { mwt } = await import('../../js/tokens.js')
  const token = `e30.${Buffer.from('{"sub":"7","exp":300}').toString('base64url')}.sig`
  const script = scriptedFetch()
  const kernel = createKernel({ fetch: script.fetch, csrf: false, now: () => 0, token: mwt() })
  const call = kernel.call('rename', {})
  await settle()
  expect(script.requests[0].body).toEqual({ fn: 'mwt_obtain', args: {} })
  await script.requests[0].reply({ result: token })
  expect(script.requests[1].init.headers['X-Mizan-Token']).toBe(token)
  await script.requests[1].reply({ result: 'ok' })
  expect(await call).toBe('ok')
  kernel.dispose()
})

// Optimistic updates are a capability of their own ('mizan-kernel/optimistic',
// with mizan_kernel_browser_optimistic.wasm: tests/js/optimistic_build.test.js).
it('has no optimistic layers: call() options are NOT_IN_BUILD, the entry imported or not, and nothing is sent', async () => {
  const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name)
  expect(names).toContain('storeCall')
  expect(names.filter((n) => /layer/i.test(n))).toEqual([])
  const script = scriptedFetch()
  const kernel = createKernel({ fetch: script.fetch, csrf: false })
  const call = () => kernel.call('add_card', {}, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 1 } }] })
  expect(call).toThrow(expect.objectContaining({ code: 'NOT_IN_BUILD', message: expect.stringContaining("import 'mizan-kernel/optimistic'") }))
  // The entry imported after this build loaded: still refused, with what to load.
  await import('../../js/optimistic.js')
  expect(call).toThrow(expect.objectContaining({ code: 'NOT_IN_BUILD', message: expect.stringContaining('mizan-kernel/wasm/browser-optimistic') }))
  await settle()
  expect(script.requests).toHaveLength(0)
  const plain = kernel.call('add_card', {})
  await script.requests[0].reply({ result: 1 })
  expect(await plain).toBe(1)
  kernel.dispose()
})
