// The protocol primitives (PROTOCOL.md §3–§5), each one coarse call into the
// kernel. Validation lives in validate.js, byte transport in wasm.js.
import { MizanError } from './errors.js'
import { flatParamsJson, paramsJson, requireInteger, requireString, targetsJson } from './validate.js'
import { readOutput, wasm, writeInput } from './wasm.js'

/**
 * The identity of a context's params: compact JSON with keys sorted by UTF-8
 * byte order at every depth (not localeCompare, not UTF-16 order).
 *
 * @example
 * stableKey({ b: 1, a: { d: true, c: null } }) // '{"a":{"c":null,"d":true},"b":1}'
 *
 * @param {Record<string, unknown> | undefined} params
 * @returns {string}
 */
export function stableKey(params) {
  const k = wasm('stableKey')
  const json = paramsJson('params', params)
  const [length] = writeInput(k, [json])
  return readOutput(k, k.stableKey(length))
}

/**
 * The HMAC-SHA256 cache key `ctx:{context}:{hex}`, byte for byte what Mizan's
 * Python server derives. Only servers and edge workers hold the secret; a
 * browser uses stableKey.
 *
 * @example
 * deriveCacheKey('test-secret', 'user', { user_id: 42 })
 * // 'ctx:user:e0c738b614dcd849274c89d736c8c2ee5c4444c7ec677796ac2a2298b3865632'
 *
 * @param {string} secret
 * @param {string} context
 * @param {Record<string, string | number | boolean | null | undefined>} [params]
 * @param {string | null} [userId] the MWT `sub`; omit for public content
 * @param {number} [rev]
 * @param {{ allowEmptySecret?: boolean }} [options] an empty secret is
 *   refused (INVALID_ARGUMENT: anyone could forge such keys) unless a test
 *   allows it
 * @returns {string}
 */
export function deriveCacheKey(secret, context, params, userId, rev = 0, options = {}) {
  const k = wasm('deriveCacheKey', 'deriveCacheKey')
  requireString('secret', secret)
  requireString('context', context, { nonEmpty: true })
  const json = flatParamsJson('params', params)
  const hasUser = userId !== undefined && userId !== null
  if (hasUser) requireString('userId', userId)
  requireInteger('rev', rev)
  const allowEmpty = options?.allowEmptySecret === true
  const lengths = writeInput(k, hasUser ? [secret, context, json, userId] : [secret, context, json])
  return readOutput(k, k.deriveCacheKey(lengths[0], lengths[1], lengths[2], hasUser ? lengths[3] : -1, rev, allowEmpty ? 1 : 0))
}

/**
 * Parses an `X-Mizan-Invalidate` header. Well-formed items come back as
 * targets (a bare context name, or `{ context, params }` with string values);
 * malformed items are listed in the non-enumerable `errors` property and the
 * others still apply. `null` (an absent header) gives no targets. For
 * servers and tools (the full build): in a browser the kernel reads the
 * header itself, and this throws NOT_IN_BUILD.
 *
 * @example
 * const targets = parseInvalidateHeader('user;user_id=5, notifications')
 * // [{ context: 'user', params: { user_id: '5' } }, 'notifications']
 * targets.errors // []
 *
 * @param {string | null | undefined} header
 * @returns {import('./index.js').InvalidateHeaderTargets}
 */
export function parseInvalidateHeader(header) {
  const k = wasm('parseInvalidateHeader', 'parseInvalidateHeader')
  const text = header ?? ''
  if (typeof text !== 'string') {
    throw new MizanError('INVALID_ARGUMENT', `header must be a string, null or undefined, got a ${typeof text}`)
  }
  const [length] = writeInput(k, [text])
  const { targets, errors } = JSON.parse(readOutput(k, k.parseInvalidateHeader(length)))
  Object.defineProperty(targets, 'errors', { value: errors, enumerable: false })
  return targets
}

/**
 * Formats targets as an `X-Mizan-Invalidate` header value: items joined by
 * ", ", param keys sorted, names and values percent-encoded as Python's
 * `urllib.parse.quote` does, values in their §5 normal form.
 *
 * @example
 * formatInvalidateHeader([{ context: 'user', params: { user_id: 5 } }, 'notifications'])
 * // 'user;user_id=5, notifications'
 *
 * @param {Array<string | { context: string, params?: Record<string, string | number | boolean | null> }>} targets
 * @returns {string}
 */
export function formatInvalidateHeader(targets) {
  const k = wasm('formatInvalidateHeader', 'formatInvalidateHeader')
  const [length] = writeInput(k, [targetsJson('targets', targets)])
  return readOutput(k, k.formatInvalidateHeader(length))
}

/**
 * Reads a `POST {base}/call/` response: `{ result, invalidate, merge,
 * problems }` on success (ill-formed invalidate/merge items are skipped and
 * described in `problems`); otherwise throws MizanError with the server's
 * `{status, code, message, details}` from either the FastAPI or the Django
 * envelope, or `HTTP_<status>` when the body is empty, HTML or not JSON.
 * For servers and tools (the full build): in a browser the kernel reads
 * call responses itself, and this throws NOT_IN_BUILD.
 *
 * @example
 * parseCallResponse(200, '{"result": 1, "invalidate": ["user"]}')
 * // { result: 1, invalidate: ['user'], merge: [], problems: [] }
 *
 * @param {number} status
 * @param {string | Uint8Array} body the body text, or its UTF-8 bytes
 */
export function parseCallResponse(status, body) {
  const k = wasm('parseCallResponse', 'parseCallResponse')
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new MizanError('INVALID_ARGUMENT', `status must be an HTTP status code, got ${status}`)
  }
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new MizanError('INVALID_ARGUMENT', 'body must be a string or a Uint8Array')
  }
  const [length] = writeInput(k, [body])
  return JSON.parse(readOutput(k, k.parseCallResponse(status, length)))
}
