// Hardening seen through the React adapter: bad params reach an error
// boundary as a MizanError, and a change of user shows nothing of the old
// user while the new user's data loads.
import { cleanup, render, screen } from '@testing-library/react'
import { Component } from 'react'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest'
import { MizanContext, useMizanContext } from '../../../adapters/react/index.js'
import { startBoardServer } from '../../../examples/server/board_api.js'
import { clientKernel, contextGets, loadWasm } from './helpers.js'

let server
let kernel
beforeAll(async () => {
  await loadWasm()
  server = await startBoardServer({ csrf: false })
})
afterAll(() => server.close())
beforeEach(() => {
  server.reset()
  kernel = clientKernel(server)
})
afterEach(() => {
  cleanup()
  kernel.dispose()
  vi.restoreAllMocks()
})

class Boundary extends Component {
  state = { error: null }
  static getDerivedStateFromError(error) {
    return { error }
  }
  render() {
    return this.state.error ? <p>caught {this.state.error.name} {this.state.error.code}</p> : this.props.children
  }
}

function BoardName({ params }) {
  const { status, data } = useMizanContext('board', params)
  return <p>{status === 'success' ? data.board_info.name : status}</p>
}

it('params the kernel refuses reach an error boundary as a MizanError, and nothing is mounted', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {}) // React logs the caught render error
  render(
    <MizanContext kernel={kernel}>
      <Boundary>
        <BoardName params={{ board_id: Number.NaN }} />
      </Boundary>
    </MizanContext>,
  )
  expect(await screen.findByText('caught MizanError INVALID_PARAMS')).toBeTruthy()
  expect(kernel.stats).toMatchObject({ entries: 0, pendingRequests: 0 })
})

it('a change of user clears the screen of the old user’s data before the new data shows', async () => {
  render(
    <MizanContext kernel={kernel}>
      <BoardName params={{ board_id: 1 }} />
    </MizanContext>,
  )
  expect(await screen.findByText('Launch')).toBeTruthy()
  kernel.setIdentity('ada')
  server.api.db.boards.get(1).name = 'Bob’s launch' // what the server now answers for the new user
  kernel.setIdentity('bob')
  expect(await screen.findByText('loading')).toBeTruthy()
  expect(await screen.findByText('Bob’s launch')).toBeTruthy()
  expect(contextGets(server)).toEqual(['board 1', 'board 1'])
})
