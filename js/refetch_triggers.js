// Refetches the page's life asks for, in a browser kernel: of the mounted
// entries when the page becomes visible again or the network comes back,
// and polling (refetchInterval). Each mount brings its options (kept in
// its record's `readers`; one that sets none is only counted, in its
// `mounts`); an entry refetches when one of them wants it (its own option,
// else the kernel's of the same name). Only
// `visibilitychange` counts as focus, as in TanStack Query v5: window
// `focus` also fires on closing an alert() or leaving the devtools, which
// is no reason to refetch.

/**
 * The triggers of one browser kernel. `records` holds the kernel's
 * records (by entry id, each with `mounts: 0`), `state(record)` reads one's state,
 * `refetch(record)` starts its fetch; `track(record, options, 1)` counts a
 * mount and its options, `track(record, options, -1)` its end (the same
 * `options` value). A record mounted with options also holds `readers`, a
 * polled one `every` (its interval) and `timer`.
 *
 * @example
 * const triggers = refetchTriggers({ focusThrottle: 5000 }, Date.now, records, state, refetch)
 * triggers.track(record, { refetchInterval: 10_000 }, 1)
 * triggers.dispose()
 *
 * @param {{ refetchOnWindowFocus?: boolean, refetchOnReconnect?: boolean, focusThrottle?: number }} options the kernel's
 * @param {() => number} now the kernel's clock (entries' updatedAt)
 * @param {Map<number, any>} records
 * @param {(record: any) => { isFetching: boolean, updatedAt: number }} state
 * @param {(record: any) => void} refetch
 */
export function refetchTriggers(options, now, records, state, refetch) {
  // Only where there are events to listen to (not in Node): a kernel holds no
  // controller it never uses.
  const listening = globalThis.addEventListener && new AbortController()
  const hidden = () => globalThis.document?.hidden

  // However many events fire at once, an entry refetches once: one already
  // fetching (just now, for another event) is left alone. An entry whose
  // readers want the event's refetch does, unless its data is younger than
  // focusThrottle; a polled one does when its poll is overdue (one came
  // while the page was hidden).
  const refresh = (key) => {
    for (const record of records.values()) {
      const s = state(record)
      const age = now() - s.updatedAt
      const wants = (o) => o?.[key] ?? options[key] ?? true
      const wanted = (record.mounts > 0 && wants()) || record.readers?.some(wants)
      if (!s.isFetching && (age >= record.every || (wanted && !(age < (options.focusThrottle ?? 5000))))) refetch(record)
    }
  }
  // A poll fetches while the page is visible; hidden, it lets its turn go.
  const poll = (record) => hidden() || state(record).isFetching || refetch(record)

  const on = (type, listener) => globalThis.addEventListener?.(type, listener, { signal: listening.signal })
  on('visibilitychange', () => hidden() || refresh('refetchOnWindowFocus'))
  on('online', () => refresh('refetchOnReconnect'))

  return {
    track(record, o, n) {
      // A mount that sets no option (most; the adapters pass {}) is only
      // counted: no array, no property added to the record.
      if (!Object.keys(o ?? 0)[0]) return void (record.mounts += n)
      const readers = (record.readers ??= [])
      if (n > 0) readers.push(o)
      else readers.splice(readers.indexOf(o), 1)
      // One timer per entry, at the smallest interval among its live readers
      // (as in TanStack Query, one that is not a positive number is none).
      const every = Math.min(...readers.map((r) => (r.refetchInterval > 0 ? r.refetchInterval : Infinity)))
      if (every === record.every) return
      clearInterval(record.timer)
      record.every = every
      // A delay beyond 2^31 - 1 ms would wrap to 0 (a busy loop); unref: never keeps a Node process alive.
      if (every < Infinity) (record.timer = setInterval(poll, Math.min(every, 2 ** 31 - 1), record)).unref?.()
    },
    dispose() {
      listening?.abort()
      for (const record of records.values()) clearInterval(record.timer)
    },
  }
}
