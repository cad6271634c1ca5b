// The browser loader's fast path: on a page, evaluating it starts the
// default build's download (and streaming compile) at once; the init() that
// wants that URL takes it, one that wants another location cancels it.
// Elsewhere (Node, SSR, workers without a document) nothing starts. Each
// test evaluates a fresh copy of the module (a query string per import).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterEach, expect, it, vi } from 'vitest'

const BYTES = readFileSync(new URL('../../js/generated/mizan_kernel_browser.wasm', import.meta.url))
const IMPORTS = {
  env: { emscripten_notify_memory_growth() {}, mizan_number_read() {}, mizan_number_spell() {} }, // (the loader's test: never called)
  wasi_snapshot_preview1: { proc_exit() {} },
}

afterEach(() => {
  vi.unstubAllGlobals()
})

// A page (window, document, location) whose fetch the test answers.
function onPage() {
  const requests = []
  vi.stubGlobal('window', {})
  vi.stubGlobal('document', {})
  vi.stubGlobal('location', { href: 'https://app.example/boards/' })
  vi.stubGlobal('fetch', (url, init) => {
    const request = { url: String(url), signal: init?.signal }
    request.response = new Promise((resolve, reject) => {
      request.reply = (body = BYTES, { status = 200, type = 'application/wasm' } = {}) =>
        resolve(new Response(body, { status, headers: { 'Content-Type': type } }))
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
    })
    requests.push(request)
    return request.response
  })
  return requests
}

it('on a page, starts the default build when evaluated; init() of that URL takes it: one download', async () => {
  const requests = onPage()
  const loader = await import('../../js/load_wasm_browser.js?page=1')
  expect(requests.map((r) => r.url)).toEqual([expect.stringMatching(/\/js\/generated\/mizan_kernel_browser\.wasm$/)])
  requests[0].reply()
  const { instance, module } = await loader.instantiateAt(undefined, IMPORTS)
  expect(module).toBeInstanceOf(WebAssembly.Module)
  expect(typeof instance.exports._initialize).toBe('function')
  expect(requests).toHaveLength(1)
  // Taken once: a later load (a retry after a failure) downloads again.
  const again = loader.instantiateAt(undefined, IMPORTS)
  expect(requests).toHaveLength(2)
  requests[1].reply()
  await again
})

it('an init() for another location cancels the early download and loads that one', async () => {
  const requests = onPage()
  const loader = await import('../../js/load_wasm_browser.js?page=2')
  const loading = loader.instantiateAt('/cdn/kernel.wasm', IMPORTS)
  expect(requests[0].signal.aborted).toBe(true)
  expect(requests[1].url).toBe('https://app.example/cdn/kernel.wasm')
  requests[1].reply()
  await loading
})

it('an early download that failed is reported by the init() that takes it, with the HTTP status; a server without the wasm type still works', async () => {
  const requests = onPage()
  const loader = await import('../../js/load_wasm_browser.js?page=3')
  requests[0].reply('missing', { status: 404, type: 'text/plain' })
  await expect(loader.instantiateAt(undefined, IMPORTS)).rejects.toThrow('fetching it answered HTTP 404')
  const retry = loader.instantiateAt(undefined, IMPORTS)
  requests[1].reply(BYTES, { type: 'application/octet-stream' }) // compiled from the bytes instead of streamed
  await expect(retry).resolves.toMatchObject({ module: expect.any(WebAssembly.Module) })
})

it('starts nothing where there is no page (Node, server renders, tests)', async () => {
  let fetched = 0
  vi.stubGlobal('fetch', () => fetched++)
  await import('../../js/load_wasm_browser.js?page=none')
  await Promise.resolve()
  expect(fetched).toBe(0)
})

it('starts a microtask after its evaluation: the capability entries evaluated after it pick the build, the only one downloaded', () => {
  // Node's own ESM loader, which evaluates a module graph in one go as
  // browsers do (vitest's module runner awaits between modules). The
  // fixture imports the loader and calls setDefaultWasm, as
  // js/capabilities.js does, in the same evaluation.
  const script = `
    globalThis.window = {}; globalThis.document = {}; globalThis.location = { href: 'https://app.example/' }
    const urls = []; globalThis.fetch = (url) => (urls.push(String(url)), new Promise(() => {}))
    await import(${JSON.stringify(new URL('./support/early_capability.js', import.meta.url).href)})
    await new Promise((resolve) => setTimeout(resolve, 10))
    console.log(JSON.stringify(urls))`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  expect(JSON.parse(out)).toEqual(['https://app.example/assets/kernel_optimistic.wasm'])
})

it('an entry evaluated once the download is under way (a lazy chunk) cancels it for its build', async () => {
  const requests = onPage()
  const loader = await import('../../js/load_wasm_browser.js?page=lazy')
  expect(requests).toHaveLength(1)
  loader.setDefaultWasm('/assets/kernel_channels.wasm')
  expect(requests[0].signal.aborted).toBe(true)
  expect(requests[1].url).toBe('https://app.example/assets/kernel_channels.wasm')
  requests[1].reply()
  await loader.instantiateAt('/assets/kernel_channels.wasm', IMPORTS)
  expect(requests).toHaveLength(2)
})
