// The Nuxt example (examples/nuxt, built by `bash .ci/frameworks nuxt`) end
// to end: its production server in front of a reference Mizan API, and
// Debian's Chromium on it. Nuxt renders the boards with their data on the
// server (one kernel per request), the browser hydrates from Nuxt's payload
// without fetching a context, and reaches the API through the app's own
// proxy (/api/mizan/** -> $MIZAN_API, cookies and CSRF included). Requests
// are counted on the API, so "no fetch" means none left the browser.
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserRequests, launchChromium, paintedWithoutScripts, startFrameworkApp, watchProblems } from './support/framework_app.js'

const SHOTS = new URL('../../build/test-output/e2e/', import.meta.url)

let app
let browser
let page
let problems
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  ;[app, browser] = await Promise.all([startFrameworkApp('nuxt'), launchChromium()])
  app.api.reset() // forget the requests of the start-up check's render
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const fromBrowser = () => browserRequests(app.api)
const contextGets = (boardId) =>
  fromBrowser().filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/') && (boardId === undefined || r.params.board_id === String(boardId)))
const cards = (board) => page.getByTestId(`board-${board}-cards`).locator('li')

describe('Nuxt example', () => {
  it('the server HTML carries the boards and their cards, loaded from the API by the server', async () => {
    const response = await fetch(`${app.url}/`)
    expect(response.status).toBe(200)
    const html = await response.text()
    for (const text of ['Write the announcement', 'Book the venue', 'Read the HMAC RFC', 'Launch', 'Research', 'Signed in as Ada']) {
      expect(html).toContain(text)
    }
    // The render asked the API directly (not through the browser, not the proxy).
    const rendered = app.api.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/') && !r.userAgent.includes('Chrome'))
    expect(rendered.map((r) => `${r.path}${r.params.board_id ?? ''}`).sort()).toEqual(['/ctx/board/1', '/ctx/board/2', '/ctx/session/'])
    expect(fromBrowser()).toEqual([])
  })

  it('first paint shows the cards; the page hydrates from the payload with no context request', async () => {
    // What the browser paints before any script runs.
    expect(await paintedWithoutScripts(browser, `${app.url}/`)).toEqual({
      cards: ['Write the announcement', 'Book the venue'],
      session: 'Signed in as Ada',
    })

    page = await browser.newPage()
    problems = watchProblems(page)
    // A hydration that does not match replaces the server's nodes: record
    // any node removed from the app's DOM.
    await page.addInitScript(() => {
      window.__removed = []
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.target.closest?.('#__nuxt')) for (const n of r.removedNodes) window.__removed.push(n.nodeName)
        }
      }).observe(document, { childList: true, subtree: true })
    })
    await page.goto(`${app.url}/`)
    // Vue sets __vue_app__ on the container once the app has mounted (hydrated).
    await page.waitForFunction(() => document.getElementById('__nuxt')?.__vue_app__)
    expect(await cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue'])
    expect(await cards(2).allTextContents()).toEqual(['Read the HMAC RFC'])
    expect(await page.getByTestId('session-user').textContent()).toBe('Signed in as Ada')
    expect(await page.evaluate(() => window.__removed)).toEqual([])

    // Interactive: v-model holds what is typed.
    await page.getByTestId('board-2-new-card').fill('Hydrated')
    await expect.poll(() => page.getByTestId('board-2-new-card').inputValue()).toBe('Hydrated')
    await page.getByTestId('board-2-new-card').fill('')
    expect(contextGets()).toEqual([])
  })

  it('adding a card shows it through the merge, with no context fetch (CSRF bootstrapped through the proxy)', async () => {
    await page.getByTestId('board-1-new-card').fill('Order pizza')
    await page.getByTestId('board-1-add').click()
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Order pizza'])
    await expect.poll(() => page.getByTestId('board-1-new-card').inputValue()).toBe('')
    // The browser got its CSRF cookie from /session/ (Set-Cookie through the
    // proxy) and sent it back with the call.
    const requests = fromBrowser().map((r) => `${r.method} ${r.path} ${r.status}`)
    expect(requests).toEqual(['GET /session/ 200', 'POST /call/ 200'])
    expect(fromBrowser()[1].fn).toBe('add_card')
    expect(contextGets()).toEqual([])
  })

  it('renaming board 1 refetches board 1 once and not board 2; the next server render has the new name', async () => {
    await page.getByTestId('board-1-rename-input').fill('Launch v2')
    await page.getByTestId('board-1-rename').click()
    await expect.poll(() => page.getByTestId('board-1-name').textContent()).toBe('Launch v2')
    await expect.poll(() => contextGets(1).map((r) => r.status)).toEqual([200])
    expect(contextGets(2)).toEqual([])
    expect(contextGets()).toHaveLength(1)
    expect(await page.getByTestId('board-2-name').textContent()).toBe('Research')
    expect(await cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Order pizza'])

    // A new request gets a new server kernel: nothing cached from the last one.
    const html = await (await fetch(`${app.url}/`)).text()
    expect(html).toContain('Launch v2')
    expect(html).toContain('Order pizza')
  })

  it('logs no console error or warning, no page error, no hydration mismatch', async () => {
    await page.screenshot({ path: new URL('nuxt.png', SHOTS).pathname, fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  })
})
