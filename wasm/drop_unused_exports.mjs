// Removes the exports Emscripten gives every standalone module and nothing
// here calls (its stack helpers, errno and the function table: js/wasm.js
// uses only memory, _initialize and the kernel's own exports), and with
// them the code only they reached: -0.2 KB gzip on the browser build.
// Emscripten 3.1.6 has no setting that leaves them out. wasm-metadce
// (binaryen, which comes with Debian's emscripten) keeps what the roots of
// a graph reach; the roots given here are all the other exports.
//
//   node wasm/drop_unused_exports.mjs module.wasm graph.json
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const UNUSED = new Set(['stackSave', 'stackRestore', 'stackAlloc', '__errno_location', '__indirect_function_table'])
const [module, graph] = process.argv.slice(2)

const kept = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(module))).filter(({ name }) => !UNUSED.has(name))
writeFileSync(graph, JSON.stringify(kept.map(({ name }, i) => ({ name: `export${i}`, export: name, root: true }))))
// Its stdout lists every removed part: not worth a build log.
const run = spawnSync('wasm-metadce', [module, '--graph-file', graph, '-o', module], { stdio: ['ignore', 'ignore', 'inherit'] })
if (run.status !== 0) {
  console.error(`wasm-metadce failed on ${module}: ${run.error?.message ?? `exit ${run.status}`}`)
  process.exit(1)
}
