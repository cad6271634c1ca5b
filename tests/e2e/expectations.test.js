// What TanStack Query / SWR users expect, in a real browser: the React demo
// (examples/react, server-rendered, StrictMode) in Debian's Chromium against
// examples/server. Refetch when the page becomes visible again and when the
// network comes back, optimistic adds that overlap (one failing), and a
// context read through <Suspense>. Requests are counted on the server, so
// "one fetch" means one request left the browser; `session.demo.api.db` is
// the server's live data, changed behind the page's back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useDemoInChromium } from './support/demo_session.js'

const session = useDemoInChromium()

// The kernel's default focusThrottle: no focus or reconnect refetch of data younger than this.
const FOCUS_THROTTLE = 5000

const fromBrowser = () => session.demo.api.requests.filter((r) => r.userAgent.includes('Chrome'))
const contextGets = (name, boardId) =>
  fromBrowser().filter((r) => r.method === 'GET' && r.path === `/ctx/${name}/` && (boardId === undefined || r.params.board_id === String(boardId)))
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

describe('react app: what TanStack Query users expect', () => {
  let page
  let problems // console errors, page errors and CSP violations
  beforeEach(async () => {
    session.demo.api.reset()
    page = await session.browser.newPage()
    problems = []
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    await page.goto(`${session.demo.url}/react/`)
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
    // Hydrated: the input is React's (a controlled input takes what is typed).
    await page.getByTestId('board-1-new-card').fill('x')
    await expect.poll(() => page.getByTestId('board-1-new-card').inputValue()).toBe('x')
    await page.getByTestId('board-1-new-card').fill('')
  })
  afterEach(async () => {
    await page.context().close()
    expect(problems).toEqual([])
  })

  const cards = (board) => page.getByTestId(`board-${board}-cards`).locator('li')
  // The page's data comes from the server render: it is as old as that
  // render's requests (node's, not the browser's). Waits until it is older
  // than the throttle, so that a focus or reconnect refetches it.
  const waitPastThrottle = async () => {
    const rendered = Math.max(...session.demo.api.requests.filter((r) => r.path.startsWith('/ctx/')).map((r) => r.at))
    await sleep(Math.max(0, rendered + FOCUS_THROTTLE + 300 - Date.now()))
  }

  it('refetches the mounted contexts when the page becomes visible again', async () => {
    await waitPastThrottle()
    session.demo.api.db.boards.get(1).name = 'Renamed elsewhere'
    const before = contextGets('board', 1).length
    // Headless Chromium keeps every page visible whatever is done to it
    // (another page in front, bringToFront, a new tab, a minimised window,
    // even headed under Xvfb: document.visibilityState stays 'visible'), so
    // the switch is simulated inside the page: `hidden` and
    // `visibilityState` redefined on the document, then the event the
    // browser fires (it bubbles to window, where the kernel listens).
    await page.evaluate(() => {
      const show = (visible) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (visible ? 'visible' : 'hidden') })
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => !visible })
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
      }
      show(false)
      show(true)
    })
    await expect.poll(() => page.getByTestId('board-1-name').textContent()).toBe('Renamed elsewhere')
    await sleep(300) // time for a second request, were there one
    expect(contextGets('board', 1)).toHaveLength(before + 1)
    expect(await page.getByTestId('board-2-name').textContent()).toBe('Research')
  })

  it('refetches when the network comes back (offline, then online)', async () => {
    await waitPastThrottle()
    const before = contextGets('board', 1).length
    await page.context().setOffline(true)
    expect(await page.evaluate(() => navigator.onLine)).toBe(false)
    session.demo.api.db.cards.push({ id: 99, board_id: 1, title: 'Added while offline' })
    await sleep(200) // nothing can be fetched meanwhile: the network is off
    expect(contextGets('board', 1)).toHaveLength(before)
    await page.context().setOffline(false) // fires window `online`
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Added while offline'])
    await sleep(300)
    expect(contextGets('board', 1)).toHaveLength(before + 1)
  })

  it('shows adds at once; a failing one disappears while an overlapping one stays', async () => {
    // The first add_card is held in the browser, then answered with a 500
    // error envelope; every other call goes through to the server.
    let held
    const heldRequest = new Promise((resolve) => (held = resolve))
    let first = true
    await page.route(
      (url) => url.pathname === '/api/mizan/call/',
      (route) => {
        if (first && route.request().postDataJSON()?.fn === 'add_card') {
          first = false
          held(route)
        } else route.continue()
      },
    )
    const input = page.getByTestId('board-1-new-card')
    const add = page.getByTestId('board-1-add')
    const gets = contextGets('board').length

    await input.fill('Card A')
    await add.click()
    // Shown at once, unsaved (a temporary id), while its request is held; the input is cleared.
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Card A'])
    expect(await cards(1).nth(2).getAttribute('data-pending')).toBe('true')
    expect(await input.inputValue()).toBe('')
    const routeA = await heldRequest

    // The button is not disabled while A is pending: B overlaps it and goes through.
    expect(await add.isDisabled()).toBe(false)
    await input.fill('Card B')
    await add.click()
    // (In either order: once B is saved, its card is the server's and A's still lies over the list, after it.)
    await expect.poll(async () => (await cards(1).allTextContents()).sort()).toEqual(['Book the venue', 'Card A', 'Card B', 'Write the announcement'])
    // B saved: the server's merge brought the real card (id 4) and its layer is gone.
    await expect.poll(() => fromBrowser().some((r) => r.fn === 'add_card' && r.status === 200)).toBe(true)
    await expect.poll(() => page.locator('[data-testid="board-1-cards"] li[data-pending]').allTextContents()).toEqual(['Card A'])
    expect(session.demo.api.db.cards.map((c) => c.title)).toEqual(['Write the announcement', 'Book the venue', 'Read the HMAC RFC', 'Card B'])

    await routeA.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: true, code: 'SERVER_ERROR', message: 'Card A could not be saved', details: null }),
    })
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Card B'])
    await expect.poll(() => page.getByTestId('board-1-error').textContent()).toBe('Card A could not be saved')
    expect(await page.locator('[data-testid="board-1-cards"] li[data-pending]').count()).toBe(0)
    expect(contextGets('board')).toHaveLength(gets) // merges and layers only: no context GET
    problems = problems.filter((p) => !p.includes('500')) // the browser logs the failed POST itself
  })

  it('a context read through <Suspense> suspends, then shows its data, with one request', async () => {
    // The page's GET is held until the fallback has shown: the component really suspends.
    let held
    const heldRequest = new Promise((resolve) => (held = resolve))
    let first = true
    await page.route(
      (url) => url.pathname === '/api/mizan/ctx/card_page/',
      (route) => (first ? ((first = false), held(route)) : route.continue()),
    )
    expect(await page.getByTestId('first-page-cards').count()).toBe(0)
    await page.getByTestId('first-page-show').click()
    await page.getByTestId('first-page-loading').waitFor()
    const route = await heldRequest
    expect(new URL(route.request().url()).searchParams.get('board_id')).toBe('1')
    await route.continue()
    await expect
      .poll(() => page.getByTestId('first-page-cards').locator('li').allTextContents())
      .toEqual(['Write the announcement', 'Book the venue'])
    expect(await page.getByTestId('first-page-loading').count()).toBe(0)
    await sleep(300) // time for a second request, were there one (StrictMode renders twice)
    expect(contextGets('card_page')).toHaveLength(1)
  })
})
