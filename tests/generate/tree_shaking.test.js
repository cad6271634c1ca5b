// What an app bundles of the code generated for the board schema (which has
// a channel, a websocket function and a form): a production bundle
// (rolldown, the bundler inside Vite) of an entry that uses a context hook
// and a call holds none of mizan-kernel/channels, nor the forms entry and
// Zod; one that uses the channel hook holds the channels entries.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rolldown } from 'rolldown'
import { describe, expect, it } from 'vitest'
import { generate, TARGETS } from '../../js/generate/generate.js'
import { writeFiles } from '../../js/generate/io.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const out = join(root, 'build/generate-test/tree-shaking')
const schema = JSON.parse(readFileSync(join(root, 'examples/server/board_schema.json'), 'utf8'))
const FRAMEWORKS = ['react', 'react-dom', 'react/jsx-runtime', 'vue', 'svelte', 'svelte/store']

// The repository's modules (and Zod's) in a bundle of `source`.
async function bundled(source) {
  const bundle = await rolldown({
    input: 'app-entry',
    platform: 'browser',
    logLevel: 'silent',
    external: FRAMEWORKS,
    plugins: [{ name: 'app-entry', resolveId: (id) => (id === 'app-entry' ? id : null), load: (id) => (id === 'app-entry' ? source : null) }],
  })
  const { output } = await bundle.generate({ format: 'esm', minify: true })
  await bundle.close()
  return output
    .flatMap((o) => (o.type === 'chunk' ? o.moduleIds : []))
    .map((id) => (id.includes('/node_modules/zod/') ? 'zod' : id.startsWith(root) ? id.slice(root.length + 1) : id))
}

const CHANNELS = /^(js|adapters\/\w+)\/channels\.js$/
const FORMS = /^(js|adapters\/\w+)\/forms\.js$|^zod$/

describe.each(TARGETS)('%s code generated for the board schema, bundled', (target) => {
  const dir = join(out, target)
  const ready = generate(schema, { target }).then(({ files }) => writeFiles(dir, files))
  const entry = (names) => `export { ${names} } from ${JSON.stringify(join(dir, 'index.ts'))}`

  it('without the channel and form hooks: none of mizan-kernel/channels, its adapter entry, the forms entries or Zod', async () => {
    await ready
    const hooks = target === 'react' ? 'MizanContext, BoardContext, useCards' : 'useCards'
    const modules = await bundled(entry(`${hooks}, useAddCard, callEcho, socketFunctions`))
    // The bundle is real: the generated framework file and the adapter are in it.
    expect(modules).toContain(`build/generate-test/tree-shaking/${target}/${target}.ts`)
    expect(modules.some((id) => id.startsWith(`adapters/${target}/`))).toBe(true)
    expect(modules.filter((id) => CHANNELS.test(id) || FORMS.test(id))).toEqual([])
  })

  it("with the channel hook: mizan-kernel/channels and the adapter's channels entry", async () => {
    await ready
    const modules = await bundled(entry('useBoardChatChannel'))
    expect(modules.filter((id) => CHANNELS.test(id)).sort()).toEqual([`adapters/${target}/channels.js`, 'js/channels.js'])
    expect(modules.filter((id) => FORMS.test(id))).toEqual([])
  })
})
