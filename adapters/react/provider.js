// <MizanContext>: one kernel for a React tree, and useMizan() to reach it.
import { createElement, Suspense, useContext, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore, createContext } from 'react'
import { init, MizanError } from '../../js/index.js'
import { onServer, startKernel } from '../../js/kernel.js'
import { addListener, notify } from '../../js/listeners.js'
import { SSR_DATA_ID } from '../../js/ssr.js'
import { fetchContextEarly } from '../../js/transport.js'
import { loadStatus } from '../../js/wasm.js'

const KernelContext = createContext(null)

// What the children read while the wasm of a browser render is still
// loading: the first render does not wait for it. Each context a child
// asks for is fetched at once (when its URL is certain: see
// fetchContextEarly), in parallel with the wasm; the kernel made when the
// wasm is in, and so are their answers (see EARLY_ANSWER_WAIT_MS), takes
// those contexts first, adopting the responses, so the children's next
// render already has their data. Every reading hook
// suspends on it (the nearest Suspense shows `fallback`), so nothing ever
// commits against it. The kernel then comes as a change of a store the
// provider reads (useSyncExternalStore), which React renders as a
// synchronous update: not as the suspended render's retry, which React
// throttles (held back until 300 ms after the fallback appeared), nor as a
// state update that waits for a scheduler task.
class Loading {
  #options
  #state
  #contexts = [] // [name, params] the children asked for: mounted first by the kernel
  #fetched = [] // their early GETs' answers
  #wasm = init() // the load under way, else one started now
  #made = { loading: this } // the provider's snapshot: this, then the kernel or the error
  #readers = {} // the provider's listener (listeners.js)
  #mounted = 0
  #waiting
  #release

