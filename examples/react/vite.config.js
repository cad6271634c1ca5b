import { defineConfig } from 'vite'

// Served by examples/server under /react/; the server entry (SSR) is built
// by examples/build.mjs with `build.ssr`.
export default defineConfig({
  base: '/react/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { target: 'es2022' },
  // The server entry imports mizan-kernel at run time, as it would from
  // node_modules (Vite bundles it otherwise, since here it is the package
  // itself rather than a dependency), and loads the wasm from its files.
  ssr: { external: ['mizan-kernel'] },
})
