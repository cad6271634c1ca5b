/**
 * mizan-kernel/tabs — the browser tabs of one origin and one base URL
 * share what they learn, over a BroadcastChannel (its own entry point:
 * apps without it load none of it). Import it once, at the top of the
 * app's entry: every browser kernel made afterwards (never a server
 * kernel) joins the channel `mizan-kernel:` + its absolute base URL. A
 * call's invalidations and merges in one tab apply in every tab of the
 * same user (each refetches only what it has mounted and what matches);
 * data fetched or merged in one tab reaches the others that hold that
 * entry (newer wins, never older); a sign-out or a change of user purges
 * every tab of the old user at once. Without BroadcastChannel, or with
 * `createKernel({ tabs: false })`, a kernel shares nothing.
 *
 * @example
 * import 'mizan-kernel/tabs'
 * import { init, createKernel } from 'mizan-kernel'
 * await init()
 * const kernel = createKernel({ baseUrl: '/api/mizan' })
 * await kernel.call('add_card', { board_id: 1, title: 'Ship' }) // the other tabs show the card too
 */
import type { AnyParams, BodyInvalidateTarget } from './index.js'

/** The version of the message format, every message's `v`. */
export declare const TABS_VERSION: 1

/** What tabs post to each other (README: "Every tab in step"). */
export type TabMessage = { v: 1; tab: string; identity: string | null | undefined } & (
  | { kind: 'invalidate'; targets: BodyInvalidateTarget[]; merged: { context: string; params?: AnyParams }[]; call: number }
  | { kind: 'data'; context: string; params: AnyParams; data: Record<string, unknown>; updatedAt: number; at: number; call?: number }
  | { kind: 'purge'; to: string | null }
)

declare module './index.js' {
  interface KernelOptions {
    /** false: this kernel shares nothing with other tabs ('mizan-kernel/tabs'; on by default in browsers). */
    tabs?: boolean
  }
}
