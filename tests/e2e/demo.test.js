// The demo, end to end in a real browser: Debian's Chromium driven by
// playwright-core against examples/server (the reference Mizan API plus the
// three example apps as Vite built them). The same checks run for each app;
// requests are counted on the server, so "no fetch" means no request left
// the browser. A screenshot of each app goes to build/test-output/e2e/.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APPS, CSP } from '../../examples/server/demo.js'
import { reactHydrated, SHOTS, useDemoInChromium } from './support/demo_session.js'

const session = useDemoInChromium()

// What the browser asked the API (the React server render's own requests
// come from node, not Chromium).
const fromBrowser = () => session.demo.api.requests.filter((r) => r.userAgent.includes('Chrome'))
const contextGets = (params) =>
  fromBrowser().filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/board/') && (!params || r.params.board_id === String(params.board_id)))

describe.each(APPS)('%s app', (app) => {
  let page
  let problems // console errors, page errors and CSP violations
  beforeEach(async () => {
    session.demo.api.reset()
    page = await session.browser.newPage()
    problems = []
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    const response = await page.goto(`${session.demo.url}/${app}/`)
    expect(response.headers()['content-security-policy']).toBe(CSP)
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
    await page.getByTestId('board-2-cards').locator('li').first().waitFor()
    if (app === 'react') await reactHydrated(page) // (server-rendered: the cards show first)
  })
  afterEach(async () => {
    await page.close()
    expect(problems).toEqual([])
  })

  const cards = (board) => page.getByTestId(`board-${board}-cards`).locator('li')

  it('first paint shows the server data (strict CSP: only self scripts and wasm)', async () => {
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue'])
    expect(await page.getByTestId('board-1-name').textContent()).toBe('Launch')
    await expect.poll(() => page.getByTestId('session-user').textContent()).toBe('Signed in as Ada')
    await page.screenshot({ path: new URL(`${app}.png`, SHOTS).pathname, fullPage: true })
  })

  if (app === 'react') {
    it('is server-rendered and hydrates without fetching', async () => {
      const html = await (await fetch(`${session.demo.url}/react/`)).text()
      expect(html).toContain('Write the announcement')
      expect(html).toContain('id="__MIZAN_SSR_DATA__"')
      // Interactive (hydrated) and still no context request from the browser.
      await page.getByTestId('board-1-new-card').fill('Hydrated')
      await expect.poll(() => page.getByTestId('board-1-new-card').inputValue()).toBe('Hydrated')
      expect(fromBrowser().filter((r) => r.path.startsWith('/ctx/'))).toEqual([])
    })
  }

  it('adding a card updates the list by merge, with no context fetch', async () => {
    const before = contextGets().length
    await page.getByTestId('board-1-new-card').fill('Order pizza')
    await page.getByTestId('board-1-add').click()
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Order pizza'])
    expect(fromBrowser().some((r) => r.fn === 'add_card' && r.status === 200)).toBe(true)
    expect(contextGets()).toHaveLength(before)
  })

  it('renaming board 1 refetches board 1 and not board 2 (scoped invalidation)', async () => {
    const board1 = contextGets({ board_id: 1 }).length
    const board2 = contextGets({ board_id: 2 }).length
    await page.getByTestId('board-1-rename-input').fill('Launch v2')
    await page.getByTestId('board-1-rename').click()
    await expect.poll(() => page.getByTestId('board-1-name').textContent()).toBe('Launch v2')
    expect(contextGets({ board_id: 1 })).toHaveLength(board1 + 1)
    expect(contextGets({ board_id: 2 })).toHaveLength(board2)
    expect(await page.getByTestId('board-2-name').textContent()).toBe('Research')
  })

  it('a rejected mutation shows its error and leaves the list intact', async () => {
    await page.getByTestId('board-1-add').click() // empty title: the server's validation fails
    await expect.poll(() => page.getByTestId('board-1-error').textContent()).toBe('title must not be empty')
    expect(fromBrowser().some((r) => r.fn === 'add_card' && r.status === 400)).toBe(true)
    expect(await cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue'])
    problems = problems.filter((p) => !p.includes('400')) // the browser logs the failed POST itself
  })

  it('a context fetch answered 500 once is retried and recovers', async () => {
    session.demo.api.failNextContext(500, (r) => r.userAgent.includes('Chrome') && r.params.board_id === '1')
    await page.getByTestId('board-1-rename-input').fill('After a 500')
    await page.getByTestId('board-1-rename').click()
    await expect.poll(() => page.getByTestId('board-1-name').textContent()).toBe('After a 500')
    expect(contextGets({ board_id: 1 }).map((r) => r.status)).toEqual(expect.arrayContaining([500, 200]))
    problems = problems.filter((p) => !p.includes('500'))
  })
})
