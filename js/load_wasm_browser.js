// Browsers and bundlers: the browser build (no deriveCacheKey or header
// formatting: a browser never holds the secret), stream-compiled as it
// downloads. Servers that send it without the application/wasm type get the
// slower path. Edge workers that resolve this file load the full build with
// init({ wasm: import.meta.resolve('mizan-kernel/wasm/full') }) or their
// bundler's wasm import.
export const DEFAULT_WASM_URL = new URL('./generated/mizan_kernel_browser.wasm', import.meta.url)

/** @param {URL} url */
export async function instantiateFromUrl(url, imports) {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`fetching ${url} answered ${response.status}`)
  if (WebAssembly.instantiateStreaming && response.headers.get('content-type') === 'application/wasm') {
    return WebAssembly.instantiateStreaming(response, imports)
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports)
}
