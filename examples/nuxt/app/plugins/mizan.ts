// One mizan-kernel per app instance, which in Nuxt means one per request on
// the server (never shared between users) and one per page in the browser.
//
// Server: useMizanContext() waits for its context during the render
// (onServerPrefetch), the loaded state goes into Nuxt's payload once the
// HTML is rendered, and the kernel is disposed. Browser: the kernel takes
// that state before the app hydrates, so the first render matches the
// server's HTML and no context is fetched again.
import { createKernel, init, type DehydratedState } from 'mizan-kernel'
import { createMizan } from 'mizan-kernel/vue'

export default defineNuxtPlugin(async (nuxtApp) => {
  await init() // loads the wasm once per process / page; later calls reuse it

  if (import.meta.server) {
    // The server calls the API directly, as the user: their cookies go along.
    const cookie = useRequestHeader('cookie') ?? ''
    const kernel = createKernel({
      server: true,
      baseUrl: `${useRuntimeConfig().mizanApi}/api/mizan`,
      getHeaders: () => ({ cookie }),
    })
    nuxtApp.vueApp.use(createMizan({ kernel }))
    // After the render, before Nuxt serializes the payload into the page.
    // (A render that throws never gets here; its kernel's wasm memory is
    // then freed when the kernel is garbage-collected.)
    nuxtApp.hook('app:rendered', () => {
      nuxtApp.payload.mizan = kernel.dehydrate()
      kernel.dispose()
    })
  } else {
    // The browser calls the API on this app's origin (proxied to the API).
    const kernel = createKernel({ baseUrl: '/api/mizan' })
    kernel.hydrate((nuxtApp.payload.mizan as DehydratedState | undefined) ?? null)
    nuxtApp.vueApp.use(createMizan({ kernel }))
  }
})
