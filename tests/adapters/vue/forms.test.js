// useForm (mizan-kernel/vue/forms) in mounted components, over the real wasm
// kernel and the reference server's form `contact` (examples/server/board_api.js,
// PROTOCOL.md §10). The components are templates compiled at run time, so
// `v-model="values.email"` is exactly what an app writes.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createMizan } from '../../../adapters/vue/index.js'
import { useForm } from '../../../adapters/vue/forms.js'
import { CONTACT_FORM } from '../../../examples/server/board_api.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
let kernel
beforeEach(() => {
  kernel = clientKernel(server)
})
afterEach(() => {
  cleanup()
  kernel.dispose()
})

const withKernel = (k = kernel) => ({ global: { plugins: [createMizan({ kernel: k })] } })
const callsOf = (fn) => server.requests.filter((r) => r.fn === fn).length

// The form as an app writes it: every field of the schema, in field_order,
// with v-model on `values`, touch on blur, its errors and help text.
// novalidate: the form shows its own errors, the browser's checks stay out.
const ContactForm = defineComponent({
  setup() {
    const form = useForm('contact')
    const send = () => form.submit().catch(() => {}) // the errors are in the state
    return { ...form, send }
  },
  template: `
    <p v-if="!schema">Loading form…</p>
    <form v-else :aria-label="schema.title" novalidate @submit.prevent="send">
      <div v-for="name in schema.field_order" :key="name" role="group" :aria-label="schema.fields[name].label + ' field'">
        <label :for="name">{{ schema.fields[name].label }}</label>
        <select v-if="schema.fields[name].widget === 'select'" :id="name" v-model="values[name]" @blur="touch(name)">
          <option v-for="choice in schema.fields[name].choices" :key="choice.value" :value="choice.value">{{ choice.label }}</option>
        </select>
        <textarea v-else-if="schema.fields[name].widget === 'textarea'" :id="name" v-model="values[name]" @blur="touch(name)"></textarea>
        <input v-else :id="name" :type="schema.fields[name].widget === 'email' ? 'email' : 'text'" v-model="values[name]" @blur="touch(name)">
        <p v-for="e in errors[name] ?? []" :key="e.message" class="error">{{ e.message }}</p>
        <small v-if="schema.fields[name].help_text">{{ schema.fields[name].help_text }}</small>
      </div>
      <div v-if="formErrors.length > 0" role="alert">
        <p v-for="e in formErrors" :key="e.message">{{ e.message }}</p>
      </div>
      <p>valid: {{ isValid }}</p>
      <p>validating: {{ isValidating }}</p>
      <p v-if="result" role="status">Ticket #{{ result.ticket }} for {{ result.name }}</p>
      <button type="submit">{{ schema.submit_label }}</button>
    </form>`,
})

const input = (label) => screen.getByLabelText(label)
const errorsOf = (label) =>
  within(screen.getByRole('group', { name: `${label} field` }))
    .queryAllByText((_, el) => el.className === 'error')
    .map((e) => e.textContent)
const type = (label, value) => fireEvent.update(input(label), value)
const leave = (label) => fireEvent.blur(input(label))
const GOOD = { Name: 'Ada Lovelace', Email: 'ada@example.com', Message: 'My invoice is wrong twice.' }
async function fill(values) {
  for (const [label, value] of Object.entries({ ...GOOD, ...values })) await type(label, value)
}
const send = () => fireEvent.click(screen.getByRole('button', { name: 'Send' }))
async function showForm() {
  render(ContactForm, withKernel())
  return screen.findByRole('form', { name: 'Contact us' })
}

