/**
 * The one error class of mizan-kernel. `code` is stable and documented in the
 * README's error table; `status` is the HTTP status for server errors (0 for
 * errors raised on the client); `details` is whatever the server attached.
 *
 * @example
 * try { deriveCacheKey('s', 'user', { id: NaN }) }
 * catch (e) { if (e instanceof MizanError && e.code === 'INVALID_PARAMS') … }
 */
export class MizanError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ status?: number, details?: unknown }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message)
    this.name = 'MizanError'
    this.code = code
    this.status = extra.status ?? 0
    this.details = extra.details ?? null
  }
}

/**
 * A MizanError INVALID_ARGUMENT: bad input from the app (a wrong type, an
 * unknown option), its message naming the argument or option.
 * @example
 * throw invalidArgument(`options.fetch must be a function`)
 * @param {string} message
 */
export const invalidArgument = (message) => new MizanError('INVALID_ARGUMENT', message)

/** The kernel's error value ({status, code, message, details}: envelope.h) as a MizanError. */
export const serverError = (e) => new MizanError(e.code, e.message, e) // (its status and details)

/**
 * The kernel's numeric codes (kernel/status.h) as their stable names; the
 * index is the ABI number.
 */
export const KERNEL_CODES = Object.freeze([
  'OK',
  'INVALID_ARGUMENT',
  'INVALID_JSON',
  'INVALID_UTF8',
  'NESTING_TOO_DEEP',
  'INVALID_PARAMS',
  'SERVER_ERROR',
  'NOT_OPEN',
])
