// Server-spelled numbers through the browser build (the JavaScript engine's
// conversions, wasm/decimal_host.cpp): the cases in support/number_cases.js.
import { readFileSync } from 'node:fs'
import { beforeAll, expect, it } from 'vitest'
import { init } from '../../js/index.js'
import { numberCases } from './support/number_cases.js'

const bytes = readFileSync(new URL('../../js/generated/mizan_kernel_browser.wasm', import.meta.url))
beforeAll(() => init({ wasm: bytes }))

it('imports its number conversions from the host', () => {
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => i.name)
  expect(imports).toEqual(expect.arrayContaining(['mizan_number_read', 'mizan_number_spell']))
})
numberCases()
