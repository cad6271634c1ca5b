// The team board on Nuxt: server-rendered with its data, then hydrated
// without refetching (app/plugins/mizan.ts); the browser reaches the Mizan
// API through this app's own origin (server/api/mizan/[...path].ts).
export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  telemetry: false,
  devtools: { enabled: false },
  // The demo's stylesheet, shared with the other example apps.
  css: ['~~/../shared/board.css'],
  app: { head: { title: 'Team board · Nuxt + mizan-kernel' } },
  vite: {
    // In `nuxt dev`, Vite pre-bundles dependencies into its cache folder,
    // where the kernel's `new URL('./generated/….wasm', import.meta.url)`
    // no longer finds the wasm (404). Served as is, it does.
    optimizeDeps: { exclude: ['mizan-kernel'] },
  },
  runtimeConfig: {
    // Server-only: where the Mizan API lives. Read at run time, so one
    // build serves any environment: NUXT_MIZAN_API=https://api.example.com
    mizanApi: 'http://127.0.0.1:8000',
  },
})
