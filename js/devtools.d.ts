/**
 * mizan-kernel/devtools — what a kernel holds and does, as plain data
 * (`kernel.inspect()`, also for tests), and the panel that shows it
 * (`<mizan-devtools>`, defined by `defineDevtools()`; React:
 * `mizan-kernel/react/devtools`). Its own entry point: an app that does not
 * import it pays nothing. Import it in the app's entry before the kernel
 * is made (every kernel made afterwards has `inspect()`; in any order
 * with the other capability entries); the panel can be loaded later.
 *
 * @example
 * import 'mizan-kernel/channels'
 * import 'mizan-kernel/devtools'
 * import { init, createKernel } from 'mizan-kernel'
 * await init()
 * const kernel = createKernel()
 * kernel.registerContext('board', { board_id: 1 })
 * kernel.inspect().contexts // [{ id: 1, context: 'board', params: { board_id: 1 }, status: 'loading', … }]
 */
import type { Kernel } from './index.js'

/** A context the kernel holds (mounted, or cached and read since). */
export interface InspectedContext {
  /** The entry's id: refetchEntry()'s argument. */
  id: number
  context: string
  params: Record<string, unknown>
  status: 'idle' | 'loading' | 'success' | 'error'
  isFetching: boolean
  /** When its data last arrived (the kernel's clock, ms); 0: never. */
  updatedAt: number
  error: { code: string; message: string } | null
  /** Listeners subscribed to its state (components reading it). */
  readers: number
  /** Whether a reader or prefetch holds it mounted (false: only cached); null on a server kernel, which counts no mounts. */
  mounted: boolean | null
  /** Each slot's size: bytes of its JSON (UTF-8). */
  slots: Record<string, number>
}

/** A request the kernel handed its transport and that has not ended (answered or aborted). */
export interface InspectedRequest {
  request: number
  kind: 'fetch' | 'call'
  /** A fetch's path (`ctx/board/?board_id=1`), a call's function. */
  what: string
  /** When it was handed over (the kernel's clock, ms); a retry waits its delay from then. */
  since: number
}

/** An invalidation or merge that reached the kernel, and where it came from. */
export interface TimelineEntry {
  at: number
  kind: 'invalidate' | 'merge'
  /** A call answer's body, its X-Mizan-Invalidate header, the server's push (channels), another tab. */
  source: 'call' | 'header' | 'push' | 'tab'
  /** Invalidation targets as sent (a header's values are strings); merges as `{ context, params, slot }`. */
  targets: unknown[]
  /** The call's function (call and header sources). */
  fn?: string
}

/** kernel.inspect()'s picture: plain JSON-safe data, a new object on every call. */
export interface KernelInspection {
  identity: string | null
  contexts: InspectedContext[]
  requests: InspectedRequest[]
  /** Oldest first, the last TIMELINE_LENGTH of them. */
  timeline: TimelineEntry[]
}

/** How many timeline events a kernel keeps. */
export declare const TIMELINE_LENGTH: number
/** subscribeInspect()'s listeners are called at most this often (ms). */
export declare const INSPECT_THROTTLE: number

/**
 * Refetches entry `id` of inspect() now, if it is mounted (else, or for an
 * id no longer held, INVALID_ARGUMENT).
 *
 * @example
 * refetchEntry(kernel, kernel.inspect().contexts[0].id)
 */
export declare function refetchEntry(kernel: Kernel, id: number): void

/**
 * Evicts entry `id` of inspect() now, if nothing reads it (a cached entry;
 * for a mounted one, or an id no longer held, INVALID_ARGUMENT).
 *
 * @example
 * dropEntry(kernel, kernel.inspect().contexts.find((c) => c.mounted === false)!.id)
 */
export declare function dropEntry(kernel: Kernel, id: number): void

/**
 * The targets of an X-Mizan-Invalidate header, read for display.
 *
 * @example
 * headerTargets('board;board_id=1, session') // [{ context: 'board', params: { board_id: '1' } }, 'session']
 */
export declare function headerTargets(header: string): Array<string | { context: string; params: Record<string, string> }>

/** The `<mizan-devtools>` element. */
export interface MizanDevtoolsElement extends HTMLElement {
  /** The kernel shown (made after `import 'mizan-kernel/devtools'`). */
  kernel: Kernel | null
  /** Whether the panel shows (the `open` attribute); else only a button that opens it. */
  open: boolean
  /** Draws the panel now (it does so itself on every change). */
  render(): void
}

/**
 * Defines the custom element `tag` (default `mizan-devtools`) once;
 * returns its class, or undefined where there is no `customElements`.
 *
 * @example
 * defineDevtools()
 * const panel = document.createElement('mizan-devtools')
 * panel.kernel = kernel
 * document.body.append(panel)
 */
export declare function defineDevtools(tag?: string): (new () => MizanDevtoolsElement) | undefined

declare module './index.js' {
  interface Kernel {
    /** What the kernel holds and does now ('mizan-kernel/devtools'). */
    inspect(): KernelInspection
    /** Calls `listener` after inspect() changed, at most once per INSPECT_THROTTLE ms; returns the unsubscribe function. */
    subscribeInspect(listener: () => void): () => void
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mizan-devtools': MizanDevtoolsElement
  }
}
