// useSuspenseContext over the real wasm kernel and the reference board
// server: suspends to <Suspense> once per load (StrictMode too), throws
// failures to the error boundary and loads again on its reset, renders
// hydrated or prefetched data at once, and server-renders with
// renderToString (prefetched) and streaming (loaded while streaming).
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { Component, StrictMode, Suspense } from 'react'
// One server renderer for all (two copies would share the contexts, which React warns of).
import { renderToPipeableStream, renderToReadableStream, renderToString } from 'react-dom/server.node'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { MizanContext } from '../../../adapters/react/index.js'
import { useSuspenseContext } from '../../../adapters/react/suspense.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
let consoleError
beforeEach(() => {
  kernel = clientKernel(server)
  consoleError = vi.spyOn(console, 'error')
})
afterEach(() => {
  cleanup()
  kernel.dispose()
  vi.restoreAllMocks()
})

class Boundary extends Component {
  state = { error: null }
  static getDerivedStateFromError = (error) => ({ error })
  render = () =>
    this.state.error ? (
      <button onClick={() => this.setState({ error: null })}>
        retry after {this.state.error.name} {this.state.error.code}
      </button>
    ) : (
      this.props.children
    )
}

let renders = 0
function Title({ id }) {
  renders++
  const { data, status } = useSuspenseContext('board', { board_id: id })
  return (
    <h1>
      {data.board_info.name} ({status})
    </h1>
  )
}

const app = (ui, k = kernel) => (
  <MizanContext kernel={k}>
    <Boundary>
      <Suspense fallback={<p>waiting</p>}>{ui}</Suspense>
    </Boundary>
  </MizanContext>
)

it('suspends until the data is there, then renders it with data always defined', async () => {
  render(app(<Title id={1} />))
  expect(screen.getByText('waiting')).toBeTruthy()
  expect(await screen.findByText('Launch (success)')).toBeTruthy()
  expect(contextGets(server)).toEqual(['board 1'])
  // Mounted by the component now (the load's hold let go): one mount.
  expect(kernel.stats).toMatchObject({ entries: 1, records: 1 })
  cleanup()
  await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 0, records: 0 })) // gcTime 0: nothing left behind
  expect(consoleError).not.toHaveBeenCalled()
})

it('fetches once under StrictMode, with two components of the same params', async () => {
  renders = 0
  render(
    <StrictMode>
      {app(
        <>
          <Title id={2} />
          <Title id={2} />
        </>,
      )}
    </StrictMode>,
  )
  expect(await screen.findAllByText('Research (success)')).toHaveLength(2)
  expect(contextGets(server)).toEqual(['board 2'])
  expect(renders).toBeGreaterThan(2) // StrictMode did render twice: the single fetch is not for lack of renders
  await act(async () => {})
  expect(kernel.stats).toMatchObject({ entries: 1, pendingRequests: 0 })
})

it('throws a failed load to the error boundary; its reset loads again', async () => {
  consoleError.mockImplementation(() => {}) // React reports the caught error
  const noRetry = clientKernel(server, { retryDelays: [] })
  server.failNextContext(500)
  render(app(<Title id={1} />, noRetry))
  const retry = await screen.findByText('retry after MizanError HTTP_500')
  expect(contextGets(server)).toEqual(['board 1'])
  // A reset at once shows the same error: React's own renders of the failed
  // component cannot be told apart from it (no second fetch yet).
  fireEvent.click(retry)
  expect(await screen.findByText('retry after MizanError HTTP_500')).toBeTruthy()
  expect(contextGets(server)).toEqual(['board 1'])
  // A second later a reset loads again.
  const now = performance.now.bind(performance)
  vi.spyOn(performance, 'now').mockImplementation(() => now() + 1000)
  fireEvent.click(screen.getByText('retry after MizanError HTTP_500'))
  expect(await screen.findByText('Launch (success)')).toBeTruthy()
  expect(contextGets(server)).toEqual(['board 1', 'board 1'])
  cleanup()
  noRetry.dispose()
})

it('renders hydrated data at once: no fallback, no fetch', async () => {
  const seeded = clientKernel(server, { gcTime: undefined })
  seeded.hydrate({ contexts: [{ context: 'board', params: { board_id: 1 }, data: { board_info: { id: 1, name: 'From the page' }, cards: [] } }] })
  render(app(<Title id={1} />, seeded))
  expect(screen.getByText('From the page (success)')).toBeTruthy()
  await act(async () => {})
  expect(contextGets(server)).toEqual([])
  cleanup()
  seeded.dispose()
})

// A server kernel as an SSR handler makes one, for one request.
const serverKernel = () => createKernel({ baseUrl: server.baseUrl, fetch: (u, i) => fetch(u, i), server: true, csrf: false, session: false })

it('server-renders prefetched data with renderToString (no throw, no second fetch)', async () => {
  const k = serverKernel()
  await k.prefetch('board', { board_id: 1 })
  const html = renderToString(app(<Title id={1} />, k))
  expect(html).toContain('Launch')
  expect(html).not.toContain('waiting')
  expect(contextGets(server)).toEqual(['board 1'])
  k.dispose()
})

it('loads what it lacks while streaming (renderToPipeableStream), once', async () => {
  const k = serverKernel()
  renders = 0
  const html = await new Promise((resolve, reject) => {
    let text = ''
    const sink = new Writable({
      write(chunk, _, done) {
        text += chunk
        done()
      },
    })
    sink.on('finish', () => resolve(text))
    const stream = renderToPipeableStream(
      <StrictMode>
        {app(
          <>
            <Title id={1} />
            <Title id={2} />
          </>,
          k,
        )}
      </StrictMode>,
      { onAllReady: () => stream.pipe(sink), onError: reject },
    )
  })
  expect(html).toContain('Launch')
  expect(html).toContain('Research')
  expect(contextGets(server).sort()).toEqual(['board 1', 'board 2'])
  // What it loaded is the server kernel's, for the page to carry.
  expect(
    k
      .dehydrate()
      .contexts.map((c) => c.params.board_id)
      .sort(),
  ).toEqual([1, 2])
  k.dispose()
})

it('streams with renderToReadableStream too', async () => {
  const k = serverKernel()
  const stream = await renderToReadableStream(app(<Title id={2} />, k))
  await stream.allReady
  const html = await new Response(stream).text()
  expect(html).toContain('Research')
  expect(contextGets(server)).toEqual(['board 2'])
  k.dispose()
})
