// 'mizan-kernel/persist' in a real browser: the React demo (examples/react,
// which persists its kernel to IndexedDB and restores it before the first
// render) in Debian's Chromium. "Offline" is the page served as its bare
// shell, without the server render (as a service worker's cache would
// serve it), with every API request and the socket failing: whatever the
// board then shows came from storage. The server's data is changed behind
// the page's back, so that stored and fresh data differ.
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CSP } from '../../examples/server/demo.js'
import { useDemoInChromium } from './support/demo_session.js'

const session = useDemoInChromium()
const SHELL = readFileSync(new URL('../../examples/react/dist/index.html', import.meta.url), 'utf8')
const KEY = 'mizan-kernel:/api/mizan'
const NOTE = 'Ann’s private note'

describe('react app: the cache persisted between visits', () => {
  let page
  let errors // uncaught errors in the page
  beforeEach(async () => {
    session.demo.api.reset()
    page = await session.browser.newPage()
    errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${session.demo.url}/react/`)
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
  })
  afterEach(async () => {
    await page.context().close()
    expect(errors).toEqual([])
  })

  const cards = (board) => page.getByTestId(`board-${board}-cards`).locator('li').allTextContents()
  const fromBrowser = () => session.demo.api.requests.filter((r) => r.userAgent.includes('Chrome'))
  // The state the page's kernel stored (null: none), read from IndexedDB in the page.
  const stored = () =>
    page.evaluate(
      (key) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('mizan-kernel', 1)
          open.onupgradeneeded = () => open.result.createObjectStore('state')
          open.onerror = () => reject(open.error)
          open.onsuccess = () => {
            const get = open.result.transaction('state').objectStore('state').get(key)
            get.onsuccess = () => (open.result.close(), resolve(get.result ? JSON.parse(get.result) : null))
            get.onerror = () => reject(get.error)
          }
        }),
      KEY,
    )
  const offline = async () => {
    await page.route('**/api/mizan/**', (route) => route.abort('internetdisconnected'))
    await page.routeWebSocket('**/api/mizan/ws/**', (ws) => ws.close())
    await page.route(/\/react\/$/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', headers: { 'Content-Security-Policy': CSP }, body: SHELL }),
    )
  }
  // Ann signs in and adds a card; it is in storage once the throttle passed.
  async function annAddsHerNote() {
    await page.getByTestId('become-ann').click()
    await expect.poll(() => page.getByTestId('user').textContent()).toBe('You are ann')
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
    await page.getByTestId('board-1-new-card').fill(NOTE)
    await expect.poll(() => page.getByTestId('board-1-new-card').inputValue()).toBe(NOTE)
    await page.getByTestId('board-1-add').click()
    await expect.poll(() => page.getByTestId('board-1-cards').locator('li:not([data-pending])').allTextContents()).toContain(NOTE)
    const withNote = async () => {
      const state = await stored()
      return JSON.stringify(state).includes(NOTE) ? state : null
    }
    await expect.poll(withNote, { timeout: 5000 }).toMatchObject({ v: 1, identity: 'ann' })
  }

  it('reloaded offline, the board renders from storage at once, and stays when revalidation fails', async () => {
    await annAddsHerNote()
    session.demo.api.reset() // the server forgets the note: only storage has it
    await offline()
    await page.reload()
    await expect.poll(() => cards(1)).toEqual(['Write the announcement', 'Book the venue', NOTE])
    expect(await cards(2)).toEqual(['Read the HMAC RFC'])
    expect(await page.getByTestId('board-1-name').textContent()).toBe('Launch')
    expect(await page.getByTestId('user').textContent()).toBe('You are ann')
    expect(fromBrowser()).toEqual([]) // not a request reached the server
    // Mounted, the restored boards were stale and tried to refetch; failing, they keep their data.
    await page.waitForTimeout(1500) // past the refetch's retries
    expect(await cards(1)).toContain(NOTE)
    expect(await page.getByText('Could not load the board').count()).toBe(0)
  })

  it('online, the server render’s fresh data wins over storage, with no fetch', async () => {
    await annAddsHerNote()
    session.demo.api.reset()
    await page.reload()
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
    expect(await cards(1)).toEqual(['Write the announcement', 'Book the venue'])
    await page.waitForTimeout(500)
    expect(fromBrowser().filter((r) => r.path.startsWith('/ctx/'))).toEqual([])
  })

  it('another user sees nothing of the first user’s stored data, offline or not', async () => {
    await annAddsHerNote()
    await offline()
    await page.getByTestId('become-bo').click() // a purge: ann's stored state goes with her data
    await expect.poll(() => page.getByTestId('user').textContent()).toBe('You are bo')
    await expect.poll(() => stored()).toBeNull()
    await page.reload()
    await page.getByTestId('board-1').waitFor()
    await expect.poll(() => page.getByTestId('user').textContent()).toBe('You are bo')
    expect(await page.getByTestId('board-1-cards').count()).toBe(0) // no board data at all
    expect(await page.textContent('body')).not.toContain(NOTE)
    expect(await page.textContent('body')).not.toContain('Write the announcement')
  })

  it('signing out clears what was stored', async () => {
    await annAddsHerNote()
    await offline() // so that nothing loaded signed out is stored in its place
    await page.getByTestId('sign-out').click()
    await expect.poll(() => page.getByTestId('user').textContent()).toBe('Signed out')
    await expect.poll(() => stored()).toBeNull()
  })
})
