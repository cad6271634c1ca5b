// mizanContext's options in a Svelte 5 component, over the real wasm kernel
// and the board server: enabled / skipToken, a dependent context,
// keepPreviousData across the stores $derived makes, the kernel's options
// passed on, and unknown options refused.
import { cleanup, render, screen, waitFor } from '@testing-library/svelte'
import { afterEach, expect, test, vi } from 'vitest'
import { mizanContext, skipToken } from '../../../adapters/svelte/index.js'
import { skipToken as runtimeSkipToken } from '../../../js/index.js'
import ContextOptions from './ContextOptions.svelte'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
afterEach(() => {
  cleanup()
  kernel?.dispose()
  vi.restoreAllMocks()
})

const shown = (id = 'board', nth = 0) => screen.getAllByTestId(id)[nth].textContent
const gets = () => server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/')).map((r) => r.params.board_id)

test('a disabled store is idle and fetches nothing; skipToken is the same, and the runtime shares it', async () => {
  expect(skipToken).toBe(runtimeSkipToken)
  kernel = clientKernel(server)
  const observe = vi.spyOn(kernel, 'observe')
  const { rerender } = render(ContextOptions, { kernel, options: { enabled: false } })
  expect(shown()).toBe('idle - idle')
  render(ContextOptions, { kernel, boardId: null })
  expect(shown('board', 1)).toBe('idle - idle')
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(observe).not.toHaveBeenCalled()
  expect(kernel.stats).toMatchObject({ entries: 0, records: 0 })
  expect(gets()).toEqual([])
  await rerender({ options: { enabled: true } })
  await waitFor(() => expect(shown()).toBe('success Launch idle'))
  expect(contextGets(server, 'board', 1)).toBe(1)
})

test("loads a store whose params come from another's data, with no {#if} around it", async () => {
  kernel = clientKernel(server)
  const seenNext = []
  render(ContextOptions, { kernel, dependent: true, seenNext })
  await waitFor(() => expect(shown('next')).toBe('success Research idle'))
  expect(gets()).toEqual(['1', '2'])
  expect(seenNext[0]).toBe('idle - idle') // idle, not loading, while its params are unknown
})

test("keepPreviousData: the replaced store's data as a placeholder until the new params' arrives", async () => {
  kernel = clientKernel(server)
  const seen = []
  const { rerender } = render(ContextOptions, { kernel, options: { keepPreviousData: true }, seen })
  await waitFor(() => expect(shown()).toBe('success Launch idle'))
  const before = seen.length
  await rerender({ boardId: 2 })
  expect(shown()).toBe('success Launch fetching placeholder')
  await waitFor(() => expect(shown()).toBe('success Research idle'))
  expect(seen.slice(before).filter((s, i, all) => s !== all[i - 1])).toEqual(['success Launch fetching placeholder', 'success Research idle'])
  expect(seen.slice(before)).not.toContain('loading - fetching')
})

test('without it the same paging shows loading (the check above can fail)', async () => {
  kernel = clientKernel(server)
  const seen = []
  const { rerender } = render(ContextOptions, { kernel, seen })
  await waitFor(() => expect(shown()).toBe('success Launch idle'))
  const before = seen.length
  await rerender({ boardId: 2 })
  await waitFor(() => expect(shown()).toBe('success Research idle'))
  expect(seen.slice(before)).toContain('loading - fetching')
})

test("passes the kernel's per-context options to observe(), and refuses unknown ones", () => {
  kernel = clientKernel(server)
  const observe = vi.spyOn(kernel, 'observe')
  mizanContext(kernel, 'board', { board_id: 1 }, { refetchInterval: 60_000, refetchOnReconnect: false, keepPreviousData: true })
  expect(observe).toHaveBeenLastCalledWith('board', { board_id: 1 }, { refetchInterval: 60_000, refetchOnReconnect: false })
  mizanContext(kernel, 'board', { board_id: 2 })
  expect(observe).toHaveBeenLastCalledWith('board', { board_id: 2 }, {})
  const refused = (options, message) =>
    expect(() => mizanContext(kernel, 'board', { board_id: 1 }, options)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }),
    )
  refused({ staleTime: 5 }, /mizanContext\(\) has no option "staleTime"/)
  refused({ suspense: true }, /has no option "suspense"/)
  refused({ enabled: 1 }, /options\.enabled must be a boolean/)
  refused({ keepPreviousData: 'yes' }, /options\.keepPreviousData must be a boolean/)
})
