// <mizan-devtools>: a panel over one kernel's inspect() (js/devtools.js),
// framework-free: a custom element with its own shadow DOM (the page's CSS
// neither styles it nor is styled by it). It lists the contexts the kernel
// holds, the requests in flight and the timeline of invalidations and
// merges, refreshed when subscribeInspect() says so, with a refetch,
// invalidate and drop button per context. The class is made by
// defineDevtools(), not on import, so that a server render (no
// HTMLElement) can import this module.
import { dropEntry, refetchEntry } from './devtools.js'

const STYLE = `
:host { all: initial; position: fixed; z-index: 2147483000; left: 0; right: 0; bottom: 0;
  font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #e6e6e6; }
:host(:not([open])) { left: auto; right: 12px; bottom: 12px; }
button { font: inherit; color: inherit; background: #2f3440; border: 1px solid #4a5160; border-radius: 4px; padding: 1px 7px; cursor: pointer; }
button:disabled { opacity: 0.4; cursor: not-allowed; }
.toggle { background: #1d4ed8; border-color: #1d4ed8; padding: 4px 10px; }
.panel { background: #1b1e25; border-top: 2px solid #1d4ed8; max-height: 45vh; overflow: auto; padding: 6px 10px 10px; }
header { display: flex; gap: 12px; align-items: center; }
header strong { color: #93c5fd; }
header .spacer { flex: 1; }
.message { color: #fcd34d; }
h3 { margin: 10px 0 4px; font-size: 12px; color: #93c5fd; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2px 8px 2px 0; vertical-align: top; white-space: nowrap; }
th { color: #9ca3af; font-weight: normal; border-bottom: 1px solid #374151; }
td.wide { white-space: normal; word-break: break-all; max-width: 36em; }
.success { color: #86efac; } .error { color: #fca5a5; } .loading, .yes { color: #fcd34d; }
.muted { color: #6b7280; }
td button + button { margin-left: 4px; }
`

const escape = (value) => String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

const two = (n, width = 2) => String(n).padStart(width, '0')
const clock = (ms) => {
  const d = new Date(ms)
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${two(d.getMilliseconds(), 3)}`
}
const json = (value) => JSON.stringify(value)
const kb = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`)
const flat = (params) => Object.values(params).every((v) => v === null || typeof v !== 'object')

// Why a button is off, shown as its title.
const NOT_MOUNTED = 'Not mounted: only cached (no reader). It loads again when next mounted.'
const NESTED = 'Its params are nested: an invalidation target takes flat params only (PROTOCOL.md §4.1).'
const MOUNTED = 'Mounted: it stays while it is read.'

const table = (heads, rows, none) =>
  rows.length === 0 ? `<p class="muted">${none}</p>` : `<table><tr>${heads.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.join('')}</table>`

function contextRow(c) {
  const params = json(c.params)
  const slots = Object.entries(c.slots)
    .map(([name, bytes]) => `${escape(name)} ${kb(bytes)}`)
    .join(', ')
  const refetch = c.mounted === false ? `disabled title="${escape(NOT_MOUNTED)}"` : 'title="Refetch now"'
  const drop = c.mounted === false ? 'title="Evict it now (it is only cached)"' : `disabled title="${escape(MOUNTED)}"`
  const invalidate = flat(c.params) ? 'title="kernel.invalidate() this context and params"' : `disabled title="${escape(NESTED)}"`
  return `<tr data-testid="devtools-context-${c.id}">
<td>${c.id}</td><td>${escape(c.context)}</td><td class="wide">${escape(params)}</td>
<td class="${c.status}" title="${escape(c.error ? `${c.error.code}: ${c.error.message}` : '')}">${c.status}</td>
<td class="${c.isFetching ? 'yes' : 'muted'}">${c.isFetching ? 'fetching' : 'idle'}</td>
<td>${c.updatedAt ? clock(c.updatedAt) : '<span class="muted">never</span>'}</td>
<td>${c.readers}${c.mounted === false ? ' <span class="muted">(cached)</span>' : ''}</td>
<td class="wide">${slots || '<span class="muted">none</span>'}</td>
<td><button data-action="refetch" data-id="${c.id}" ${refetch}>refetch</button><button data-action="invalidate" data-id="${c.id}" ${invalidate}>invalidate</button><button data-action="drop" data-id="${c.id}" ${drop}>drop</button></td>
</tr>`
}

const requestRow = (r) =>
  `<tr data-testid="devtools-request-${r.request}"><td>${r.request}</td><td>${r.kind}</td><td class="wide">${escape(r.what)}</td><td>${clock(r.since)}</td></tr>`

const eventRow = (e) =>
  `<tr><td>${clock(e.at)}</td><td>${e.kind}</td><td>${escape(e.source)}</td><td>${escape(e.fn ?? '')}</td><td class="wide">${escape(e.targets.map(json).join(', '))}</td></tr>`

