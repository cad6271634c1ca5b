// The browser build: the store and stableKey, but not the secret holders'
// primitives, which fail with a clear NOT_IN_BUILD instead of a crash.
import { readFileSync } from 'node:fs'
import { beforeAll, expect, it } from 'vitest'
import { createKernel, deriveCacheKey, formatInvalidateHeader, init, parseInvalidateHeader, stableKey } from '../../js/index.js'

beforeAll(() => init({ wasm: readFileSync(new URL('../../js/generated/mizan_kernel_browser.wasm', import.meta.url)) }))

it('refuses deriveCacheKey and formatInvalidateHeader with NOT_IN_BUILD', () => {
  for (const call of [() => deriveCacheKey('s', 'user', {}), () => formatInvalidateHeader(['user'])]) {
    expect(call).toThrow(expect.objectContaining({ code: 'NOT_IN_BUILD' }))
    expect(call).toThrow(/mizan-kernel\/wasm\/full/)
  }
})

it('has everything a browser uses', async () => {
  expect(stableKey({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
  expect(parseInvalidateHeader('user;user_id=5')).toEqual([{ context: 'user', params: { user_id: '5' } }])
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
