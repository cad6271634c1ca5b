// Size budget: gzip bytes of what a browser app loads for mizan-kernel with
// one framework adapter — the browser build of the .wasm plus a production
// bundle (rolldown, the bundler inside Vite: minified, tree-shaken, with the
// browser's loader) of an app entry that imports the adapter's whole API.
// The framework itself is external (the app pays for it anyway). The budget
// is 32 KB per framework (lowered as the base shrinks; it never rises); this exits non-zero when one is over and prints
// the figures either way. Each capability with its own entry point has a
// budget of its own for what it adds.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { rolldown } from 'rolldown'

const BUDGET = 32 * 1024
const root = new URL('../../', import.meta.url)
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length
const kb = (n) => `${(n / 1024).toFixed(1)} KB (${n} B)`
const path = (file) => JSON.stringify(new URL(file, root).pathname)

const FRAMEWORKS = ['react', 'react-dom', 'react/jsx-runtime', 'vue', 'svelte', 'svelte/store']

// What a browser app imports from the runtime, plus every export of the
// adapter, so that nothing is tree-shaken that an app could use.
const runtime = `export { init, createKernel, MizanError, serializeForScript } from ${path('js/index.js')}\n`
const entries = {
  'kernel alone': runtime,
  react: `${runtime}export * from ${path('adapters/react/index.js')}`,
  vue: `${runtime}export * from ${path('adapters/vue/index.js')}`,
  svelte: `${runtime}export * from ${path('adapters/svelte/index.js')}`,
}

// Modules an app must not load unless it imports the capability they belong to.
const CAPABILITY_ONLY = [
  /\/js\/forms\.js$/,
  /\/js\/form_fields\.js$/,
  /\/node_modules\/zod\//,
  /\/js\/tokens\.js$/,
  /\/js\/infinite\.js$/,
  /\/js\/optimistic\.js$/,
]

async function bundleGzip(source, { base = false } = {}) {
  const bundle = await rolldown({
    input: 'app-entry',
    platform: 'browser',
    logLevel: 'silent',
    external: FRAMEWORKS,
    plugins: [{ name: 'app-entry', resolveId: (id) => (id === 'app-entry' ? id : null), load: (id) => (id === 'app-entry' ? source : null) }],
  })
  const { output } = await bundle.generate({ format: 'esm', minify: true })
  if (base) {
    const leaked = output.flatMap((o) => (o.type === 'chunk' ? o.moduleIds : [])).filter((id) => CAPABILITY_ONLY.some((re) => re.test(id)))
    if (leaked.length > 0) throw new Error(`a base bundle loads capability code: ${leaked.join(', ')}`)
  }
  return gzip(
    output
      .filter((o) => o.type === 'chunk')
      .map((o) => o.code)
      .join('\n'),
  )
}

const wasmGz = gzip(readFileSync(new URL('js/generated/mizan_kernel_browser.wasm', root)))
const fullGz = gzip(readFileSync(new URL('js/generated/mizan_kernel.wasm', root)))
console.log(`mizan_kernel.wasm (servers, not sent to browsers) ${kb(fullGz)} gzip: the browser build is ${kb(fullGz - wasmGz)} smaller`)
console.log(`mizan_kernel_browser.wasm             ${kb(wasmGz).padStart(8)} gzip`)
let over = false
for (const [name, source] of Object.entries(entries)) {
  const jsGz = await bundleGzip(source, { base: true })
  const total = wasmGz + jsGz
  const verdict = total <= BUDGET ? 'within' : 'OVER'
  if (total > BUDGET) over = true
  console.log(`${`JS, ${name}`.padEnd(36)}  ${kb(jsGz).padStart(8)} gzip   total ${kb(total)}: ${verdict} the ${BUDGET / 1024} KB budget`)
}

