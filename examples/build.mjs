// Builds the example apps with Vite: each into examples/<app>/dist, and the
// React app's server entry into examples/react/dist-server (for SSR).
// Each app imports 'mizan-kernel' by its package name, resolved through the
// package's own exports as an installed copy would be.
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const examples = fileURLToPath(new URL('.', import.meta.url))
const apps = process.argv.slice(2).length ? process.argv.slice(2) : ['react', 'vue', 'svelte']

for (const app of apps) {
  const root = `${examples}${app}`
  await build({ root, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } })
  if (app === 'react') {
    await build({ root, logLevel: 'warn', build: { ssr: 'src/entry-server.jsx', outDir: 'dist-server', emptyOutDir: true } })
  }
  console.log(`built examples/${app}`)
}
