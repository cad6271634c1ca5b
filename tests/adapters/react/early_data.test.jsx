// <MizanContext> while the wasm loads: the children's contexts are fetched
// at once, in parallel with the wasm, and the kernel made when it is in
// adopts those responses: one GET per context, StrictMode included. In its
// own module graph (Vitest isolates test files), so the first render really
// comes before the wasm is loaded.
import { act, cleanup, render, screen } from '@testing-library/react'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { StrictMode } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { defineContext, MizanContext, useMizanContext, useMutation } from '../../../adapters/react/index.js'
import { init } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { calls, contextGets } from './helpers.js'

const server = useBoardServer({ loadWasm: false }) // the test loads it
afterEach(cleanup)

const WASM = join(dirname(fileURLToPath(import.meta.url)), '../../../js/generated/mizan_kernel.wasm')

// The wasm as a Response whose bytes come when the test says.
function pendingWasm() {
  let controller
  const response = new Response(new ReadableStream({ start: (c) => (controller = c) }))
  return { response, arrive: (bytes) => (controller.enqueue(new Uint8Array(bytes)), controller.close()) }
}

const Session = defineContext('session')
const Board = defineContext('board')

function User() {
  const { data } = Session.useContext()
  return <p>user: {data.current_user.name}</p>
}

function Cards() {
  const cards = Board.useSlot('cards')
  const add = useMutation('add_card')
  return (
    <>
      <ul>
        {cards.map((card) => (
          <li key={card.id}>{card.title}</li>
        ))}
      </ul>
      <button onClick={() => add.mutate({ board_id: 1, title: 'Added' })}>add</button>
    </>
  )
}

function Name({ id }) {
  const { data } = useMizanContext('board', { board_id: id })
  return (
    <p>
      board {id}: {data?.board_info.name ?? 'loading'}
    </p>
  )
}

const options = { csrf: false, session: false }

it('fetches the children’s contexts while the wasm loads; the kernel adopts them: one GET each, in StrictMode', async () => {
  const wasm = pendingWasm()
  const loaded = init({ wasm: wasm.response })
  const errors = vi.spyOn(console, 'error')
  render(
    <StrictMode>
      <MizanContext baseUrl={server.baseUrl} options={options} fallback={<p>starting</p>}>
        {/* nested providers: both contexts go out at once */}
        <Session.Provider>
          <User />
          <Board.Provider params={{ board_id: 1 }}>
            <Cards />
          </Board.Provider>
        </Session.Provider>
      </MizanContext>
      {/* getHeaders changes the request: no early GET, the kernel sends it */}
      <MizanContext baseUrl={server.baseUrl} options={{ ...options, getHeaders: () => ({ 'X-Test': '1' }) }} fallback={<p>starting too</p>}>
        <Name id={2} />
      </MizanContext>
    </StrictMode>,
  )
  // A provider that leaves before the wasm is in makes no kernel (nor a
  // second GET: its early one is the first tree's too).
  const gone = render(
    <MizanContext baseUrl={server.baseUrl} options={options}>
      <Name id={1} />
    </MizanContext>,
  )
  gone.unmount()
  expect(screen.getByText('starting')).toBeTruthy()
  expect(screen.getByText('starting too')).toBeTruthy()
  // On the wire before the wasm is in.
  await vi.waitFor(() => expect(contextGets(server).sort()).toEqual(['board 1', 'session']))
  wasm.arrive(await readFile(WASM))
  await loaded
  expect(await screen.findByText('Write the announcement')).toBeTruthy()
  expect(screen.getByText('user: Ada')).toBeTruthy()
  expect(await screen.findByText('board 2: Research')).toBeTruthy()
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
  expect(contextGets(server).sort()).toEqual(['board 1', 'board 2', 'session']) // adopted, not sent again
  // The kernel works on: a call merges into the adopted context.
  await act(() => screen.getByText('add').click())
  expect(await screen.findByText('Added')).toBeTruthy()
  expect(calls(server)).toEqual(['add_card'])
  expect(contextGets(server)).toHaveLength(3)
  expect(errors).not.toHaveBeenCalled()
})
