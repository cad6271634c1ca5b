// Time to first data in Chromium: the README's Quick start page built with
// mizan-kernel/react against the same page built with TanStack Query
// (tests/bench/first_data/), both Vite production builds served by one
// local server with the reference Mizan API (examples/server/board_api.js).
// Each load is a fresh browser context (nothing cached); the time is read
// in the page: performance.now() (from navigation start) when the first
// card of the board is in the DOM, reported by a MutationObserver (nothing
// polls the page meanwhile). Loads alternate between the pages, on
// localhost and on a simulated 40 ms / 10 Mbit/s network (CDP network
// emulation). Prints the medians, the ratio mizan/TanStack and the verdict
// against the project's targets (≤ 1.05x on the simulated network, ≤ 1.1x on localhost),
// with a bootstrap 95 % interval of the ratio (this run's noise).
// A benchmark, not a test: on a busy machine the figures move.
//
//   node tests/bench/first_data.mjs [--loads 21] [--profile localhost|slow]
import { parseArgs } from 'node:util'
import { launchChromium } from '../e2e/support/framework_app.js'
import { buildPages, firstDataTime, PAGES, servePages, SLOW_NETWORK, throttle } from './first_data/pages.js'

const { values: args } = parseArgs({ options: { loads: { type: 'string', default: '21' }, profile: { type: 'string', multiple: true } } })
const LOADS = Math.max(10, Number(args.loads) || 21)
const PROFILES = [
  { name: 'localhost', label: 'localhost', target: 1.1 },
  { name: 'slow', label: '40 ms / 10 Mbit/s', target: 1.05, conditions: SLOW_NETWORK },
].filter((p) => !args.profile || args.profile.includes(p.name))

await buildPages()
const server = await servePages()
const browser = await launchChromium()

async function load(page, profile) {
  server.api.reset()
  const context = await browser.newContext()
  try {
    const tab = await context.newPage()
    if (profile.conditions) await throttle(context, tab, profile.conditions)
    const problems = []
    tab.on('pageerror', (e) => problems.push(e.message))
    const firstData = await firstDataTime(tab)
    await tab.goto(`${server.origin}/${page.name}/`, { waitUntil: 'commit' })
    let timer
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${page.label}: no data within 30 s`)), 30000)))
    const ms = await Promise.race([firstData.time, timeout]).finally(() => clearTimeout(timer))
    if (problems.length) throw new Error(`${page.label}: ${problems.join('; ')}`)
    const gets = server.api.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/')).length
    return { ms, gets }
  } finally {
    await context.close()
  }
}

const sorted = (xs) => [...xs].sort((a, b) => a - b)
const median = (xs) => {
  const s = sorted(xs)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const quartiles = (xs) => {
  const s = sorted(xs)
  return [s[Math.floor((s.length - 1) / 4)], s[Math.ceil((3 * (s.length - 1)) / 4)]]
}

// A 95 % interval of the ratio of medians, bootstrapped over the loads
// (each page's times resampled with replacement; a fixed seed, so the same
// times give the same interval): how far another run of this script may
// land from this one on the same machine.
function ratioInterval(a, b, rounds = 2000) {
  let seed = 0x9e3779b9
  const random = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32
  const resample = (xs) => xs.map(() => xs[Math.floor(random() * xs.length)])
  const ratios = sorted(Array.from({ length: rounds }, () => median(resample(a)) / median(resample(b))))
  return [ratios[Math.floor(rounds * 0.025)], ratios[Math.ceil(rounds * 0.975) - 1]]
}

const rows = []
try {
  for (const profile of PROFILES) {
    const times = { mizan: [], tanstack: [] }
    const gets = { mizan: new Set(), tanstack: new Set() }
    for (const page of PAGES) await load(page, profile) // warm-up (server, browser processes): not counted
    for (let i = 0; i < LOADS; i++) {
      // Alternating, and in turn which one goes first, so drift hits both.
      for (const page of i % 2 ? [...PAGES].reverse() : PAGES) {
        const r = await load(page, profile)
        times[page.name].push(r.ms)
        gets[page.name].add(r.gets)
      }
    }
    rows.push({ profile, times, gets })
  }
} finally {
  await browser.close()
  await server.close()
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const sizes = PAGES.map((p) => {
  const wasm = server.gzipBytes(p.name, '.wasm')
  return `${p.label} ${kb(server.gzipBytes(p.name, '.js'))} JS${wasm ? ` + ${kb(wasm)} wasm` : ''}`
})
console.log(`Time to first data: ms from navigation start to the first card in the DOM, median (and IQR) of ${LOADS} loads per page,`)
console.log(`alternating, a fresh browser context each; Chromium ${browser.version()}. Downloaded (gzip): ${sizes.join(', ')}.`)
console.log('')
const pad = (s, n) => String(s).padEnd(n)
console.log(
  `${pad('network', 19)}${pad('mizan-kernel', 24)}${pad('TanStack Query', 24)}${pad('ratio (95 % interval)', 24)}${pad('target', 9)}verdict`,
)
let allMet = true
for (const { profile, times, gets } of rows) {
  const ratio = median(times.mizan) / median(times.tanstack)
  const [low, high] = ratioInterval(times.mizan, times.tanstack)
  const met = ratio <= profile.target
  allMet &&= met
  const cell = (xs) => {
    const [q1, q3] = quartiles(xs)
    return `${median(xs).toFixed(1)} (${q1.toFixed(0)}–${q3.toFixed(0)})`
  }
  console.log(
    `${pad(profile.label, 19)}${pad(cell(times.mizan), 24)}${pad(cell(times.tanstack), 24)}${pad(`${ratio.toFixed(3)}x (${low.toFixed(2)}–${high.toFixed(2)})`, 24)}${pad(`≤ ${profile.target}x`, 9)}${met ? 'met' : 'NOT met'}`,
  )
  for (const page of PAGES) {
    const counts = [...gets[page.name]]
    if (counts.some((n) => n !== 1)) console.log(`  note: ${page.label} sent ${counts.join(' or ')} context GETs per load (expected 1)`)
  }
}
console.log("The verdict reads the ratio; the interval (a bootstrap over the loads) shows how much of it is this run's noise.")
console.log('')
console.log(
  `Target, time to first data no slower than TanStack Query (${rows.map((r) => r.profile.name).join(' + ')}): ${allMet ? 'met' : 'NOT met'}`,
)
