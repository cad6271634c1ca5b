// Node (and Vitest, SSR servers): the full build, read from disk. Servers
// hold the HMAC secret, so this build carries deriveCacheKey.
import { readFile } from 'node:fs/promises'

// Not the literal `new URL('./…', import.meta.url)` pattern: Vite (and so
// Vitest under jsdom) rewrites that into an http:// asset URL, which
// readFile cannot open. Only the browser loader wants bundlers to see it.
const file = './generated/mizan_kernel.wasm'
export const DEFAULT_WASM_URL = new URL(file, import.meta.url)

/** @param {URL} url */
export async function instantiateFromUrl(url, imports) {
  return WebAssembly.instantiate(await readFile(url), imports)
}
