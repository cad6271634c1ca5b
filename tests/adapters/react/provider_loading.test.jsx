// <MizanContext> while the wasm is still loading, and when it cannot load.
// In its own module graph (Vitest isolates test files), so the first render
// really comes before init() has finished.
import { cleanup, render, screen } from '@testing-library/react'
import { Component } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { MizanContext, useMizanContext } from '../../../adapters/react/index.js'
import { init } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { contextGets } from './helpers.js'

const server = useBoardServer({ loadWasm: false }) // the tests load it
afterEach(cleanup)

class Boundary extends Component {
  state = { error: null }
  static getDerivedStateFromError = (error) => ({ error })
  render = () => (this.state.error ? <p>boundary: {this.state.error.message}</p> : this.props.children)
}

function Name() {
  const { data } = useMizanContext('board', { board_id: 1 })
  return <p>{data ? data.board_info.name : 'loading'}</p>
}

const state = { mizan: 1, contexts: [{ context: 'board', params: { board_id: 1 }, data: { board_info: { id: 1, name: 'From state' }, cards: [] } }] }
const options = { csrf: false, session: false }

// A wasm source that stays pending until the test lets it fail, so the
// provider's first render surely comes before the failure.
function pendingGarbage() {
  let controller
  const response = new Response(new ReadableStream({ start: (c) => (controller = c) }))
  return { response, fail: () => (controller.enqueue(new Uint8Array([0, 1, 2, 3])), controller.close()) }
}

// Runs first: nothing has loaded the wasm in this module graph yet.
it('reports a wasm that cannot load to onError and renders errorFallback, with what to do', async () => {
  const failing = init({ wasm: '/nowhere/mizan.wasm' }) // a file that is not there
  const onError = vi.fn()
  render(
    <MizanContext
      baseUrl={server.baseUrl}
      options={options}
      fallback={<p>starting</p>}
      onError={onError}
      errorFallback={(e) => <p>failed: {e.code}</p>}
    >
      <Name />
    </MizanContext>,
  )
  expect(screen.getByText('starting')).toBeTruthy()
  await expect(failing).rejects.toMatchObject({ code: 'INIT_FAILED' })
  expect(await screen.findByText('failed: INIT_FAILED')).toBeTruthy()
  expect(onError).toHaveBeenCalledTimes(1)
  const [error] = onError.mock.calls[0]
  expect(error.message).toContain('/nowhere/mizan.wasm') // the location it tried
  expect(error.message).toContain('call init({ wasm }) with its URL') // and what to do
})

it('without errorFallback, throws the INIT_FAILED MizanError to the nearest error boundary', async () => {
  const garbage = pendingGarbage()
  const failing = init({ wasm: garbage.response })
  vi.spyOn(console, 'error').mockImplementation(() => {}) // React logs the caught error
  render(
    <Boundary>
      <MizanContext baseUrl={server.baseUrl} options={options}>
        <Name />
      </MizanContext>
    </Boundary>,
  )
  garbage.fail()
  await expect(failing).rejects.toMatchObject({ code: 'INIT_FAILED' })
  expect((await screen.findByText(/^boundary:/)).textContent).toMatch(/the wasm module failed to load from the Response given: /)
  vi.restoreAllMocks()
})

it('after a failure, waits for the retry the app starts with init(): fallback, then the data of `state`, no fetch', async () => {
  const retry = init()
  render(
    <MizanContext baseUrl={server.baseUrl} options={options} state={state} fallback={<p>starting</p>}>
      <Name />
    </MizanContext>,
  )
  expect(screen.getByText('starting')).toBeTruthy()
  await retry
  expect(await screen.findByText('From state')).toBeTruthy()
  expect(contextGets(server)).toEqual([])
})
