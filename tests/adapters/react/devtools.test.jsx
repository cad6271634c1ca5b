// The devtools panel under jsdom: the framework-free <mizan-devtools>
// element (js/devtools_panel.js) over a real kernel and the reference board
// server — what it lists, and what its buttons do (requests counted on the
// server) — and its React wrapper (mizan-kernel/react/devtools).
import { cleanup, render, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MizanDevtools } from '../../../adapters/react/devtools.js'
import { MizanContext } from '../../../adapters/react/index.js'
import { defineDevtools } from '../../../js/devtools.js'
import { useBoardServer } from '../board_server.js'
import { clientKernel, contextGets } from './helpers.js'

const server = useBoardServer()
let kernel
let panels = []
beforeEach(() => {
  kernel = clientKernel(server, { gcTime: 60_000 })
})
afterEach(() => {
  cleanup()
  for (const panel of panels.splice(0)) panel.remove()
  kernel.dispose()
})

/** A <mizan-devtools> in the document, showing `k`. */
function panel(k = kernel, { open = true } = {}) {
  defineDevtools()
  const element = document.createElement('mizan-devtools')
  element.kernel = k
  element.open = open
  document.body.append(element)
  panels.push(element)
  return element
}

const shadow = (element) => element.shadowRoot
const row = (element, id) => shadow(element).querySelector(`[data-testid="devtools-context-${id}"]`)
const cells = (element, id) => [...row(element, id).querySelectorAll('td')].map((td) => td.textContent)
const button = (element, id, action) => row(element, id).querySelector(`button[data-action="${action}"]`)
const idOf = (context, params) =>
  kernel.inspect().contexts.find((c) => c.context === context && JSON.stringify(c.params) === JSON.stringify(params)).id

async function loaded(...boards) {
  const handles = boards.map((board_id) => kernel.registerContext('board', { board_id }))
  await waitFor(() => expect(handles.every((h) => h.getState().status === 'success')).toBe(true))
  return handles
}

