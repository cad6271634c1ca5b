// Size budget: gzip bytes of everything a browser loads for the kernel (the
// .wasm, the Emscripten glue and the runtime modules, unminified). The
// project's budget for the finished kernel plus one adapter is 40 KB; this
// exits non-zero above it and prints the figures either way.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const BUDGET = 40 * 1024
const root = new URL('../../', import.meta.url)
const files = [
  'js/generated/mizan_kernel.wasm',
  'js/generated/mizan_kernel.mjs',
  'js/index.js',
  'js/wasm.js',
  'js/errors.js',
  'js/validate.js',
  'js/primitives.js',
  'js/load_wasm_browser.js',
]

let total = 0
for (const file of files) {
  const bytes = readFileSync(new URL(file, root))
  const gz = gzipSync(bytes, { level: 9 }).length
  total += gz
  console.log(`${file.padEnd(34)} ${String(bytes.length).padStart(7)} B  ${String(gz).padStart(6)} B gzip`)
}
const verdict = total <= BUDGET ? 'within' : 'OVER'
console.log(`total ${(total / 1024).toFixed(1)} KB gzip: ${verdict} the ${BUDGET / 1024} KB budget (kernel + one adapter)`)
process.exit(total <= BUDGET ? 0 : 1)
