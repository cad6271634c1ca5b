// The options of the React context hooks, over the real wasm kernel and the
// reference board server: enabled / skipToken (nothing mounted or fetched,
// status idle), dependent contexts, keepPreviousData while params change,
// the kernel's per-context options passed on, and unknown options refused.
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineContext, MizanContext, skipToken, useMizanContext } from '../../../adapters/react/index.js'
import { useSuspenseContext } from '../../../adapters/react/suspense.js'
import { skipToken as runtimeSkipToken } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
beforeEach(() => {
  kernel = clientKernel(server)
})
afterEach(() => {
  cleanup()
  kernel.dispose()
  vi.restoreAllMocks()
})

const withKernel = (ui) => <MizanContext kernel={kernel}>{ui}</MizanContext>
const wrapper = ({ children }) => withKernel(children)

// What a render showed, as a comparable line.
const line = (s) =>
  [s.status, s.data?.board_info.name ?? '-', s.isFetching ? 'fetching' : 'idle', s.isPlaceholder ? 'placeholder' : ''].join(' ').trim()

describe('enabled and skipToken', () => {
  it('a disabled context is idle, mounts nothing and fetches nothing, until enabled', async () => {
    const { result, rerender } = renderHook(({ enabled }) => useMizanContext('board', { board_id: 1 }, { enabled }), {
      wrapper,
      initialProps: { enabled: false },
    })
    expect(result.current).toEqual({ data: undefined, status: 'idle', error: null, isFetching: false, updatedAt: 0 })
    await act(async () => {})
    expect(kernel.stats).toMatchObject({ entries: 0, records: 0, pendingRequests: 0 })
    expect(contextGets(server)).toEqual([])

    rerender({ enabled: true })
    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(result.current.data.board_info.name).toBe('Launch')
    expect(contextGets(server)).toEqual(['board 1'])

    rerender({ enabled: false }) // disabled again: back to idle, the context let go
    expect(result.current.status).toBe('idle')
    await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 0, records: 0 }))
  })

  it('skipToken as params is the same as enabled: false; the runtime and the adapter share it', async () => {
    expect(skipToken).toBe(runtimeSkipToken)
    const observe = vi.spyOn(kernel, 'observe')
    const { result } = renderHook(() => useMizanContext('board', skipToken), { wrapper })
    await act(async () => {})
    expect(result.current).toMatchObject({ status: 'idle', isFetching: false, data: undefined })
    expect(observe).not.toHaveBeenCalled()
    expect(contextGets(server)).toEqual([])
  })

  it("loads a context whose params come from another's data, with no conditional component", async () => {
    const seen = []
    function Dependent() {
      const first = useMizanContext('board', { board_id: 1 })
      const next = useMizanContext('board', first.data ? { board_id: first.data.board_info.id + 1 } : skipToken)
      seen.push(`${line(first)} | ${line(next)}`)
      return <p>{next.data?.board_info.name ?? 'waiting'}</p>
    }
    render(withKernel(<Dependent />))
    expect(await screen.findByText('Research')).toBeTruthy()
    expect(contextGets(server)).toEqual(['board 1', 'board 2']) // one after the other
    // The dependent one stays idle (not loading) until its params exist.
    expect(seen[0]).toBe('loading - fetching | idle - idle')
    expect(seen.filter((s) => s.startsWith('loading')).every((s) => s.endsWith('| idle - idle'))).toBe(true)
    expect(seen.at(-1)).toBe('success Launch idle | success Research idle')
  })

  it('takes enabled from a defineContext Provider too', async () => {
    const Board = defineContext('board')
    const Status = () => <p>{line(Board.useContext())}</p>
    const { rerender } = render(
      withKernel(
        <Board.Provider params={{ board_id: 2 }} options={{ enabled: false }}>
          <Status />
        </Board.Provider>,
      ),
    )
    await act(async () => {})
    expect(screen.getByText('idle - idle')).toBeTruthy()
    expect(contextGets(server)).toEqual([])
    rerender(
      withKernel(
        <Board.Provider params={{ board_id: 2 }}>
          <Status />
        </Board.Provider>,
      ),
    )
    expect(await screen.findByText('success Research idle')).toBeTruthy()
  })
})

