// mizan-kernel/tokens: Mizan's MWT (a short-lived HS256 JWT in
// X-Mizan-Token), obtained with an ordinary call and renewed before it
// expires — not after a 401. Its own entry point, so apps without tokens
// pay nothing for it; the kernel's transport only calls the three methods
// of what bind() returns.
import { MizanError } from './errors.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })
// Beyond this (year 275760) a Date cannot hold it: such an exp is garbage.
const MAX_TIME_MS = 8.64e15

/**
 * What a token says of itself: its expiry (ms) and its subject. Reads the
 * payload only (base64url JSON); verifying the signature is the server's job.
 * Throws MizanError TOKEN_INVALID for anything that is not such a token.
 *
 * @example
 * readToken(token) // { exp: 1767225600000, sub: '42' }
 *
 * @param {unknown} token
 * @returns {{ exp: number, sub: string | null }}
 */
export function readToken(token) {
  const invalid = (why) => new MizanError('TOKEN_INVALID', `mizan-kernel: the token ${why}`)
  if (typeof token !== 'string') throw invalid(`is not a string (got ${token === null ? 'null' : typeof token})`)
  const parts = token.split('.')
  if (parts.length !== 3) throw invalid(`is not a JWT: it has ${parts.length} dot-separated parts, not 3`)
  let claims
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/')
    claims = JSON.parse(utf8.decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))))
  } catch {
    throw invalid('payload is not base64url JSON')
  }
  if (claims === null || typeof claims !== 'object') throw invalid('payload is not a JSON object')
  const exp = claims.exp * 1000
  if (typeof claims.exp !== 'number' || !(exp > 0 && exp < MAX_TIME_MS)) throw invalid('has no usable exp claim (seconds since 1970)')
  return { exp, sub: claims.sub === undefined || claims.sub === null ? null : String(claims.sub) }
}

/**
 * The `token` option of createKernel: obtains the MWT with `obtain` (the
 * call's name, default 'mwt_obtain', whose result is the token or
 * `{ token }`; or a function resolving to the token) and renews it `skew`
 * ms (default 30 s) before it expires. Concurrent requests share one
 * obtain; a 401 on a request that carried a token obtains once more and
 * sends that request once more. Each kernel keeps its own token.
 *
 * @example
 * import { createKernel } from 'mizan-kernel'
 * import { mwt } from 'mizan-kernel/tokens'
 * const kernel = createKernel({ baseUrl: '/api/mizan', token: mwt({ obtain: 'mwt_obtain', skew: 30_000 }) })
 *
 * @param {{ obtain?: string | (() => Promise<string | { token: string }>), skew?: number }} [options]
 */
export function mwt(options = {}) {
  if (options === null || typeof options !== 'object')
    throw new MizanError('INVALID_ARGUMENT', 'mwt(options): options must be an object like { obtain, skew }')
  const { obtain = 'mwt_obtain', skew = 30_000, ...unknown } = options
  const extra = Object.keys(unknown)
  if (extra.length) throw new MizanError('INVALID_ARGUMENT', `mwt(options): unknown option ${extra[0]} (it takes obtain and skew)`)
  if (!(typeof obtain === 'function' || (typeof obtain === 'string' && obtain))) {
    throw new MizanError('INVALID_ARGUMENT', 'mwt(options): obtain must be the name of the call that returns the token, or a function')
  }
  if (typeof skew !== 'number' || !(skew >= 0) || !Number.isFinite(skew)) {
    throw new MizanError('INVALID_ARGUMENT', 'mwt(options): skew must be a number of ms >= 0')
  }
  return {
    /**
     * One kernel's token state (the transport calls this once): `call(fn)`
     * is the kernel's call of `fn` sent without the token, resolving with
     * its result or rejecting with the server's MizanError.
     */
    bind({ call, now }) {
      let current = null // { token, exp, sub }
      let pending = null // the one obtain in flight
      let generation = 0 // reset() disowns an obtain in flight

      async function fetchToken() {
        // A microtask later: the kernel asks for a header from inside its
        // pump, where it must not start a call of its own.
        await null
        const answer = await (typeof obtain === 'function' ? obtain() : call(obtain))
        const token = typeof answer === 'string' ? answer : answer?.token
        const { exp, sub } = readToken(token)
        if (exp <= now())
          throw new MizanError('TOKEN_EXPIRED', `mizan-kernel: ${typeof obtain === 'string' ? obtain : 'obtain'}() gave a token that has expired`)
        return { token, exp, sub }
      }

      return {
        /** The header for a request: at once while the token is fresh, else after the (shared) obtain. */
        header() {
          if (current && now() < current.exp - skew) return { 'X-Mizan-Token': current.token }
          if (!pending) {
            const mine = generation
            pending = fetchToken().then(
              (fresh) => {
                if (mine === generation) ((current = fresh), (pending = null))
                return fresh
              },
              (error) => {
                if (mine === generation) pending = null // the next request tries again
                throw error
              },
            )
          }
          return pending.then((fresh) => ({ 'X-Mizan-Token': fresh.token }))
        },
        /** The server refused `token` (401): it is not used again. */
        refused(token) {
          if (current?.token === token) current = null
        },
        /** Sign-out: the token and any obtain in flight are forgotten. */
        reset() {
          generation++
          current = pending = null
        },
      }
    },
  }
}