describe('useForm', () => {
  it("renders the server's schema: labels and fields in field_order, initial values", async () => {
    expect(render(ContactForm, withKernel()).getByText('Loading form…')).toBeTruthy()
    const form = await screen.findByRole('form', { name: 'Contact us' })
    expect(
      within(form)
        .getAllByRole('group')
        .map((g) => g.getAttribute('aria-label')),
    ).toEqual(['Name field', 'Email field', 'Topic field', 'Message field'])
    expect(input('Name').value).toBe('')
    expect(input('Email').type).toBe('email')
    expect(input('Topic').tagName).toBe('SELECT')
    expect(input('Topic').value).toBe('general')
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

  it('shows the client error of a bad email on blur, before any submit, and asks the server nothing', async () => {
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

  it('is not valid until every required field holds a valid value (H13)', async () => {
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

  it("validates a field on the server after blur (live validation): the server's own rule shows without a submit", async () => {
    await showForm()
    await type('Email', 'x@blocked.example')
    await leave('Email')
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']), { timeout: 2000 })
    expect(server.requests.find((r) => r.fn === 'contact.validate')).toBeTruthy()
    expect(callsOf('contact.submit')).toBe(0)
  })

  it("shows the server-only rule's error under the email after submit, keeping the values", async () => {
    await showForm()
    await fill({ Email: 'x@blocked.example' })
    await fireEvent.update(input('Topic'), 'bug')
    expect(screen.getByText('valid: true')).toBeTruthy()
    await send()
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']))
    expect(screen.getByText('valid: false')).toBeTruthy()
    expect([input('Name').value, input('Email').value, input('Topic').value, input('Message').value]).toEqual([
      'Ada Lovelace',
      'x@blocked.example',
      'bug',
      'My invoice is wrong twice.',
    ])
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(callsOf('contact.submit')).toBe(1)
    expect(server.api.db.contactMessages).toEqual([])
  })

  it('shows a form-level (__all__) error after submit', async () => {
    await showForm()
    await fill({ Message: 'Buy cheap spam here, now.' })
    await send()
    expect((await screen.findByRole('alert')).textContent).toBe('This message looks like spam.')
    for (const label of ['Name', 'Email', 'Topic', 'Message']) expect(errorsOf(label)).toEqual([])
    expect(input('Message').value).toBe('Buy cheap spam here, now.')
  })

  it('shows the result on success and resets the fields to their initial values', async () => {
    await showForm()
    await fill()
    await fireEvent.update(input('Topic'), 'billing')
    await send()
    expect((await screen.findByRole('status')).textContent).toBe('Ticket #1 for Ada Lovelace')
    expect([input('Name').value, input('Email').value, input('Topic').value, input('Message').value]).toEqual(['', '', 'general', ''])
    expect(screen.queryAllByText((_, el) => el.className === 'error')).toEqual([])
    expect(server.api.db.contactMessages).toEqual([
      { ticket: 1, name: 'Ada Lovelace', email: 'ada@example.com', topic: 'billing', message: 'My invoice is wrong twice.' },
    ])
    expect(server.requests.map((r) => r.fn)).toEqual(['contact.schema', 'contact.submit'])
  })
})

// One field with v-model="values.email", as the docs show it.
const EmailField = defineComponent({
  setup: () => useForm('contact'),
  template: `
    <input aria-label="Email" v-model="values.email" @blur="touch('email')">
    <p v-for="e in errors.email ?? []" :key="e.message" class="error">{{ e.message }}</p>
    <output>{{ JSON.stringify(values) }}</output>
    <button @click="set('email', 'grace@example.com')">Grace</button>`,
})

describe('values', () => {
  it('works with v-model="values.email" both ways', async () => {
    render(EmailField, withKernel())
    const email = screen.getByLabelText('Email')
    await waitFor(() => expect(JSON.parse(screen.getByRole('status').textContent)).toEqual({ name: '', email: '', topic: 'general', message: '' }))
    await fireEvent.update(email, 'ada@')
    await fireEvent.blur(email)
    expect(screen.getByText('Enter a valid email address.')).toBeTruthy()
    await fireEvent.update(email, 'ada@example.com')
    expect(screen.queryByText('Enter a valid email address.')).toBeNull()
    expect(JSON.parse(screen.getByRole('status').textContent).email).toBe('ada@example.com')
    // A value set by code reaches the input.
    await fireEvent.click(screen.getByRole('button', { name: 'Grace' }))
    expect(email.value).toBe('grace@example.com')
    expect(callsOf('contact.schema')).toBe(1)
  })

  it('drops a live validation still waiting when the component unmounts', async () => {
    const { unmount } = render(EmailField, withKernel())
    await waitFor(() => expect(callsOf('contact.schema')).toBe(1))
    await fireEvent.update(screen.getByLabelText('Email'), 'x@blocked.example')
    await fireEvent.blur(screen.getByLabelText('Email'))
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 450)) // past the 300 ms debounce
    expect(callsOf('contact.validate')).toBe(0)
  })

  it('renders on the server from the generated fields, calling nothing', async () => {
    const Generated = defineComponent({
      setup: () => useForm('contact', { fields: CONTACT_FORM.fields }),
      template: `<select aria-label="Topic" v-model="values.topic"><option value="general">General</option><option value="bug">Bug</option></select><p>{{ values.topic }} {{ isValid }}</p>`,
    })
    const serverKernel = createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: true })
    const html = await renderToString(createSSRApp(Generated).use(createMizan({ kernel: serverKernel })))
    expect(html).toContain('<option value="general" selected>General</option>')
    expect(html).toContain('<p>general false</p>')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(server.requests).toEqual([])
    serverKernel.dispose()
  })
})
