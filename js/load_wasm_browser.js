// Browsers and bundlers: the browser build (no deriveCacheKey or header
// formatting: a browser never holds the secret; no response or header
// parsing primitives: the store reads those itself), stream-compiled as it
// downloads. Servers that send it without the application/wasm type get the
// slower path. Edge workers that resolve this file load the full build with
// init({ wasm: import.meta.resolve('mizan-kernel/wasm/full') }) or their
// bundler's wasm import.

// The literal `new URL('./…', import.meta.url)` pattern, so that bundlers
// (Vite, webpack, Turbopack, Rollup) copy the file and rewrite the URL.
// What they hand back varies: a URL, a string, or (Next.js) an object whose
// string is a root-relative path; so it is resolved against the page.
let beside = new URL('./generated/mizan_kernel_browser.wasm', import.meta.url)

/**
 * For capability entries (js/optimistic.js): the build init() loads when
 * given none, a `new URL(…)` of their own, so that bundlers copy that file
 * only into apps that import them.
 * @example
 * setDefaultWasm(new URL('./generated/mizan_kernel_browser_optimistic.wasm', import.meta.url))
 */
export const setDefaultWasm = (location) => {
  beside = location
  if (early && early.href !== wasmUrl().href) (early.controller.abort(), startEarly())
}

/** The absolute URL a location (default: the browser build) stands for, resolved as a link on this page would be. */
export const wasmUrl = (location = beside) => new URL(location.href ?? location, globalThis.location?.href)

// Downloads and compiles; compileStreaming compiles off the main thread
// while the bytes arrive.
async function compileAt(url, signal) {
  const response = await fetch(url, { signal })
  if (!response.ok) throw new Error(`fetching it answered HTTP ${response.status}`)
  if (WebAssembly.compileStreaming && response.headers.get('content-type') === 'application/wasm') {
    return WebAssembly.compileStreaming(response)
  }
  return WebAssembly.compile(await response.arrayBuffer())
}

// The fast path, with nothing to set up: on a page, the default build starts
// downloading and compiling with the script that imports mizan-kernel,
// before the app's first render (and, in the bundle, before React DOM is
// evaluated). Not while this module is evaluated but a microtask later:
// the capability entries (js/capabilities.js) evaluate after it and pick
// the build first. An entry evaluated later still (a lazy chunk) restarts
// it with its build. The compiled module waits for the first init() that
// wants that URL; a failure stays quiet until then (that init() reports
// it). An app whose init() asks for another location cancels it.
let early // { href, module: Promise<WebAssembly.Module>, controller }; null once taken
function startEarly() {
  try {
    const url = wasmUrl()
    const controller = new AbortController()
    early = { href: url.href, module: compileAt(url, controller.signal), controller }
    early.module.catch(() => {}) // reported by the init() that takes it
  } catch {
    early = null // a location this page cannot resolve: init() says so
  }
}
if (typeof window !== 'undefined' && typeof document !== 'undefined' && typeof fetch === 'function') {
  queueMicrotask(() => early === undefined && startEarly())
}

/** Instantiates the module at `location` (default: the browser build). */
export async function instantiateAt(location, imports) {
  const url = wasmUrl(location)
  if (early && early.href !== url.href) early.controller.abort()
  const compiled = early?.href === url.href ? early.module : compileAt(url)
  early = null // taken once: a later init() (a retry) downloads again
  const module = await compiled
  return { instance: await WebAssembly.instantiate(module, imports), module }
}
