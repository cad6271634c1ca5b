// Wrong input from JS: a MizanError with a stable code and a message naming
// the argument, and the module keeps working for the next call.
import { beforeAll, describe, expect, it } from 'vitest'
import { deriveCacheKey, formatInvalidateHeader, init, MizanError, parseCallResponse, parseInvalidateHeader, stableKey } from '../../js/index.js'

beforeAll(() => init())

const KEY_42 = 'ctx:user:e0c738b614dcd849274c89d736c8c2ee5c4444c7ec677796ac2a2298b3865632'
const cyclic = {}
cyclic.self = cyclic

const cases = [
  ['stableKey: params is an array', () => stableKey([1]), 'INVALID_ARGUMENT', /params/],
  ['stableKey: params is a string', () => stableKey('user_id=5'), 'INVALID_ARGUMENT', /params/],
  ['stableKey: params is a Date', () => stableKey(new Date()), 'INVALID_ARGUMENT', /params.*Date/],
  ['stableKey: a Map inside', () => stableKey({ a: new Map() }), 'INVALID_PARAMS', /params\.a.*Map/],
  ['stableKey: NaN inside', () => stableKey({ a: [1, NaN] }), 'INVALID_PARAMS', /params\.a\[1\].*NaN/],
  ['stableKey: Infinity', () => stableKey({ a: Infinity }), 'INVALID_PARAMS', /params\.a/],
  ['stableKey: a function', () => stableKey({ f() {} }), 'INVALID_PARAMS', /params\.f/],
  ['stableKey: a bigint', () => stableKey({ n: 1n }), 'INVALID_PARAMS', /params\.n/],
  ['stableKey: a symbol', () => stableKey({ s: Symbol('x') }), 'INVALID_PARAMS', /params\.s/],
  ['stableKey: a cycle', () => stableKey(cyclic), 'NESTING_TOO_DEEP', /params/],
  ['deriveCacheKey: secret is a number', () => deriveCacheKey(5, 'user', {}), 'INVALID_ARGUMENT', /secret/],
  ['deriveCacheKey: secret is missing', () => deriveCacheKey(undefined, 'user', {}), 'INVALID_ARGUMENT', /secret/],
  ['deriveCacheKey: context is null', () => deriveCacheKey('s', null, {}), 'INVALID_ARGUMENT', /context/],
  ['deriveCacheKey: context is empty', () => deriveCacheKey('s', '', {}), 'INVALID_ARGUMENT', /context/],
  ['deriveCacheKey: lone surrogate context', () => deriveCacheKey('s', 'a\ud800', {}), 'INVALID_ARGUMENT', /context/],
  ['deriveCacheKey: params not plain', () => deriveCacheKey('s', 'c', new (class P {})()), 'INVALID_ARGUMENT', /params/],
  ['deriveCacheKey: nested object', () => deriveCacheKey('s', 'c', { a: { b: 1 } }), 'INVALID_PARAMS', /params\.a/],
  ['deriveCacheKey: array value', () => deriveCacheKey('s', 'c', { a: [1] }), 'INVALID_PARAMS', /params\.a/],
  ['deriveCacheKey: NaN', () => deriveCacheKey('s', 'c', { a: NaN }), 'INVALID_PARAMS', /params\.a.*NaN/],
  ['deriveCacheKey: -Infinity', () => deriveCacheKey('s', 'c', { a: -Infinity }), 'INVALID_PARAMS', /params\.a/],
  ['deriveCacheKey: userId is a number', () => deriveCacheKey('s', 'c', {}, 42), 'INVALID_ARGUMENT', /userId/],
  ['deriveCacheKey: rev is fractional', () => deriveCacheKey('s', 'c', {}, '1', 1.5), 'INVALID_ARGUMENT', /rev/],
  ['deriveCacheKey: rev is a string', () => deriveCacheKey('s', 'c', {}, '1', '3'), 'INVALID_ARGUMENT', /rev/],
  ['deriveCacheKey: rev beyond 2^53', () => deriveCacheKey('s', 'c', {}, '1', 2 ** 60), 'INVALID_ARGUMENT', /rev/],
  ['parseInvalidateHeader: a number', () => parseInvalidateHeader(5), 'INVALID_ARGUMENT', /header/],
  ['formatInvalidateHeader: not an array', () => formatInvalidateHeader('user'), 'INVALID_ARGUMENT', /targets/],
  ['formatInvalidateHeader: a number item', () => formatInvalidateHeader([5]), 'INVALID_ARGUMENT', /targets\[0\]/],
  [
    'formatInvalidateHeader: NaN param',
    () => formatInvalidateHeader([{ context: 'c', params: { a: NaN } }]),
    'INVALID_PARAMS',
    /targets\[0\]\.params\.a/,
  ],
  [
    'formatInvalidateHeader: missing context',
    () => formatInvalidateHeader([{ params: {} }]),
    'INVALID_ARGUMENT',
    /targets\[0\] needs exactly one of "context" or "function"/,
  ],
  ['formatInvalidateHeader: empty name', () => formatInvalidateHeader(['']), 'INVALID_ARGUMENT', /empty/],
  ['parseCallResponse: status not a number', () => parseCallResponse('200', '{}'), 'INVALID_ARGUMENT', /status/],
  ['parseCallResponse: status out of range', () => parseCallResponse(42, '{}'), 'INVALID_ARGUMENT', /status/],
  ['parseCallResponse: body is an object', () => parseCallResponse(200, { result: 1 }), 'INVALID_ARGUMENT', /body/],
]

