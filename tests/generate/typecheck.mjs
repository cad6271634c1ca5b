// The generated code type-checks under `tsc --strict` for every target,
// and so does real use of it, while misuse is rejected: for each target the
// board schema (examples/server/board_schema.json) and the kitchen-sink
// fixture are generated into build/generate-check/<target>/, the target's
// usage file (tests/generate/usage/) is put beside them, and tsc checks the
// lot with the project's settings plus the strictest options apps turn on.
// Each `// @ts-expect-error` in a usage file must meet its error (tsc
// reports an unused one), so the misuse lines prove rejections.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate, TARGETS } from '../../js/generate/generate.js'
import { writeFiles } from '../../js/generate/io.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const out = join(root, 'build/generate-check')
const schemas = {
  board: join(root, 'examples/server/board_schema.json'),
  kitchen: join(root, 'tests/generate/fixtures/kitchen_sink.json'),
}
const usage = { react: 'react_usage.tsx', vue: 'vue_usage.ts', svelte: 'svelte_usage.ts' }

rmSync(out, { recursive: true, force: true })
const projects = []
for (const target of TARGETS) {
  const dir = join(out, target)
  for (const [name, file] of Object.entries(schemas)) {
    const { files } = await generate(JSON.parse(readFileSync(file, 'utf8')), { target })
    await writeFiles(join(dir, name), files)
  }
  copyFileSync(join(root, 'tests/generate/usage', usage[target]), join(dir, usage[target]))
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../../tsconfig.json',
      include: ['**/*.ts', '**/*.tsx'],
      compilerOptions: {
        strict: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noImplicitOverride: true,
        noPropertyAccessFromIndexSignature: false,
        verbatimModuleSyntax: true,
        isolatedModules: true,
      },
    }),
  )
  projects.push(join(dir, 'tsconfig.json'))
}
mkdirSync(out, { recursive: true })
for (const project of projects) {
  execFileSync('npx', ['tsc', '-p', project], { stdio: 'inherit', cwd: root })
  console.log(`generated code type-checks: ${project.slice(root.length + 1)}`)
}
