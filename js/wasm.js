// Loading the wasm module once, and moving bytes across its boundary. Bulk
// text travels as UTF-8 in wasm memory (TextEncoder.encodeInto into the
// kernel's input buffer, TextDecoder over its output); the exports take and
// return only numbers. See wasm/exports.cpp for the other side.
import { instantiateAt, wasmUrl } from '#load-wasm'
import { invalidArgument, KERNEL_CODES, MizanError, serverError } from './errors.js'
import { describe } from './validate.js'

let abi = null // the module's exports by their JS names: the kernel's C ABI
let memory = null
let heap // a view of memory.buffer (made again when memory grows)
let loading = null
let failure = null
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * Loads the kernel. Safe to call many times: every call returns the same
 * promise, and later calls after success resolve at once.
 *
 * `wasm` overrides where the module comes from: a URL (or string), the bytes
 * (ArrayBuffer / typed array), a compiled WebAssembly.Module, or a Response.
 *
 * @example
 * import { init } from 'mizan-kernel'
 * await init()
 *
 * @param {{ wasm?: URL | string | BufferSource | WebAssembly.Module | Response }} [options]
 * @returns {Promise<void>}
 */
export function init(options = {}) {
  if (options === null || typeof options !== 'object') {
    return Promise.reject(invalidArgument(`init(options): options must be an object like { wasm }, got ${describe(options)}`))
  }
  if (!loading) {
    const source = options.wasm
    failure = null
    loading = load(source).catch((cause) => {
      loading = null // let a later init() try again
      throw (failure = new MizanError('INIT_FAILED', initFailure(source, cause), { details: cause }))
    })
  }
  return loading
}

/**
 * For the adapters: whether the wasm is loaded, the load under way, and the
 * last one's failure (kept until init() is called again), so a provider
 * neither waits forever nor starts a load of its own behind the app's back.
 */
export const loadStatus = () => ({ ready: abi !== null, loading, failure })

// What failed, where from, and what to do about it: the message a developer
// sees in a framework's error overlay.
function initFailure(source, cause) {
  let from = `the ${source?.constructor?.name ?? typeof source} given`
  try {
    if (isLocation(source)) from = wasmUrl(source).href
  } catch {
    // not a location URL() can read: the message says what was given
  }
  return `mizan-kernel: the wasm module failed to load from ${from}: ${cause?.message ?? cause}. Serve the .wasm there, or first call init({ wasm }) with its URL, bytes, a Response or a WebAssembly.Module.`
}

// Anything that is not bytes, a Response or a Module names a location: a
// URL, a string, or what a bundler made of `new URL(asset, import.meta.url)`
// (Next.js: an object whose string is a root-relative path).
const isLocation = (source) =>
  source === undefined ||
  typeof source === 'string' ||
  (typeof source === 'object' &&
    !(
      source instanceof WebAssembly.Module ||
      source instanceof ArrayBuffer ||
      ArrayBuffer.isView(source) ||
      (typeof Response !== 'undefined' && source instanceof Response)
    ))

// The module's imports: it tells us when memory grew, and could exit, which
// the kernel never does; the browser builds also convert numbers here.
const IMPORTS = {
  env: {
    // The standalone runtime grows memory by exactly what the allocator
    // asks for, so mounting 100,000 contexts took ~1,300 memory.grow calls
    // (each slower in V8 as memory grows). Adding a quarter more on each
    // growth makes it amortised O(1), as Emscripten's JS runtime does.
    emscripten_notify_memory_growth() {
      try {
        memory.grow(Math.max(1, memory.buffer.byteLength >>> 18))
      } catch {
        // at the maximum: the exact growth the allocator asked for stands
      }
    },
    // The browser builds' number conversions (wasm/decimal_host.cpp): the
    // engine's own, which define the spelling the kernel needs.
    mizan_number_read: (at, length) => Number(decoder.decode(view().subarray(at >>> 0, (at >>> 0) + length))),
    mizan_number_spell: (value, at) => encoder.encodeInto(String(value), view().subarray(at >>> 0)).written,
  },
  wasi_snapshot_preview1: {
    proc_exit(code) {
      throw new Error(`mizan-kernel: the wasm module exited (${code})`)
    },
  },
}

