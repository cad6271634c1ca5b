// The soak's checks, fast (20,000 register/unregister cycles, 2,000 calls
// with merges and invalidations): flat wasm and JS heaps after a warm-up, no
// leaked entries, records (listeners), requests, calls or AbortControllers,
// and the work done. The full run is `node --expose-gc tests/bench/soak.mjs`.
import { describe, expect, it } from 'vitest'
import { JS_SLACK, runSoak, WASM_SLACK } from '../bench/soak.mjs'

describe('soak (quick)', () => {
  it('returns to a flat baseline with nothing leaked', async () => {
    const report = await runSoak({ cycles: 20_000, calls: 2_000, checkpoints: 4 })
    expect(report.failures).toEqual([])
    const [start, warm, ...checkpoints] = report.samples
    expect(start.label).toBe('start')
    expect(checkpoints).toHaveLength(4)
    const end = checkpoints.at(-1)
    expect(end).toMatchObject({ label: 'end', cycles: 20_000, calls: 2_000 })
    expect(end.stats).toEqual({ entries: 1, records: 1, pendingRequests: 0, pendingCalls: 0 }) // the long-lived anchor
    expect(report.final).toEqual({ entries: 0, records: 0, pendingRequests: 0, pendingCalls: 0 }) // and once it goes
    expect(end.controllers.created).toBeGreaterThan(10_000) // the fetches really were made and aborted
    expect(end.controllers.live).toBe(0)
    expect(end.wasm - warm.wasm).toBeLessThanOrEqual(WASM_SLACK)
    expect(end.js - warm.js).toBeLessThanOrEqual(JS_SLACK)
    expect(globalThis.AbortController.name).toBe('AbortController') // restored
  }, 120_000)
})
