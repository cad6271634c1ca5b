// Channels in a real browser: two pages of each demo app (examples/react in
// StrictMode, examples/vue, examples/svelte: each with the same live panel)
// in Debian's Chromium against examples/server, each with its kernel's
// WebSocket. Each page sees the other's chat messages and card changes
// without a reload; when the server kills every socket, both reconnect and
// go on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APPS } from '../../examples/server/demo.js'
import { useDemoInChromium } from './support/demo_session.js'

const session = useDemoInChromium()

// The board contexts the browser fetched (the React server render's own
// requests come from node, not Chromium), by board id.
const boardGets = () =>
  session.demo.api.requests
    .filter((r) => r.method === 'GET' && r.path === '/ctx/board/' && r.userAgent.includes('Chrome'))
    .map((r) => r.params.board_id)

describe.each(APPS)('%s app: live over one WebSocket per page', (app) => {
  let pages
  let problems
  const open = async () => {
    const page = await session.browser.newPage()
    page.on('console', (m) => m.type() === 'error' && !/WebSocket/.test(m.text()) && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    await page.goto(`${session.demo.url}/${app}/`)
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
    await page.getByTestId('board-2-cards').locator('li').first().waitFor()
    await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('open')
    return page
  }
  beforeEach(async () => {
    session.demo.api.reset()
    session.demo.live.reset()
    problems = []
    pages = [await open(), await open()]
  })
  afterEach(async () => {
    for (const page of pages) await page.context().close()
    expect(problems).toEqual([])
  })

  const say = async (page, text) => {
    await page.getByTestId('live-input').fill(text)
    await expect.poll(() => page.getByTestId('live-input').inputValue()).toBe(text)
    await page.getByTestId('live-send').click()
  }
  const messages = (page) => page.getByTestId('live-messages').locator('li').allTextContents()

  it("each page sees the other's messages", async () => {
    const [a, b] = pages
    await say(a, 'hello from A')
    await expect.poll(() => messages(b)).toEqual([expect.stringContaining('hello from A')])
    await say(b, 'and from B')
    await expect.poll(() => messages(a)).toEqual([expect.stringContaining('hello from A'), expect.stringContaining('and from B')])
  })

  it('a card added in one page appears in the other without a reload', async () => {
    const [a, b] = pages
    // What the pages fetched to show their boards (the React pages none: the server rendered them).
    const before = boardGets().length
    await a.getByTestId('board-2-new-card').fill('Live card')
    await expect.poll(() => a.getByTestId('board-2-new-card').inputValue()).toBe('Live card')
    await a.getByTestId('board-2-add').click()
    await expect.poll(() => b.getByTestId('board-2-cards').locator('li').allTextContents()).toContain('Live card')
    // Only board 2 was pushed stale (to B; A merged the card): board 1 was not fetched again by either page.
    expect(boardGets().slice(before)).toEqual(['2'])
  })

  it('both pages reconnect when the server kills every socket, and go on', async () => {
    const [a, b] = pages
    const sockets = session.demo.live.sockets()
    expect(sockets).toBe(2)
    // Every status page A shows from the drop on, read by the page itself:
    // the reconnect delay is random (jitter) and may be a few ms, shorter
    // than a poll from here could see.
    await a.evaluate(() => {
      const status = document.querySelector('[data-testid="live-status"]')
      const shown = (window.__liveStatuses = [])
      new MutationObserver(() => shown.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true })
    })
    session.demo.live.dropAll()
    await expect.poll(() => a.evaluate(() => window.__liveStatuses.some((s) => s !== 'open'))).toBe(true)
    await expect.poll(() => a.getByTestId('live-status').textContent(), { timeout: 10_000 }).toBe('open')
    await expect.poll(() => b.getByTestId('live-status').textContent(), { timeout: 10_000 }).toBe('open')
    expect(session.demo.live.sockets()).toBe(2)
    await say(b, 'after the drop')
    await expect.poll(() => messages(a)).toEqual([expect.stringContaining('after the drop')])
  })
})
