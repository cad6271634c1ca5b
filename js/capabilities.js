// Which browser wasm build init() loads, chosen by the capability entries
// the app imported (js/optimistic.js, js/channels.js): each capability with
// wasm of its own has a build, and both together have one more. The
// literal `new URL('./…', import.meta.url)` pattern, so that bundlers copy
// the files (all three: which one loads is known only once every entry has
// run; the two not loaded are never fetched).
import { setDefaultWasm } from '#load-wasm'

const wanted = new Set()

/**
 * For capability entries: records `capability` and points init() at the
 * build that has every capability recorded so far.
 * @example
 * want('channels')
 * @param {'optimistic' | 'channels'} capability
 */
export function want(capability) {
  wanted.add(capability)
  setDefaultWasm(
    wanted.size > 1
      ? new URL('./generated/mizan_kernel_browser_optimistic_channels.wasm', import.meta.url)
      : wanted.has('channels')
        ? new URL('./generated/mizan_kernel_browser_channels.wasm', import.meta.url)
        : new URL('./generated/mizan_kernel_browser_optimistic.wasm', import.meta.url),
  )
}