/**
 * Defines the custom element `tag` (default `mizan-devtools`), once per tag;
 * returns its class, or undefined where there is no `customElements` (a
 * server render). Give the element its kernel as a property:
 * `element.kernel = kernel` (a kernel made after `import
 * 'mizan-kernel/devtools'`); the `open` attribute (or property) shows the
 * panel, else only a button that opens it.
 *
 * @example
 * import 'mizan-kernel/devtools'
 * import { defineDevtools } from 'mizan-kernel/devtools'
 * defineDevtools()
 * const panel = document.createElement('mizan-devtools')
 * panel.kernel = kernel
 * document.body.append(panel)
 *
 * @param {string} [tag]
 */
export function defineDevtools(tag = 'mizan-devtools') {
  const registry = globalThis.customElements
  if (!registry) return undefined
  const known = registry.get(tag)
  if (known) return known

  class MizanDevtools extends HTMLElement {
    static observedAttributes = ['open']
    #kernel = null
    #off = null
    #message = ''
    #html = ''
    #root

    constructor() {
      super()
      this.#root = this.attachShadow({ mode: 'open' })
      this.#root.addEventListener('click', (event) => this.#click(event))
    }

    /** @returns {any} the kernel shown (null: none) */
    get kernel() {
      return this.#kernel
    }

    set kernel(kernel) {
      if (kernel === this.#kernel) return
      this.#unsubscribe()
      this.#kernel = kernel ?? null
      this.#message = ''
      this.#subscribe()
      this.render()
    }

    get open() {
      return this.hasAttribute('open')
    }

    set open(open) {
      this.toggleAttribute('open', Boolean(open))
    }

    connectedCallback() {
      // A property set before the element was upgraded is an own property
      // that hides the accessor: taken over here.
      for (const name of ['kernel', 'open']) {
        if (!Object.hasOwn(this, name)) continue
        const value = this[name]
        delete this[name]
        this[name] = value
      }
      this.#subscribe()
      this.render()
    }

    disconnectedCallback() {
      this.#unsubscribe()
    }

    attributeChangedCallback() {
      this.render()
    }

    #subscribe() {
      if (this.#kernel && this.isConnected && !this.#off) this.#off = this.#kernel.subscribeInspect(() => this.render())
    }

    #unsubscribe() {
      this.#off?.()
      this.#off = null
    }

    #click(event) {
      const button = event.target?.closest?.('button[data-action]')
      if (!button || button.disabled) return
      const action = button.dataset.action
      if (action === 'toggle') return void (this.open = !this.open)
      const kernel = this.#kernel
      const entry = kernel?.inspect().contexts.find((c) => c.id === Number(button.dataset.id))
      if (!entry) return
      const what = `${entry.context} ${json(entry.params)}`
      try {
        if (action === 'refetch') refetchEntry(kernel, entry.id)
        else if (action === 'drop') dropEntry(kernel, entry.id)
        else kernel.invalidate([{ context: entry.context, params: entry.params }])
        this.#message = `${{ refetch: 'refetching', drop: 'dropped', invalidate: 'invalidated' }[action]} ${what}`
      } catch (error) {
        this.#message = `${action} ${what}: ${error?.message ?? error}`
      }
      this.render()
    }

    /** Draws the panel from the kernel's inspect() now (the element does so itself on every change). */
    render() {
      const toggle = (label) => `<button class="toggle" data-action="toggle" data-testid="devtools-toggle">${label}</button>`
      let body
      if (!this.open) {
        body = toggle('Mizan devtools')
      } else if (!this.#kernel) {
        body = `<div class="panel"><header><strong>Mizan devtools</strong><span class="spacer"></span>${toggle('close')}</header><p class="muted">No kernel: set the element's <code>kernel</code> property.</p></div>`
      } else {
        let state
        try {
          state = this.#kernel.inspect()
        } catch (error) {
          state = null
          this.#message = error?.message ?? String(error)
        }
        const { contexts = [], requests = [], timeline = [], identity = null } = state ?? {}
        body = `<div class="panel" data-testid="devtools-panel"><header><strong>Mizan devtools</strong>
<span>${contexts.length} contexts · ${requests.length} in flight · identity ${escape(json(identity))}</span>
<span class="message" data-testid="devtools-message">${escape(this.#message)}</span><span class="spacer"></span>${toggle('close')}</header>
<h3>Contexts</h3>${table(['#', 'context', 'params', 'status', 'fetch', 'updated', 'readers', 'slots', ''], contexts.map(contextRow), 'No contexts held.')}
<h3>Requests in flight</h3>${table(['#', 'kind', 'what', 'since'], requests.map(requestRow), 'None.')}
<h3>Timeline</h3>${table(['at', 'kind', 'source', 'fn', 'targets'], timeline.slice().reverse().map(eventRow), 'No invalidations or merges yet.')}</div>`
      }
      const html = `<style>${STYLE}</style>${body}`
      if (html === this.#html) return // unchanged: the buttons stay the same nodes (a click in progress is not lost)
      this.#html = html
      this.#root.innerHTML = html
    }
  }

  registry.define(tag, MizanDevtools)
  return MizanDevtools
}
