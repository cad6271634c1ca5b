/**
 * mizan-kernel/tokens — MWT sign-in tokens, obtained and renewed before they expire.
 *
 * @example
 * import { mwt } from 'mizan-kernel/tokens'
 * const kernel = createKernel({ token: mwt({ obtain: 'mwt_obtain', skew: 30_000 }) })
 */
import type { KernelToken } from './index.js'

export interface MwtOptions {
  /** The call whose result is the token (or `{ token }`), or a function resolving to it. Default 'mwt_obtain'. */
  obtain?: string | (() => Promise<string | { token: string }>)
  /** Renew this many ms before `exp`. Default 30000. */
  skew?: number
}

/**
 * The `token` option of createKernel: X-Mizan-Token on every request, one obtain at a time,
 * renewed `skew` ms before `exp`, one replay after a 401. Each kernel keeps its own token.
 * @example
 * createKernel({ baseUrl: '/api/mizan', token: mwt() })
 */
export declare function mwt(options?: MwtOptions): KernelToken

/**
 * A token's expiry (ms) and subject, read from its payload (not verified: the server does that).
 * Throws MizanError TOKEN_INVALID for anything that is not such a token.
 * @example
 * readToken(token).exp
 */
export declare function readToken(token: unknown): { exp: number; sub: string | null }