describe('<mizan-devtools>', () => {
  it('lists the contexts with params, status, readers and slot sizes, then the timeline', async () => {
    const [one] = await loaded(1, 2)
    one.subscribe(() => {})
    const element = panel()
    const id = idOf('board', { board_id: 1 })
    const [shownId, context, params, status, fetching, updated, readers, slots] = cells(element, id)
    expect([shownId, context, params, status, fetching, readers]).toEqual([String(id), 'board', '{"board_id":1}', 'success', 'idle', '1'])
    expect(updated).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/)
    const { cards, board_info } = kernel.inspect().contexts.find((c) => c.id === id).slots
    expect(slots).toBe(`board_info ${board_info} B, cards ${cards} B`)
    expect(shadow(element).textContent).toContain('No invalidations or merges yet.')
    // A call's header and body invalidations arrive (the panel refreshes itself).
    await kernel.call('rename_board', { board_id: 1, name: 'Renamed' })
    await waitFor(() => expect(shadow(element).textContent).toContain('rename_board'))
    const events = [...shadow(element).querySelectorAll('table')].at(-1).querySelectorAll('tr')
    expect([...events].slice(1).map((tr) => [...tr.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent))).toEqual([
      ['invalidate', 'call', 'rename_board'],
      ['invalidate', 'header', 'rename_board'],
    ])
  })

  it('refetch: the GET goes out and the request shows in flight', async () => {
    // Requests wait for `gate` (none at first), so that one can be seen in flight.
    let gate = null
    kernel.dispose()
    kernel = clientKernel(server, { gcTime: 60_000, fetch: async (url, init) => (await gate, fetch(url, init)) })
    await loaded(1, 2)
    const element = panel()
    const id = idOf('board', { board_id: 1 })
    let release
    gate = new Promise((resolve) => (release = resolve))
    server.requests.length = 0
    button(element, id, 'refetch').click()
    expect(shadow(element).querySelector('[data-testid="devtools-message"]').textContent).toBe('refetching board {"board_id":1}')
    await waitFor(() => expect(shadow(element).querySelector('[data-testid^="devtools-request-"]')?.textContent).toContain('ctx/board/?board_id=1'))
    expect(cells(element, id)[4]).toBe('fetching')
    expect(contextGets(server)).toEqual([]) // held
    release()
    await waitFor(() => expect(contextGets(server)).toEqual(['board 1']))
    await waitFor(() => expect(shadow(element).textContent).toContain('Requests in flightNone.'))
    expect(cells(element, id)[4]).toBe('idle')
  })

  it('invalidate refetches that context and params only; a cached entry cannot be refetched but can be dropped, a mounted one not', async () => {
    const [, two] = await loaded(1, 2)
    const element = panel()
    const one = idOf('board', { board_id: 1 })
    const other = idOf('board', { board_id: 2 })
    two.unregister() // cached now
    await waitFor(() => expect(cells(element, other)[6]).toBe('0 (cached)'))
    expect(button(element, other, 'refetch').disabled).toBe(true)
    expect(button(element, other, 'refetch').title).toMatch(/not mounted/i)
    expect(button(element, one, 'refetch').disabled).toBe(false)
    expect(button(element, one, 'drop').disabled).toBe(true)
    expect(button(element, one, 'drop').title).toMatch(/Mounted/)
    expect(button(element, other, 'drop').disabled).toBe(false)
    server.requests.length = 0
    button(element, one, 'invalidate').click()
    expect(shadow(element).querySelector('[data-testid="devtools-message"]').textContent).toBe('invalidated board {"board_id":1}')
    await waitFor(() => expect(contextGets(server)).toEqual(['board 1']))
    // Clicking a disabled button does nothing.
    button(element, other, 'refetch').click()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(contextGets(server)).toEqual(['board 1'])
    // Drop evicts the cached board 2 now: gone from the kernel and the panel, no request.
    expect(kernel.getData('board', { board_id: 2 })).toBeDefined()
    button(element, other, 'drop').click()
    expect(shadow(element).querySelector('[data-testid="devtools-message"]').textContent).toBe('dropped board {"board_id":2}')
    expect(kernel.getData('board', { board_id: 2 })).toBeUndefined()
    expect(kernel.inspect().contexts.map((c) => c.id)).not.toContain(other)
    await waitFor(() => expect(shadow(element).querySelector(`[data-testid="devtools-context-${other}"]`)).toBeNull())
    expect(contextGets(server)).toEqual(['board 1'])
  })

  it('a context with nested params cannot be invalidated from the panel', async () => {
    kernel.registerContext('card_page', { board_id: 1, filter: { done: false } })
    const element = panel()
    const id = idOf('card_page', { board_id: 1, filter: { done: false } })
    expect(button(element, id, 'invalidate').disabled).toBe(true)
    expect(button(element, id, 'invalidate').title).toMatch(/flat params/)
  })

  it('closed, it is one button that opens it; without a kernel it says so', async () => {
    const element = panel(kernel, { open: false })
    expect(shadow(element).querySelector('[data-testid="devtools-panel"]')).toBeNull()
    shadow(element).querySelector('[data-testid="devtools-toggle"]').click()
    expect(element.open).toBe(true)
    expect(element.hasAttribute('open')).toBe(true)
    expect(shadow(element).querySelector('[data-testid="devtools-panel"]')).not.toBeNull()
    shadow(element).querySelector('[data-testid="devtools-toggle"]').click()
    expect(element.open).toBe(false)
    element.kernel = null
    element.open = true
    expect(shadow(element).textContent).toContain('No kernel')
  })

  it('a kernel set before the element is defined is taken over on upgrade', async () => {
    await loaded(1)
    const element = document.createElement('mizan-devtools-late')
    element.kernel = kernel
    element.setAttribute('open', '')
    document.body.append(element)
    panels.push(element)
    expect(element.shadowRoot).toBeNull()
    const Late = defineDevtools('mizan-devtools-late')
    expect(element).toBeInstanceOf(Late)
    expect(element.kernel).toBe(kernel)
    expect(row(element, idOf('board', { board_id: 1 }))).not.toBeNull()
    expect(defineDevtools('mizan-devtools-late')).toBe(Late)
  })

  it('stops listening once removed from the document', async () => {
    const element = panel()
    element.remove()
    await loaded(1)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(shadow(element).textContent).toContain('No contexts held.')
  })
})

describe('<MizanDevtools> (React)', () => {
  it("shows the provider's kernel, open when asked", async () => {
    await loaded(1)
    const { container } = render(
      <StrictMode>
        <MizanContext kernel={kernel}>
          <MizanDevtools open />
        </MizanContext>
      </StrictMode>,
    )
    const element = container.querySelector('mizan-devtools')
    expect(element.kernel).toBe(kernel)
    expect(element.open).toBe(true)
    expect(row(element, idOf('board', { board_id: 1 }))).not.toBeNull()
  })

  it('closed by default; a server render draws the bare element', () => {
    const { container } = render(
      <MizanContext kernel={kernel}>
        <MizanDevtools />
      </MizanContext>,
    )
    expect(container.querySelector('mizan-devtools').open).toBe(false)
    expect(
      renderToString(
        <MizanContext kernel={kernel}>
          <MizanDevtools />
        </MizanContext>,
      ),
    ).toBe('<mizan-devtools></mizan-devtools>')
  })
})