  constructor(options, state) {
    this.#options = options
    this.#state = state
    // What the children suspend on. It settles once the kernel's render
    // has committed (released then), so React's ping finds nothing left to
    // do; settling sooner would retry the suspended render with this
    // stand-in again.
    this.suspended = new Promise((resolve) => (this.#release = resolve))
  }

  get = () => this.#made

  subscribe = (listener) => addListener(this.#readers, listener)

  // The committed provider's (never a render that React threw away): when
  // the wasm is in and a provider is still mounted, the kernel is made.
  mount() {
    if (this.#mounted++ === 0 && !this.#waiting) {
      this.#waiting = this.#wasm.then(
        () => answered(this.#fetched).then(() => this.#mounted > 0 && this.#settle(this.#make())),
        (error) => this.#settle({ error }),
      )
    }
    return () => void this.#mounted--
  }

  #settle(made) {
    this.#made = made
    notify(this.#readers)
  }

  observe(name, params) {
    this.#contexts.push([name, params])
    const answer = fetchContextEarly(this.#options, name, params, this.#wasm)
    if (answer) this.#fetched.push(answer)
    const suspend = () => {
      throw this.suspended
    }
    return { getState: suspend, subscribe: never }
  }

  // The kernel, with the contexts the children asked for already mounted
  // (their early GETs adopted): released by the provider once its children
  // have mounted them too.
  #make() {
    const made = makeKernel(this.#options, this.#state)
    if (made?.kernel) {
      made.release = this.#release
      made.early = []
      for (const [name, params] of this.#contexts) {
        try {
          made.early.push(made.kernel.registerContext(name, params))
        } catch {
          // bad params: the child's own observe() throws it where it renders
        }
      }
    }
    return made
  }
}

// How long the kernel, once the wasm is in, waits for the children's early
// GETs: React's own hold on revealing suspended content (its fallback
// throttle), so that a fast answer renders the children once, with their
// data, instead of their loading state first and the data a moment later
// (a render pass less before the first data); a slow one does not keep the
// fallback up much longer than React would anyway.
const EARLY_ANSWER_WAIT_MS = 300

// Settles when every answer is in (failures included) or the wait is over.
const answered = (answers) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, EARLY_ANSWER_WAIT_MS)
    Promise.allSettled(answers).then(() => resolve(clearTimeout(timer)))
  })

// Whether a page carries server-rendered state for the kernel to start from.
const pageHasState = () => globalThis[SSR_DATA_ID] !== undefined || !!globalThis.document?.getElementById(SSR_DATA_ID)

// A kernel made during render, so that the first render (a hydration too)
// already reads its data: no fallback pass and no second render when the
// wasm is loaded, and server renders (Next.js client components) get one.
// Errors are returned, not thrown, so that the provider can hand them to
// onError / errorFallback.
function makeKernel(options, state) {
  // (Not startKernel's NOT_INITIALIZED: a throw in the first render costs
  // more than this check.) The last load failed and none was started since:
  // an app retries by calling init() again, then remounting.
  const { ready, loading, failure } = loadStatus()
  if (!ready) return failure && !loading ? { error: failure } : null
  try {
    return { kernel: startKernel(options, state), mounts: 0 }
  } catch (error) {
    return { error }
  }
}

// While the wasm loads: a server render, a hydration or a render from a
// state must show that state's data, so they wait (suspend) for the kernel;
// a plain browser render goes on with Loading.
function firstKernel(options, state, hydrating) {
  const made = makeKernel(options, state)
  if (made) return made
  if (hydrating || state !== undefined || onServer() || pageHasState()) {
    throw init().catch(() => {}) // suspend; wake up to success or failure
  }
  return { loading: new Loading(options, state) }
}

// (React 18 warns of a layout effect in a server render, where none is needed.)
const useClientLayoutEffect = onServer() ? useEffect : useLayoutEffect
/** A subscribe that never calls back (and a listener that does nothing). */
export const never = () => () => {}
const isClient = () => false
const isServer = () => true

/**
 * Gives its subtree one kernel. Without `kernel` it makes its own: during
 * the first render when the wasm is loaded, else as soon as it is, showing
 * `fallback` meanwhile (the wasm starts loading when mizan-kernel is
 * imported, and the contexts the children ask for are fetched while it
 * loads; their answers are waited for up to 300 ms more, so the children
 * render once, with their data); it hydrates that kernel from `state` (what `prefetchState()` or
 * `dehydrate()` made on the server) or from the page, and disposes it on
 * unmount. A server render (Next.js, streaming) and a hydration wait for the
 * wasm and render the data of `state`. With a ready `kernel` (tests, a
 * kernel you made) it renders at once and leaves disposal to its owner.
 * `baseUrl` and `options` are read when the kernel is made; a new `baseUrl`
 * makes a new kernel.
 *
 * A kernel that cannot be made (INIT_FAILED, a bad option, a broken page
 * state) goes to `onError` and renders `errorFallback` (a node, or a
 * function of the error); without `errorFallback` it is thrown from render
 * as a MizanError, for the nearest error boundary.
 *
 * @example
 * <MizanContext baseUrl="/api/mizan" fallback={<Spinner />}><App /></MizanContext>
 */
export function MizanContext({ kernel, fallback = null, ...own }) {
  if (kernel) return createElement(KernelContext.Provider, { value: kernel }, own.children)
  return createElement(Suspense, { fallback }, createElement(OwnKernel, { key: own.baseUrl ?? own.options?.baseUrl, fallback, ...own }))
}

/**
 * @param {{ baseUrl?: string, options?: import('../../js/index.js').KernelOptions, state?: import('../../js/index.js').DehydratedState,
 *   fallback?: import('react').ReactNode, errorFallback?: import('react').ReactNode | ((error: any) => import('react').ReactNode),
 *   onError?: (error: any) => void, children?: import('react').ReactNode }} props
 */
function OwnKernel({ baseUrl, options, state, fallback, errorFallback, onError, children }) {
  // True in a server render and while hydrating (React reads the server
  // snapshot then), false in a plain browser render.
  const hydrating = useSyncExternalStore(never, isClient, isServer)
  const [first] = useState(() => firstKernel({ ...options, baseUrl: baseUrl ?? options?.baseUrl }, state, hydrating))
  const made = useSyncExternalStore(first.loading?.subscribe ?? never, first.loading?.get ?? (() => first), () => first)
  // Layout effects: waiting for the wasm starts with the commit, not after
  // the browser has painted the fallback; onError is told by the commit
  // that shows errorFallback.
  useClientLayoutEffect(() => (made.error ? void onError?.(made.error) : made.loading?.mount()), [made])
  useEffect(() => {
    if (!made.kernel) return
    made.mounts++
    // The children have mounted what they read (their effects ran first):
    // the kernel's own mounts of them, for the early GETs, can go.
    for (const handle of made.early?.splice(0) ?? []) handle.unregister()
    made.release?.()
    return () => {
      // Disposed a microtask later, so StrictMode's unmount-and-remount
      // keeps the kernel (and its fetches) instead of making another.
      made.mounts--
      queueMicrotask(() => made.mounts === 0 && made.kernel.dispose())
    }
  }, [made])
  if (made.error) {
    if (errorFallback === undefined) throw made.error
    return typeof errorFallback === 'function' ? errorFallback(made.error) : errorFallback
  }
  // The same elements whether the kernel is there or loading, so the
  // children that did render meanwhile keep their state.
  return createElement(KernelContext.Provider, { value: made.kernel ?? made.loading }, createElement(Suspense, { fallback }, children))
}

/** The nearest provider's kernel, or its stand-in while the wasm loads (Loading); for the adapter's hooks. */
export function useKernel() {
  const kernel = useContext(KernelContext)
  if (!kernel) throw new MizanError('NO_PROVIDER', 'useMizan() and the Mizan hooks need a <MizanContext> above them')
  return kernel
}

/** Whether useKernel() returned the stand-in of a kernel still loading. */
export const isLoading = (kernel) => kernel instanceof Loading

/**
 * The kernel of the nearest <MizanContext>, and its `call`: the escape hatch.
 * Throws MizanError NO_PROVIDER outside one.
 *
 * @example
 * const { kernel, call } = useMizan()
 * await call('archive_board', { board_id: 1 })
 */
export function useMizan() {
  const kernel = useKernel()
  if (kernel instanceof Loading) throw kernel.suspended // until the kernel is made
  return useMemo(() => ({ kernel, call: (fn, args) => kernel.call(fn, args) }), [kernel])
}
