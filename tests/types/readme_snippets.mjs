// The README's TypeScript snippets compile as written under `strict`: every
// ```tsx block is written to build/readme-snippets/ and checked by tsc with
// the project's settings, importing the package by its name as an app
// would. A snippet that drifts from the shipped types fails the test command.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

const root = new URL('../../', import.meta.url)
const out = new URL('build/readme-snippets/', root)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const snippets = [...readme.matchAll(/^```tsx\n([\s\S]*?)^```$/gm)].map((m) => m[1])
if (snippets.length === 0) throw new Error('README.md has no ```tsx snippet to check')

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
// Each snippet is its own module, so their top-level names do not collide.
snippets.forEach((code, i) => writeFileSync(new URL(`snippet-${i + 1}.tsx`, out), `${code}\nexport {}\n`))
writeFileSync(
  new URL('tsconfig.json', out),
  JSON.stringify({ extends: '../../tsconfig.json', include: ['*.tsx'], compilerOptions: { noUnusedLocals: false } }),
)
execFileSync('npx', ['tsc', '-p', new URL('tsconfig.json', out).pathname], { stdio: 'inherit' })
console.log(`README: ${snippets.length} TypeScript snippets compile under strict`)
