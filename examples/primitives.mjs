// The primitives as an installed user calls them (`import ... from
// 'mizan-kernel'`; the installed-package check runs this from a packed
// tarball): load the wasm kernel, derive cache keys, read a header and a
// call response.
import { deriveCacheKey, formatInvalidateHeader, init, MizanError, parseCallResponse, parseInvalidateHeader, stableKey } from 'mizan-kernel'

await init()

console.log('stableKey({ user_id: 5, tab: "orders" })')
console.log('  ->', stableKey({ user_id: 5, tab: 'orders' }))

console.log("deriveCacheKey('test-secret', 'user', { user_id: 42 })")
console.log('  ->', deriveCacheKey('test-secret', 'user', { user_id: 42 }))
console.log("deriveCacheKey('test-secret', 'user', { user_id: 42 }, '42', 3)")
console.log('  ->', deriveCacheKey('test-secret', 'user', { user_id: 42 }, '42', 3))

const header = 'user;user_id=5, notifications, board;name=Q3%20plans'
const targets = parseInvalidateHeader(header)
console.log(`parseInvalidateHeader(${JSON.stringify(header)})`)
console.log('  ->', JSON.stringify(targets), 'errors:', JSON.stringify(targets.errors))
console.log('formatInvalidateHeader(those targets)')
console.log('  ->', formatInvalidateHeader(targets))

const ok = parseCallResponse(200, '{"result": {"id": 7}, "invalidate": ["board"], "merge": []}')
console.log('a call response        ->', JSON.stringify(ok))
try {
  parseCallResponse(502, '<html><h1>Bad Gateway</h1></html>')
} catch (e) {
  if (!(e instanceof MizanError)) throw e
  console.log('an HTML 502 error page ->', `MizanError ${e.code} (status ${e.status}): ${e.message}`)
}