describe('wrong input from JS', () => {
  it.each(cases)('%s', (_, call, code, message) => {
    let error
    try {
      call()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(MizanError)
    expect(error.code).toBe(code)
    expect(error.message).toMatch(message)
    expect(error.status).toBe(0)
    // ...and the module is still healthy afterwards.
    expect(deriveCacheKey('test-secret', 'user', { user_id: 42 })).toBe(KEY_42)
  })
})

describe('inputs that are fine', () => {
  it('treats undefined params as none, and leaves undefined values out', () => {
    expect(stableKey(undefined)).toBe('{}')
    expect(stableKey({ a: undefined, b: 1 })).toBe('{"b":1}')
    expect(deriveCacheKey('test-secret', 'user', { user_id: 42, gone: undefined })).toBe(KEY_42)
    expect(deriveCacheKey('test-secret', 'user', { user_id: 42 }, null)).toBe(KEY_42)
  })

  it('accepts prototype-less objects and reads only own keys', () => {
    const params = Object.assign(Object.create(null), { user_id: 42 })
    expect(deriveCacheKey('test-secret', 'user', params)).toBe(KEY_42)
  })

  it('keeps __proto__ as an ordinary key', () => {
    const params = JSON.parse('{"__proto__": {"x": 1}, "a": 1}')
    expect(stableKey(params)).toBe('{"__proto__":{"x":1},"a":1}')
    expect({}.x).toBeUndefined()
  })

  it('reads a body handed over as UTF-8 bytes', () => {
    const bytes = new TextEncoder().encode('{"result": "café ☕"}')
    expect(parseCallResponse(200, bytes).result).toBe('café ☕')
  })

  it('carries a large body through growing wasm memory', () => {
    const items = Array.from({ length: 20000 }, (_, i) => ({ id: i, title: `card ${i} ✓`, done: i % 2 === 0 }))
    const body = JSON.stringify({ result: items, invalidate: ['board'] })
    expect(body.length).toBeGreaterThan(600_000)
    const parsed = parseCallResponse(200, body)
    expect(parsed.result).toEqual(items)
    expect(parsed.invalidate).toEqual(['board'])
    expect(stableKey({ z: 1, a: 2 })).toBe('{"a":2,"z":1}')
  })

  it('accepts an absent header', () => {
    expect(parseInvalidateHeader(null)).toEqual([])
    expect(parseInvalidateHeader(undefined).errors).toEqual([])
  })

  it('keeps errors off the enumerable targets', () => {
    const targets = parseInvalidateHeader('user, ;bad')
    expect(Object.keys(targets)).toEqual(['0'])
    expect(JSON.stringify(targets)).toBe('["user"]')
    expect(targets.errors).toHaveLength(1)
  })
})
