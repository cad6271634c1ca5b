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
}

/** The absolute URL a location (default: the browser build) stands for, resolved as a link on this page would be. */
export const wasmUrl = (location = beside) => new URL(location.href ?? location, globalThis.location?.href)

/** Instantiates the module at `location` (default: the browser build). */
export async function instantiateAt(location, imports) {
  const url = wasmUrl(location)
  const response = await fetch(url)
  if (!response.ok) throw new Error(`fetching it answered HTTP ${response.status}`)
  if (WebAssembly.instantiateStreaming && response.headers.get('content-type') === 'application/wasm') {
    return WebAssembly.instantiateStreaming(response, imports)
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports)
}
