// Server rendering and hydration, end to end: a server kernel prefetches and
// renders to a string, its state travels in the page, and the browser
// kernel hydrates from it so hydrateRoot matches with no fetch.
import { act, cleanup, screen } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, expect, it, vi } from 'vitest'
import { defineContext, MizanContext, useMizanContext } from '../../../adapters/react/index.js'
import { createKernel, serializeForScript } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
afterEach(() => {
  cleanup()
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

const Board = defineContext('board')
function Title() {
  const { data } = useMizanContext('board', { board_id: 1 })
  return <h1>{data ? data.board_info.name : 'loading'}</h1>
}
const Cards = () => (
  <ul>
    {Board.useSlot('cards')?.map((c) => (
      <li key={c.id}>{c.title}</li>
    ))}
  </ul>
)
const App = () => (
  <main>
    <Title />
    <Board.Provider params={{ board_id: 1 }}>
      <Cards />
    </Board.Provider>
  </main>
)

// What a server does per request; the page carries the state in a JSON block.
async function serverRender() {
  server.reset()
  // The server kernel (no timers, no retries) as an SSR handler makes it, for this one request.
  const k = createKernel({ baseUrl: server.baseUrl, fetch: (u, i) => fetch(u, i), server: true, csrf: false, session: false })
  await k.call('add_card', { board_id: 1, title: 'Escape </script><!-- this' })
  await k.prefetch('board', { board_id: 1 })
  const html = renderToString(
    <MizanContext kernel={k}>
      <App />
    </MizanContext>,
  )
  const state = k.dehydrate()
  k.dispose()
  document.body.innerHTML = `<div id="root">${html}</div><script type="application/json" id="__MIZAN_SSR_DATA__">${serializeForScript(state)}</script>`
  return document.getElementById('root')
}

function hydrate(container, client) {
  const recoverable = []
  const root = hydrateRoot(
    container,
    <MizanContext kernel={client}>
      <App />
    </MizanContext>,
    { onRecoverableError: (error) => recoverable.push(error) },
  )
  return { root, recoverable }
}

it('hydrates the server-rendered page with no fetch and no mismatch', async () => {
  const container = await serverRender()
  expect(container.textContent).toContain('Launch')
  expect(container.textContent).toContain('Escape </script><!-- this')
  expect(contextGets(server)).toEqual(['board 1']) // the server's prefetch

  const consoleError = vi.spyOn(console, 'error')
  // The default gcTime: hydrated entries wait unmounted until hydrateRoot
  // renders, and gcTime 0 would evict them first.
  const client = clientKernel(server, { gcTime: undefined })
  expect(client.hydrate()).toBe(1) // from the #__MIZAN_SSR_DATA__ block
  const { root, recoverable } = hydrate(container, client)
  await act(async () => {})
  // Mounted, and nothing asked of the server (a fetch would be in flight here).
  expect(client.stats).toMatchObject({ entries: 1, pendingRequests: 0 })
  expect(screen.getByText('Launch')).toBeTruthy()
  expect(screen.getAllByRole('listitem')).toHaveLength(3)
  expect(contextGets(server)).toEqual(['board 1'])
  expect(recoverable).toEqual([])
  expect(consoleError).not.toHaveBeenCalled()

  // The hydrated tree is live: a merge reaches it, still with no fetch.
  await act(() => client.call('add_card', { board_id: 1, title: 'After hydration' }))
  expect(screen.getByText('After hydration')).toBeTruthy()
  expect(contextGets(server)).toEqual(['board 1'])
  act(() => root.unmount())
  client.dispose()
})

it('mismatches when the client skips hydrate(): the checks above can fail', async () => {
  const container = await serverRender()
  vi.spyOn(console, 'error').mockImplementation(() => {})
  const client = clientKernel(server, { gcTime: undefined })
  const { root, recoverable } = hydrate(container, client)
  await act(async () => {})
  expect(recoverable.length).toBeGreaterThan(0)
  act(() => root.unmount())
  client.dispose()
})
