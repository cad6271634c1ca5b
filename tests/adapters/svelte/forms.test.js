// mizanForm (mizan-kernel/svelte/forms) in a Svelte 5 component and through
// the store contract, over the real wasm kernel and the reference server's
// form `contact` (examples/server/board_api.js, PROTOCOL.md §10).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { get } from 'svelte/store'
import { afterEach, describe, expect, test } from 'vitest'
import { mizanForm } from '../../../adapters/svelte/forms.js'
import { CONTACT_FORM } from '../../../examples/server/board_api.js'
import { createKernel } from '../../../js/index.js'
import ContactForm from './ContactForm.svelte'
import { useBoardServer } from '../board_server.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
let kernel
afterEach(() => {
  cleanup()
  kernel?.dispose()
  kernel = undefined
})

const callsOf = (fn) => server.requests.filter((r) => r.fn === fn).length
const input = (label) => screen.getByLabelText(label)
const errorsOf = (label) =>
  within(screen.getByRole('group', { name: `${label} field` }))
    .queryAllByText((_, el) => el.className === 'error')
    .map((e) => e.textContent)
const type = (label, value) => fireEvent.input(input(label), { target: { value } })
const leave = (label) => fireEvent.blur(input(label))
const GOOD = { Name: 'Ada Lovelace', Email: 'ada@example.com', Message: 'My invoice is wrong twice.' }
async function fill(values) {
  for (const [label, value] of Object.entries({ ...GOOD, ...values })) await type(label, value)
}
const choose = (value) => fireEvent.change(input('Topic'), { target: { value } })
const send = () => fireEvent.click(screen.getByRole('button', { name: 'Send' }))
const values = () => [input('Name').value, input('Email').value, input('Topic').value, input('Message').value]
async function showForm(props = {}) {
  kernel ??= clientKernel(server)
  render(ContactForm, { kernel, ...props })
  return screen.findByRole('form', { name: 'Contact us' })
}

