// Node (and Vitest, SSR servers): the full build, read from disk. Servers
// hold the HMAC secret, so this build carries deriveCacheKey.
import { readFile } from 'node:fs/promises'

export const DEFAULT_WASM_URL = new URL('./generated/mizan_kernel.wasm', import.meta.url)

/** @param {URL} url */
export async function instantiateFromUrl(url, imports) {
  return WebAssembly.instantiate(await readFile(url), imports)
}
