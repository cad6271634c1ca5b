// Server rendering with createSSRApp + renderToString over a server kernel,
// then hydration in jsdom over a client kernel that took the dehydrated
// state: the data is in the HTML, the client fetches nothing and Vue finds
// no mismatch.
import { afterEach, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createMizan } from '../../../adapters/vue/index.js'
import { createKernel, serializeForScript } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { Action, Board, clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const App = defineComponent(
  () => () => h('main', [h(Board, { id: 1 }), h(Action, { fn: 'add_card', args: { board_id: 1, title: 'Hydrated' }, label: 'Add' })]),
)

// One server request: render, dehydrate, dispose.
async function serverRender() {
  const kernel = createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: true })
  const html = await renderToString(createSSRApp(App).use(createMizan({ kernel })))
  // The render subscribed to nothing: the prefetched entry is cached, not mounted, and no request is left.
  expect(kernel.stats).toMatchObject({ entries: 1, pendingRequests: 0 })
  const state = kernel.dehydrate()
  kernel.dispose()
  return { html, state }
}

// Hydrates the page in jsdom; returns what Vue warned about.
function hydrate(html, client) {
  document.body.innerHTML = `<div id="app">${html}</div>`
  const container = document.getElementById('app')
  const warnings = []
  for (const level of ['warn', 'error']) vi.spyOn(console, level).mockImplementation((...args) => warnings.push(args.join(' ')))
  const heading = container.querySelector('h2')
  createSSRApp(App)
    .use(createMizan({ kernel: client }))
    .mount(container)
  return { container, heading, warnings }
}

it("renders board 1's data on the server and hydrates it without a fetch or a mismatch", async () => {
  const { html, state } = await serverRender()
  expect(html).toContain('<h2>Launch</h2>')
  expect(html).toContain('<li>Book the venue</li>')
  expect(state.contexts).toEqual([expect.objectContaining({ context: 'board', params: { board_id: 1 } })])
  expect(contextGets(server)).toEqual(['1'])

  // The page carries the state in a script block; the client kernel reads it.
  document.head.innerHTML = `<script type="application/json" id="__MIZAN_SSR_DATA__">${serializeForScript(state)}</script>`
  // Default gcTime: with gcTime 0, hydrate() evicts at once what nothing has mounted yet.
  const client = clientKernel(server, { gcTime: undefined })
  expect(client.hydrate()).toBe(1)
  const { container, heading, warnings } = hydrate(html, client)
  expect(container.querySelector('h2')).toBe(heading) // the server's node, adopted
  expect(heading.textContent).toBe('Launch')

  // The app is live (its button works) and the merge shows up; the only
  // request since the server render is the call.
  container.querySelector('button').click()
  await vi.waitFor(() => expect(container.textContent).toContain('Hydrated'))
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /ctx/board/', 'POST /call/'])
  expect(warnings).toEqual([])
  client.dispose()
})

it('(control) a client kernel without the state renders loading, and Vue reports the mismatch', async () => {
  const { html } = await serverRender()
  const client = clientKernel(server)
  const { warnings } = hydrate(html, client)
  expect(warnings.join('\n')).toMatch(/Hydration .*mismatch/)
  await vi.waitFor(() => expect(contextGets(server)).toEqual(['1', '1']))
  client.dispose()
})

it('renders a context that failed on the server as loading, as the browser will: the state leaves it out and the browser fetches it', async () => {
  const kernel = createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: true })
  const html = await renderToString(createSSRApp(defineComponent(() => () => h(Board, { id: 99 }))).use(createMizan({ kernel })))
  expect(html).toBe('<p>Loading…</p>')
  expect(kernel.dehydrate().contexts).toEqual([])
  kernel.dispose()
})
