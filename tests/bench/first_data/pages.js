// The two pages of the time-to-first-data benchmark (the README's Quick
// start page with mizan-kernel/react, and the same page with TanStack
// Query), built by Vite for production and served by one local server with
// the reference Mizan API. Shared by tests/bench/first_data.mjs and the
// Chromium test tests/e2e/first_data.test.js.
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { createBoardApi } from '../../../examples/server/board_api.js'

export const PAGES = [
  { name: 'mizan', label: 'mizan-kernel' },
  { name: 'tanstack', label: 'TanStack Query' },
]

// (A path, not new URL(…, import.meta.url), which Vite rewrites for test files.)
const here = dirname(fileURLToPath(import.meta.url))
export const OUT = join(here, '..', '..', '..', 'build', 'bench', 'first_data')

/** Builds the pages into `out`/<page> as a user's Vite app is built (mizan-kernel resolves to this checkout through the package's own exports, as in examples/). */
export async function buildPages(names = PAGES.map((p) => p.name), out = OUT) {
  for (const name of names) {
    await build({
      root: join(here, name),
      base: `/${name}/`,
      configFile: false,
      logLevel: 'silent',
      oxc: { jsx: { runtime: 'automatic' } },
      build: { outDir: join(out, name), emptyOutDir: true, target: 'es2022' },
    })
  }
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' }

/**
 * Serves the built pages under /<page>/ and the reference API under
 * /api/mizan/ on 127.0.0.1. Static files go gzipped, as a production
 * server sends them, so a throttled network carries what a user's browser
 * would download.
 */
export async function servePages(out = OUT) {
  const files = new Map() // path -> { type, body, gzip } | null
  async function file(path) {
    if (!files.has(path)) {
      let body = null
      try {
        body = await readFile(path)
      } catch {
        // answered 404
      }
      files.set(path, body && { type: TYPES[extname(path)] ?? 'application/octet-stream', body, gzip: gzipSync(body, { level: 9 }) })
    }
    return files.get(path)
  }
  const api = createBoardApi()
  const server = http.createServer(async (req, res) => {
    if (await api.handle(req, res)) return
    const { pathname } = new URL(req.url, 'http://localhost')
    if (pathname === '/favicon.ico') return res.writeHead(204).end()
    const [, page, ...rest] = pathname.split('/')
    const found = PAGES.some((p) => p.name === page) && (await file(normalize(join(out, page, rest.join('/') || 'index.html'))))
    if (!found) return res.writeHead(404).end()
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')
    res.writeHead(200, { 'Content-Type': found.type, 'Cache-Control': 'no-store', ...(gzip && { 'Content-Encoding': 'gzip' }) })
    res.end(gzip ? found.gzip : found.body)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    api,
    /** Gzip bytes of the page's files ending in `ext`, as served so far. */
    gzipBytes(page, ext) {
      let bytes = 0
      for (const [path, f] of files) if (f && path.startsWith(join(out, page)) && path.endsWith(ext)) bytes += f.gzip.length
      return bytes
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

/** Chromium's own throttling of a context's page (CDP): 40 ms added to every response, 10 Mbit/s each way. */
export const SLOW_NETWORK = { offline: false, latency: 40, downloadThroughput: 1.25e6, uploadThroughput: 1.25e6 }

export async function throttle(context, page, conditions = SLOW_NETWORK) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', conditions)
}

/**
 * Resolves with the page's performance.now() (ms from navigation start) at
 * the moment the first card is in the DOM: a MutationObserver set up before
 * the page's scripts reports it once through a binding, so nothing polls
 * the page (Playwright's waitForFunction evaluates in it every frame, which
 * takes the main thread from the page being measured). Call before goto().
 */
export async function firstDataTime(page) {
  let seen
  const time = new Promise((resolve) => (seen = resolve))
  await page.exposeFunction('__firstDataSeen', (ms) => seen(ms))
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('#root li')) return
      observer.disconnect()
      window.__firstDataSeen(performance.now())
    })
    observer.observe(document, { childList: true, subtree: true })
  })
  return { time }
}
