// Browsers and bundlers: stream-compile the .wasm as it downloads. Servers
// that send it without the application/wasm type get the slower path.
/** @param {URL} url */
export async function instantiateFromUrl(url, imports) {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`fetching ${url} answered ${response.status}`)
  if (WebAssembly.instantiateStreaming && response.headers.get('content-type') === 'application/wasm') {
    return WebAssembly.instantiateStreaming(response, imports)
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports)
}
