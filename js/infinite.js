// mizan-kernel/infinite: a context loaded a page at a time. Each page is an
// entry of the same context (its params plus the page param), read through
// kernel.observe(), so the kernel fetches, caches, invalidates, merges and
// purges every page as it does any context; this store only keeps the pages
// in order and joins them. Its own entry point: apps without infinite
// contexts load none of it.
import { MizanError } from './errors.js'
import { paramsJson, requireString } from './validate.js'

const OPTIONS = 'pageParam, getNextPageParam, initialPageParam'

const reportError = globalThis.reportError ?? ((error) => console.error(error))

// Every page's slots as one bundle: list slots concatenated in page order,
// any other slot as the last page that has it says (a total, a next cursor).
// Object.fromEntries keeps a slot named "__proto__" an own property.
function join(pages) {
  const slots = new Map()
  for (const page of pages) {
    for (const [slot, value] of Object.entries(page)) {
      const before = slots.get(slot)
      slots.set(slot, Array.isArray(value) && Array.isArray(before) ? before.concat(value) : value)
    }
  }
  return Object.fromEntries(slots)
}

/**
 * Context `name` with `params`, a page at a time, as a store (`getState`,
 * `subscribe`, as a context's): the first subscriber mounts the loaded pages,
 * and they are unmounted a microtask after the last one leaves.
 * `fetchNextPage()` adds the page `getNextPageParam(lastPage, pages)` names
 * (or fetches a failed last page again) and resolves with the state once no
 * page is fetching. The first page has no page param unless
 * `initialPageParam` is given. The state: `pages` (the pages' bundles, in
 * order), `pageParams`, `data` (list slots joined across pages, other slots
 * from the last page), `status`, `error`, `isFetching`, `isFetchingNextPage`,
 * `hasNextPage`; the same object until a page changes.
 *
 * @example
 * const feed = infiniteContext(kernel, 'card_page', { board_id: 1 }, {
 *   pageParam: 'cursor',
 *   getNextPageParam: (last) => last.next_cursor,
 * })
 * feed.subscribe(() => render(feed.getState().data?.items))
 * await feed.fetchNextPage()
 *
 * @param {import('./index.js').Kernel} kernel
 * @param {string} name
 * @param {Record<string, unknown> | undefined} params
 * @param {import('./infinite.js').InfiniteOptions} options
 */
export function infiniteContext(kernel, name, params, options) {
  if (options === null || typeof options !== 'object') {
    throw new MizanError('INVALID_ARGUMENT', `infinite contexts need options { ${OPTIONS} }`)
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.split(', ').includes(key))
      throw new MizanError('INVALID_ARGUMENT', `options.${key} is not an option of infinite contexts (${OPTIONS})`)
  }
  const { pageParam, getNextPageParam, initialPageParam } = options
  requireString('options.pageParam', pageParam, { nonEmpty: true })
  if (typeof getNextPageParam !== 'function') throw new MizanError('INVALID_ARGUMENT', 'options.getNextPageParam must be a function')
  paramsJson('params', params)
  params = { ...params } // later pages are made from the params as they were given

  const pageParams = []
  const views = []
  const listeners = new Set()
  let offs = [] // while subscribed: one unsubscribe per page
  let seen = [] // the pages' states the current state was made from
  let state
  let next // the next page's param, as getNextPageParam gave it

  const notify = () => {
    for (const listener of listeners) {
      try {
        listener()
      } catch (error) {
        reportError(error) // the other listeners are still told
      }
    }
  }
  const watch = (view) => view.subscribe(() => notify())
  const paramsOf = (value) => (value === undefined ? params : { ...params, [pageParam]: value })
  const add = (value) => {
    const view = kernel.observe(name, paramsOf(value))
    pageParams.push(value)
    views.push(view)
    if (listeners.size > 0) offs.push(watch(view))
  }

  const getState = () => {
    const states = views.map((view) => view.getState())
    if (states.length === seen.length && states.every((s, i) => s === seen[i])) return state
    const pages = [] // the loaded pages up to the first one without data
    let error = null
    let isFetching = false
    for (const [i, s] of states.entries()) {
      if (s.data !== undefined && pages.length === i) pages.push(s.data)
      error ??= s.error
      isFetching ||= s.isFetching
    }
    const last = states.at(-1)
    // The same pages (a next page started loading, a refetch began) keep
    // their array and their joined view: readers of those skip a render.
    const same = state?.pages.length === pages.length && pages.every((page, i) => page === state.pages[i])
    if (!same) next = Object.freeze(pages).length > 0 ? getNextPageParam(pages.at(-1), pages) : undefined
    seen = states
    return (state = Object.freeze({
      pages: same ? state.pages : pages,
      pageParams: Object.freeze(pageParams.slice()),
      data: same ? state.data : pages.length > 0 ? join(pages) : undefined,
      status: error ? 'error' : states[0].status,
      error,
      isFetching,
      isFetchingNextPage: states.length > 1 && last.data === undefined && last.isFetching,
      hasNextPage: next !== undefined && next !== null,
    }))
  }

  const subscribe = (listener) => {
    if (typeof listener !== 'function') throw new MizanError('INVALID_ARGUMENT', 'listener must be a function')
    if (listeners.size === 0) offs = views.map(watch)
    const entry = () => listener() // one per subscription: the same function twice is two subscribers
    listeners.add(entry)
    return () => {
      if (listeners.delete(entry) && listeners.size === 0) for (const off of offs.splice(0)) off()
    }
  }

  const fetchNextPage = () =>
    new Promise((resolve) => {
      const s = getState()
      const last = seen.at(-1)
      // A page of its own only after every page has loaded; a failed last
      // page is fetched again (below, once mounted: an unmounted one would
      // be aborted at once).
      if (s.pages.length === views.length && s.hasNextPage) add(next)
      let off
      const check = () => {
        const now = getState()
        if (off && !now.isFetching) {
          off()
          resolve(now)
        }
      }
      off = subscribe(check)
      if (s.pages.length < views.length && last.error && !last.isFetching) {
        const handle = kernel.registerContext(name, paramsOf(pageParams.at(-1)))
        handle.refetch()
        handle.unregister()
      }
      notify()
    })

  add(initialPageParam)
  return { getState, subscribe, fetchNextPage }
}
