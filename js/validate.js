// Checks of what JS hands the kernel, so that a wrong type becomes a
// MizanError naming the argument instead of a silently different key
// (JSON.stringify would turn NaN into null and drop a function).
import { invalidArgument, MizanError } from './errors.js'

export const MAX_DEPTH = 256 // the kernel's JSON depth limit (kMaxJsonDepth, kernel/json_parse.h; tests/js/shared_facts.test.js)

/**
 * Whether `v` is a plain object (an object literal, or made with a null prototype).
 * @example
 * isPlainObject({ a: 1 }) // true; isPlainObject(new Date()) false
 */
export function isPlainObject(v) {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * What `v` is, for a message: 'null', 'an array', 'an object', '3', 'a string'…
 * @example
 * `options must be an object, got ${describe(options)}`
 */
export function describe(v) {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (isPlainObject(v)) return 'an object'
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'prototype-less'} instance`
  if (typeof v === 'number') return String(v)
  return `a ${typeof v}`
}

function badParam(path, v, wants) {
  return new MizanError('INVALID_PARAMS', `${path} is ${describe(v)}; ${wants}`)
}

/** Throws INVALID_ARGUMENT unless `v` is a string (non-empty when asked). */
export function requireString(name, v, { nonEmpty = false } = {}) {
  if (typeof v !== 'string') throw invalidArgument(`${name} must be a string, got ${describe(v)}`)
  if (nonEmpty && v.length === 0) throw invalidArgument(`${name} must not be empty`)
  // (A surrogate pair is one code point to a `u` regex: only a lone one is \p{Surrogate}.)
  if (/\p{Surrogate}/u.test(v)) throw invalidArgument(`${name} contains a lone UTF-16 surrogate, which has no UTF-8 form`)
}

/** Throws INVALID_ARGUMENT unless `v` is a non-empty string (a context's or a function's name). */
export const requireName = (name, v) => requireString(name, v, { nonEmpty: true })

/**
 * Whether `v` is a JSON scalar (string, finite number, boolean or null);
 * throws INVALID_PARAMS for a number that is not finite.
 * @example
 * checkScalar('params.id', 5) // true; checkScalar('params.id', {}) false
 */
export function checkScalar(path, v) {
  if (typeof v === 'number' && !Number.isFinite(v)) throw badParam(path, v, 'numbers must be finite')
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true
  return false
}

/**
 * Params for stableKey: a plain object of JSON values, any depth (`flat`:
 * scalars only, see flatParamsJson). undefined (or null) means no params.
 * Returns the JSON text for the kernel.
 * @param {string} name
 * @param {unknown} params
 * @param {boolean} [flat]
 */
export function paramsJson(name, params, flat) {
  if (params === undefined || params === null) return '{}'
  if (!isPlainObject(params)) {
    throw invalidArgument(`${name} must be a plain object, got ${describe(params)}`)
  }
  checkTree(name, params, 0, flat)
  return JSON.stringify(params)
}

function checkTree(path, v, depth, flat) {
  if (checkScalar(path, v) || v === undefined) return
  if (flat && depth) throw badParam(path, v, 'these params take strings, finite numbers, booleans or null')
  if (depth >= MAX_DEPTH) {
    throw new MizanError('NESTING_TOO_DEEP', `${path} nests deeper than ${MAX_DEPTH} levels (a cycle?)`)
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkTree(`${path}[${i}]`, v[i], depth + 1)
  } else if (isPlainObject(v)) {
    for (const key of Object.keys(v)) checkTree(`${path}.${key}`, v[key], depth + 1, flat)
  } else {
    throw badParam(path, v, 'params hold strings, finite numbers, booleans, null, arrays and plain objects')
  }
}

/**
 * Flat params (cache keys, invalidation targets): a plain object whose values
 * are strings, finite numbers, booleans or null; undefined values are left
 * out, as in query strings. Returns the JSON text for the kernel.
 */
export const flatParamsJson = (name, params) => paramsJson(name, params, true)

/**
 * JSON.stringify for app data (hydration, SSR state): a value JSON cannot
 * carry (a bigint, a cycle) is INVALID_ARGUMENT, one nested too deep for the
 * stack NESTING_TOO_DEEP, instead of a TypeError or RangeError from inside.
 */
export function dataJson(name, value) {
  let json
  try {
    json = JSON.stringify(value)
  } catch (error) {
    if (error instanceof RangeError) throw new MizanError('NESTING_TOO_DEEP', `${name} nests too deep to serialise`)
    throw invalidArgument(`${name} is not JSON-serialisable: ${error.message}`)
  }
  if (json === undefined) throw invalidArgument(`${name} is not JSON-serialisable`)
  return json
}

// Every option createKernel knows, with the type JS checks here (0: checked
// where it is used: by the transport, or in the kernel's config). An option
// it does not know is refused, so that one carried over from another
// library (TanStack's staleTime, say) is not silently ignored.
const OPTION_TYPES = {
  baseUrl: 'string',
  fetch: 0,
  getHeaders: 'function',
  csrf: 0,
  session: 'boolean',
  getCookie: 'function',
  callBodyKey: 0,
  gcTime: 0,
  retryDelays: 0,
  idField: 0,
  idFields: 0,
  now: 'function',
  onProblem: 'function',
  onError: 'function',
  server: 'boolean',
  token: 0,
  identity: 0,
  refetchOnWindowFocus: 'boolean',
  refetchOnReconnect: 'boolean',
  focusThrottle: 'number',
}

/**
 * For capability entries whose options createKernel() takes once they are
 * imported (js/channels.js): adds them to the options it knows.
 * @example
 * knowKernelOptions({ channels: 0 })
 * @param {Record<string, string | 0>} types
 */
export const knowKernelOptions = (types) => Object.assign(OPTION_TYPES, types)

/** The refetch options of one mount (observe(), registerContext()), which the adapters' context hooks pass on. */
export const CONTEXT_OPTION_TYPES = { refetchOnWindowFocus: 'boolean', refetchOnReconnect: 'boolean', refetchInterval: 'number' }

/**
 * Returns `options` (undefined: none) once checked: throws INVALID_ARGUMENT
 * for an option `types` does not list or of the wrong type (a number
 * option takes false too: off; type 0: not checked here). Every function
 * that takes options checks them with it: createKernel(), observe(), the
 * adapters' hooks, mutations, isFetching()'s filter.
 *
 * @example
 * checkOptions('useMizanContext', { enabled: true }, { enabled: 'boolean' })
 */
export function checkOptions(caller, options, types) {
  if (options !== undefined && !isPlainObject(options)) {
    throw invalidArgument(`options must be a plain object, got ${describe(options)}`)
  }
  // (A plain object's prototype lends it no enumerable key: for-in sees its own.)
  for (const key in options) {
    const type = types[key]
    if (!Object.hasOwn(types, key)) {
      throw invalidArgument(`${caller}() has no option "${key}" (it knows ${Object.keys(types).join(', ')})`)
    }
    if (type && options[key] !== undefined && typeof options[key] !== type && (type !== 'number' || options[key] !== false)) {
      throw invalidArgument(`options.${key} must be a ${type}, got ${describe(options[key])}`)
    }
  }
  return options
}

/** createKernel's options: unknown ones are refused; the kernel checks its config's. */
export function checkKernelOptions(options) {
  checkOptions('createKernel', options, OPTION_TYPES)
  if (options.token !== undefined && typeof options.token?.bind !== 'function') {
    throw invalidArgument("options.token must be made by mwt() from 'mizan-kernel/tokens'")
  }
  const { csrf } = options
  if (csrf !== undefined && csrf !== false) {
    if (!isPlainObject(csrf)) throw invalidArgument(`options.csrf must be false or { cookieName, headerName }, got ${describe(csrf)}`)
    for (const key of ['cookieName', 'headerName']) {
      if (csrf[key] !== undefined) requireName(`options.csrf.${key}`, csrf[key])
    }
  }
}

/**
 * `params` with only their scalar members: the params of an invalidation
 * target made from an entry's (a target takes flat params; without the
 * nested ones it matches more instances, never fewer).
 * @example
 * scalarParams({ board_id: 1, filter: { done: false } }) // { board_id: 1 }
 * @param {Record<string, unknown>} params
 */
export const scalarParams = (params) => Object.fromEntries(Object.entries(params).filter(([, v]) => v === null || typeof v !== 'object'))

/** A user's identity: the token's `sub`, or null when signed out. */
export function checkIdentity(name, sub) {
  if (sub !== null && typeof sub !== 'string') {
    throw invalidArgument(`${name} must be a string (the token's sub) or null (signed out)`)
  }
  return sub
}

