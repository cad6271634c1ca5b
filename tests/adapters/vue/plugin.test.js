// The plugin making its own kernel: before the wasm has loaded (this file
// runs in its own module graph, so nothing has called init() yet), and from
// a server-rendered page's state.
import { cleanup, render, screen, within } from '@testing-library/vue'
import { afterEach, expect, it } from 'vitest'
import { createMizan, useIsFetching, useMizan } from '../../../adapters/vue/index.js'
import { serializeForScript } from '../../../js/index.js'
import { defineComponent, h } from 'vue'
import { useBoardServer } from '../board_server.js'
import { gatedFetch } from '../mutation_cases.js'
import { Action, Board, clientOptions, contextGets, loadWasm } from './helpers.js'

const server = useBoardServer({ loadWasm: false }) // the tests load it
afterEach(() => {
  cleanup()
  document.body.innerHTML = ''
})

// Exposes useMizan()'s kernel ref to the test, and shows useIsFetching().
let mizan
const App = defineComponent(() => {
  mizan = useMizan()
  const fetching = useIsFetching()
  return () => [
    h('p', `fetching: ${fetching.value}`),
    h(Board, { id: 1 }),
    h(Action, { fn: 'add_card', args: { board_id: 1, title: 'Late' }, label: 'Add' }),
  ]
})
const plugin = (options) => createMizan({ ...clientOptions(server), gcTime: undefined, ...options })

it('works when installed before the wasm has loaded', async () => {
  const loading = loadWasm() // started, not awaited: the plugin must wait for it
  const gate = gatedFetch((url) => url.includes('/ctx/board/'))
  const view = render(App, { global: { plugins: [plugin({ fetch: gate.fetch })] } })
  expect(mizan.kernel.value).toBeNull()
  expect(screen.getByText('Loading…')).toBeTruthy()
  expect(screen.getByText('fetching: 0')).toBeTruthy()
  // useIsFetching, set up before the kernel existed, follows it once it does.
  await screen.findByText('fetching: 1')
  gate.release(0)
  const section = await screen.findByRole('region', { name: 'board 1' })
  expect(screen.getByText('fetching: 0')).toBeTruthy()
  await loading
  expect(within(section).getByRole('heading').textContent).toBe('Launch')
  // A mutation from a component set up before the kernel existed.
  screen.getByRole('button', { name: 'Add' }).click()
  await within(section).findByText('Late')
  expect(contextGets(server)).toEqual(['1'])

  const kernel = mizan.kernel.value
  view.unmount() // the app's unmount disposes the kernel the plugin made
  expect(() => kernel.observe('board', { board_id: 1 })).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
})

it("hydrates the kernel it makes from the page's #__MIZAN_SSR_DATA__ block", async () => {
  await loadWasm()
  const state = {
    mizan: 1,
    contexts: [
      { context: 'board', params: { board_id: 1 }, data: { board_info: { id: 1, name: '</script> Launch' }, cards: [] }, updatedAt: Date.now() },
    ],
  }
  document.body.innerHTML = `<script type="application/json" id="__MIZAN_SSR_DATA__">${serializeForScript(state)}</script>`
  render(App, { global: { plugins: [plugin()] } })
  // At once, with no fetch: the plugin made the kernel synchronously (the wasm is loaded) and hydrated it.
  expect(screen.getByRole('heading').textContent).toBe('</script> Launch')
  screen.getByRole('button', { name: 'Add' }).click()
  await screen.findByText('Late')
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /call/'])
})
