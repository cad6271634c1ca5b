// The optimistic browser build as browsers get it: the browser loader (in
// place of Node's), and 'mizan-kernel/optimistic' imported, so init()
// without arguments fetches mizan_kernel_browser_optimistic.wasm, which has
// the layers' exports (and nothing else the base browser build lacks) and
// shows a call's optimistic change.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import '../../js/optimistic.js'
import { createKernel, deriveCacheKey, init } from '../../js/index.js'
import { scriptedFetch } from './support/scripted_fetch.js'

vi.mock('#load-wasm', () => import('../../js/load_wasm_browser.js'))

const generated = (file) => new URL(`../../js/generated/${file}`, import.meta.url)
const exportsOf = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(generated(file)))).map((e) => e.name)

// Node's fetch reads no file: URLs; the page's server would serve the file.
const fetched = []
beforeAll(async () => {
  vi.stubGlobal('fetch', async (url) => {
    fetched.push(String(url))
    return new Response(readFileSync(url), { headers: { 'content-type': 'application/wasm' } })
  })
  await init()
})
afterAll(() => vi.unstubAllGlobals())

it('is what init() fetches once the entry is imported', () => {
  expect(fetched).toEqual([generated('mizan_kernel_browser_optimistic.wasm').href])
})

it('has the layers’ exports, which the base browser build lacks, and is otherwise the browser build', () => {
  const base = exportsOf('mizan_kernel_browser.wasm')
  const optimistic = exportsOf('mizan_kernel_browser_optimistic.wasm')
  expect(optimistic.filter((name) => !base.includes(name)).sort()).toEqual(['storeLayerInput', 'storeLayerValue'])
  expect(base.filter((name) => !optimistic.includes(name))).toEqual([])
  expect(() => deriveCacheKey('s', 'user', {})).toThrow(expect.objectContaining({ code: 'NOT_IN_BUILD' }))
})

it('shows a call’s value and update layers until the call settles', async () => {
  const script = scriptedFetch()
  const kernel = createKernel({ fetch: script.fetch, csrf: false })
  const board = kernel.registerContext('board', { board_id: 1 })
  await script.requests[0].reply({ cards: [{ id: 1, t: 'a' }], count: 1 })
  const done = kernel.call(
    'add_card',
    { t: 'b' },
    {
      optimistic: [
        { context: 'board', params: { board_id: 1 }, slot: 'cards', value: { id: 2, t: 'b' } },
        { context: 'board', slot: 'count', update: (n) => n + 1 },
      ],
    },
  )
  expect(board.getState().data).toEqual({
    cards: [
      { id: 1, t: 'a' },
      { id: 2, t: 'b' },
    ],
    count: 2,
  })
  expect(script.requests[1].body).toEqual({ fn: 'add_card', args: { t: 'b' } })
  await script.requests[1].reply({ result: 'ok' })
  expect(await done).toBe('ok')
  expect(board.getState().data).toEqual({ cards: [{ id: 1, t: 'a' }], count: 1 }) // the server merged nothing
  kernel.dispose()
})
