// useForm (mizan-kernel/react/forms) over the real wasm kernel, against the
// reference server's form `contact` (examples/server/board_api.js,
// PROTOCOL.md §10): the form drawn from `contact.schema`, client errors on
// blur, live validation, the server's own rules on submit, and success.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MizanContext } from '../../../adapters/react/index.js'
import { defineForm, useForm } from '../../../adapters/react/forms.js'
import { useBoardServer } from '../board_server.js'
import { calls, clientKernel } from './helpers.js'

const server = useBoardServer()
let kernel
beforeEach(() => {
  kernel = clientKernel(server)
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  kernel.dispose()
})

const withKernel = (ui) => <MizanContext kernel={kernel}>{ui}</MizanContext>
const callsOf = (fn) => calls(server).filter((f) => f === fn).length

// The form as an app writes it: every field of the schema, in field_order,
// with its label, its first error (field().error) and its help text;
// noValidate: the form shows its own errors, the browser's checks stay out.
// `log` collects isSubmitting at each render.
function ContactForm({ log = [] }) {
  const { schema, field, formErrors, isValid, isValidating, isSubmitting, result, handleSubmit } = useForm('contact')
  log.push(isSubmitting)
  if (!schema) return <p>Loading form…</p>
  return (
    <form aria-label={schema.title} noValidate onSubmit={handleSubmit}>
      {schema.field_order.map((name) => {
        const definition = schema.fields[name]
        const { error, ...props } = field(name)
        return (
          <div key={name} role="group" aria-label={`${definition.label} field`}>
            <label htmlFor={name}>{definition.label}</label>
            {definition.widget === 'select' ? (
              <select id={name} {...props}>
                {definition.choices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            ) : definition.widget === 'textarea' ? (
              <textarea id={name} {...props} />
            ) : (
              <input id={name} type={definition.widget === 'email' ? 'email' : 'text'} {...props} />
            )}
            {error && <p className="error">{error}</p>}
            {definition.help_text && <small>{definition.help_text}</small>}
          </div>
        )
      })}
      {formErrors.length > 0 && (
        <div role="alert">
          {formErrors.map((e) => (
            <p key={e.message}>{e.message}</p>
          ))}
        </div>
      )}
      <p>valid: {String(isValid)}</p>
      <p>validating: {String(isValidating)}</p>
      {result && (
        <p role="status">
          Ticket #{result.ticket} for {result.name}
        </p>
      )}
      <button type="submit">{schema.submit_label}</button>
    </form>
  )
}

const input = (label) => screen.getByLabelText(label)
const errorsOf = (label) =>
  [...within(screen.getByRole('group', { name: `${label} field` })).queryAllByText((_, el) => el.className === 'error')].map((e) => e.textContent)
const type = (label, value) => fireEvent.change(input(label), { target: { value } })
const leave = (label) => fireEvent.blur(input(label))
const GOOD = { Name: 'Ada Lovelace', Email: 'ada@example.com', Message: 'My invoice is wrong twice.' }
function fill(values) {
  for (const [label, value] of Object.entries({ ...GOOD, ...values })) type(label, value)
}
async function showForm(ui = <ContactForm />) {
  render(withKernel(ui))
  return screen.findByRole('form', { name: 'Contact us' })
}

describe('useForm', () => {
  it("renders the server's schema: labels and fields in field_order, initial values", async () => {
    const form = await showForm()
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
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy()
    // Nothing shows as an error before the user has done anything.
    expect(screen.queryAllByText((_, el) => el.className === 'error')).toEqual([])
    expect(calls(server)).toEqual(['contact.schema'])
  })

  it('shows the client error of a bad email on blur, before any submit, and asks the server nothing', async () => {
    await showForm()
    type('Email', 'ada@')
    expect(errorsOf('Email')).toEqual([]) // typing alone shows nothing
    leave('Email')
    expect(errorsOf('Email')).toEqual(['Enter a valid email address.'])
    expect(errorsOf('Name')).toEqual([]) // untouched fields stay quiet
    // The live validation's debounce runs out without a request: a value the client rejects is not sent.
    await waitFor(() => expect(screen.getByText('validating: false')).toBeTruthy(), { timeout: 2000 })
    expect(callsOf('contact.submit')).toBe(0)
    expect(callsOf('contact.validate')).toBe(0)
    // Fixing the value clears the error at once.
    type('Email', 'ada@example.com')
    expect(errorsOf('Email')).toEqual([])
  })

  it('is not valid until every required field holds a valid value (H13)', async () => {
    await showForm()
    expect(screen.getByText('valid: false')).toBeTruthy()
    type('Name', 'Ada')
    expect(screen.getByText('valid: false')).toBeTruthy()
    type('Email', 'ada@example.com')
    expect(screen.getByText('valid: false')).toBeTruthy()
    type('Message', 'too short')
    expect(screen.getByText('valid: false')).toBeTruthy()
    type('Message', 'Long enough now.')
    expect(screen.getByText('valid: true')).toBeTruthy()
    type('Name', '   ')
    expect(screen.getByText('valid: false')).toBeTruthy()
  })

  it("validates a field on the server after blur (live validation): the server's own rule shows without a submit", async () => {
    await showForm()
    type('Email', 'x@blocked.example')
    leave('Email')
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']), { timeout: 2000 })
    expect(callsOf('contact.validate')).toBe(1)
    expect(callsOf('contact.submit')).toBe(0)
    // Editing the field drops the server's error at once.
    type('Email', 'x@example.com')
    expect(errorsOf('Email')).toEqual([])
  })

  it("shows the server-only rule's error under the email after submit, keeping the values", async () => {
    await showForm()
    fill({ Email: 'x@blocked.example' })
    fireEvent.change(input('Topic'), { target: { value: 'bug' } })
    expect(screen.getByText('valid: true')).toBeTruthy() // the client sees nothing wrong
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']))
    expect(screen.getByText('valid: false')).toBeTruthy()
    expect(input('Name').value).toBe('Ada Lovelace')
    expect(input('Email').value).toBe('x@blocked.example')
    expect(input('Topic').value).toBe('bug')
    expect(input('Message').value).toBe('My invoice is wrong twice.')
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(callsOf('contact.submit')).toBe(1)
    expect(server.api.db.contactMessages).toEqual([])
  })

  it('shows a form-level (__all__) error after submit', async () => {
    await showForm()
    fill({ Message: 'Buy cheap spam here, now.' })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('This message looks like spam.')
    for (const label of ['Name', 'Email', 'Topic', 'Message']) expect(errorsOf(label)).toEqual([])
    expect(input('Message').value).toBe('Buy cheap spam here, now.')
    expect(screen.getByText('valid: false')).toBeTruthy()
    // Fixing the message and sending again clears it.
    type('Message', 'Buy cheap tickets here, now.')
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await screen.findByRole('status')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows the result on success and resets the fields to their initial values', async () => {
    const submitting = []
    await showForm(<ContactForm log={submitting} />)
    fill()
    fireEvent.change(input('Topic'), { target: { value: 'billing' } })
    submitting.length = 0
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect((await screen.findByRole('status')).textContent).toBe('Ticket #1 for Ada Lovelace')
    expect(submitting).toContain(true)
    expect(submitting.at(-1)).toBe(false)
    expect([input('Name').value, input('Email').value, input('Topic').value, input('Message').value]).toEqual(['', '', 'general', ''])
    // Reset: nothing shows as an error, though the empty fields are not valid.
    expect(screen.queryAllByText((_, el) => el.className === 'error')).toEqual([])
    expect(screen.getByText('valid: false')).toBeTruthy()
    expect(server.api.db.contactMessages).toEqual([
      { ticket: 1, name: 'Ada Lovelace', email: 'ada@example.com', topic: 'billing', message: 'My invoice is wrong twice.' },
    ])
    expect(calls(server)).toEqual(['contact.schema', 'contact.submit'])
  })

  it('does not send a submit the client rejects: every field shows its errors', async () => {
    await showForm()
    type('Email', 'ada@')
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(errorsOf('Name')).toEqual(['This field is required.']))
    expect(errorsOf('Email')).toEqual(['Enter a valid email address.'])
    expect(errorsOf('Message')).toEqual(['This field is required.'])
    expect(errorsOf('Topic')).toEqual([])
    expect(callsOf('contact.submit')).toBe(0)
  })
})

