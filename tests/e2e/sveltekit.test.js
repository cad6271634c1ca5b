// The SvelteKit example (examples/sveltekit, built by `bash .ci/frameworks
// sveltekit`) end to end: its production server (adapter-node) in front of
// a reference Mizan API, driven in Chromium. Requests are counted on the
// API, so "no fetch" means none left the browser; the browser reaches the
// API only through the app's /api/mizan/ proxy, so every browser request
// counted here went through it. Screenshot: build/test-output/e2e/sveltekit.png.
import { mkdirSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { browserRequests, launchChromium, paintedWithoutScripts, startFrameworkApp, watchProblems } from './support/framework_app.js'

const SHOTS = new URL('../../build/test-output/e2e/', import.meta.url)

let app
let browser
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  ;[app, browser] = await Promise.all([startFrameworkApp('sveltekit'), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('SvelteKit example', () => {
  let context
  let page
  let problems // console errors and warnings (Svelte reports hydration mismatches there), page errors
  beforeEach(async () => {
    app.api.reset()
    context = await browser.newContext() // its own cookies: each test bootstraps CSRF anew
    page = await context.newPage()
    problems = watchProblems(page)
  })
  afterEach(async () => {
    await context.close()
    expect(problems).toEqual([])
  })

  const fromBrowser = () => browserRequests(app.api)
  const contextGets = (boardId) =>
    fromBrowser().filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/') && (boardId === undefined || r.params.board_id === String(boardId)))
  const cards = (board) => page.getByTestId(`board-${board}-cards`).locator('li')

  // Opens / and waits until the app is hydrated: its scripts and the wasm
  // loaded, and the network quiet (a context fetch after hydration would
  // have been sent by then). The server-rendered <li>s are tagged before
  // any script runs, so hydration can be seen to adopt them.
  async function openBoard() {
    await page.addInitScript(() =>
      document.addEventListener('DOMContentLoaded', () => {
        for (const li of document.querySelectorAll('[data-testid$="-cards"] li')) li.fromServer = true
      }),
    )
    const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'))
    await page.goto(`${app.url}/`)
    expect((await wasm).headers()['content-type']).toBe('application/wasm')
    await page.waitForLoadState('networkidle')
  }

  it('server-renders the boards with their data, loaded from MIZAN_API directly', async () => {
    const response = await fetch(`${app.url}/`)
    expect(response.status).toBe(200)
    const html = await response.text()
    for (const text of ['Write the announcement', 'Book the venue', 'Read the HMAC RFC', 'Launch', 'Research', 'Signed in as Ada']) {
      expect(html).toContain(text)
    }
    // The render's own requests: the three contexts, from node, not through the proxy (no browser here).
    const fromServer = app.api.requests.map((r) => `${r.method} ${r.path} ${r.params.board_id ?? ''}`.trim())
    expect(fromServer.sort()).toEqual(['GET /ctx/board/ 1', 'GET /ctx/board/ 2', 'GET /ctx/session/'])
    expect(fromBrowser()).toEqual([])
  })

  it('first paint is the server HTML; hydration adopts it with no context request, and the page is interactive', async () => {
    // Without JavaScript the page is exactly what the server sent.
    expect(await paintedWithoutScripts(browser, `${app.url}/`)).toEqual({
      cards: ['Write the announcement', 'Book the venue'],
      session: 'Signed in as Ada',
    })

    await openBoard()
    expect(await cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue'])
    expect(await cards(2).allTextContents()).toEqual(['Read the HMAC RFC'])
    expect(await page.getByTestId('board-1-name').textContent()).toBe('Launch')
    expect(await page.getByTestId('session-user').textContent()).toBe('Signed in as Ada')
    // The same <li> nodes the server sent: no mismatch, no client re-render.
    expect(await cards(1).evaluateAll((lis) => lis.map((li) => li.fromServer === true))).toEqual([true, true])
    expect(fromBrowser()).toEqual([]) // the client kernel started from the server's state

    // Interactive: the hydrated form posts through the proxy and the list updates.
    await page.getByTestId('board-2-new-card').fill('Hydrated')
    await page.getByTestId('board-2-add').click()
    await expect.poll(() => cards(2).allTextContents()).toEqual(['Read the HMAC RFC', 'Hydrated'])
    await page.screenshot({ path: new URL('sveltekit.png', SHOTS).pathname, fullPage: true })
  })

  it('adding a card updates the list by merge, with no context fetch', async () => {
    await openBoard()
    await page.getByTestId('board-1-new-card').fill('Order pizza')
    await page.getByTestId('board-1-add').click()
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Order pizza'])
    expect(await page.getByTestId('board-1-new-card').inputValue()).toBe('')
    expect(
      fromBrowser()
        .filter((r) => r.fn === 'add_card')
        .map((r) => r.status),
    ).toEqual([200])
    expect(contextGets()).toEqual([])
  })

  it('renaming board 1 refetches board 1 only (scoped invalidation), CSRF bootstrapped through the proxy', async () => {
    await openBoard()
    await page.getByTestId('board-1-rename-input').fill('Launch v2')
    await page.getByTestId('board-1-rename').click()
    await expect.poll(() => page.getByTestId('board-1-name').textContent()).toBe('Launch v2')
    expect(await page.getByTestId('board-2-name').textContent()).toBe('Research')
    // The CSRF cookie came from /session/ (trailing slash kept), and the POST carried it and its header.
    expect(fromBrowser().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /session/ 200', 'POST /call/ 200', 'GET /ctx/board/ 200'])
    expect(contextGets(1)).toHaveLength(1)
    expect(contextGets(2)).toHaveLength(0)
    expect((await context.cookies()).map((c) => c.name)).toContain('csrftoken')
  })
})
