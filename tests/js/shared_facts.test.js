// Facts that the C++ kernel and the JS runtime both hold: each is written
// once per side, and this test reads the C++ sources to check that the two
// agree (the export names are written once, in wasm/exports.h, and
// js/wasm.js reads them from the module: tests/js/exports.test.js).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { KERNEL_CODES } from '../../js/errors.js'
import { ABORT, CALL, DEFAULT_GC_TIME, FETCH } from '../../js/kernel.js'
import { MAX_DEPTH } from '../../js/validate.js'

const source = (file) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
const only = (text, pattern, what) => {
  const found = text.match(pattern)
  if (!found) throw new Error(`${what} not found: the pattern needs updating`)
  return found
}

describe('the C++ and JS sides agree on', () => {
  it('the error codes: numbers and names (kernel/status.h, js/errors.js)', () => {
    const status = source('kernel/status.h')
    const enumBody = only(status, /enum class Code : int \{([^}]*)\}/, 'enum Code')[1]
    const numbers = [...enumBody.matchAll(/(\w+) = (\d+)/g)].map(([, name, n]) => [name, Number(n)])
    const names = Object.fromEntries([...status.matchAll(/case Code::(\w+): return "(\w+)";/g)].map(([, id, name]) => [id, name]))
    expect(numbers.length).toBeGreaterThan(5)
    for (const [id, n] of numbers) expect(KERNEL_CODES[n], `Code::${id} = ${n}`).toBe(names[id])
    expect(KERNEL_CODES).toHaveLength(numbers.length)
  })

  it('the codes users can see are all typed and all in the README table', () => {
    const types = source('js/index.d.ts')
    const readme = source('README.md')
    for (const code of KERNEL_CODES.filter((c) => c !== 'OK' && c !== 'SERVER_ERROR')) {
      expect(types, code).toContain(`'${code}'`)
      expect(readme, code).toContain(`| \`${code}\` |`)
    }
    const typed = [...only(types, /export type MizanErrorCode =([^;]*?)\n\n/s, 'MizanErrorCode')[1].matchAll(/'([A-Z_]+)'/g)].map((m) => m[1])
    for (const code of typed) expect(readme, code).toContain(`| \`${code}\` |`)
  })

  it('the store command kinds (Command::Kind in kernel/store.h)', () => {
    const kinds = only(source('kernel/store.h'), /struct Command \{\s*enum class Kind : unsigned char \{ ([^}]*) \}/, 'Command::Kind')[1]
    expect(Object.fromEntries(kinds.split(',').map((k, i) => [k.trim(), i]))).toEqual({ fetch: FETCH, abort: ABORT, call: CALL })
  })

  it('the default gcTime (StoreConfig::gc_time_ms)', () => {
    expect(Number(only(source('kernel/store.h'), /double gc_time_ms = (\d+);/, 'gc_time_ms')[1])).toBe(DEFAULT_GC_TIME)
  })

  it('the JSON depth limit (kMaxJsonDepth in kernel/json_parse.h)', () => {
    expect(Number(only(source('kernel/json_parse.h'), /kMaxJsonDepth = (\d+);/, 'kMaxJsonDepth')[1])).toBe(MAX_DEPTH)
  })
})
