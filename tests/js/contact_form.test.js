// mizan-kernel/forms over the real wasm kernel and the reference server's
// form `contact` (examples/server/board_api.js): the client's verdict and
// the server's agree, live validation races resolve to the latest answer,
// submit errors land on their fields and `__all__`, a schema that cannot be
// loaded is reported. The kernel's fetch passes through a gate that can hold
// the server's answers to `contact.validate`, so races are put in order.
import { afterEach, describe, expect, it } from 'vitest'
import { useBoardServer } from '../adapters/board_server.js'
import { createKernel } from '../../js/index.js'
import { form } from '../../js/forms.js'

const server = useBoardServer()

// fetch with the power to hold answers of one function until released.
function gatedFetch(held) {
  const queue = []
  return {
    queue,
    fetch: async (url, init) => {
      const response = await fetch(url, init)
      const fn = init?.body ? JSON.parse(init.body).fn : null
      if (fn !== held) return response
      return new Promise((release) => queue.push({ args: JSON.parse(init.body).args, release: () => release(response) }))
    },
  }
}

let kernel
let contact
function open({ gate = null, ...options } = {}) {
  kernel = createKernel({ baseUrl: server.baseUrl, session: false, csrf: false, server: false, ...(gate ? { fetch: gate.fetch } : {}) })
  contact = form(kernel, 'contact', { debounce: 20, ...options })
  contact.subscribe(() => {})
  return contact
}
afterEach(() => {
  contact?.dispose()
  kernel?.dispose()
})

const until = async (check, ms = 3000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 5))
  }
}
const loaded = () => until(() => contact.getState().schema !== null)
const calls = (fn) => server.requests.filter((r) => r.fn === fn)
const fill = (values) => Object.entries(values).forEach(([f, v]) => contact.set(f, v))
const GOOD = { name: 'Ada', email: 'ada@example.com', topic: 'bug', message: 'The board forgets my cards.' }

describe('the contact form against the reference server', () => {
  it('loads the schema and starts from its initial values; invalid until every required field is valid (H13)', async () => {
    open()
    await loaded()
    const state = contact.getState()
    expect(state.schema.field_order).toEqual(['name', 'email', 'topic', 'message'])
    expect(state.values).toEqual({ name: '', email: '', topic: 'general', message: '' })
    expect(state.isValid).toBe(false)
    fill({ name: 'Ada', email: 'ada@example.com' })
    expect(contact.getState().isValid).toBe(false) // message is required too
    contact.set('message', 'Long enough text.')
    expect(contact.getState().isValid).toBe(true)
    expect(calls('contact.schema')).toHaveLength(1)
  })

  it('a server-only rule comes back through live validation, on the field', async () => {
    open()
    await loaded()
    contact.set('email', 'ada@blocked.example')
    contact.touch('email')
    await until(() => contact.getState().errors.email !== undefined)
    expect(contact.getState().errors.email).toEqual([
      { message: 'We do not accept messages from this domain.', code: 'blocked_domain', source: 'server' },
    ])
    expect(calls('contact.validate')).toHaveLength(1) // debounced: one question for the field
    contact.set('email', 'ada@example.com')
    expect(contact.getState().errors.email).toBeUndefined() // an edit clears the server's error at once
  })

  it('H12: an edit during a pending validation wins over the stale answer', async () => {
    const gate = gatedFetch('contact.validate')
    open({ gate })
    await loaded()
    contact.set('email', 'ada@blocked.example')
    contact.touch('email')
    await until(() => gate.queue.length === 1)
    expect(gate.queue[0].args).toEqual({ data: { name: '', email: 'ada@blocked.example', topic: 'general', message: '' }, field: 'email' })
    contact.set('email', 'ada@example.com') // edited while the server is answering about the old value
    await until(() => gate.queue.length === 2)
    expect(gate.queue[1].args.data.email).toBe('ada@example.com') // the question reads the values of its moment
    gate.queue[1].release() // the new answer first: valid
    await new Promise((r) => setTimeout(r, 30))
    gate.queue[0].release() // then the stale one: blocked_domain, which must not show
    await until(() => !contact.getState().isValidating)
    await new Promise((r) => setTimeout(r, 30))
    expect(contact.getState().errors.email).toBeUndefined()
    expect(contact.getState().values.email).toBe('ada@example.com')
  })

  it('submit: the server refuses → its errors on the fields and __all__, values kept; the promise rejects', async () => {
    open()
    await loaded()
    fill({ ...GOOD, email: 'ada@blocked.example', message: 'Buy cheap spam now' })
    const error = await contact.submit().catch((e) => e)
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 })
    const state = contact.getState()
    expect(state.errors.email).toEqual([{ message: 'We do not accept messages from this domain.', code: 'blocked_domain', source: 'server' }])
    expect(state.formErrors).toEqual([{ message: 'This message looks like spam.', code: 'spam', source: 'server' }])
    expect(state.values).toMatchObject({ email: 'ada@blocked.example', message: 'Buy cheap spam now' })
    expect(state.isValid).toBe(false)
    expect(state.isSubmitting).toBe(false)
  })

  it('submit: accepted → the result, a reset form, and exactly one submit on the wire for a double click', async () => {
    open()
    await loaded()
    fill(GOOD)
    const [a, b] = [contact.submit(), contact.submit()]
    expect(a).toBe(b)
    const result = await a
    expect(result).toMatchObject({ ok: true, name: 'Ada', ticket: expect.any(Number) })
    expect(calls('contact.submit')).toHaveLength(1)
    expect(contact.getState()).toMatchObject({ submitted: true, result, values: { name: '', email: '', topic: 'general', message: '' }, errors: {} })
  })

  it('a client-invalid submit never reaches the server', async () => {
    open()
    await loaded()
    contact.set('email', 'ada@')
    await expect(contact.submit()).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 0 })
    expect(calls('contact.submit')).toHaveLength(0)
    expect(contact.getState().errors.email[0]).toMatchObject({ code: 'invalid', source: 'client' })
    expect(contact.getState().errors.name[0]).toMatchObject({ code: 'required' })
  })

  it('a form the server does not have: the schema error is in the state, with the server’s code', async () => {
    kernel = createKernel({ baseUrl: server.baseUrl, session: false, csrf: false, server: false })
    contact = form(kernel, 'nope')
    contact.subscribe(() => {})
    await until(() => contact.getState().error !== null)
    expect(contact.getState().error).toMatchObject({ code: 'NOT_FOUND', status: 404 })
    expect(contact.getState().isValid).toBe(false)
    await expect(contact.submit()).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
