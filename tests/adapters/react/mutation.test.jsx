// useMutation, useIsMutating and useIsFetching over the real wasm kernel
// (the scenarios all adapters share are in ../mutation_cases.js), in
// StrictMode, plus what only React has: inline callbacks that see the
// latest render, and defineMutation's hooks.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react'
import { StrictMode, useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineMutation, MizanContext, useIsFetching, useIsMutating, useMutation } from '../../../adapters/react/index.js'
import { useBoardServer } from '../board_server.js'
import { mutationCases } from '../mutation_cases.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const kernels = []
afterEach(() => {
  cleanup()
  for (const k of kernels.splice(0)) k.dispose()
  vi.restoreAllMocks()
})

const wrapperOf =
  (kernel) =>
  ({ children }) => (
    <StrictMode>
      <MizanContext kernel={kernel}>{children}</MizanContext>
    </StrictMode>
  )

function renderInKernel(kernel, hook) {
  const { result, unmount } = renderHook(hook, { wrapper: wrapperOf(kernel) })
  return { current: () => result.current, unmount }
}

describe('useMutation (shared cases)', () => {
  mutationCases({
    server,
    kernel: (options) => {
      const k = clientKernel(server, options)
      kernels.push(k)
      return k
    },
    use: (kernel, fn, options) => renderInKernel(kernel, () => useMutation(fn, options)),
    activity: (kernel, kind, filter) => renderInKernel(kernel, () => (kind === 'fetching' ? useIsFetching(filter) : useIsMutating(filter))),
    act: (action) => act(async () => void (await action())),
    waitFor,
  })
})

describe('useMutation in React', () => {
  it("reads the hook's options at each call: an inline callback sees the latest render", async () => {
    const kernel = clientKernel(server)
    kernels.push(kernel)
    const seen = []
    function AddCard() {
      const [label, setLabel] = useState('first')
      const { mutate, isPending } = useMutation('add_card', { onSuccess: (card) => seen.push(`${label} ${card.title}`) })
      return (
        <>
          <button onClick={() => setLabel('second')}>relabel</button>
          <button disabled={isPending} onClick={() => mutate({ board_id: 1, title: 'New' })}>
            add
          </button>
        </>
      )
    }
    render(<AddCard />, { wrapper: wrapperOf(kernel) })
    fireEvent.click(screen.getByText('relabel'))
    fireEvent.click(screen.getByText('add'))
    expect(screen.getByText('add').disabled).toBe(true)
    await waitFor(() => expect(seen).toEqual(['second New']))
    expect(screen.getByText('add').disabled).toBe(false)
  })

  it('keeps one store per component: the same mutate across renders, and state objects only when it changes', async () => {
    const kernel = clientKernel(server)
    kernels.push(kernel)
    const useAddCard = defineMutation('add_card')
    const { result, rerender } = renderHook(() => useAddCard(), { wrapper: wrapperOf(kernel) })
    const first = result.current
    rerender()
    expect(result.current).toBe(first) // nothing changed: the same object, no work for memoised children
    expect(result.current.mutate).toBe(first.mutate)
    await act(async () => void (await result.current.mutateAsync({ board_id: 2, title: 'Cite' })))
    expect(result.current).toMatchObject({ isSuccess: true, data: { board_id: 2, title: 'Cite' } })
    expect(result.current.mutate).toBe(first.mutate)
  })

  it("defineMutation's hooks take useMutation's options", async () => {
    const kernel = clientKernel(server)
    kernels.push(kernel)
    const onSuccess = vi.fn()
    const useAddCard = defineMutation('add_card')
    const { result } = renderHook(() => useAddCard({ onSuccess }), { wrapper: wrapperOf(kernel) })
    await act(async () => void (await result.current.mutateAsync({ board_id: 1, title: 'Hello' })))
    expect(onSuccess).toHaveBeenCalledWith({ id: 4, board_id: 1, title: 'Hello' }, { board_id: 1, title: 'Hello' }, undefined)
  })
})
