// The devtools panel in a real browser: the React demo (examples/react)
// in Debian's Chromium against examples/server. The demo's "Show devtools"
// button loads mizan-kernel/react/devtools on demand; the panel lists the
// page's contexts, and its refetch button sends the GET (counted on the
// server). Screenshot: build/test-output/e2e/devtools.png (the README's
// examples/react/devtools.png is a copy of it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reactHydrated, SHOTS, useDemoInChromium } from './support/demo_session.js'

const session = useDemoInChromium()

const boardGets = (boardId) =>
  session.demo.api.requests.filter(
    (r) => r.userAgent.includes('Chrome') && r.method === 'GET' && r.path === '/ctx/board/' && r.params.board_id === String(boardId),
  )

describe('react app: devtools', () => {
  let page
  let problems
  beforeEach(async () => {
    session.demo.api.reset()
    page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } })
    problems = []
    page.on('console', (m) => m.type() === 'error' && !/WebSocket/.test(m.text()) && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    await page.goto(`${session.demo.url}/react/`)
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
    await reactHydrated(page) // (server-rendered: the cards show first, a click before this is lost)
  })
  afterEach(async () => {
    await page.close()
    expect(problems).toEqual([])
  })

  it('shows the contexts; refetch on board 1 sends its GET; the timeline shows calls', async () => {
    // Not loaded until asked for.
    expect(await page.locator('mizan-devtools').count()).toBe(0)
    await page.getByTestId('show-devtools').click()
    const panel = page.getByTestId('devtools-panel')
    await panel.waitFor()
    // The row of context `board` with params {"board_id":1} (card_page has a board_id too).
    const board1 = panel
      .locator('tr')
      .filter({ has: page.locator('td:nth-child(2)', { hasText: /^board$/ }) })
      .filter({ hasText: '{"board_id":1}' })
    await expect.poll(() => board1.locator('td:nth-child(4)').textContent()).toBe('success')
    expect(await board1.locator('td:nth-child(8)').textContent()).toMatch(/^board_info \d+ B, cards \d+ B$/)

    const before = boardGets(1).length
    await board1.getByRole('button', { name: 'refetch' }).click()
    await expect.poll(() => panel.getByTestId('devtools-message').textContent()).toBe('refetching board {"board_id":1}')
    await expect.poll(() => boardGets(1).length).toBe(before + 1)
    expect(boardGets(2)).toHaveLength(0)
    await expect.poll(() => board1.locator('td:nth-child(5)').textContent()).toBe('idle')

    // A rename: its invalidation shows in the timeline, from the body and the header.
    await page.getByTestId('board-1-rename-input').fill('Launch v2')
    await expect.poll(() => page.getByTestId('board-1-rename-input').inputValue()).toBe('Launch v2')
    await page.getByTestId('board-1-rename').click()
    await expect.poll(() => page.getByTestId('board-1-name').textContent()).toBe('Launch v2')
    const events = panel.locator('table').last().locator('tr')
    await expect
      .poll(() => events.filter({ hasText: 'rename_board' }).allTextContents())
      .toEqual([expect.stringMatching(/invalidatecallrename_board/), expect.stringMatching(/invalidateheaderrename_board/)])
    // An add: its merge shows, with the slot it went into.
    await page.getByTestId('board-2-new-card').fill('Order pizza')
    await expect.poll(() => page.getByTestId('board-2-new-card').inputValue()).toBe('Order pizza')
    await page.getByTestId('board-2-add').click()
    await expect
      .poll(() => events.filter({ hasText: 'add_card' }).allTextContents())
      .toEqual([expect.stringMatching(/^[\d:.]+mergecalladd_card\{"context":"board","params":\{"board_id":2\},"slot":"cards"\}$/)])
    await page.screenshot({ path: new URL('devtools.png', SHOTS).pathname })

    await page.getByTestId('show-devtools').click()
    await expect.poll(() => page.locator('mizan-devtools').count()).toBe(0)
  })
})
