// @vitest-environment jsdom
// Refetches the page's life asks for (js/refetch_triggers.js): of mounted
// contexts when the page becomes visible again or the network comes back,
// and polling by refetchInterval, over the real wasm kernel with a scripted
// fetch and fake timers (the kernel's clock is the faked Date.now).
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createKernel, init } from '../../js/index.js'
import { scriptedFetch } from './support/scripted_fetch.js'

beforeAll(() => init())

let kernel
let script
function make(options = {}) {
  script = scriptedFetch()
  kernel = createKernel({ fetch: script.fetch, csrf: false, retryDelays: [], server: false, gcTime: Infinity, ...options })
  return kernel
}

// Response bodies are read through real (unfaked) macrotasks.
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
}
const answerAll = async () => {
  for (const r of script.open()) r.reply({ p: r.url })
  await settle()
  vi.advanceTimersByTime(0) // the scripted fetch's own settle() timers (a 0 ms setTimeout each)
}
// What the page's events would say, as the browser says it.
function setVisibility(state) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' })
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
}
const goOnline = () => window.dispatchEvent(new Event('online'))
const urls = (from = 0) => script.requests.slice(from).map((r) => r.url)
// Mounts through an observer, as the adapters do; returns the unsubscribe.
const watch = (name, params, options) => kernel.observe(name, params, options).subscribe(() => {})

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  setVisibility('visible')
})
afterEach(() => {
  kernel?.dispose()
  kernel = undefined
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('refetch on focus and on reconnect', () => {
  it('refetches the mounted contexts, not the cached ones, once the page is visible again', async () => {
    make()
    watch('user', { id: 1 })
    kernel.registerContext('board', { id: 2 })
    const cached = kernel.registerContext('user', { id: 3 })
    await answerAll()
    cached.unregister()
    vi.advanceTimersByTime(10_000)
    const before = script.requests.length
    setVisibility('hidden')
    expect(script.requests.length).toBe(before) // hiding is no reason
    setVisibility('visible')
    expect(urls(before)).toEqual(['ctx/user/?id=1', 'ctx/board/?id=2'])
  })

  it('refetches when the network comes back', async () => {
    make()
    watch('user', { id: 1 })
    await answerAll()
    vi.advanceTimersByTime(10_000)
    goOnline()
    expect(urls(1)).toEqual(['ctx/user/?id=1'])
    await answerAll()
    expect(kernel.observe('user', { id: 1 }).getState().data).toEqual({ p: 'ctx/user/?id=1' })
  })

  it('refetches an entry once however many events fire, and leaves a fetch in flight alone', async () => {
    make()
    watch('user', { id: 1 })
    watch('user', { id: 1 }) // two readers, one entry
    expect(script.requests.length).toBe(1)
    setVisibility('visible')
    goOnline()
    expect(script.open().length).toBe(1) // the first load goes on: neither aborted nor doubled
    await answerAll()
    vi.advanceTimersByTime(10_000)
    setVisibility('visible')
    goOnline()
    setVisibility('visible')
    expect(urls(1)).toEqual(['ctx/user/?id=1'])
  })

  it('leaves data younger than focusThrottle (by updatedAt)', async () => {
    make({ focusThrottle: 2000 })
    watch('user', { id: 1 })
    await answerAll()
    vi.advanceTimersByTime(1999)
    setVisibility('visible')
    goOnline()
    expect(script.requests.length).toBe(1)
    vi.advanceTimersByTime(1)
    setVisibility('visible')
    expect(script.requests.length).toBe(2)
  })

  it('throttles by 5 s by default, and refetches a context that failed at once', async () => {
    make()
    watch('user', { id: 1 })
    watch('broken')
    script.requests[0].reply({ p: 1 })
    script.requests[1].reply({ detail: 'down' }, { status: 500 })
    await settle()
    vi.advanceTimersByTime(4999)
    setVisibility('visible')
    expect(urls(2)).toEqual(['ctx/broken/']) // it never loaded: nothing to keep
    await answerAll()
    vi.advanceTimersByTime(1)
    setVisibility('visible')
    expect(urls(3)).toEqual(['ctx/user/?id=1'])
  })

  it('follows the kernel options, and each mount overrides them', async () => {
    make({ refetchOnWindowFocus: false, refetchOnReconnect: false })
    watch('a')
    watch('b', {}, { refetchOnWindowFocus: true })
    watch('c', {}, { refetchOnReconnect: true })
    await answerAll()
    vi.advanceTimersByTime(10_000)
    setVisibility('visible')
    expect(urls(3)).toEqual(['ctx/b/'])
    await answerAll()
    vi.advanceTimersByTime(10_000)
    goOnline()
    expect(urls(4)).toEqual(['ctx/c/'])
  })

  it('refetches an entry when one of its readers wants it', async () => {
    make()
    const off = watch('a', {}, { refetchOnWindowFocus: false, refetchOnReconnect: false })
    await answerAll()
    vi.advanceTimersByTime(10_000)
    setVisibility('visible')
    goOnline()
    expect(script.requests.length).toBe(1) // its one reader said no
    watch('a') // another says yes (the kernel's default)
    setVisibility('visible')
    expect(script.requests.length).toBe(2)
    await answerAll()
    off()
    await settle() // the observer unmounts a microtask later
    vi.advanceTimersByTime(10_000)
    goOnline()
    expect(script.requests.length).toBe(3)
  })

  it('adds its listeners once per kernel and removes them on dispose()', async () => {
    const on = vi.spyOn(globalThis, 'addEventListener')
    make()
    for (let i = 0; i < 5; i++) watch('user', { id: i })
    expect(on.mock.calls.map(([type]) => type).sort()).toEqual(['online', 'visibilitychange'])
    const signals = on.mock.calls.map(([, , options]) => options.signal)
    expect(signals.some((signal) => signal.aborted)).toBe(false)
    await answerAll()
    kernel.dispose()
    expect(signals.every((signal) => signal.aborted)).toBe(true) // removes both listeners
    vi.advanceTimersByTime(10_000)
    setVisibility('visible')
    goOnline()
    expect(script.requests.length).toBe(5)
  })

  it('never run in a server kernel', async () => {
    make({ server: true, gcTime: undefined })
    watch('user', {}, { refetchInterval: 100 })
    await answerAll()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10_000)
    setVisibility('visible')
    goOnline()
    expect(script.requests.length).toBe(1)
  })
})

describe('polling (refetchInterval)', () => {
  it('refetches every interval while the page is visible', async () => {
    make({ refetchOnWindowFocus: false })
    kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    await answerAll()
    vi.advanceTimersByTime(999)
    expect(script.requests.length).toBe(1)
    vi.advanceTimersByTime(1)
    expect(script.requests.length).toBe(2)
    await answerAll()
    vi.advanceTimersByTime(1000)
    expect(urls()).toEqual(['ctx/feed/', 'ctx/feed/', 'ctx/feed/'])
  })

  it('pauses while the page is hidden and refetches at once when it is visible again, if overdue', async () => {
    make({ refetchOnWindowFocus: false })
    kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    await answerAll()
    setVisibility('hidden')
    vi.advanceTimersByTime(10_000)
    expect(script.requests.length).toBe(1) // its turns came and went
    setVisibility('visible')
    expect(script.requests.length).toBe(2) // overdue: at once
    await answerAll()
    vi.advanceTimersByTime(1000)
    expect(script.requests.length).toBe(3) // and on schedule again
  })

  it('makes one refetch of a focus and an overdue poll together', async () => {
    make()
    kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    await answerAll()
    setVisibility('hidden')
    vi.advanceTimersByTime(10_000)
    setVisibility('visible')
    expect(script.requests.length).toBe(2)
  })

  it('keeps one timer per entry, at the smallest interval of its live readers', async () => {
    make({ refetchOnWindowFocus: false })
    const slow = kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    const fast = kernel.observe('feed', {}, { refetchInterval: 300 }).subscribe(() => {})
    kernel.registerContext('feed', {}, { refetchInterval: false })
    kernel.registerContext('feed')
    await answerAll()
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(300)
    expect(script.requests.length).toBe(2)
    await answerAll()
    fast()
    await settle() // the observer unmounts a microtask later
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(999)
    expect(script.requests.length).toBe(2) // back to the slow reader's interval
    vi.advanceTimersByTime(1)
    expect(script.requests.length).toBe(3)
    await answerAll()
    slow.unregister()
    expect(vi.getTimerCount()).toBe(0) // the last reader with an interval left
    vi.advanceTimersByTime(10_000)
    expect(script.requests.length).toBe(3)
  })

  it('keeps the timer running when a reader comes with an interval no smaller', async () => {
    make({ refetchOnWindowFocus: false })
    kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    await answerAll()
    vi.advanceTimersByTime(600)
    kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    kernel.registerContext('feed', {}, { refetchInterval: 5000 })
    kernel.registerContext('feed')
    vi.advanceTimersByTime(400)
    expect(script.requests.length).toBe(2) // on the first reader's schedule, not restarted
  })

  it('never polls at an interval of 0 or less, as TanStack Query', async () => {
    make()
    kernel.registerContext('feed', {}, { refetchInterval: 0 })
    kernel.registerContext('feed', {}, { refetchInterval: -5 })
    await answerAll()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('does not poll in a loop at an interval beyond what timers take', async () => {
    make({ refetchOnWindowFocus: false })
    kernel.registerContext('feed', {}, { refetchInterval: 1e10 })
    await answerAll()
    vi.advanceTimersByTime(60_000)
    expect(script.requests.length).toBe(1)
  })

  it('skips an entry still fetching and tries again an interval later', async () => {
    make({ refetchOnWindowFocus: false })
    kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    vi.advanceTimersByTime(1000)
    expect(script.open().length).toBe(1) // the first load was not aborted for a poll
    await answerAll()
    vi.advanceTimersByTime(1000)
    expect(script.requests.length).toBe(2)
  })

  it('stops with dispose()', async () => {
    make()
    kernel.registerContext('feed', {}, { refetchInterval: 1000 })
    await answerAll()
    kernel.dispose()
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('polling timers', () => {
  it('do not keep a Node process alive', () => {
    // A kernel that polls, left undisposed: the process still exits. (From
    // the repository's root, where vitest runs; jsdom's import.meta.url is a page's.)
    const source = `
      import { createKernel, init } from ${JSON.stringify(pathToFileURL(resolve('js/index.js')).href)}
      await init()
      let fetches = 0
      const fetch = async () => (fetches++, new Response('{"p":1}'))
      const kernel = createKernel({ fetch, csrf: false, server: false, gcTime: 1e9 })
      kernel.registerContext('feed', {}, { refetchInterval: 50 })
      kernel.registerContext('slow', {}, { refetchInterval: 60_000 }) // its first timer, too
      setTimeout(() => console.log(fetches), 300)
    `
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8', timeout: 10_000 })
    expect(run.error).toBeUndefined() // no timeout: it exited by itself
    expect(run.status).toBe(0)
    expect(Number(run.stdout)).toBeGreaterThanOrEqual(3) // it did poll meanwhile
  })
})
