// Strict CSP: the runtime must never compile code from strings
// (eval, new Function). Node's --disallow-code-generation-from-strings makes
// any such call throw, as a `script-src 'self' 'wasm-unsafe-eval'` page would.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

it('loads and runs with code generation from strings disallowed', () => {
  const script = `
    import { init, deriveCacheKey, stableKey } from ${JSON.stringify(new URL('../../js/index.js', import.meta.url).href)}
    await init()
    console.log(deriveCacheKey('test-secret', 'user', { user_id: 42 }), stableKey({ b: 1, a: 1 }))
    try { new Function('return 1') } catch (e) { console.log('code generation blocked:', e.constructor.name) }
  `
  const output = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  })
  expect(output).toContain('ctx:user:e0c738b614dcd849274c89d736c8c2ee5c4444c7ec677796ac2a2298b3865632 {"a":1,"b":1}')
  expect(output).toContain('code generation blocked: EvalError') // the flag really was in force
})
