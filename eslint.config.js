// ESLint over the JavaScript of the package, its tests and the examples
// (TypeScript is checked by tsc, formatting by Prettier).
import js from '@eslint/js'
import globals from 'globals'

export default [
  {
    ignores: [
      '**/node_modules/',
      'build/',
      'js/generated/',
      'examples/*/dist/',
      'examples/react/dist-server/',
      'examples/next/.next*/',
      'examples/nuxt/.nuxt/',
      'examples/nuxt/.output/',
      'examples/sveltekit/build/',
      'examples/sveltekit/.svelte-kit/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,jsx,mjs}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // Unused names are mistakes, except a leading underscore (a parameter kept for its position).
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
]
