// useMizanContext's options in mounted components, over the real wasm
// kernel and the board server: enabled as a value, ref or getter, skipToken
// from a getter (dependent contexts), keepPreviousData while a ref pages,
// the kernel's options passed on, unknown options refused, and suspense()
// for <Suspense> (client and server render).
import { cleanup, render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, createSSRApp, defineComponent, h, nextTick, onErrorCaptured, ref, Suspense } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createMizan, skipToken, useMizanContext } from '../../../adapters/vue/index.js'
import { createKernel, skipToken as runtimeSkipToken } from '../../../js/index.js'
import { clientKernel, contextGets, loadWasm, startBoardServer } from './helpers.js'

let server
let kernel
beforeAll(loadWasm)
beforeEach(async () => {
  server = await startBoardServer({ csrf: false })
  kernel = clientKernel(server)
})
afterEach(async () => {
  cleanup()
  kernel.dispose()
  vi.restoreAllMocks()
  await server.close()
})

const withKernel = (k = kernel) => ({ global: { plugins: [createMizan({ kernel: k })] } })
const line = (s) =>
  [s.status, s.data?.board_info.name ?? '-', s.isFetching ? 'fetching' : 'idle', s.isPlaceholder ? 'placeholder' : ''].join(' ').trim()

// A component over useMizanContext(name, params, options); every state it rendered goes to `seen`.
function probe(params, options, seen = []) {
  let state
  const Probe = defineComponent({
    setup() {
      state = useMizanContext('board', params, options)
      return () => (seen.push(line(state.value)), h('p', line(state.value)))
    },
  })
  render(Probe, withKernel())
  return { seen, state: () => state.value }
}

describe('enabled and skipToken', () => {
  it('a disabled context (a ref) is idle and fetches nothing until enabled', async () => {
    const enabled = ref(false)
    const { state } = probe({ board_id: 1 }, { enabled })
    expect(state()).toEqual({ data: undefined, status: 'idle', error: null, isFetching: false, updatedAt: 0 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(contextGets(server)).toEqual([])
    expect(kernel.stats).toMatchObject({ entries: 0, records: 0 })
    enabled.value = true
    await screen.findByText('success Launch idle')
    expect(contextGets(server)).toEqual(['1'])
    enabled.value = false // let go again
    await screen.findByText('idle - idle')
    await waitFor(() => expect(kernel.stats).toMatchObject({ entries: 0, records: 0 }))
  })

  it('takes enabled as a getter or a plain boolean, and skipToken as params', async () => {
    expect(skipToken).toBe(runtimeSkipToken)
    const observe = vi.spyOn(kernel, 'observe')
    probe({ board_id: 1 }, { enabled: () => false })
    probe({ board_id: 1 }, { enabled: false })
    probe(skipToken)
    probe(() => skipToken)
    await nextTick()
    expect(screen.getAllByText('idle - idle')).toHaveLength(4)
    expect(observe).not.toHaveBeenCalled()
    expect(contextGets(server)).toEqual([])
  })

  it("loads a context whose params come from another's data (a getter giving skipToken until then)", async () => {
    const seen = []
    const Dependent = defineComponent({
      setup() {
        const first = useMizanContext('board', { board_id: 1 })
        const next = useMizanContext('board', () => (first.value.data ? { board_id: first.value.data.board_info.id + 1 } : skipToken))
        return () => (seen.push(`${line(first.value)} | ${line(next.value)}`), h('p', next.value.data?.board_info.name ?? 'waiting'))
      },
    })
    render(Dependent, withKernel())
    await screen.findByText('Research')
    expect(contextGets(server)).toEqual(['1', '2'])
    expect(seen[0]).toBe('loading - fetching | idle - idle')
    expect(seen.at(-1)).toBe('success Launch idle | success Research idle')
  })
})

describe('keepPreviousData', () => {
  it("shows the last page's data as a placeholder while the next loads", async () => {
    const id = ref(1)
    const { seen } = probe(() => ({ board_id: id.value }), { keepPreviousData: true })
    await screen.findByText('success Launch idle')
    const before = seen.length
    id.value = 2
    await screen.findByText('success Launch fetching placeholder')
    await screen.findByText('success Research idle')
    expect(seen.slice(before)).toEqual(['success Launch fetching placeholder', 'success Research idle'])
  })

  it('without it the same paging shows loading (the check above can fail)', async () => {
    const id = ref(1)
    const { seen } = probe(() => ({ board_id: id.value }))
    await screen.findByText('success Launch idle')
    const before = seen.length
    id.value = 2
    await screen.findByText('success Research idle')
    expect(seen.slice(before)).toEqual(['loading - fetching', 'success Research idle'])
  })

  it('keeps the data while disabled, not fetching', async () => {
    const id = ref(1)
    const enabled = ref(true)
    probe(() => ({ board_id: id.value }), { keepPreviousData: true, enabled })
    await screen.findByText('success Launch idle')
    id.value = 2
    enabled.value = false
    await screen.findByText('success Launch idle placeholder')
    expect(contextGets(server)).toEqual(['1'])
  })
})

describe('kernel options and unknown options', () => {
  it("passes the kernel's per-context options to observe()", async () => {
    const observe = vi.spyOn(kernel, 'observe')
    probe({ board_id: 1 }, { refetchInterval: 60_000, refetchOnWindowFocus: false, keepPreviousData: false })
    expect(observe).toHaveBeenLastCalledWith('board', { board_id: 1 }, { refetchInterval: 60_000, refetchOnWindowFocus: false })
    probe({ board_id: 2 }, { enabled: true })
    expect(observe).toHaveBeenLastCalledWith('board', { board_id: 2 }, {})
    await screen.findByText('success Research idle')
  })

  it('refuses an option it does not know, naming it', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    for (const [options, message] of [
      [{ staleTime: 1000 }, /useMizanContext\(\) has no option "staleTime"/],
      [{ keepPreviousData: 'yes' }, /options\.keepPreviousData must be a boolean/],
      ['fast', /options must be a plain object/],
    ]) {
      expect(() => probe({ board_id: 1 }, options)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }),
      )
    }
    expect(contextGets(server)).toEqual([])
  })
})