async function load(source) {
  // A location first: in Node, reading the global Response loads undici
  // (and its own wasm), which the default path has no use for.
  const location = isLocation(source)
  if (!location && typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw new Error(`the Response given has status ${source.status}`)
    source = await source.arrayBuffer()
  }
  // (From a Module, WebAssembly.instantiate gives the instance itself.)
  const made = /** @type {any} */ (await (location ? instantiateAt(source, IMPORTS) : WebAssembly.instantiate(source, IMPORTS)))
  const exports = (made.instance ?? made).exports
  exports._initialize() // static constructors
  memory = exports.memory
  // The exports as they are: wasm/exports.h names them as JS calls them
  // (mizan_store_mount -> storeMount) and is the one list. A build that
  // leaves an export out (the browser build) simply lacks it: see
  // wasm(caller, needs).
  abi = exports
}

/**
 * The wasm heap: bytes allocated and not freed, and the linear memory's size
 * (which never shrinks). For leak checks and benchmarks; not public API.
 */
export function wasmHeap() {
  const k = wasm('wasmHeap', 'heapInUse')
  return { inUse: k.heapInUse() >>> 0, memory: memory.buffer.byteLength }
}

/**
 * @param {string} caller the public function asking
 * @param {string} [needs] an export only the full build has
 * @returns {any} the module's exports (the ABI); throws NOT_INITIALIZED before init(),
 * NOT_IN_BUILD when the loaded build lacks `needs`.
 */
export function wasm(caller, needs) {
  if (abi === null) {
    throw new MizanError('NOT_INITIALIZED', `mizan-kernel: ${caller}() before init() resolved: call \`await init()\` once at start-up`)
  }
  if (needs && !abi[needs]) {
    throw new MizanError(
      'NOT_IN_BUILD',
      `mizan-kernel: ${caller}() is for servers (the browser build leaves it out): init({ wasm: import.meta.resolve('mizan-kernel/wasm/full') })`,
    )
  }
  return abi
}

function view() {
  // Memory growth detaches the old buffer: re-view after any call that may
  // allocate.
  if (heap?.buffer !== memory.buffer) heap = new Uint8Array(memory.buffer)
  return heap
}

/**
 * Writes `parts` (strings, or bytes already encoded) one after another into
 * the kernel's input buffer and returns their byte lengths.
 * @param {any} k the kernel's exports
 * @param {(string | Uint8Array)[]} parts
 */
export function writeInput(k, parts) {
  let capacity = 0
  for (const p of parts) capacity += typeof p === 'string' ? p.length * 3 : p.length
  const base = k.reserveInput(capacity) >>> 0 // a pointer: unsigned
  const bytes = view()
  let at = base
  return parts.map((p) => {
    const length = typeof p === 'string' ? encoder.encodeInto(p, bytes.subarray(at, base + capacity)).written : (bytes.set(p, at), p.length)
    at += length
    return length
  })
}

/**
 * Reads the result of a kernel call: the output text when rc >= 0 (its
 * length); otherwise throws the kernel's error, whose text is the output.
 * @param {any} k the kernel's exports
 * @param {number} rc
 */
/** The kernel's output as text, whether `rc` is a length or an error code. */
export function outputText(k, rc) {
  const ptr = k.outputPtr() >>> 0
  return decoder.decode(view().subarray(ptr, ptr + (rc >= 0 ? rc : k.outputLen())))
}

export function readOutput(k, rc) {
  const text = outputText(k, rc)
  if (rc >= 0) return text
  const code = KERNEL_CODES[-rc] ?? 'UNKNOWN'
  throw code === 'SERVER_ERROR' ? serverError(JSON.parse(text)) : new MizanError(code, text)
}