// Capabilities with their own entry point: what importing one adds to an
// app that has the runtime, against a budget of its own. Servers' entries
// (mizan-kernel/server) are never in a browser bundle and are not counted.
// Forms count Zod (zod/mini, an optional peer dependency) too: an app
// that uses them pays for it, one without forms pays for neither.
const CAPABILITIES = {
  'mizan-kernel/tokens': { source: `export { mwt } from ${path('js/tokens.js')}`, budget: 1024 },
  'mizan-kernel/forms (with Zod)': { source: `export * from ${path('js/forms.js')}`, budget: 11 * 1024 },
  'mizan-kernel/react/forms (with Zod)': {
    app: 'react',
    source: `export * from ${path('adapters/react/forms.js')}`,
    budget: 10.5 * 1024,
  },
  'mizan-kernel/vue/forms (with Zod)': { app: 'vue', source: `export * from ${path('adapters/vue/forms.js')}`, budget: 10.5 * 1024 },
  'mizan-kernel/svelte/forms (with Zod)': {
    app: 'svelte',
    source: `export * from ${path('adapters/svelte/forms.js')}`,
    budget: 10.5 * 1024,
  },
  // Infinite contexts: the store (pages in order, their joined view) and each adapter's binding of it.
  'mizan-kernel/infinite': { source: `export * from ${path('js/infinite.js')}`, budget: 768 },
  'mizan-kernel/react/infinite': { app: 'react', source: `export * from ${path('adapters/react/infinite.js')}`, budget: 800 },
  'mizan-kernel/vue/infinite': { app: 'vue', source: `export * from ${path('adapters/vue/infinite.js')}`, budget: 960 },
  'mizan-kernel/svelte/infinite': { app: 'svelte', source: `export * from ${path('adapters/svelte/infinite.js')}`, budget: 800 },
  // useSuspenseContext: the load a render suspends on, once per (kernel, name, params).
  'mizan-kernel/react/suspense': { app: 'react', source: `export * from ${path('adapters/react/suspense.js')}`, budget: 320 },
  // Persisting the cache: the option, restore() and the IndexedDB and localStorage stores.
  'mizan-kernel/persist': { source: `export * from ${path('js/persist.js')}`, budget: 1.75 * 1024 },
  // Optimistic updates: a side-effect import (package.json "sideEffects" keeps it), whose wasm build
  // (`wasm`) the app loads instead of the base browser build: its figure counts the difference.
  'mizan-kernel/optimistic': { source: `import ${path('js/optimistic.js')}`, wasm: 'mizan_kernel_browser_optimistic.wasm', budget: 2.25 * 1024 },
  // Channels: a side-effect import too, with its wasm build (the channel session); an app with
  // both capabilities loads mizan_kernel_browser_optimistic_channels.wasm. Each adapter's hook on top.
  'mizan-kernel/channels': { source: `import ${path('js/channels.js')}`, wasm: 'mizan_kernel_browser_channels.wasm', budget: 6.25 * 1024 },
  'mizan-kernel/react/channels': {
    app: 'react',
    source: `export * from ${path('adapters/react/channels.js')}`,
    wasm: 'mizan_kernel_browser_channels.wasm',
    budget: 6.25 * 1024,
  },
  'mizan-kernel/vue/channels': {
    app: 'vue',
    source: `export * from ${path('adapters/vue/channels.js')}`,
    wasm: 'mizan_kernel_browser_channels.wasm',
    budget: 6.25 * 1024,
  },
  'mizan-kernel/svelte/channels': {
    app: 'svelte',
    source: `export * from ${path('adapters/svelte/channels.js')}`,
    wasm: 'mizan_kernel_browser_channels.wasm',
    budget: 6.25 * 1024,
  },
  // Multi-tab sync: a side-effect import, JS only (a BroadcastChannel; no wasm of its own).
  'mizan-kernel/tabs': { source: `import ${path('js/tabs.js')}`, budget: 2.5 * 1024 },
  // Devtools: what an app importing it for inspect() alone pays (the side effect; the panel is
  // left out), then with the panel element, and the React wrapper.
  'mizan-kernel/devtools (inspect only)': { source: `import ${path('js/devtools.js')}`, budget: 1280 },
  'mizan-kernel/devtools': { source: `export * from ${path('js/devtools.js')}`, budget: 4096 },
  'mizan-kernel/react/devtools': { app: 'react', source: `export * from ${path('adapters/react/devtools.js')}`, budget: 4096 },
}
const bases = new Map()
for (const [name, { app = 'kernel alone', source, wasm, budget }] of Object.entries(CAPABILITIES)) {
  if (!bases.has(app)) bases.set(app, await bundleGzip(entries[app]))
  const js = (await bundleGzip(`${entries[app]}\n${source}`)) - bases.get(app)
  // (A side-effect import that a bundler leaves out adds nothing.)
  if (js <= 0) throw new Error(`${name}: the bundle left its module out (package.json "sideEffects")`)
  const wasmAdded = wasm ? gzip(readFileSync(new URL(`js/generated/${wasm}`, root))) - wasmGz : 0
  const added = js + wasmAdded
  const verdict = added <= budget ? 'within' : 'OVER'
  if (added > budget) over = true
  const parts = wasm ? ` (JS ${js} B + ${wasm} ${wasmAdded} B over the browser build)` : ''
  console.log(
    `${name.padEnd(36)}  adds ${kb(added)} gzip${parts}${app === 'kernel alone' ? '' : ` to the ${app} app`}: ${verdict} its ${kb(budget)} budget`,
  )
}
process.exit(over ? 1 : 0)
