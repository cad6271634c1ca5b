import { svelte } from '@sveltejs/vite-plugin-svelte'
import { svelteTesting } from '@testing-library/svelte/vite'
import { defineConfig } from 'vitest/config'

// One project per environment: the runtime under plain node, each adapter
// under jsdom (Svelte with its compiler plugin and browser exports).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'kernel', include: ['tests/js/**/*.test.js'], environment: 'node' } },
      { test: { name: 'react', include: ['tests/adapters/react/**/*.test.{js,jsx}'], environment: 'jsdom' } },
      { test: { name: 'vue', include: ['tests/adapters/vue/**/*.test.js'], environment: 'jsdom' } },
      // mizan-generate (js/generate/): output, errors, the CLI; its React hooks under jsdom (per-file environment).
      { test: { name: 'generate', include: ['tests/generate/**/*.test.{js,jsx}'], environment: 'node', testTimeout: 30000 } },
      {
        // Real-browser tests of the demo (Chromium); needs the examples built.
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.js'], environment: 'node', testTimeout: 30000, hookTimeout: 60000 },
      },
      {
        plugins: [svelte(), svelteTesting()],
        test: { name: 'svelte', include: ['tests/adapters/svelte/**/*.test.js'], environment: 'jsdom' },
      },
    ],
  },
})
