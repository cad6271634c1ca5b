// Multi-tab sync in a real browser: two pages of the React demo
// (examples/react imports 'mizan-kernel/tabs') in ONE browser context of
// Debian's Chromium, as two tabs of one browser are (a BroadcastChannel
// reaches the pages of its storage partition only). What one page learns
// the other shows without asking the server; a sign-out in one empties the
// other at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useDemoInChromium } from './support/demo_session.js'

const session = useDemoInChromium()
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

describe('react app: two tabs in step', () => {
  let context
  let pages
  let problems
  let gets // page -> the context GETs it sent ('/ctx/board/?board_id=1', …)
  const open = async () => {
    const page = await context.newPage()
    const sent = []
    gets.set(page, sent)
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (request.method() === 'GET' && url.pathname.startsWith('/api/mizan/ctx/')) sent.push(`${url.pathname.slice(10)}${url.search}`)
    })
    page.on('console', (m) => m.type() === 'error' && !/WebSocket/.test(m.text()) && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    await page.goto(`${session.demo.url}/react/`)
    await page.getByTestId('board-2-cards').locator('li').first().waitFor()
    // Hydrated: the user bar reads localStorage in an effect.
    await expect.poll(() => page.getByTestId('user').textContent()).not.toBe('')
    return page
  }
  beforeEach(async () => {
    session.demo.api.reset()
    session.demo.live.reset()
    problems = []
    gets = new Map()
    context = await session.browser.newContext()
    pages = [await open(), await open()]
    await sleep(300) // what each page loads after its first paint (stale restored entries) is done
  })
  afterEach(async () => {
    await context.close()
    expect(problems).toEqual([])
  })

  const cards = (page, board) => page.getByTestId(`board-${board}-cards`).locator('li').allTextContents()
  const boardGets = (page, board) => gets.get(page).filter((g) => g === `/ctx/board/?board_id=${board}`).length
  const fromServer = () => session.demo.api.requests.filter((r) => r.method === 'GET' && r.path === '/ctx/board/').length

  it('a card added in one tab appears in the other with no context GET there', async () => {
    const [a, b] = pages
    const [before, server] = [gets.get(b).length, fromServer()]
    await a.getByTestId('board-2-new-card').fill('From the other tab')
    await expect.poll(() => a.getByTestId('board-2-new-card').inputValue()).toBe('From the other tab')
    await a.getByTestId('board-2-add').click()
    await expect.poll(() => cards(b, 2)).toEqual(['Read the HMAC RFC', 'From the other tab'])
    await sleep(300) // time for a request, were there one
    expect(gets.get(b).slice(before)).toEqual([])
    expect(fromServer()).toBe(server) // the adding page merged too: no page asked
    expect(await cards(a, 2)).toEqual(await cards(b, 2))
  })

  it('a rename in one tab refetches that board, and only it, in the other', async () => {
    const [a, b] = pages
    const [one, two] = [boardGets(b, 1), boardGets(b, 2)]
    await a.getByTestId('board-1-rename-input').fill('Renamed next door')
    await expect.poll(() => a.getByTestId('board-1-rename-input').inputValue()).toBe('Renamed next door')
    await a.getByTestId('board-1-rename').click()
    await expect.poll(() => b.getByTestId('board-1-name').textContent()).toBe('Renamed next door')
    await sleep(300)
    expect(boardGets(b, 1)).toBe(one + 1)
    expect(boardGets(b, 2)).toBe(two)
  })

  it("signing out in one tab empties the other's boards at once, before its new requests are answered", async () => {
    const [a, b] = pages
    // Both pages start signed out (no user in localStorage); A signs in as ann: B follows.
    await a.getByTestId('become-ann').click()
    await expect.poll(() => boardGets(b, 1)).toBe(1)
    await b.getByTestId('board-1-cards').locator('li').first().waitFor()

    // Both pages' next board GETs are held (A's answers would reach B as offers): what B
    // shows meanwhile is what the purge left.
    const held = new Map(pages.map((page) => [page, []]))
    for (const [page, routes] of held) {
      await page.route(
        (url) => url.pathname === '/api/mizan/ctx/board/',
        (route) => routes.push(route),
      )
    }
    await a.getByTestId('sign-out').click()
    await expect.poll(() => held.get(b).length).toBe(2) // B asks again, for the signed-out user
    for (const board of [1, 2]) {
      await b.getByTestId(`board-${board}`).getByText('Loading board…').waitFor({ timeout: 5000 })
      expect(await b.getByTestId(`board-${board}-cards`).count()).toBe(0)
    }
    for (const route of [...held.values()].flat()) await route.continue()
    await expect.poll(() => cards(b, 1)).toEqual(['Write the announcement', 'Book the venue'])
    await expect.poll(() => cards(b, 2)).toEqual(['Read the HMAC RFC'])
  })
})
