// useMutation, useIsMutating and useIsFetching in mounted components, over
// the real wasm kernel (the scenarios all adapters share are in
// ../mutation_cases.js; the kernel arriving after setup is in
// plugin.test.js).
import { cleanup, render, waitFor } from '@testing-library/vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, isRef, nextTick } from 'vue'
import { createMizan, useIsFetching, useIsMutating, useMutation } from '../../../adapters/vue/index.js'
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

// Mounts a component whose setup calls `use`; `current()` reads what it got, refs unwrapped.
function mountWith(kernel, use) {
  let got
  const view = render(
    defineComponent(() => {
      got = use()
      return () => null
    }),
    { global: { plugins: [createMizan({ kernel })] } },
  )
  const unwrap = (value) => (isRef(value) ? value.value : value)
  const current = () => (isRef(got) ? got.value : Object.fromEntries(Object.entries(got).map(([key, value]) => [key, unwrap(value)])))
  return { current, unmount: view.unmount, got: () => got }
}

describe('useMutation (shared cases)', () => {
  mutationCases({
    server,
    kernel: (options) => {
      const k = clientKernel(server, { retryDelays: [], ...options })
      kernels.push(k)
      return k
    },
    use: (kernel, fn, options) => mountWith(kernel, () => useMutation(fn, options)),
    activity: (kernel, kind, filter) => mountWith(kernel, () => (kind === 'fetching' ? useIsFetching(filter) : useIsMutating(filter))),
    act: async (action) => {
      await action()
      await nextTick()
    },
    waitFor,
  })
})

describe('useMutation in Vue', () => {
  it('gives readonly refs that a template follows', async () => {
    const kernel = clientKernel(server)
    kernels.push(kernel)
    const m = mountWith(kernel, () => useMutation('add_card'))
    const { status, isPending, data, mutateAsync } = m.got()
    expect([status.value, isPending.value]).toEqual(['idle', false])
    const done = mutateAsync({ board_id: 1, title: 'Ship' })
    expect([status.value, isPending.value]).toEqual(['pending', true])
    await done
    expect(data.value).toMatchObject({ title: 'Ship' })
    vi.spyOn(console, 'warn').mockImplementation(() => {}) // Vue's "target is readonly"
    status.value = 'idle'
    expect(status.value).toBe('success')
  })
})
