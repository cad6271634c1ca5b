// Starts a framework example's production server (examples/<name>, built by
// .ci/frameworks) in front of its own reference Mizan API, and opens
// Chromium on it. The contract every framework example keeps:
//   - `npm start` serves the built app on 127.0.0.1:$PORT;
//   - the browser reaches the API at /api/mizan/ on the app's own origin
//     (the app proxies it to $MIZAN_API, keeping cookies and trailing
//     slashes); server-side code calls $MIZAN_API/api/mizan directly;
//   - the page at / shows boards 1 and 2 with the demo's test ids
//     (session-user, board-N-name, board-N-cards, board-N-new-card,
//     board-N-add).
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startBoardServer } from '../../../examples/server/board_api.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Debian's Chromium through playwright-core (no browser download). */
export const launchChromium = () => chromium.launch({ executablePath: CHROMIUM, args: FLAGS })

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function waitForHttp(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${output.join('')}`)
    try {
      const response = await fetch(url)
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the app did not answer ${url} within ${timeoutMs} ms:\n${output.join('')}`)
}

/**
 * @param {string} name the folder under examples/
 * @param {{ env?: Record<string, string>, timeoutMs?: number }} [options]
 *   env: more environment for `npm start` (e.g. NEXT_DIST_DIR)
 */
export async function startFrameworkApp(name, { env = {}, timeoutMs = 30000 } = {}) {
  const api = await startBoardServer()
  const port = await freePort()
  const output = []
  const child = spawn('npm', ['start', '--silent'], {
    cwd: fileURLToPath(new URL(`../../../examples/${name}/`, import.meta.url)),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', HOSTNAME: '127.0.0.1', MIZAN_API: api.url, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so close() ends npm and the server under it
  })
  child.stdout.on('data', (chunk) => output.push(String(chunk)))
  child.stderr.on('data', (chunk) => output.push(String(chunk)))
  const url = `http://127.0.0.1:${port}`
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL')
    }
    await api.close()
  }
  try {
    await waitForHttp(url, child, output, timeoutMs)
  } catch (error) {
    await close()
    throw error
  }
  return {
    url,
    /** The reference API behind the app: `api.requests` records every request it answered. */
    api,
    /** What the app's server printed (for failure messages). */
    output,
    close,
  }
}

/**
 * Collects what must not happen on a page: console errors and warnings
 * (React and Vue report hydration mismatches there), uncaught errors.
 */
export function watchProblems(page) {
  const problems = []
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`console.${m.type()}: ${m.text()}`))
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  return problems
}

/**
 * What a page paints from the server's HTML alone, before (and without) any
 * script: board 1's card titles and the session line.
 */
export async function paintedWithoutScripts(browser, url) {
  const context = await browser.newContext({ javaScriptEnabled: false })
  try {
    const page = await context.newPage()
    await page.goto(url)
    return {
      cards: await page.getByTestId('board-1-cards').locator('li').allTextContents(),
      session: await page.getByTestId('session-user').textContent(),
    }
  } finally {
    await context.close()
  }
}

/** The API requests that came from the browser (the app's server rendering sends its own). */
export const browserRequests = (api) => api.requests.filter((r) => r.userAgent.includes('Chrome'))
