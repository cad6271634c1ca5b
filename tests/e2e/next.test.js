// examples/next end to end: the Next.js App Router app as `next build` made
// it (with Turbopack, the default, and with webpack) served by `next start`,
// in front of the reference Mizan API, driven in Debian's Chromium. What a
// Next user needs: the server HTML has the data (a Server Component loaded it
// with prefetchState, the client component rendered it), the browser
// hydrates without fetching it again and without a hydration warning, only
// the browser build of the wasm reaches the browser, and calls go through
// the app's proxy with cookies, CSRF and trailing slashes intact.
import { mkdirSync, readdirSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { browserRequests, launchChromium, startFrameworkApp, watchProblems } from './support/framework_app.js'

const SHOTS = new URL('../../build/test-output/e2e/', import.meta.url)

let browser
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
})
afterAll(() => browser?.close())

describe.each([
  ['turbopack', '.next'],
  ['webpack', '.next-webpack'],
])('Next.js (%s build)', (bundler, distDir) => {
  let app
  let page
  let problems
  let wasmFiles
  beforeAll(async () => {
    app = await startFrameworkApp('next', { env: { NEXT_DIST_DIR: distDir } })
  })
  afterAll(() => app?.close())
  beforeEach(async () => {
    app.api.reset()
    page = await browser.newPage()
    problems = watchProblems(page)
    wasmFiles = []
    page.on('request', (r) => r.url().endsWith('.wasm') && wasmFiles.push(new URL(r.url()).pathname))
    await page.goto(app.url)
    // Hydrated: React has attached itself to the server's elements (typing
    // before that would be undone by hydration).
    await page.waitForFunction(() => {
      const list = document.querySelector('[data-testid="board-1-cards"]')
      return list && Object.keys(list).some((key) => key.startsWith('__reactFiber'))
    })
  })
  afterEach(async () => {
    await page?.close()
    expect(problems).toEqual([])
  })

  const cards = (board) => page.getByTestId(`board-${board}-cards`).locator('li')
  const contextGets = (boardId) =>
    browserRequests(app.api).filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/') && (!boardId || r.params.board_id === String(boardId)))

  it('renders the data on the server, per request, with the user’s cookies', async () => {
    const response = await fetch(app.url, { headers: { cookie: 'csrftoken=abc' } })
    const html = await response.text()
    expect(html).toMatch(/<ul data-testid="board-1-cards"><li>Write the announcement<\/li><li>Book the venue<\/li><\/ul>/)
    expect(html).toContain('Signed in as Ada')
    expect(html).not.toContain('Loading…') // the fallback: the provider had its kernel during the server render
    // This request's server-side loads went straight to the API, with this user's cookie.
    const serverGets = app.api.requests.filter((r) => r.cookie === 'csrftoken=abc')
    expect(serverGets.every((r) => !r.userAgent.includes('Chrome'))).toBe(true)
    expect(serverGets.map((r) => `${r.path} ${r.params.board_id ?? ''}`).sort()).toEqual(['/ctx/board/ 1', '/ctx/board/ 2', '/ctx/session/ '])
  })

  it('hydrates with no context request and loads only the browser build of the wasm', async () => {
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue'])
    expect(await page.getByTestId('session-user').textContent()).toBe('Signed in as Ada')
    await page.screenshot({ path: new URL(`next-${bundler}.png`, SHOTS).pathname, fullPage: true })
    // Interactive: a hydrated handler runs (the add below needs it too).
    await page.getByTestId('board-2-new-card').fill('Hydrated')
    await page.getByTestId('board-2-add').click()
    await expect.poll(() => cards(2).allTextContents()).toEqual(['Read the HMAC RFC', 'Hydrated'])
    expect(contextGets()).toEqual([])
    expect(wasmFiles).toHaveLength(1)
    expect(wasmFiles[0]).toMatch(/^\/_next\/static\/media\/mizan_kernel_browser\.[\w-]+\.wasm$/)
  })

  it('adds a card through the proxy (CSRF bootstrap, trailing slashes) by merge, with no refetch', async () => {
    await page.getByTestId('board-1-new-card').fill('Order pizza')
    await page.getByTestId('board-1-add').click()
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'Order pizza'])
    const fromBrowser = browserRequests(app.api)
    expect(fromBrowser.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /session/ 200', 'POST /call/ 200'])
    expect(fromBrowser[1].fn).toBe('add_card')
  })

  it('ships only the browser build of the wasm among the static assets (the full build stays on the server)', () => {
    const media = readdirSync(new URL(`../../examples/next/${distDir}/static/media/`, import.meta.url)).filter((f) => f.endsWith('.wasm'))
    expect(media).toHaveLength(1)
    expect(media[0]).toMatch(/^mizan_kernel_browser\./)
  })

  it('the plain client-side form works in a "use client" page: the browser fetches the contexts', async () => {
    await page.goto(`${app.url}/client`)
    await expect.poll(() => cards(1).allTextContents()).toEqual(['Write the announcement', 'Book the venue'])
    await expect.poll(() => page.getByTestId('session-user').textContent()).toBe('Signed in as Ada')
    expect(
      contextGets()
        .map((r) => `${r.path} ${r.params.board_id ?? ''}`)
        .sort(),
    ).toEqual(['/ctx/board/ 1', '/ctx/board/ 2', '/ctx/session/ '])
  })

  it('signs in with 3-second tokens: one obtain per period while clicking, never an expired or missing token', async () => {
    await page.goto(`${app.url}/tokens`)
    await expect.poll(() => cards(1).count()).toBe(2)
    const started = Date.now()
    for (let i = 1; Date.now() - started < 7_000; i++) {
      await page.getByTestId('board-1-new-card').fill(`Card ${i}`)
      await page.getByTestId('board-1-add').click()
      await expect.poll(() => cards(1).count()).toBe(2 + i)
      await page.waitForTimeout(400)
    }
    const fromBrowser = browserRequests(app.api).filter((r) => r.path !== '/session/')
    const obtains = fromBrowser.filter((r) => r.fn === 'mwt_obtain')
    const others = fromBrowser.filter((r) => r.fn !== 'mwt_obtain')
    expect(others.length).toBeGreaterThan(10)
    expect(others.every((r) => r.token && r.status === 200)).toBe(true) // the server verified each one
    expect(obtains.every((r) => !r.token)).toBe(true) // the obtain goes out without a token
    // Several renewals, but one per period (2–3 s tokens renewed 1 s early), not one per request.
    expect(obtains.length).toBeGreaterThanOrEqual(3)
    expect(obtains.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000) + 1)
    const gaps = obtains.slice(1).map((r, i) => r.at - obtains[i].at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900)
  }, 30_000)

  it('renaming board 1 refetches board 1 once and board 2 never (scoped invalidation)', async () => {
    await expect.poll(() => cards(1).count()).toBe(2)
    await page.getByTestId('board-1-rename-input').fill('Launch v2')
    await page.getByTestId('board-1-rename').click()
    await expect.poll(() => page.getByTestId('board-1-name').textContent()).toBe('Launch v2')
    expect(contextGets(1)).toHaveLength(1)
    expect(contextGets(2)).toHaveLength(0)
  })
})
