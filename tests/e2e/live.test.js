// Channels in a real browser: two pages of the React demo (examples/react,
// StrictMode) in Debian's Chromium against examples/server, each with its
// kernel's WebSocket. Each page sees the other's chat messages and card
// changes without a reload; when the server kills every socket, both
// reconnect and go on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useDemoInChromium } from './support/demo_session.js'

const session = useDemoInChromium()

describe('react app: live over one WebSocket per page', () => {
  let pages
  let problems
  const open = async () => {
    const page = await session.browser.newPage()
    page.on('console', (m) => m.type() === 'error' && !/WebSocket/.test(m.text()) && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    await page.goto(`${session.demo.url}/react/`)
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
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
    await a.getByTestId('board-2-new-card').fill('Live card')
    await expect.poll(() => a.getByTestId('board-2-new-card').inputValue()).toBe('Live card')
    await a.getByTestId('board-2-add').click()
    await expect.poll(() => b.getByTestId('board-2-cards').locator('li').allTextContents()).toContain('Live card')
    // Only board 2 was pushed stale: board 1 was not fetched again by either page.
    const gets = session.demo.api.requests.filter((r) => r.method === 'GET' && r.path === '/ctx/board/' && r.userAgent.includes('Chrome'))
    expect(gets.map((r) => r.params.board_id)).toEqual(['2'])
  })

  it('both pages reconnect when the server kills every socket, and go on', async () => {
    const [a, b] = pages
    const sockets = session.demo.live.sockets()
    expect(sockets).toBe(2)
    session.demo.live.dropAll()
    await expect.poll(() => a.getByTestId('live-status').textContent()).not.toBe('open')
    await expect.poll(() => a.getByTestId('live-status').textContent(), { timeout: 10_000 }).toBe('open')
    await expect.poll(() => b.getByTestId('live-status').textContent(), { timeout: 10_000 }).toBe('open')
    expect(session.demo.live.sockets()).toBe(2)
    await say(b, 'after the drop')
    await expect.poll(() => messages(a)).toEqual([expect.stringContaining('after the drop')])
  })
})
