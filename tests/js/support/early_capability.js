// For tests/js/wasm_early.test.js: a capability entry (as js/capabilities.js
// does) evaluated right after the browser loader, in the same module graph.
import { setDefaultWasm } from '../../../js/load_wasm_browser.js?capability'

setDefaultWasm('/assets/kernel_optimistic.wasm')
