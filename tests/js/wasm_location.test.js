// Where the wasm is looked for: bundlers hand the package's
// `new URL(asset, import.meta.url)` back in several shapes, and apps pass
// their own; each must resolve as a link on the page would.
import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { wasmUrl as browserUrl } from '../../js/load_wasm_browser.js'
import { wasmUrl as nodeUrl } from '../../js/load_wasm_node.js'

describe('browser loader', () => {
  afterEach(() => delete globalThis.location)
  const onPage = (href) => (globalThis.location = { href })

  it('resolves a bundler’s root-relative URL object (Next.js) against the page', () => {
    onPage('https://app.example/boards/7?tab=1')
    const bundled = { toString: () => '/_next/static/media/mizan_kernel_browser.0d1ba90a.wasm' }
    expect(browserUrl(bundled).href).toBe('https://app.example/_next/static/media/mizan_kernel_browser.0d1ba90a.wasm')
  })

  it('resolves strings (root-relative, relative, absolute) and URL-likes with href', () => {
    onPage('https://app.example/boards/7')
    expect(browserUrl('/assets/k.wasm').href).toBe('https://app.example/assets/k.wasm')
    expect(browserUrl('k.wasm').href).toBe('https://app.example/boards/k.wasm')
    expect(browserUrl('https://cdn.example/k.wasm').href).toBe('https://cdn.example/k.wasm')
    expect(browserUrl({ href: 'https://cdn.example/h.wasm' }).href).toBe('https://cdn.example/h.wasm')
    expect(browserUrl(new URL('https://cdn.example/u.wasm')).href).toBe('https://cdn.example/u.wasm')
  })

  it('defaults to the browser build beside the package', () => {
    expect(browserUrl().href).toMatch(/\/js\/generated\/mizan_kernel_browser\.wasm$/)
  })
})

describe('node loader', () => {
  it('defaults to the full build beside the package, and resolves relative locations against the working directory', () => {
    expect(nodeUrl().href).toMatch(/^file:.*\/js\/generated\/mizan_kernel\.wasm$/)
    expect(nodeUrl('build/k.wasm').href).toBe(new URL('build/k.wasm', `file://${process.cwd()}/`).href)
    expect(nodeUrl({ toString: () => '/srv/k.wasm' }).href).toBe('file:///srv/k.wasm')
  })
})

describe('Node, the default location', () => {
  it('instantiates the kernel alone: nothing wakes Node’s fetch (undici and its own wasm) on the way', () => {
    // A fresh process: Vitest's own code has long loaded undici here.
    const script = `
      const instantiate = WebAssembly.instantiate
      const made = []
      WebAssembly.instantiate = async function (source, imports) {
        const result = await instantiate.call(this, source, imports)
        made.push(Object.keys((result.instance ?? result).exports).includes('storeMount'))
        return result
      }
      const { init } = await import(${JSON.stringify(new URL('../../js/index.js', import.meta.url).href)})
      await init()
      console.log(JSON.stringify(made))`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual([true])
  })
})
