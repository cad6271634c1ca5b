// The README's Quick start page (tests/bench/first_data/mizan: nothing but
// <MizanContext> and the hooks, no init() in main.jsx) as Vite builds it, in
// Chromium on a throttled network (40 ms, 10 Mbit/s): the wasm starts
// downloading with the script, the board's GET goes out while the wasm is
// still on its way, and the kernel adopts its response: exactly one GET on
// the wire. The timing itself is tests/bench/first_data.mjs's.
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildPages, firstDataTime, OUT, servePages, throttle } from '../bench/first_data/pages.js'
import { launchChromium, watchProblems } from './support/framework_app.js'

const out = join(OUT, '..', 'first_data_e2e')
let server
let browser
beforeAll(async () => {
  await buildPages(['mizan'], out)
  server = await servePages(out)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function open({ slow }) {
  server.api.reset()
  const context = await browser.newContext()
  const page = await context.newPage()
  if (slow) await throttle(context, page)
  const problems = watchProblems(page)
  const events = [] // [what, url path] in the order the browser saw them
  page.on('request', (r) => events.push(['request', new URL(r.url()).pathname]))
  page.on('requestfinished', (r) => events.push(['finished', new URL(r.url()).pathname]))
  const firstData = await firstDataTime(page)
  await page.goto(`${server.origin}/mizan/`)
  await firstData.time
  await page.waitForTimeout(300) // time for a second GET, if there were one
  return { context, page, problems, events }
}

const boardGets = () => server.api.requests.filter((r) => r.method === 'GET' && r.path === '/ctx/board/')

it('on a slow network: the board GET goes out while the wasm downloads, and is adopted (one GET)', async () => {
  const { context, page, problems, events } = await open({ slow: true })
  expect(await page.locator('li').allTextContents()).toEqual(['Write the announcement', 'Book the venue'])
  expect(boardGets()).toHaveLength(1)
  expect(boardGets()[0].params).toEqual({ board_id: '1' })
  const index = (what, path) => events.findIndex(([w, p]) => w === what && path.test(p))
  const wasmRequested = index('request', /\.wasm$/)
  const getRequested = index('request', /\/ctx\/board\/$/)
  expect(wasmRequested).toBeGreaterThanOrEqual(0)
  expect(getRequested).toBeGreaterThan(wasmRequested) // the wasm first: it starts with the script
  expect(getRequested).toBeLessThan(index('finished', /\.wasm$/)) // in parallel with it
  expect(events.filter(([w, p]) => w === 'request' && p.endsWith('.wasm'))).toHaveLength(1) // init() took the early download
  expect(problems).toEqual([])
  await context.close()
})

it('on localhost: the data, one GET, and the page works on (a call merges into the adopted context)', async () => {
  const { context, page, problems } = await open({ slow: false })
  expect(boardGets()).toHaveLength(1)
  await page.getByRole('button', { name: 'Add' }).click()
  await expect.poll(() => page.locator('li').allTextContents()).toEqual(['Write the announcement', 'Book the venue', 'New card'])
  expect(boardGets()).toHaveLength(1) // merged, not refetched
  expect(problems).toEqual([])
  await context.close()
})