describe('suspense()', () => {
  // An async setup awaiting the context, under <Suspense>; errors caught above it.
  function suspended(id) {
    const Title = defineComponent({
      async setup() {
        const board = useMizanContext('board', { board_id: id })
        const loaded = await board.suspense()
        return () => h('h1', `${board.value.data.board_info.name} ${loaded === board.value}`)
      },
    })
    return defineComponent({
      setup() {
        const failure = ref(null)
        onErrorCaptured((error) => {
          failure.value = error
          return false
        })
        return () =>
          failure.value ? h('p', `failed ${failure.value.code}`) : h(Suspense, null, { default: () => h(Title), fallback: () => h('p', 'waiting') })
      },
    })
  }

  // Mounted with createApp: Testing Library's render() shows nothing once a root <Suspense> resolves.
  function mount(component) {
    const app = createApp(component).use(createMizan({ kernel }))
    app.mount(document.body.appendChild(document.createElement('div')))
    return app
  }

  it('lets an async setup wait for the data under <Suspense>', async () => {
    const app = mount(suspended(1))
    expect(screen.getByText('waiting')).toBeTruthy()
    expect(await screen.findByText('Launch true')).toBeTruthy()
    expect(contextGets(server)).toEqual(['1'])
    app.unmount()
  })

  it('rejects with the MizanError of a failed load', async () => {
    const app = mount(suspended(99))
    expect(await screen.findByText('failed NOT_FOUND')).toBeTruthy()
    app.unmount()
  })

  it('waits for the server prefetch in a server render', async () => {
    const k = createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: true })
    const html = await renderToString(createSSRApp(suspended(2)).use(createMizan({ kernel: k })))
    expect(html).toContain('<h1>Research true</h1>')
    expect(contextGets(server)).toEqual(['2'])
    k.dispose()
  })
})
