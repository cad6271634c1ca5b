// The plugin: one kernel per app, provided to the composables; it may
// still be loading the wasm when the app mounts.
import { inject, shallowReadonly, shallowRef } from 'vue'
import { init, MizanError } from '../../js/index.js'
import { onServer, startKernel } from '../../js/kernel.js'

/** The injection key under which the plugin provides `{ kernel, ready, server }`. */
export const MIZAN_KEY = Symbol('mizan')

/**
 * The plugin: one kernel for the app, made from `options` (after `init()`
 * if the wasm is not loaded yet) or given ready as `kernel`. A kernel it
 * makes takes `state` (a server render's, from prefetchState() or
 * dehydrate()) or, in a browser, the page's embedded state, and is disposed
 * when the app unmounts. A server render never unmounts: give it a `kernel`
 * made per request and dispose() it after the response.
 *
 * @example
 * createApp(App).use(createMizan({ baseUrl: '/api/mizan' })).mount('#app')
 *
 * @param {import('./index.js').MizanPluginOptions} [options]
 */
export function createMizan({ kernel, state, ...options } = {}) {
  return {
    install(app) {
      const source = shallowRef(kernel ?? null)
      const make = () => {
        const k = startKernel(options, state)
        app.onUnmount?.(() => k.dispose()) // Vue >= 3.5
        return (source.value = k)
      }
      let ready
      try {
        // Made at once when the wasm is loaded, so the first render (a
        // hydration, say) already sees the kernel's data.
        ready = Promise.resolve(kernel ?? make())
      } catch (error) {
        if (error?.code !== 'NOT_INITIALIZED') throw error
        ready = init().then(make)
      }
      ready.catch(() => {}) // reported through each context's state and each call
      app.provide(MIZAN_KEY, { kernel: source, ready, server: kernel?.isServer ?? options.server ?? onServer() })
    },
  }
}

// The plugin's value, for this adapter's composables (not re-exported from index.js).
export function provided(caller) {
  const value = inject(MIZAN_KEY, null)
  if (!value) throw new MizanError('NO_PROVIDER', `${caller}() needs the plugin: app.use(createMizan({ baseUrl }))`)
  return value
}

/**
 * The kernel (a ref: empty until the wasm has loaded) and a `call` that
 * waits for it.
 *
 * @example
 * const { call } = useMizan()
 * await call('rename_board', { board_id: 1, name: 'Q3' })
 */
export function useMizan() {
  const { kernel, ready } = provided('useMizan')
  return { kernel: shallowReadonly(kernel), call: async (fn, args) => (await ready).call(fn, args) }
}
