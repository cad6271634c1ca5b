// The plugin installed while the wasm fails to load: every context shows the
// INIT_FAILED error and every mutation fails with it (in its own module
// graph, so the failing load is the first one).
import { cleanup, render, screen } from '@testing-library/vue'
import { afterEach, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMizan, useMutation } from '../../../adapters/vue/index.js'
import { init } from '../../../js/index.js'
import { Board } from './helpers.js'

afterEach(cleanup)

it('reports INIT_FAILED through the state and the mutation', async () => {
  const loading = init({ wasm: new Uint8Array([0, 1, 2, 3]) }) // not a wasm module
  let mutation
  const App = defineComponent(() => {
    mutation = useMutation('add_card')
    return () => h(Board, { id: 1 })
  })
  render(App, { global: { plugins: [createMizan({ baseUrl: 'http://127.0.0.1:9/api/mizan' })] } })
  await expect(loading).rejects.toMatchObject({ code: 'INIT_FAILED' })
  expect((await screen.findByRole('alert')).textContent).toMatch(/^Error INIT_FAILED: /)
  await expect(mutation.mutateAsync({ board_id: 1, title: 'x' })).rejects.toMatchObject({ code: 'INIT_FAILED' })
  expect(mutation.error.value.code).toBe('INIT_FAILED')
  mutation.reset()
  mutation.mutate({ board_id: 1, title: 'x' }) // never rejects: the failure is in the refs
  await vi.waitFor(() => expect(mutation.status.value).toBe('error'))
  expect(mutation.error.value.code).toBe('INIT_FAILED')
})
