// Size budget: gzip bytes of what a browser loads for the kernel — the .wasm
// plus a production bundle of the JS runtime (bundled and minified by
// rolldown, the bundler inside Vite, with the browser's loader). The project's budget for the finished kernel plus one
// adapter is 40 KB; this exits non-zero above it and prints the figures
// either way.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { rolldown } from 'rolldown'

const BUDGET = 40 * 1024
const root = new URL('../../', import.meta.url)
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

const wasm = readFileSync(new URL('js/generated/mizan_kernel_browser.wasm', root))
// A browser app's entry: what it imports to use the store. The primitives for
// servers (deriveCacheKey, header formatting) are tree-shaken from the JS,
// and the browser build of the .wasm leaves them out too.
const entry = `import { init, createKernel, MizanError } from ${JSON.stringify(new URL('js/index.js', root).pathname)}
export { init, createKernel, MizanError }`
const bundle = await rolldown({
  input: 'app-entry',
  platform: 'browser',
  logLevel: 'silent',
  plugins: [{ name: 'app-entry', resolveId: (id) => (id === 'app-entry' ? id : null), load: (id) => (id === 'app-entry' ? entry : null) }],
})
const { output } = await bundle.generate({ format: 'esm', minify: true })
const js = output.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n')

const wasmGz = gzip(wasm)
const jsGz = gzip(js)
console.log(`mizan_kernel_browser.wasm  ${String(wasm.length).padStart(7)} B  ${kb(wasmGz).padStart(8)} gzip`)
console.log(`JS runtime (minified)      ${String(js.length).padStart(7)} B  ${kb(jsGz).padStart(8)} gzip`)
const total = wasmGz + jsGz
console.log(`total ${kb(total)} gzip: ${total <= BUDGET ? 'within' : 'OVER'} the ${BUDGET / 1024} KB budget (kernel + one adapter)`)
process.exit(total <= BUDGET ? 0 : 1)
