// 'mizan-kernel/optimistic': kernel.call()'s `optimistic` option, a
// capability of its own. Importing this module, before the kernel loads,
// makes the browser loader fetch the wasm build with optimistic layers
// (mizan_kernel_browser_optimistic.wasm; Node's full build has them
// anyway) and installs the option's JS: checking the targets, and running
// the update functions the layers await. Without it the base build and
// runtime carry none of this, and call() refuses options with NOT_IN_BUILD.
//
// A module with side effects (package.json "sideEffects" lists it), not a
// function to call: what it changes is which wasm init() loads, which has
// to hold before any init() (an adapter's provider starts one itself), and
// a bare import at the top of the app's entry is the one place that always
// runs first. One rule everywhere: Node apps import it too.
import { want } from './capabilities.js'
import { installOptimistic } from './kernel.js'
import { reportError } from './listeners.js'
import { MizanError } from './errors.js'
import { dataJson, describe, isPlainObject, paramsJson, requireString } from './validate.js'
import { outputText, writeInput } from './wasm.js'

const TARGET_KEYS = ['context', 'params', 'slot', 'value', 'update']

/**
 * call()'s options ({ optimistic }) as the kernel `k` reads them: the
 * targets in the form of a call response's merge list (PROTOCOL.md §6),
 * read by the same reader in the kernel, with `result` giving each
 * target's number in `updates`, where its update function goes (from 1;
 * 0: a value). NOT_IN_BUILD when the wasm loaded has no layers (one given
 * to init() by hand, or loaded before this module).
 *
 * @example
 * const updates = []
 * callOptionsJson(k, { optimistic: [{ context: 'board', slot: 'cards', value: { id: 1 } }] }, updates)
 *
 * @param {any} k the kernel's exports
 * @param {any} options
 * @param {Function[]} updates
 */
function callOptionsJson(k, options, updates) {
  if (!k.storeLayerInput) {
    throw new MizanError(
      'NOT_IN_BUILD',
      "call() options: the wasm loaded has no optimistic updates: `import 'mizan-kernel/optimistic'` before the kernel loads, or init({ wasm }) with mizan-kernel/wasm/browser-optimistic",
    )
  }
  const bad = (what) => new MizanError('INVALID_ARGUMENT', `call() options${what}`)
  const targets = options?.optimistic ?? []
  if (!isPlainObject(options) || !Array.isArray(targets)) throw bad(` must be { optimistic: [...] }, got ${describe(options)}`)
  for (const key of Object.keys(options)) if (key !== 'optimistic') throw bad(` has an unknown key "${key}"`)
  const numbers = []
  const merge = targets.map((t, i) => {
    const at = `options.optimistic[${i}]`
    const extra = isPlainObject(t) ? Object.keys(t).find((key) => !TARGET_KEYS.includes(key)) : 0
    if (extra) throw bad(`.optimistic[${i}] has an unknown key "${extra}"`)
    const update = t?.update
    if (extra !== undefined || 'value' in t === 'update' in t || (update && typeof update !== 'function')) {
      throw bad(`.optimistic[${i}] must be { context, params?, slot, value } or { context, params?, slot, update: (old) => new }`)
    }
    requireString(`${at}.context`, t.context, { nonEmpty: true })
    requireString(`${at}.slot`, t.slot, { nonEmpty: true })
    numbers.push(update ? updates.push(update) : 0)
    const value = update ? 0 : dataJson(`${at}.value`, t.value)
    return `{"context":${JSON.stringify(t.context)},"params":${paramsJson(`${at}.params`, t.params)},"slot":${JSON.stringify(t.slot)},"value":${value}}`
  })
  // `merge` first: bundlers (rolldown) inline the single-use `merge` into
  // this template, so its map() — which fills `numbers` — must run before
  // `numbers` is read.
  return `{"merge":[${merge}],"result":[${numbers}]}`
}

// Runs the update functions whose layers await their value, before the
// kernel's #pump reads anything, so that no reader sees a view without
// them (kernel/optimistic_layers.h). A build without layers (a wasm given
// to init() by hand) has none to run; call() refuses the option there.
function pump(k, handle, calls) {
  if (!k.storeLayerInput) return
  for (let n; (n = k.storeLayerInput(handle)) > 0;) {
    const [call, update, input] = JSON.parse(`[${outputText(k, n)}]`)
    let value = '' // none: the function failed, the slot shows unchanged
    try {
      value = dataJson("the optimistic update's result", calls.get(call).updates[update - 1](input))
    } catch (error) {
      reportError(error)
    }
    k.storeLayerValue(handle, ...writeInput(k, [value]))
  }
}

want('optimistic')
installOptimistic({ json: callOptionsJson, pump })
