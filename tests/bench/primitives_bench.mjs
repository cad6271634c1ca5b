// Keys derived per second: the wasm kernel vs (a) node:crypto createHmac with
// a JS canonicaliser and (b) WebCrypto's crypto.subtle.sign awaited per key,
// in one run so the ratios compare like with like on a noisy machine. Prints
// figures; asserts nothing about time (see tests/ for correctness).
import { createHmac, webcrypto } from 'node:crypto'
import { deriveCacheKey, init, stableKey } from '../../js/index.js'

await init()

const SECRET = 'test-secret'
const inputs = Array.from({ length: 1000 }, (_, i) => ({
  context: i % 2 ? 'user' : 'board',
  params: { user_id: i, tab: i % 3 ? 'orders' : 'café', archived: i % 5 === 0, page: i % 7 },
  user: i % 4 ? String(i) : undefined,
  rev: i % 9,
}))

// The documented formula in JS: Python json.dumps(sort_keys, ensure_ascii).
const pyString = (s) =>
  '"' +
  // eslint-disable-next-line no-control-regex -- Python escapes exactly these
  s.replace(/[\u0000-\u001f\u007f-\uffff"\\]/g, (c) => {
    const short = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' }[c]
    return short ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')
  }) +
  '"'
function message({ context, params, user, rev }) {
  const keys = Object.keys(params).sort() // ASCII keys here, so UTF-16 order is code-point order
  const p = keys.map((k) => `${pyString(k)}:${pyString(String(params[k]))}`).join(',')
  return `{"c":${pyString(context)},"p":{${p}},"r":${rev}${user === undefined ? '' : `,"u":${pyString(user)}`}}`
}
const nodeKey = (x) => `ctx:${x.context}:${createHmac('sha256', SECRET).update(message(x)).digest('hex')}`

const subtleKey = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
const webKey = async (x) => `ctx:${x.context}:${hex(await webcrypto.subtle.sign('HMAC', subtleKey, new TextEncoder().encode(message(x))))}`

// The three must agree before their speed means anything.
for (const x of inputs.slice(0, 50)) {
  const k = deriveCacheKey(SECRET, x.context, x.params, x.user, x.rev)
  if (k !== nodeKey(x) || k !== (await webKey(x))) throw new Error(`implementations disagree on ${JSON.stringify(x)}`)
}

async function rate(label, fn, rounds = 5) {
  let best = 0
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    let n = 0
    while (performance.now() - start < 300) {
      for (const x of inputs) await fn(x)
      n += inputs.length
    }
    best = Math.max(best, n / ((performance.now() - start) / 1000))
  }
  console.log(`${label.padEnd(44)} ${Math.round(best).toLocaleString('en').padStart(10)} keys/s  ${(1e6 / best).toFixed(2)} µs/key`)
  return best
}

const syncRate = async (label, fn) => rate(label, (x) => void fn(x)) // no await per key
const wasm = await syncRate('wasm kernel deriveCacheKey', (x) => deriveCacheKey(SECRET, x.context, x.params, x.user, x.rev))
const native = await syncRate('node:crypto createHmac + JS canonicaliser', nodeKey)
const web = await rate('WebCrypto subtle.sign, awaited per key', webKey)
await syncRate('wasm kernel stableKey (for reference)', (x) => stableKey(x.params))

console.log(`ratio wasm / WebCrypto:   ${(wasm / web).toFixed(2)}x  (target >= 3x)`)
console.log(`ratio wasm / node:crypto: ${(wasm / native).toFixed(2)}x  (target >= 0.5x)`)