describe('in a component', () => {
  test("renders the server's schema: labels and fields in field_order, initial values", async () => {
    kernel = clientKernel(server)
    render(ContactForm, { kernel })
    expect(screen.getByText('Loading form…')).toBeTruthy()
    const form = await screen.findByRole('form', { name: 'Contact us' })
    expect(
      within(form)
        .getAllByRole('group')
        .map((g) => g.getAttribute('aria-label')),
    ).toEqual(['Name field', 'Email field', 'Topic field', 'Message field'])
    expect(values()).toEqual(['', '', 'general', ''])
    expect(input('Email').type).toBe('email')
    expect(input('Topic').tagName).toBe('SELECT')
    expect(
      within(input('Topic'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['General question', 'Billing', 'Bug report'])
    expect(input('Message').tagName).toBe('TEXTAREA')
    expect(screen.getByText('Between 10 and 500 characters.')).toBeTruthy()
    expect(screen.queryAllByText((_, el) => el.className === 'error')).toEqual([])
    expect(server.requests.map((r) => r.fn)).toEqual(['contact.schema'])
  })

  test('shows the client error of a bad email on blur, before any submit, and asks the server nothing', async () => {
    await showForm()
    await type('Email', 'ada@')
    expect(errorsOf('Email')).toEqual([]) // typing alone shows nothing
    await leave('Email')
    expect(errorsOf('Email')).toEqual(['Enter a valid email address.'])
    expect(errorsOf('Name')).toEqual([])
    // The debounce runs out without a request: a value the client rejects is not sent.
    await waitFor(() => expect(screen.getByText('validating: false')).toBeTruthy(), { timeout: 2000 })
    expect(callsOf('contact.submit')).toBe(0)
    expect(callsOf('contact.validate')).toBe(0)
    await type('Email', 'ada@example.com')
    expect(errorsOf('Email')).toEqual([])
  })

  test('is not valid until every required field holds a valid value (H13)', async () => {
    await showForm()
    expect(screen.getByText('valid: false')).toBeTruthy()
    await type('Name', 'Ada')
    expect(screen.getByText('valid: false')).toBeTruthy()
    await type('Email', 'ada@example.com')
    expect(screen.getByText('valid: false')).toBeTruthy()
    await type('Message', 'too short')
    expect(screen.getByText('valid: false')).toBeTruthy()
    await type('Message', 'Long enough now.')
    expect(screen.getByText('valid: true')).toBeTruthy()
  })

  test("validates a field on the server after blur (live validation): the server's own rule shows without a submit", async () => {
    await showForm()
    await type('Email', 'x@blocked.example')
    await leave('Email')
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']), { timeout: 2000 })
    expect(callsOf('contact.validate')).toBe(1)
    expect(callsOf('contact.submit')).toBe(0)
  })

  test("shows the server-only rule's error under the email after submit, keeping the values", async () => {
    await showForm()
    await fill({ Email: 'x@blocked.example' })
    await choose('bug')
    expect(screen.getByText('valid: true')).toBeTruthy()
    await send()
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']))
    expect(screen.getByText('valid: false')).toBeTruthy()
    expect(values()).toEqual(['Ada Lovelace', 'x@blocked.example', 'bug', 'My invoice is wrong twice.'])
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(callsOf('contact.submit')).toBe(1)
    expect(server.api.db.contactMessages).toEqual([])
  })

  test('shows a form-level (__all__) error after submit', async () => {
    await showForm()
    await fill({ Message: 'Buy cheap spam here, now.' })
    await send()
    expect((await screen.findByRole('alert')).textContent).toBe('This message looks like spam.')
    for (const label of ['Name', 'Email', 'Topic', 'Message']) expect(errorsOf(label)).toEqual([])
    expect(input('Message').value).toBe('Buy cheap spam here, now.')
  })

  test('shows the result on success and resets the fields to their initial values', async () => {
    await showForm()
    await fill()
    await choose('billing')
    await send()
    expect((await screen.findByRole('status')).textContent).toBe('Ticket #1 for Ada Lovelace')
    expect(values()).toEqual(['', '', 'general', ''])
    expect(screen.queryAllByText((_, el) => el.className === 'error')).toEqual([])
    expect(server.api.db.contactMessages).toEqual([
      { ticket: 1, name: 'Ada Lovelace', email: 'ada@example.com', topic: 'billing', message: 'My invoice is wrong twice.' },
    ])
    expect(server.requests.map((r) => r.fn)).toEqual(['contact.schema', 'contact.submit'])
  })

  test('value= and oninput with form.set: the store holds what was typed, and a set() by code reaches the input', async () => {
    kernel = clientKernel(server)
    const contact = mizanForm(kernel, 'contact')
    await showForm({ form: contact })
    await type('Email', 'ada@example.com')
    await choose('bug')
    expect(get(contact).values).toEqual({ name: '', email: 'ada@example.com', topic: 'bug', message: '' })
    contact.set('email', 'grace@example.com')
    contact.set('topic', 'billing')
    await waitFor(() => expect(input('Email').value).toBe('grace@example.com'))
    expect(input('Topic').value).toBe('billing')
    contact.reset()
    await waitFor(() => expect(values()).toEqual(['', '', 'general', '']))
    expect(callsOf('contact.schema')).toBe(1)
    contact.dispose()
  })
})

describe('the store', () => {
  test('subscribers see each change; values survive resubscription', async () => {
    kernel = clientKernel(server)
    const contact = mizanForm(kernel, 'contact')
    const states = []
    let off = contact.subscribe((s) => states.push(s))
    expect(states[0]).toMatchObject({ schema: null, isValid: false })
    await waitFor(() => expect(states.at(-1).schema?.name).toBe('contact'))
    contact.set('email', 'ada@example.com')
    expect(states.at(-1).values).toEqual({ name: '', email: 'ada@example.com', topic: 'general', message: '' })
    off()
    off = contact.subscribe((s) => states.push(s))
    expect(states.at(-1).values.email).toBe('ada@example.com')
    off()
    contact.dispose()
    expect(callsOf('contact.schema')).toBe(1)
  })

  test('on a server kernel, subscribing shows the state and calls nothing', async () => {
    kernel = createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: true })
    const bare = mizanForm(kernel, 'contact')
    expect(get(bare)).toMatchObject({ schema: null, values: {}, isValid: false })
    // With the generated fields, a server render shows the form and its initial values.
    render(ContactForm, { kernel, fields: CONTACT_FORM.fields })
    const form = screen.getByRole('form', { name: 'Contact us' })
    expect(within(form).getAllByRole('group')).toHaveLength(4)
    expect(values()).toEqual(['', '', 'general', ''])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(server.requests).toEqual([])
  })
})
