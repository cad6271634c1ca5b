// The React adapter over the real wasm kernel, against the reference board
// server (examples/server/board_api.js): what the UI shows, which requests
// went out, and what the kernel holds afterwards.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react'
import { Component, StrictMode, useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineContext, defineMutation, MizanContext, useMizan, useMizanContext, useMutation } from '../../../adapters/react/index.js'
import { useBoardServer } from '../board_server.js'
import { calls, clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
beforeEach(() => {
  kernel = clientKernel(server)
})
afterEach(() => {
  cleanup()
  kernel.dispose()
})

const withKernel = (ui, k = kernel) => <MizanContext kernel={k}>{ui}</MizanContext>

class Boundary extends Component {
  state = { error: null }
  static getDerivedStateFromError = (error) => ({ error })
  render = () =>
    this.state.error ? (
      <p>
        failed {this.state.error.name} {this.state.error.code}
      </p>
    ) : (
      this.props.children
    )
}

function BoardStatus({ id }) {
  const { status, data, error } = useMizanContext('board', { board_id: id })
  return <p>{status === 'error' ? `error ${error.code} ${error.status}` : status === 'success' ? data.board_info.name : status}</p>
}

describe('useMizanContext', () => {
  it('renders loading, then the data', async () => {
    render(withKernel(<BoardStatus id={1} />))
    expect(screen.getByText('loading')).toBeTruthy()
    expect(await screen.findByText('Launch')).toBeTruthy()
    expect(contextGets(server)).toEqual(['board 1'])
  })

  it('shows a failed context as an error with its code', async () => {
    render(withKernel(<BoardStatus id={99} />))
    expect(await screen.findByText('error NOT_FOUND 404')).toBeTruthy()

    cleanup()
    const noRetry = clientKernel(server, { retryDelays: [] })
    server.failNextContext(500)
    render(withKernel(<BoardStatus id={1} />, noRetry))
    expect(await screen.findByText('error HTTP_500 500')).toBeTruthy()
    cleanup()
    noRetry.dispose()
  })

  it('re-registers when params change by value, not when a new object holds the same', async () => {
    const observe = vi.spyOn(kernel, 'observe')
    const { rerender } = render(withKernel(<BoardStatus id={1} />))
    await screen.findByText('Launch')
    rerender(withKernel(<BoardStatus id={1} />)) // a new { board_id: 1 } object
    expect(observe).toHaveBeenCalledTimes(1)
    rerender(withKernel(<BoardStatus id={2} />))
    expect(await screen.findByText('Research')).toBeTruthy()
    expect(observe).toHaveBeenCalledTimes(2)
    expect(contextGets(server)).toEqual(['board 1', 'board 2'])
    await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 1, records: 1 })) // board 1 left
  })

  it('takes the same params in another key order as the same context (canonical key)', async () => {
    function Viewed({ params }) {
      return <p>{useMizanContext('board', params).data?.board_info.name ?? 'loading'}</p>
    }
    const observe = vi.spyOn(kernel, 'observe')
    const { rerender } = render(withKernel(<Viewed params={{ board_id: 1, view: 'all' }} />))
    await screen.findByText('Launch')
    rerender(withKernel(<Viewed params={{ view: 'all', board_id: 1 }} />))
    expect(screen.getByText('Launch')).toBeTruthy()
    expect(observe).toHaveBeenCalledTimes(1)
    expect(contextGets(server)).toEqual(['board 1'])
  })

  it('leaves nothing mounted after unmount, and does not dispose a kernel it was given', async () => {
    function Session() {
      const { data } = useMizanContext('session')
      return <p>{data?.current_user.name}</p>
    }
    const { unmount } = render(
      withKernel(
        <>
          <BoardStatus id={1} />
          <BoardStatus id={1} />
          <Session />
        </>,
      ),
    )
    await screen.findByText('Ada')
    await screen.findAllByText('Launch')
    expect(kernel.stats).toMatchObject({ entries: 2, records: 2 })
    unmount()
    await waitFor(() => expect(kernel.stats).toEqual({ entries: 0, records: 0, pendingRequests: 0, pendingCalls: 0 }))
    expect(await kernel.call('add_card', { board_id: 1, title: 'still alive' })).toMatchObject({ title: 'still alive' })
  })

  it('fetches once and leaks nothing under StrictMode', async () => {
    const Board = defineContext('board')
    const Name = () => <p>{Board.useSlot('board_info')?.name}</p>
    const { unmount } = render(
      <StrictMode>
        {withKernel(
          <>
            <BoardStatus id={1} />
            <Board.Provider params={{ board_id: 2 }}>
              <Name />
            </Board.Provider>
          </>,
        )}
      </StrictMode>,
    )
    await screen.findByText('Launch')
    await screen.findByText('Research')
    expect(contextGets(server).sort()).toEqual(['board 1', 'board 2'])
    expect(kernel.stats).toMatchObject({ entries: 2, records: 2, pendingRequests: 0 })
    unmount()
    await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 0, records: 0 }))
  })
})

