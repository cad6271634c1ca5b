// Moving a dehydrated kernel from a server-rendered page into the browser.
import { MizanError } from './errors.js'
import { dataJson } from './validate.js'

/** Where a page puts the state: a global (PROTOCOL.md §7) or a JSON block with this id. */
export const SSR_DATA_ID = '__MIZAN_SSR_DATA__'

// Characters that could end or change the script element the JSON sits in
// (`</script>`, `<!--`), or that older engines reject in JS source
// (U+2028/U+2029). Escaped as \uXXXX they mean the same to JSON.parse.
const UNSAFE = /[<>&\u2028\u2029]/g
const escape = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * JSON text of `state` that is safe inside a `<script>` element: nothing in
 * the data can close the element or open a comment, and it parses back to
 * the same value. Use it as `window.__MIZAN_SSR_DATA__=<text>` or, under a
 * strict Content-Security-Policy, as the body of
 * `<script type="application/json" id="__MIZAN_SSR_DATA__">`.
 *
 * @example
 * const html = `<script type="application/json" id="__MIZAN_SSR_DATA__">${serializeForScript(kernel.dehydrate())}</script>`
 *
 * @param {unknown} state
 * @returns {string}
 */
export function serializeForScript(state) {
  return dataJson('serializeForScript(state)', state).replace(UNSAFE, escape)
}

// The state a server-rendered page carries, or undefined.
export function readSsrState() {
  const global = globalThis[SSR_DATA_ID]
  // Browsers also expose an element by its id as window[id] (named access):
  // that is the JSON block, not a state.
  if (global !== undefined && !(typeof Element !== 'undefined' && global instanceof Element)) return global
  const block = globalThis.document?.getElementById(SSR_DATA_ID)
  if (!block) return undefined
  try {
    return JSON.parse(block.textContent)
  } catch (cause) {
    throw new MizanError('INVALID_JSON', `the #${SSR_DATA_ID} block is not JSON: ${cause.message}`)
  }
}
