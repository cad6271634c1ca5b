// Numbers the kernel reads from a server's text, where their spelling is
// not JavaScript's (Python writes 1.0, 1E+21, 0.10), driven through one wasm
// build: the full build converts them in C++ (kernel/decimal.cpp), the
// browser builds through the JavaScript engine (wasm/decimal_host.cpp), and
// both drivers run these same cases (number_full.test.js,
// number_browser.test.js), so the two ways must agree.
import { expect, it } from 'vitest'
import { createKernel } from '../../../js/index.js'
import { scriptedFetch, settle } from './scripted_fetch.js'

// A server's spelling of a number and the JavaScript number it is.
const SPELLINGS = [
  ['1.0', 1],
  ['100E-2', 1],
  ['-0.0', -0],
  ['0.10', 0.1],
  ['1E+21', 1e21],
  ['5E-7', 5e-7],
  ['12345678901234567890', Number('12345678901234567890')], // (rounded, as JSON.parse rounds it)
  ['0.1e1', 1],
  ['123456789012345.6789', 123456789012345.67],
  ['2.5e-324', 5e-324],
  ['1.7976931348623157e308', 1.7976931348623157e308],
]

export function numberCases() {
  it('invalidation targets in a call answer match the contexts whose params JavaScript spells differently', async () => {
    const script = scriptedFetch()
    const kernel = createKernel({ fetch: script.fetch, csrf: false })
    // Distinct values only: 1.0 and 100E-2 (and 0.1e1) are the same context.
    const values = [...new Set(SPELLINGS.map(([, n]) => n))]
    const contexts = values.map((x) => kernel.registerContext('board', { x }))
    await settle()
    for (const r of script.open()) await r.reply({ ok: true })
    for (const [spelling, n] of SPELLINGS) {
      const call = kernel.call('touch', {})
      await settle()
      const before = script.requests.length
      const post = script.requests[before - 1]
      await post.reply(`{"result":null,"invalidate":[{"context":"board","params":{"x":${spelling}}}]}`)
      await call
      await settle()
      const refetched = script.requests.slice(before).map((r) => r.url)
      expect(refetched, spelling).toEqual([`ctx/board/?x=${encodeURIComponent(String(n))}`])
      for (const r of script.open()) await r.reply({ ok: true })
    }
    expect(contexts.every((c) => c.getState().status === 'success')).toBe(true)
    kernel.dispose()
  })

  it('a merge finds the list item whose id the server spells differently', async () => {
    const script = scriptedFetch()
    const kernel = createKernel({ fetch: script.fetch, csrf: false })
    const board = kernel.registerContext('board', { id: 1 })
    await settle()
    await script.requests[0].reply('{"cards":[{"id":1,"t":"a"},{"id":0.1,"t":"b"},{"id":1e21,"t":"c"}]}')
    for (const [id, t] of [
      ['1.0', 'A'],
      ['0.10', 'B'],
      ['1E+21', 'C'],
    ]) {
      const call = kernel.call('edit', {})
      await settle()
      await script.requests.at(-1).reply(`{"result":null,"merge":[{"context":"board","slot":"cards","value":{"id":${id},"t":"${t}"}}]}`)
      await call
    }
    expect(board.getState().data.cards).toEqual([
      { id: 1, t: 'A' },
      { id: 0.1, t: 'B' },
      { id: 1e21, t: 'C' },
    ])
    kernel.dispose()
  })

  it('a number no double holds is refused as the parser refuses it; one that rounds to the largest is read', async () => {
    const script = scriptedFetch()
    const kernel = createKernel({ fetch: script.fetch, csrf: false })
    const tooLarge = kernel.call('f', {}).catch((error) => error) // (rejects during the reply)
    await settle()
    await script.requests[0].reply('{"result":{"n":1e400}}')
    expect(await tooLarge).toMatchObject({ code: 'INVALID_RESPONSE', message: expect.stringContaining('number out of range') })
    const largest = kernel.call('f', {})
    await settle()
    await script.requests[1].reply('{"result":{"n":1.7976931348623158e308}}')
    expect(await largest).toEqual({ n: Number.MAX_VALUE })
    kernel.dispose()
  })

  it('fractional delays and times cross as the numbers they are', async () => {
    const script = scriptedFetch()
    const kernel = createKernel({ fetch: script.fetch, csrf: false, retryDelays: [0.5], now: () => 1234.25 })
    expect(kernel.hydrate({ contexts: [{ context: 'board', params: { id: 2 }, data: { a: 1 }, updatedAt: 1000.125 }] })).toBe(1)
    expect(kernel.observe('board', { id: 2 }).getState().updatedAt).toBe(1000.125)
    const ctx = kernel.registerContext('board', { id: 3 })
    await settle()
    await script.requests[0].fail()
    await new Promise((resolve) => setTimeout(resolve, 20)) // the 0.5 ms retry
    expect(script.requests).toHaveLength(2)
    await script.requests[1].reply({ a: 2 })
    expect(ctx.getState()).toMatchObject({ status: 'success', updatedAt: 1234.25 })
    kernel.dispose()
  })
}