const Board = defineContext('board')
const useRenameBoard = defineMutation('rename_board')

describe('defineContext', () => {
  it('re-renders a slot reader only when its slot changes', async () => {
    const renders = { info: 0, cards: 0, whole: 0 }
    function Info() {
      renders.info++
      return <h1>{Board.useSlot('board_info')?.name}</h1>
    }
    function Cards() {
      renders.cards++
      return (
        <ul>
          {Board.useSlot('cards')?.map((c) => (
            <li key={c.id}>{c.title}</li>
          ))}
        </ul>
      )
    }
    function Whole() {
      renders.whole++
      return <p>{Board.useContext().status}</p>
    }
    render(
      withKernel(
        <Board.Provider params={{ board_id: 1 }}>
          <Info />
          <Cards />
          <Whole />
        </Board.Provider>,
      ),
    )
    await screen.findByText('Book the venue')
    await screen.findByText('Launch')
    const before = { ...renders }
    await act(() => kernel.call('add_card', { board_id: 1, title: 'Order badges' }))
    expect(screen.getByText('Order badges')).toBeTruthy()
    expect(renders.info).toBe(before.info)
    expect(renders.cards).toBe(before.cards + 1)
    expect(renders.whole).toBe(before.whole + 1)
    expect(contextGets(server)).toEqual(['board 1']) // merged, not refetched
  })

  it('refetches only the Provider a scoped invalidation names', async () => {
    function Rename() {
      const { mutate } = useRenameBoard()
      return <button onClick={() => mutate({ board_id: 1, name: 'Launch v2' })}>rename</button>
    }
    const Name = () => <h1>{Board.useSlot('board_info')?.name}</h1>
    render(
      withKernel(
        <>
          <Board.Provider params={{ board_id: 1 }}>
            <Name />
          </Board.Provider>
          <Board.Provider params={{ board_id: 2 }}>
            <Name />
          </Board.Provider>
          <Rename />
        </>,
      ),
    )
    await screen.findByText('Launch')
    await screen.findByText('Research')
    fireEvent.click(screen.getByText('rename'))
    expect(await screen.findByText('Launch v2')).toBeTruthy()
    expect(contextGets(server).sort()).toEqual(['board 1', 'board 1', 'board 2'])
  })

  it('moves a Provider to new params', async () => {
    const Name = () => <h1>{Board.useSlot('board_info')?.name}</h1>
    const ui = (id) =>
      withKernel(
        <Board.Provider params={{ board_id: id }}>
          <Name />
        </Board.Provider>,
      )
    const { rerender } = render(ui(1))
    await screen.findByText('Launch')
    rerender(ui(2))
    expect(await screen.findByText('Research')).toBeTruthy()
    expect(contextGets(server)).toEqual(['board 1', 'board 2'])
    await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 1, records: 1 }))
  })

  it('refuses its hooks outside its Provider (NO_PROVIDER)', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => Board.useSlot('cards'), { wrapper: ({ children }) => withKernel(children) })).toThrow(
      expect.objectContaining({ code: 'NO_PROVIDER' }),
    )
    vi.restoreAllMocks()
  })
})

// The rules of useMutation are the shared cases' (mutation.test.jsx); here, the UI.
describe('useMutation', () => {
  function AddCard({ title }) {
    const { mutate, isPending, error, data, reset } = useMutation('add_card')
    const [outcome, setOutcome] = useState('')
    const add = () =>
      mutate({ board_id: 1, title }, { onSuccess: (card) => setOutcome(`succeeded ${card.id}`), onError: (e) => setOutcome(`failed ${e.code}`) })
    return (
      <>
        <button onClick={add}>add</button>
        <button onClick={reset}>reset</button>
        <p>{isPending ? 'pending' : error ? `error ${error.code}` : data ? `added ${data.title}` : 'idle'}</p>
        <p>{outcome}</p>
      </>
    )
  }
  const Cards = () => (
    <ul>
      {Board.useSlot('cards')?.map((c) => (
        <li key={c.id}>{c.title}</li>
      ))}
    </ul>
  )

  it('updates the UI through the merge, with no refetch', async () => {
    render(
      withKernel(
        <Board.Provider params={{ board_id: 1 }}>
          <Cards />
          <AddCard title="Print flyers" />
        </Board.Provider>,
      ),
    )
    await screen.findByText('Book the venue')
    fireEvent.click(screen.getByText('add'))
    expect(screen.getByText('pending')).toBeTruthy()
    expect(await screen.findByText('added Print flyers')).toBeTruthy()
    expect(screen.getByText('succeeded 4')).toBeTruthy()
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Write the announcement', 'Book the venue', 'Print flyers'])
    expect(contextGets(server)).toEqual(['board 1'])
    expect(calls(server)).toEqual(['add_card'])
  })

  it('shows the server error until reset', async () => {
    render(withKernel(<AddCard title="" />))
    fireEvent.click(screen.getByText('add'))
    expect(await screen.findByText('error VALIDATION_ERROR')).toBeTruthy()
    expect(screen.getByText('failed VALIDATION_ERROR')).toBeTruthy()
    fireEvent.click(screen.getByText('reset'))
    expect(screen.getByText('idle')).toBeTruthy()
  })
})

