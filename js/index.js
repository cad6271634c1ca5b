// mizan-kernel: the public entry point.
export { init } from './wasm.js'
export { createKernel } from './kernel.js'
export { MizanError } from './errors.js'
export { skipToken } from './context_options.js'
export { serializeForScript } from './ssr.js'
export { deriveCacheKey, formatInvalidateHeader, parseCallResponse, parseInvalidateHeader, stableKey } from './primitives.js'
