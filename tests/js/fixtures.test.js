// The shared fixtures (tests/fixtures/), driven through the wasm build. The
// same files drive tests/kernel/fixtures_test.cpp natively.
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { deriveCacheKey, formatInvalidateHeader, init, MizanError, parseCallResponse, parseInvalidateHeader, stableKey } from '../../js/index.js'

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'))

beforeAll(() => init())

function thrown(fn) {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new Error('expected a MizanError, nothing was thrown')
}

describe('stableKey fixtures', () => {
  it.each(fixture('stable_key.json').cases.map((c) => [c.name, c]))('%s', (_, c) => {
    expect(stableKey(c.params)).toBe(c.key)
  })
})

describe('deriveCacheKey fixtures', () => {
  it.each(fixture('cache_key.json').cases.map((c) => [c.name, c]))('%s', (_, c) => {
    const derive = (params) => deriveCacheKey(c.secret, c.context, params, c.user, c.rev)
    if (c.error) {
      const e = thrown(() => derive(c.params))
      expect(e).toBeInstanceOf(MizanError)
      expect(e.code).toBe(c.error)
      return
    }
    const key = derive(c.params)
    if (c.key) expect(key).toBe(c.key)
    if (c.key_of) expect(key).toBe(derive(c.key_of.params))
    expect(key).toMatch(new RegExp(`^ctx:${c.context}:[0-9a-f]{64}$`))
  })
})

describe('X-Mizan-Invalidate parse fixtures', () => {
  it.each(fixture('invalidate_header.json').parse.map((c) => [c.name, c]))('%s', (_, c) => {
    const targets = parseInvalidateHeader(c.header)
    expect(targets).toEqual(c.targets)
    expect(targets.errors.map(({ index, context }) => ({ index, context }))).toEqual(c.errors)
    for (const e of targets.errors) expect(e.message).toEqual(expect.any(String))
  })
})

describe('X-Mizan-Invalidate format fixtures', () => {
  it.each(fixture('invalidate_header.json').format.map((c) => [c.name, c]))('%s', (_, c) => {
    if (c.error) {
      expect(thrown(() => formatInvalidateHeader(c.targets)).code).toBe(c.error)
      return
    }
    expect(formatInvalidateHeader(c.targets)).toBe(c.header)
  })
})

describe('call response fixtures', () => {
  it.each(fixture('call_response.json').cases.map((c) => [c.name, c]))('%s', (_, c) => {
    if (c.ok) {
      const { problems, ...rest } = parseCallResponse(c.status, c.body)
      expect(rest).toEqual({ result: c.ok.result, invalidate: c.ok.invalidate, merge: c.ok.merge })
      expect(problems).toHaveLength(c.ok.problems)
      return
    }
    const e = thrown(() => parseCallResponse(c.status, c.body))
    expect(e).toBeInstanceOf(MizanError)
    expect({ status: e.status, code: e.code, details: e.details }).toEqual({
      status: c.error.status,
      code: c.error.code,
      details: c.error.details,
    })
    if (c.error.message) expect(e.message).toBe(c.error.message)
  })
})
