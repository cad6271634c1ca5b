// Waiting on real I/O in tests (a socket's frames, a BroadcastChannel's
// messages, a server's answers): polled, with a deadline that names what
// was awaited.

/**
 * Resolves with `check()`'s value once it is truthy; rejects after `ms`.
 * @example
 * await until(() => channel.getState().status === 'open', 'the channel open')
 * @template T
 * @param {() => T} check
 * @param {string} [what]
 * @param {number} [ms]
 * @returns {Promise<T>}
 */
export async function until(check, what = 'the condition', ms = 3000) {
  const end = Date.now() + ms
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