describe('field()', () => {
  it('drives a controlled <input> and <select> under StrictMode, with one schema load', async () => {
    function Controlled() {
      const { schema, field, values } = useForm('contact')
      if (!schema) return <p>Loading form…</p>
      const { error: _email, ...email } = field('email')
      const { error: _topic, ...topic } = field('topic')
      return (
        <section aria-label="controlled">
          <input aria-label="Email" {...email} />
          <select aria-label="Topic" {...topic}>
            <option value="general">General</option>
            <option value="billing">Billing</option>
          </select>
          <output>{JSON.stringify(values)}</output>
        </section>
      )
    }
    render(
      <StrictMode>
        {withKernel(
          <>
            <Controlled />
            <ContactForm />
          </>,
        )}
      </StrictMode>,
    )
    const form = await screen.findByRole('form', { name: 'Contact us' })
    const controlled = within(await screen.findByRole('region', { name: 'controlled' }))
    const email = controlled.getByRole('textbox', { name: 'Email' })
    const topic = controlled.getByRole('combobox', { name: 'Topic' })
    expect(topic.value).toBe('general')
    fireEvent.change(email, { target: { value: 'ada@example.com' } })
    fireEvent.change(topic, { target: { value: 'billing' } })
    expect(email.value).toBe('ada@example.com')
    expect(topic.value).toBe('billing')
    expect(JSON.parse(controlled.getByRole('status').textContent)).toEqual({ name: '', email: 'ada@example.com', topic: 'billing', message: '' })
    // Each useForm is its own form: the other one did not change.
    expect(within(form).getByLabelText('Email').value).toBe('')
    // The store survived StrictMode's unmount and remount: it still submits.
    for (const [label, value] of Object.entries(GOOD)) fireEvent.change(within(form).getByLabelText(label), { target: { value } })
    fireEvent.click(within(form).getByRole('button', { name: 'Send' }))
    expect((await within(form).findByRole('status')).textContent).toBe('Ticket #1 for Ada Lovelace')
    expect(callsOf('contact.schema')).toBe(1)
  })

  it('takes a bare value as well as an event, and keeps inputs controlled before the schema arrives', async () => {
    const error = vi.spyOn(console, 'error')
    let form
    function Early() {
      form = useForm('contact')
      const { error: _error, ...email } = form.field('email')
      return (
        <>
          <input aria-label="Email" {...email} />
          <p>{form.schema ? 'loaded' : 'loading'}</p>
        </>
      )
    }
    render(withKernel(<Early />))
    await screen.findByText('loaded')
    const email = screen.getByLabelText('Email')
    fireEvent.change(email, { target: { value: 'ada@example.com' } })
    expect(email.value).toBe('ada@example.com')
    form.field('email').onChange('grace@example.com') // a value, as from a custom component
    await waitFor(() => expect(email.value).toBe('grace@example.com'))
    expect(error.mock.calls.map((args) => String(args[0])).filter((m) => /uncontrolled/.test(m))).toEqual([])
  })

  it('drops a live validation still waiting when the form unmounts', async () => {
    const { unmount } = render(withKernel(<ContactForm />))
    await screen.findByRole('form', { name: 'Contact us' })
    type('Email', 'x@blocked.example')
    leave('Email')
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 450)) // past the 300 ms debounce
    expect(callsOf('contact.validate')).toBe(0)
  })
})

describe('defineForm', () => {
  it('binds a hook to one form, with its fields known before the schema arrives', async () => {
    const { CONTACT_FORM } = await import('../../../examples/server/board_api.js')
    const useContactForm = defineForm('contact', { fields: CONTACT_FORM.fields })
    const first = []
    function Generated() {
      const { values, isValid, errors } = useContactForm()
      first.push(values)
      return (
        <p>
          {values.topic} {String(isValid)} {Object.keys(errors).length}
        </p>
      )
    }
    render(withKernel(<Generated />))
    // The first render already has the initial values, from the generated fields.
    expect(first[0]).toEqual({ name: '', email: '', topic: 'general', message: '' })
    expect(screen.getByText('general false 0')).toBeTruthy()
    await waitFor(() => expect(callsOf('contact.schema')).toBe(1))
  })
})
