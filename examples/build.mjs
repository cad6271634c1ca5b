// Builds the example apps with Vite: each into examples/<app>/dist, and the
// React app's server entry into examples/react/dist-server (for SSR).
// Each app imports 'mizan-kernel' by its package name, resolved through the
// package's own exports as an installed copy would be. First, mizan-generate
// writes each app's typed hooks from the reference server's schema into
// examples/<app>/src/generated/ (not committed: made here, every build).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const examples = fileURLToPath(new URL('.', import.meta.url))
const apps = process.argv.slice(2).length ? process.argv.slice(2) : ['react', 'vue', 'svelte']

const generator = fileURLToPath(new URL('../js/generate/cli.js', import.meta.url))
const schema = `${examples}server/board_schema.json`

for (const app of apps) {
  const root = `${examples}${app}`
  execFileSync(process.execPath, [generator, '--schema', schema, '--out', `${root}/src/generated`, '--target', app], { stdio: 'inherit' })
  await build({ root, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } })
  if (app === 'react') {
    await build({ root, logLevel: 'warn', build: { ssr: 'src/entry-server.jsx', outDir: 'dist-server', emptyOutDir: true } })
  }
  console.log(`built examples/${app}`)
}
