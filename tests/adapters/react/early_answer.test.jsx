// <MizanContext> once the wasm is in: the kernel waits (up to 300 ms) for
// the answers of the GETs its children sent early, so that their first
// render after the fallback has the data — not the loading state and the
// data a moment later; an answer slower than that does not keep the
// fallback up. In its own module graph (Vitest isolates test files), so the
// first render really comes before the wasm is loaded.
import { act, cleanup, render, screen } from '@testing-library/react'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it, vi } from 'vitest'
import { MizanContext, useMizanContext } from '../../../adapters/react/index.js'
import { init } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { gatedFetch } from '../mutation_cases.js'
import { contextGets } from './helpers.js'

const server = useBoardServer({ loadWasm: false }) // the test loads it
afterEach(cleanup)

const WASM = join(dirname(fileURLToPath(import.meta.url)), '../../../js/generated/mizan_kernel.wasm')
const sleep = (ms) => act(() => new Promise((resolve) => setTimeout(resolve, ms)))

// A fetch whose context GETs are answered when the test says.
const heldFetch = () => gatedFetch((url) => url.includes('/ctx/'))

function Who() {
  const { data } = useMizanContext('session')
  return <p>user: {data ? data.current_user.name : 'loading'}</p>
}

// Each render of a child, as what it showed.
function Name({ id, log }) {
  const { data } = useMizanContext('board', { board_id: id })
  const shown = data ? data.board_info.name : 'loading'
  log.push(shown)
  return (
    <p>
      board {id}: {shown}
    </p>
  )
}

it('renders the children once with the data when their early answers come soon after the wasm; a slow answer does not hold the fallback', async () => {
  let arrive
  const loaded = init({ wasm: new Response(new ReadableStream({ start: (c) => (arrive = (bytes) => (c.enqueue(bytes), c.close())) })) })
  const soon = heldFetch()
  const late = heldFetch()
  const soonLog = []
  const lateLog = []
  const options = { csrf: false, session: false }
  const page = (more) => (
    <>
      <MizanContext baseUrl={server.baseUrl} options={{ ...options, fetch: soon.fetch }} fallback={<p>starting soon</p>}>
        <Name id={1} log={soonLog} />
        {more}
      </MizanContext>
      <MizanContext baseUrl={server.baseUrl} options={{ ...options, fetch: late.fetch }} fallback={<p>starting late</p>}>
        <Name id={2} log={lateLog} />
      </MizanContext>
    </>
  )
  const { rerender } = render(page())
  expect(soon.held).toHaveLength(1) // sent while the wasm loads
  expect(late.held).toHaveLength(1)
  arrive(new Uint8Array(await readFile(WASM)))
  await act(() => loaded)
  await sleep(50) // the wasm is in; both answers are not
  expect(screen.getByText('starting soon')).toBeTruthy() // waiting for the answer, not rendering 'loading'
  // Rendered again meanwhile (as React's pre-render of a suspended tree
  // does), with one more context: board 1 is not fetched again, the new
  // one is fetched by the kernel (once its answer is in too, it renders).
  rerender(page(<Who />))
  await vi.waitFor(() => expect(soon.held).toHaveLength(2))
  expect(soon.held[1].url).toMatch(/\/ctx\/session\/$/)
  soon.release(0)
  soon.release(1)
  expect(await screen.findByText('board 1: Launch')).toBeTruthy()
  expect(soonLog).toEqual(['Launch']) // one render, with the data
  expect(await screen.findByText('user: Ada')).toBeTruthy()
  // The other is still held: past the wait, its kernel renders the loading state.
  expect(await screen.findByText('board 2: loading', {}, { timeout: 1000 })).toBeTruthy()
  late.release(0)
  expect(await screen.findByText('board 2: Research')).toBeTruthy()
  expect(lateLog.at(-1)).toBe('Research')
  expect(lateLog.filter((shown) => shown === 'loading').length).toBeGreaterThan(0)
  expect(contextGets(server).sort()).toEqual(['board 1', 'board 2', 'session']) // the early GETs adopted: one each
})
