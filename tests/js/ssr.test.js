// Server rendering and hydration in the runtime: lazy observers, prefetch,
// dehydrate -> serializeForScript -> hydrate, and what a server kernel must
// not do (schedule timers, retry, keep memory after the request).
import { execFileSync } from 'node:child_process'
import { JSDOM } from 'jsdom'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startBoardServer } from '../../examples/server/board_api.js'
import { createKernel, init, serializeForScript } from '../../js/index.js'

let server
const kernels = []
beforeAll(async () => {
  await init()
  server = await startBoardServer({ csrf: false })
})
afterAll(() => server.close())
afterEach(() => {
  for (const k of kernels.splice(0)) k.dispose()
  server.reset()
  vi.useRealTimers()
})

function make(options) {
  const kernel = createKernel({ baseUrl: server.baseUrl, csrf: false, session: false, ...options })
  kernels.push(kernel)
  return kernel
}
const contextGets = () => server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/'))
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('observe', () => {
  it('reads without mounting, mounts on the first subscriber, unmounts a microtask after the last', async () => {
    const kernel = make({ server: false, gcTime: 0 })
    const observer = kernel.observe('board', { board_id: 1 })
    const before = observer.getState()
    expect(before).toMatchObject({ status: 'loading', data: undefined })
    expect(observer.getState()).toBe(before) // stable for useSyncExternalStore
    expect(kernel.stats.entries).toBe(0)

    const changes = []
    const off = observer.subscribe(() => changes.push(observer.getState().status))
    expect(kernel.stats.entries).toBe(1)
    await vi.waitFor(() => expect(observer.getState().status).toBe('success'))
    expect(changes.at(-1)).toBe('success')
    off()
    off() // idempotent
    expect(kernel.stats.entries).toBe(1) // still mounted until the microtask
    await tick()
    await tick() // gcTime 0: evicted by the timer
    expect(kernel.stats).toMatchObject({ entries: 0, records: 0, pendingRequests: 0 })
  })

  it('subscribe, unsubscribe, subscribe in one tick (StrictMode) fetches once', async () => {
    const kernel = make({ server: false })
    const observer = kernel.observe('board', { board_id: 1 })
    observer.subscribe(() => {})()
    const off = observer.subscribe(() => {})
    await vi.waitFor(() => expect(observer.getState().status).toBe('success'))
    expect(contextGets()).toHaveLength(1)
    off()
  })

  it('sees a cached entry before subscribing, with no fetch', async () => {
    const kernel = make({ server: false })
    await kernel.prefetch('board', { board_id: 2 })
    const state = kernel.observe('board', { board_id: 2 }).getState()
    expect(state.status).toBe('success')
    expect(state.data.board_info.name).toBe('Research')
    expect(contextGets()).toHaveLength(1)
  })

  it('rejects bad arguments at once', () => {
    const kernel = make({ server: false })
    expect(() => kernel.observe('', {})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.observe('board', [1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => kernel.observe('board').subscribe(5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('prefetch', () => {
  it('resolves with the settled state and leaves nothing mounted', async () => {
    const kernel = make({ server: true })
    const state = await kernel.prefetch('board', { board_id: 1 })
    expect(state.status).toBe('success')
    expect(state.data.cards.map((c) => c.id)).toEqual([1, 2])
    const again = await kernel.prefetch('board', { board_id: 1 }) // cached: no second GET
    expect(again).toBe(state)
    expect(contextGets()).toHaveLength(1)
  })

  it('resolves with the error state when the fetch fails (a server kernel does not retry)', async () => {
    const kernel = make({ server: true })
    server.failNextContext(500)
    const state = await kernel.prefetch('board', { board_id: 1 })
    expect(state.status).toBe('error')
    expect(state.error).toMatchObject({ code: 'HTTP_500', status: 500 })
    expect(contextGets()).toHaveLength(1)
  })
})

describe('a server kernel', () => {
  it('is the default without a window, and schedules no timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const kernel = make({ fetch: async () => new Response('{"a":1}') })
    expect(kernel.isServer).toBe(true)
    kernel.registerContext('x').unregister()
    expect(vi.getTimerCount()).toBe(0)
    const client = make({ fetch: async () => new Response('{"a":1}'), server: false })
    client.registerContext('x').unregister()
    expect(vi.getTimerCount()).toBe(1) // the client's cache eviction
  })

  it('keeps its wasm heap flat under mount churn (nothing queued for an eviction that never comes)', async () => {
    const { wasmHeap } = await import('../../js/wasm.js')
    const kernel = make({ fetch: async () => new Response('{"a":1}') })
    const cycle = () => {
      for (let i = 0; i < 2000; i++) kernel.registerContext('x').unregister()
    }
    cycle()
    const before = wasmHeap().inUse
    cycle()
    cycle()
    expect(wasmHeap().inUse - before).toBeLessThan(1024)
  })

  it('gives its wasm memory back when dropped without dispose()', () => {
    // A child node with --expose-gc: 300 kernels, each holding a loaded
    // context, are dropped; after GC their stores are freed.
    const script = `
      import { init, createKernel } from ${JSON.stringify(new URL('../../js/index.js', import.meta.url).href)}
      import { wasmHeap } from ${JSON.stringify(new URL('../../js/wasm.js', import.meta.url).href)}
      await init()
      const before = wasmHeap().inUse
      for (let i = 0; i < 300; i++) {
        const k = createKernel({ server: true })
        k.hydrate({ contexts: [{ context: 'board', params: { board_id: i }, data: { cards: 'x'.repeat(2000) } }] })
      }
      const peak = wasmHeap().inUse
      for (let i = 0; i < 20; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 5)) }
      console.log(JSON.stringify({ before, peak, after: wasmHeap().inUse }))`
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script]).toString())
    expect(out.peak - out.before).toBeGreaterThan(300 * 2000)
    expect(out.after - out.before).toBeLessThan(20 * 1024)
  })
})

describe('dehydrate -> serializeForScript -> hydrate', () => {
  it('carries loaded contexts (merges included) to a client that renders them without fetching', async () => {
    const ssr = make({ server: true })
    await ssr.prefetch('board', { board_id: 1 })
    await ssr.prefetch('session')
    await ssr.call('add_card', { board_id: 1, title: 'Ship </script><!-- \u2028 it' })
    const state = ssr.dehydrate()
    expect(state.mizan).toBe(1)
    expect(state.contexts.map((c) => [c.context, c.params])).toEqual([
      ['board', { board_id: 1 }],
      ['session', {}],
    ])
    const text = serializeForScript(state)
    expect(text).not.toMatch(/<\/script|<!--|\u2028/)
    const gets = contextGets().length

    const client = make({ server: false })
    expect(client.hydrate(JSON.parse(text))).toBe(2)
    const board = client.observe('board', { board_id: 1 })
    expect(board.getState().data.cards.at(-1).title).toBe('Ship </script><!-- \u2028 it')
    const off = board.subscribe(() => {})
    await tick()
    expect(contextGets()).toHaveLength(gets) // the first fetch was skipped
    expect(board.getState().status).toBe('success')
    off()
  })

  it('never lets an older snapshot overwrite newer client data', async () => {
    const client = make({ server: false })
    const fresh = await client.prefetch('board', { board_id: 1 })
    const applied = client.hydrate({
      contexts: [{ context: 'board', params: { board_id: 1 }, data: { cards: [] }, updatedAt: fresh.updatedAt - 1 }],
    })
    expect(applied).toBe(0)
    expect(client.observe('board', { board_id: 1 }).getState()).toBe(fresh)
  })

  it('keeps hydrated data for the first render even with gcTime 0, then evicts it by the timer', async () => {
    const client = make({ server: false, gcTime: 0 })
    expect(client.hydrate({ contexts: [{ context: 'session', data: { current_user: { id: 1 } } }] })).toBe(1)
    expect(client.stats.entries).toBe(1)
    expect(client.observe('session').getState().status).toBe('success')
    await tick()
    await tick()
    expect(client.stats.entries).toBe(0)
  })

  it('reads window.__MIZAN_SSR_DATA__ when called without a state', () => {
    const client = make({ server: false })
    globalThis.__MIZAN_SSR_DATA__ = { contexts: [{ context: 'session', data: { current_user: { id: 1 } } }] }
    try {
      expect(client.hydrate()).toBe(1)
    } finally {
      delete globalThis.__MIZAN_SSR_DATA__
    }
    expect(client.observe('session').getState().data).toEqual({ current_user: { id: 1 } })
    expect(client.hydrate()).toBe(0) // nothing on the page
  })

  it('refuses a malformed state with a clear error and keeps what it had', async () => {
    const client = make({ server: false })
    await client.prefetch('board', { board_id: 1 })
    const before = client.observe('board', { board_id: 1 }).getState()
    for (const [bad, message] of [
      [{}, /contexts/],
      [{ contexts: [null] }, /contexts\[0\] must be an object/],
      [{ contexts: [{ context: '', data: {} }] }, /context/],
      [{ contexts: [{ context: 'board', data: [] }] }, /data must be an object/],
      [{ contexts: [{ context: 'board', data: {}, updatedAt: 'x' }] }, /updatedAt/],
      [{ contexts: [{ context: 'board', params: 5, data: {} }] }, /params/],
    ]) {
      expect(() => client.hydrate(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }))
    }
    expect(client.observe('board', { board_id: 1 }).getState()).toBe(before)
  })
})

describe('serializeForScript', () => {
  it('escapes what could end the script element and round-trips exactly', () => {
    const hostile = { s: '</script><script>alert(1)</script>', c: '<!-- -->', l: '\u2028\u2029', a: '&amp; > <', u: 'é😀' }
    const text = serializeForScript(hostile)
    expect(text).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(text)).toEqual(hostile)
    // As a JS expression too (window.__MIZAN_SSR_DATA__=<text>).
    expect(new Function(`return ${text}`)()).toEqual(hostile)
  })

  it('cannot end the script element: an HTML parser sees one intact JSON block, in both forms', () => {
    const hostile = {
      contexts: [
        { context: 'c', data: { a: '</script><script>globalThis.pwned=1</script>', b: '<!--<script>', c: '\u2028\u2029', d: '</SCRIPT >' } },
      ],
    }
    const text = serializeForScript(hostile)
    const { window } = new JSDOM(
      `<body><script type="application/json" id="__MIZAN_SSR_DATA__">${text}</script><script>window.__MIZAN_SSR_DATA__=${text}</script><p id="after">ok</p></body>`,
      { runScripts: 'dangerously' },
    )
    const scripts = window.document.querySelectorAll('script')
    expect(scripts).toHaveLength(2)
    expect(JSON.parse(scripts[0].textContent)).toEqual(hostile)
    expect(window.__MIZAN_SSR_DATA__.contexts[0].data).toEqual(hostile.contexts[0].data)
    expect(window.pwned).toBeUndefined()
    expect(window.document.getElementById('after').textContent).toBe('ok')
  })

  it('refuses what JSON cannot carry', () => {
    expect(() => serializeForScript(undefined)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
