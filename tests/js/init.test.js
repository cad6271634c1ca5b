// Loading: its own file so that the module starts un-initialised.
import { expect, it } from 'vitest'
import { deriveCacheKey, init, MizanError, parseInvalidateHeader, stableKey } from '../../js/index.js'

it('refuses every primitive before init() with NOT_INITIALIZED', () => {
  for (const call of [() => stableKey({}), () => deriveCacheKey('s', 'c', {}), () => parseInvalidateHeader('user')]) {
    expect(call).toThrow(MizanError)
    expect(call).toThrow(/before init\(\) resolved/)
    try {
      call()
    } catch (e) {
      expect(e.code).toBe('NOT_INITIALIZED')
    }
  }
})

it('reports a module that fails to load as INIT_FAILED, and a later init() can still succeed', async () => {
  const failed = await init({ wasm: new Uint8Array([0, 1, 2, 3]) }).catch((e) => e)
  expect(failed).toBeInstanceOf(MizanError)
  expect(failed.code).toBe('INIT_FAILED')
  expect(() => stableKey({})).toThrow(/before init/)

  const first = init()
  expect(init()).toBe(first) // one load, shared by every caller
  await first
  expect(stableKey({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
})
