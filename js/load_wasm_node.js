// Node (and Vitest): read the .wasm beside this package from disk.
import { readFile } from 'node:fs/promises'

/** @param {URL} url */
export async function instantiateFromUrl(url, imports) {
  return WebAssembly.instantiate(await readFile(url), imports)
}
