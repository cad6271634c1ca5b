// The suite setup the demo's browser tests share: the demo server
// (examples/server/demo.js: the reference API and the three built apps) and
// one Chromium for the file, closed after the last test.
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll } from 'vitest'
import { startDemo } from '../../../examples/server/demo.js'
import { launchChromium } from './framework_app.js'

/**
 * Waits until the server-rendered React app has hydrated: React has attached
 * itself to the server's elements. The cards show before that, and typing
 * or clicking then is lost (on a busy machine an add sent an empty title).
 * @param {import('playwright-core').Page} page
 */
export const reactHydrated = (page) =>
  page.waitForFunction(() => {
    const list = document.querySelector('[data-testid="board-1-cards"]')
    return list && Object.keys(list).some((key) => key.startsWith('__reactFiber'))
  })

/** Where screenshots go. */
export const SHOTS = new URL('../../../build/test-output/e2e/', import.meta.url)

/**
 * Registers the hooks; `demo` and `browser` are set once beforeAll has run.
 * @returns {{ demo: Awaited<ReturnType<typeof startDemo>>, browser: Awaited<ReturnType<typeof launchChromium>> }}
 */
export function useDemoInChromium() {
  const session = /** @type {any} */ ({ demo: null, browser: null })
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    session.demo = await startDemo()
    session.browser = await launchChromium()
  })
  afterAll(async () => {
    await session.browser?.close()
    await session.demo?.close()
  })
  return session
}