/** Throws INVALID_ARGUMENT unless `v` is a safe integer. */
export function requireInteger(name, v) {
  if (!Number.isSafeInteger(v)) throw invalidArgument(`${name} must be an integer, got ${describe(v)}`)
}

/**
 * Invalidation targets (PROTOCOL.md §4) as JSON for the kernel: context
 * names, `{ context, params? }` and `{ function, params? }`, params flat.
 */
export function targetsJson(name, targets) {
  if (!Array.isArray(targets)) throw invalidArgument(`${name} must be an array`)
  const items = targets.map((t, i) => {
    if (typeof t === 'string') return t
    const at = `${name}[${i}]`
    if (t === null || typeof t !== 'object') throw invalidArgument(`${at} must be a string or a { context, params } object`)
    // As the kernel reads a call body's targets: exactly one of context or
    // function, and nothing else (a misspelt `param` must not widen the target).
    if ('context' in t === 'function' in t) throw invalidArgument(`${at} needs exactly one of "context" or "function"`)
    const extra = Object.keys(t).find((key) => key !== 'context' && key !== 'function' && key !== 'params')
    if (extra !== undefined) throw invalidArgument(`${at} has an unknown key "${extra}" (context, function, params)`)
    if (t.params !== undefined) flatParamsJson(`${at}.params`, t.params)
    const kind = 'function' in t ? 'function' : 'context'
    requireName(`${at}.${kind}`, t[kind])
    // (null params are none: {}; undefined ones are left out.)
    return { [kind]: t[kind], params: t.params === null ? {} : t.params }
  })
  return JSON.stringify(items)
}