describe('keepPreviousData', () => {
  // A pager: what each render showed, in order.
  function renderPager(options) {
    const renders = []
    let setPage
    function Pager() {
      const [page, set] = useState(1)
      setPage = set
      const state = useMizanContext('board', { board_id: page }, options)
      renders.push(line(state))
      return <p>{state.data?.board_info.name ?? state.status}</p>
    }
    render(withKernel(<Pager />))
    return { renders, page: (n) => act(() => setPage(n)) }
  }

  it("shows the last page's data as a placeholder while the next loads, never 'loading'", async () => {
    kernel.dispose()
    kernel = clientKernel(server, { gcTime: 60_000 }) // board 1 stays cached once left
    const { renders, page } = renderPager({ keepPreviousData: true })
    await screen.findByText('Launch')
    const before = renders.length
    await page(2)
    // At once: board 1's data, marked, and the fetch of board 2 under way.
    expect(renders.at(-1)).toBe('success Launch fetching placeholder')
    expect(screen.getByText('Launch')).toBeTruthy()
    await screen.findByText('Research')
    expect(renders.slice(before)).toEqual(['success Launch fetching placeholder', 'success Research idle'])
    // Back to a page in the cache: its own data at once, no placeholder.
    await page(1)
    expect(renders.at(-1)).toBe('success Launch idle')
    expect(contextGets(server)).toEqual(['board 1', 'board 2'])
  })

  it('without it the same paging shows loading (the check above can fail)', async () => {
    const { renders, page } = renderPager(undefined)
    await screen.findByText('Launch')
    const before = renders.length
    await page(2)
    await screen.findByText('Research')
    // (Consecutive equal lines merged: the entry going from unknown to mounted is a new loading state.)
    expect(renders.slice(before).filter((r, i, all) => r !== all[i - 1])).toEqual(['loading - fetching', 'success Research idle'])
  })

  it('keeps the data while disabled (not fetching), and shows a failure as the error', async () => {
    const { result, rerender } = renderHook(({ id, enabled }) => useMizanContext('board', { board_id: id }, { keepPreviousData: true, enabled }), {
      wrapper,
      initialProps: { id: 1, enabled: true },
    })
    await waitFor(() => expect(result.current.status).toBe('success'))
    rerender({ id: 2, enabled: false })
    expect(line(result.current)).toBe('success Launch idle placeholder')
    rerender({ id: 99, enabled: true }) // no such board: 404
    expect(line(result.current)).toBe('success Launch fetching placeholder')
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current).toMatchObject({ data: undefined, error: { code: 'NOT_FOUND' } })
    expect(result.current.isPlaceholder).toBeUndefined()
  })

  it('gives the same placeholder object while nothing changes (useSyncExternalStore needs it)', async () => {
    const { result, rerender } = renderHook(({ id }) => useMizanContext('board', { board_id: id }, { keepPreviousData: true }), {
      wrapper,
      initialProps: { id: 1 },
    })
    await waitFor(() => expect(result.current.status).toBe('success'))
    rerender({ id: 2 })
    const placeholder = result.current
    rerender({ id: 2 })
    expect(result.current).toBe(placeholder)
    await waitFor(() => expect(result.current.data.board_info.name).toBe('Research'))
  })
})

describe('kernel options and unknown options', () => {
  it("passes the kernel's per-context options to observe(), and re-observes when they change", async () => {
    const observe = vi.spyOn(kernel, 'observe')
    const { rerender } = renderHook(({ every }) => useMizanContext('board', { board_id: 1 }, { refetchInterval: every, keepPreviousData: true }), {
      wrapper,
      initialProps: { every: 60_000 },
    })
    expect(observe).toHaveBeenLastCalledWith('board', { board_id: 1 }, { refetchInterval: 60_000 })
    rerender({ every: 60_000 })
    expect(observe).toHaveBeenCalledTimes(1)
    rerender({ every: 30_000 })
    expect(observe).toHaveBeenCalledTimes(2)
    expect(observe).toHaveBeenLastCalledWith('board', { board_id: 1 }, { refetchInterval: 30_000 })
    renderHook(() => useMizanContext('board', { board_id: 2 }, { refetchOnWindowFocus: false, refetchOnReconnect: true, enabled: true }), { wrapper })
    expect(observe).toHaveBeenLastCalledWith('board', { board_id: 2 }, { refetchOnWindowFocus: false, refetchOnReconnect: true })
    renderHook(() => useMizanContext('board', { board_id: 3 }, { enabled: true }), { wrapper })
    expect(observe).toHaveBeenLastCalledWith('board', { board_id: 3 }, {})
  })

  it('refuses an option it does not know, naming it, in every hook', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}) // React reports the render error too
    const Board = defineContext('board')
    const cases = [
      [() => useMizanContext('board', { board_id: 1 }, { staleTime: 1000 }), /useMizanContext\(\) has no option "staleTime"/],
      [() => useMizanContext('board', { board_id: 1 }, { placeholderData: {} }), /has no option "placeholderData"/],
      [() => useMizanContext('board', { board_id: 1 }, { enabled: 'yes' }), /options\.enabled must be a boolean/],
      [() => useMizanContext('board', { board_id: 1 }, { keepPreviousData: 1 }), /options\.keepPreviousData must be a boolean/],
      [() => useMizanContext('board', { board_id: 1 }, 5), /options must be a plain object/],
      [() => useSuspenseContext('board', { board_id: 1 }, { enabled: false }), /useSuspenseContext\(\) has no option "enabled"/],
      [() => useSuspenseContext('board', { board_id: 1 }, { keepPreviousData: true }), /has no option "keepPreviousData"/],
      [() => useSuspenseContext('board', skipToken), /params must be a plain object, got a symbol/],
    ]
    for (const [hook, message] of cases) {
      expect(() => renderHook(hook, { wrapper })).toThrow(
        expect.objectContaining({ name: 'MizanError', code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }),
      )
    }
    expect(() => render(withKernel(<Board.Provider params={{ board_id: 1 }} options={{ suspense: true }} />))).toThrow(
      /board\.Provider\(\) has no option "suspense"/,
    )
    expect(contextGets(server)).toEqual([])
  })
})