describe('MizanContext', () => {
  afterEach(() => document.getElementById('__MIZAN_SSR_DATA__')?.remove())

  function seeKernel(seen) {
    return function Seen() {
      seen.add(useMizan().kernel)
      return <BoardStatus id={1} />
    }
  }

  it('with the wasm loaded, renders at once with its own kernel hydrated from the page, and disposes it after unmount', async () => {
    const page = {
      mizan: 1,
      contexts: [{ context: 'board', params: { board_id: 1 }, data: { board_info: { id: 1, name: 'From the page' }, cards: [] } }],
    }
    document.body.insertAdjacentHTML('beforeend', `<script type="application/json" id="__MIZAN_SSR_DATA__">${JSON.stringify(page)}</script>`)
    const seen = new Set()
    const Seen = seeKernel(seen)
    const { unmount } = render(
      <MizanContext baseUrl={server.baseUrl} options={{ csrf: false, session: false }} fallback={<p>starting</p>}>
        <Seen />
      </MizanContext>,
    )
    expect(screen.queryByText('starting')).toBeNull() // no fallback pass: the kernel is made during the first render
    expect(screen.getByText('From the page')).toBeTruthy()
    expect(contextGets(server)).toEqual([]) // hydrated: no first fetch
    expect(seen.size).toBe(1)
    const [own] = seen
    expect(own.stats.entries).toBe(1)
    unmount()
    await Promise.resolve() // disposal waits a microtask (StrictMode remounts in between)
    expect(() => own.call('add_card', {})).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
  })

  it('makes exactly one kernel under StrictMode and disposes it', async () => {
    const seen = new Set()
    const Seen = seeKernel(seen)
    const { unmount } = render(
      <StrictMode>
        <MizanContext baseUrl={server.baseUrl} options={{ csrf: false, session: false }}>
          <Seen />
        </MizanContext>
      </StrictMode>,
    )
    expect(await screen.findByText('Launch')).toBeTruthy()
    expect(seen.size).toBe(1)
    expect(contextGets(server)).toEqual(['board 1'])
    unmount()
    await Promise.resolve()
    expect([...seen][0].stats.entries).toBe(0)
    expect(() => [...seen][0].call('add_card', {})).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
  })

  it('throws a kernel it cannot make to the nearest error boundary', async () => {
    document.body.insertAdjacentHTML('beforeend', '<script type="application/json" id="__MIZAN_SSR_DATA__">{oops</script>')
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {}) // React reports caught errors there
    render(
      <Boundary>
        <MizanContext baseUrl={server.baseUrl}>
          <p>never</p>
        </MizanContext>
      </Boundary>,
    )
    expect(await screen.findByText('failed MizanError INVALID_JSON')).toBeTruthy()
    expect(logged).toHaveBeenCalled()
    vi.restoreAllMocks()
  })

  it('refuses useMizan outside it with NO_PROVIDER', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useMizan())).toThrow(expect.objectContaining({ code: 'NO_PROVIDER' }))
    vi.restoreAllMocks()
  })
})

describe('hardening', () => {
  it('params the kernel refuses reach an error boundary as a MizanError, and nothing is mounted', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}) // React logs the caught render error
    render(
      withKernel(
        <Boundary>
          <BoardStatus id={Number.NaN} />
        </Boundary>,
      ),
    )
    expect(await screen.findByText('failed MizanError INVALID_PARAMS')).toBeTruthy()
    expect(kernel.stats).toMatchObject({ entries: 0, pendingRequests: 0 })
    vi.restoreAllMocks()
  })

  it('a change of user clears the screen of the old user’s data before the new data shows', async () => {
    render(withKernel(<BoardStatus id={1} />))
    expect(await screen.findByText('Launch')).toBeTruthy()
    kernel.setIdentity('ada') // the first identity is adopted: nothing purged
    server.api.db.boards.get(1).name = 'Bob’s launch' // what the server answers the new user
    kernel.setIdentity('bob')
    expect(await screen.findByText('loading')).toBeTruthy()
    expect(await screen.findByText('Bob’s launch')).toBeTruthy()
    expect(contextGets(server)).toEqual(['board 1', 'board 1'])
  })
})
