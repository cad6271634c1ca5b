// Node (and Vitest, SSR servers): the full build, read from disk. Servers
// hold the HMAC secret, so this build carries deriveCacheKey.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

// Behind a function, not the literal `new URL('./…', import.meta.url)`
// pattern: bundlers rewrite that pattern into an asset URL (Vite into
// http://…, Turbopack into /_next/static/…) that readFile cannot open, and
// Next.js then ships the server's full build to browsers as well.
const beside = (name) => new URL(name, import.meta.url)

/**
 * What capability entries (js/optimistic.js) set in browsers: nothing here,
 * where the full build has every capability.
 * @example
 * setDefaultWasm(new URL('./generated/mizan_kernel_browser_optimistic.wasm', import.meta.url)) // ignored in Node
 */
export const setDefaultWasm = (_location) => {}

/** The absolute URL a location stands for: relative ones resolve against the working directory. */
export function wasmUrl(location) {
  if (location === undefined) return beside('./generated/mizan_kernel.wasm')
  return new URL(location.href ?? location, pathToFileURL(`${process.cwd()}/`))
}

/** Instantiates the module at `location` (default: the full build of the installed package). */
export async function instantiateAt(location, imports) {
  return WebAssembly.instantiate(location === undefined ? await readInstalled() : await readAt(wasmUrl(location)), imports)
}

async function readAt(url) {
  if (url.protocol === 'file:') return readFile(url)
  const response = await fetch(url)
  if (!response.ok) throw new Error(`fetching it answered HTTP ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

async function readInstalled() {
  try {
    return await readFile(wasmUrl())
  } catch (error) {
    // A server bundler (Next.js, Nitro) moved this module into its output,
    // so the file is not beside it any more: find the installed package the
    // way Node resolves it from the app's folder.
    if (error?.code !== 'ENOENT') throw error
    let installed
    try {
      installed = createRequire(pathToFileURL(`${process.cwd()}/`)).resolve('mizan-kernel/wasm/full')
    } catch {
      throw error
    }
    return readFile(installed)
  }
}
