// mizanForm (mizan-kernel/svelte/forms) in a Svelte 5 component and through
// the store contract, over the real wasm kernel and the reference server's
// form `contact` (examples/server/board_api.js, PROTOCOL.md §10). The
// scenarios all adapters share are in ../contact_form_cases.js.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { get } from 'svelte/store'
import { afterEach, describe, expect, test } from 'vitest'
import { mizanForm } from '../../../adapters/svelte/forms.js'
import { CONTACT_FORM } from '../../../examples/server/board_api.js'
import { createKernel } from '../../../js/index.js'
import ContactForm from './ContactForm.svelte'
import { useBoardServer } from '../board_server.js'
import { contactFormCases, contactFormPage } from '../contact_form_cases.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
let kernel
afterEach(() => {
  cleanup()
  kernel?.dispose()
  kernel = undefined
})

const page = contactFormPage({
  server,
  testing: { fireEvent, screen, waitFor, within },
  mount: (props = {}) => {
    kernel ??= clientKernel(server)
    return render(ContactForm, { kernel, ...props })
  },
  typeInto: (element, value) => fireEvent.input(element, { target: { value } }),
})
const { input, type, choose, values, callsOf, showForm } = page

describe('in a component', () => {
  contactFormCases(page)

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
