// The channels soak's checks, fast (100,000 messages through 200 churning
// subscriptions): every message reaches its listener, both heaps flat after
// warm-up, and the wasm heap back down once every reader left. The full run
// (1,000,000 through 1,000) is `node --expose-gc tests/bench/channels_soak.mjs`.
import { expect, it } from 'vitest'
import { runChannelsSoak } from '../bench/channels_soak.mjs'

it('streams 100,000 messages through churning subscriptions with flat heaps', async () => {
  const report = await runChannelsSoak({ messages: 100_000, subs: 200, churnEvery: 2000, churn: 20 })
  expect(report.failures).toEqual([])
  const end = report.samples.find((s) => s.label === 'end')
  const left = report.samples.at(-1)
  expect(end).toMatchObject({ received: 100_000, readers: 200 })
  expect(left.label).toBe('all left')
  expect(left.wasm).toBeLessThan(end.wasm) // the subscriptions' memory went back
}, 120_000)
