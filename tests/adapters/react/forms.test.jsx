// useForm (mizan-kernel/react/forms) over the real wasm kernel, against the
// reference server's form `contact` (examples/server/board_api.js,
// PROTOCOL.md §10): the form drawn from `contact.schema`, client errors on
// blur, live validation, the server's own rules on submit, and success
// (the scenarios all adapters share are in ../contact_form_cases.js).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MizanContext } from '../../../adapters/react/index.js'
import { defineForm, useForm } from '../../../adapters/react/forms.js'
import { useBoardServer, useClientKernel } from '../board_server.js'
import { contactFormCases, contactFormPage } from '../contact_form_cases.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const kernel = useClientKernel(server, clientKernel, cleanup)
afterEach(() => vi.restoreAllMocks())

const withKernel = (ui) => <MizanContext kernel={kernel()}>{ui}</MizanContext>

// isSubmitting as each render of a ContactForm saw it.
const submitting = []

// The form as an app writes it: every field of the schema, in field_order,
// with its label, its first error (field().error) and its help text;
// noValidate: the form shows its own errors, the browser's checks stay out.
function ContactForm() {
  const { schema, field, formErrors, isValid, isValidating, isSubmitting, result, handleSubmit } = useForm('contact')
  submitting.push(isSubmitting)
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

const page = contactFormPage({
  server,
  testing: { fireEvent, screen, waitFor, within },
  mount: () => render(withKernel(<ContactForm />)),
  typeInto: (element, value) => fireEvent.change(element, { target: { value } }),
})
const { GOOD, type, errorsOf, leave, send, callsOf, showForm } = page

describe('useForm', () => {
  contactFormCases(page, { submitting })

  it('does not send a submit the client rejects: every field shows its errors', async () => {
    await showForm()
    type('Email', 'ada@')
    send()
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
    const { unmount } = page.mount()
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
