// The demo server: the reference Mizan API plus the three example apps,
// each built by Vite (examples/build.mjs). The React app is server-rendered
// with a server kernel and hydrates in the browser; the Vue and Svelte apps
// render in the browser. Every page is served under a strict
// Content-Security-Policy: scripts from this origin and wasm, nothing eval'd.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBoardApi } from './board_api.js'
import { attachLive } from './live.js'

const examples = fileURLToPath(new URL('..', import.meta.url))
export const APPS = ['react', 'vue', 'svelte']
export const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'"

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', // instantiateStreaming insists on it
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

const INDEX = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mizan-kernel demo</title></head>
<body><h1>mizan-kernel demo</h1><p>The same team board, three frameworks, one reference Mizan server:</p>
<ul>${APPS.map((app) => `<li><a href="/${app}/">${app}</a></li>`).join('')}</ul></body></html>`

function page(res, status, html) {
  res.writeHead(status, { 'Content-Type': TYPES['.html'], 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' })
  res.end(html)
}

async function serveFile(res, file) {
  let body
  try {
    body = await readFile(file)
  } catch {
    return false
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream'
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' }
  if (type === TYPES['.html']) headers['Content-Security-Policy'] = CSP
  res.writeHead(200, headers)
  res.end(body)
  return true
}

// The React app's first paint comes from the server: its server entry
// prefetches what the page shows with a server kernel (calling this same
// API over HTTP, as a Node SSR server calls Django) and returns the markup
// plus the dehydrated state, embedded as a JSON block (not executed, so the
// CSP needs no nonce).
async function renderReact(res, origin) {
  const dist = join(examples, 'react', 'dist')
  const template = await readFile(join(dist, 'index.html'), 'utf8')
  const { render } = await import(join(examples, 'react', 'dist-server', 'entry-server.js'))
  const { html, state } = await render(`${origin}/api/mizan`)
  const block = `<script type="application/json" id="__MIZAN_SSR_DATA__">${state}</script>`
  page(res, 200, template.replace('<!--app-html-->', html).replace('<!--app-state-->', block))
}

/**
 * Starts the demo on `host:port` (port 0 picks a free one).
 *
 * @example
 * const demo = await startDemo({ port: 5173 })
 * console.log(demo.url) // http://127.0.0.1:5173
 * await demo.close()
 */
export async function startDemo({ port = 0, host = '127.0.0.1' } = {}) {
  const api = createBoardApi()
  let origin = ''
  const server = http.createServer(async (req, res) => {
    try {
      if (await api.handle(req, res)) return
      const { pathname } = new URL(req.url, origin)
      if (pathname === '/') return page(res, 200, INDEX)
      if (pathname === '/favicon.ico') return res.writeHead(204).end()
      const app = APPS.find((a) => pathname === `/${a}` || pathname.startsWith(`/${a}/`))
      if (!app) return page(res, 404, '<h1>Not found</h1>')
      if (pathname === `/${app}`) {
        res.writeHead(301, { Location: `/${app}/` })
        return res.end()
      }
      const rest = normalize(pathname.slice(app.length + 2)).replace(/^(\.\.[/\\])+/, '')
      if (rest === '.' || rest === 'index.html') {
        // As Django's ensure_csrf_cookie on a page view: the page comes with
        // its CSRF cookie, so its calls need no /session/ first and its
        // WebSocket (opened before any call) belongs to the same session,
        // which is how the server knows not to push a call's invalidations
        // back to the page that made it (live.js).
        if (!/(?:^|;\s*)csrftoken=/.test(req.headers.cookie ?? '')) {
          res.setHeader('Set-Cookie', `csrftoken=${randomBytes(12).toString('hex')}; Path=/; SameSite=Lax`)
        }
        if (app === 'react') return await renderReact(res, origin)
        return (await serveFile(res, join(examples, app, 'dist', 'index.html'))) || page(res, 404, '<h1>Not built</h1>')
      }
      if (!(await serveFile(res, join(examples, app, 'dist', rest)))) page(res, 404, '<h1>Not found</h1>')
    } catch (error) {
      console.error(error)
      if (!res.headersSent) page(res, 500, '<h1>Server error</h1>')
      else res.end()
    }
  })
  const live = attachLive(server, api)
  await new Promise((resolve) => server.listen(port, host, resolve))
  origin = `http://${host}:${server.address().port}`
  return {
    url: origin,
    api,
    /** The socket side's test controls (live.js). */
    live,
    close() {
      live.close()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}
