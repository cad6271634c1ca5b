// The page's kernel, shared through Svelte's context. The root layout makes
// it during its render, so it is per request on the server (a kernel there
// holds one user's data: never module state, which all requests share) and
// one for the whole visit in the browser, where client-side navigation
// keeps the layout and so the cache.
import { createKernel } from 'mizan-kernel'
import { getContext, onDestroy, setContext } from 'svelte'

const KEY = Symbol('mizan-kernel')

/** In the root layout. Needs init() resolved: +layout.js awaits it. */
export function provideKernel() {
  // Without `window` (the server render) this is a server kernel: no
  // timers, no retries. The browser's calls go through the app's own
  // /api/mizan/ proxy (hooks.server.js).
  const kernel = createKernel({ baseUrl: '/api/mizan' })
  setContext(KEY, kernel)
  // On the server onDestroy runs once the HTML is rendered: the request's
  // kernel and its data go with it.
  onDestroy(() => kernel.dispose())
  return kernel
}

/**
 * The kernel, with what a server load prefetched put into it first: the
 * server render shows that data, and the browser starts from the same
 * state, so hydration matches and needs no context request.
 *
 * @param {import('mizan-kernel').DehydratedState} [state]
 * @returns {import('mizan-kernel').Kernel}
 */
export function useKernel(state) {
  const kernel = getContext(KEY)
  if (state) kernel.hydrate(state)
  return kernel
}
