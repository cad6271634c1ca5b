// The scenarios of the form `contact` (examples/server/board_api.js,
// PROTOCOL.md §10) that every adapter's forms test runs the same way: the
// form drawn from `contact.schema`, the client error on blur, H13, live
// validation, the server's own rule on submit, __all__, success with a reset.
// Each adapter renders its own ContactForm, as an app writes it: every field
// of the schema in field_order in a group "<label> field", its errors as
// `p.error`, its help text, the __all__ errors as role=alert, "valid: …" and
// "validating: …", the result as role=status, the submit button; "Loading
// form…" until the schema is there. It also brings its Testing Library,
// whose fireEvent waits for the framework's re-render.
import { expect, it } from 'vitest'

const GOOD = { Name: 'Ada Lovelace', Email: 'ada@example.com', Message: 'My invoice is wrong twice.' }
const LABELS = ['Name', 'Email', 'Topic', 'Message']

/**
 * The helpers over the adapter's rendered ContactForm, by field label.
 *
 * @param {object} options
 * @param {any} options.server the board server, from useBoardServer()
 * @param {any} options.testing the adapter's Testing Library: fireEvent, screen, waitFor, within
 * @param {(props?: object) => any} options.mount renders the adapter's ContactForm
 * @param {(element: HTMLElement, value: string) => unknown} options.typeInto how a user's typing reaches an input or a textarea
 */
export function contactFormPage({ server, testing, mount, typeInto }) {
  const { fireEvent, screen, within } = testing
  const input = (label) => screen.getByLabelText(label)
  const type = (label, value) => typeInto(input(label), value)
  return {
    server,
    testing,
    mount,
    GOOD,
    input,
    type,
    /** The errors shown under one field. */
    errorsOf: (label) =>
      within(screen.getByRole('group', { name: `${label} field` }))
        .queryAllByText((_, el) => el.className === 'error')
        .map((e) => e.textContent),
    /** Every field error shown. */
    shownErrors: () => screen.queryAllByText((_, el) => el.className === 'error'),
    leave: (label) => fireEvent.blur(input(label)),
    choose: (topic) => fireEvent.change(input('Topic'), { target: { value: topic } }),
    send: () => fireEvent.click(screen.getByRole('button', { name: 'Send' })),
    /** The four fields' values, in field_order. */
    values: () => LABELS.map((label) => input(label).value),
    /** GOOD with `values` over it, typed field by field. */
    async fill(values) {
      for (const [label, value] of Object.entries({ ...GOOD, ...values })) await type(label, value)
    },
    callsOf: (fn) => server.requests.filter((r) => r.fn === fn).length,
    /** Renders the form and waits for the schema. */
    async showForm(props) {
      mount(props)
      return screen.findByRole('form', { name: 'Contact us' })
    },
  }
}

/**
 * Registers the shared scenarios, in the caller's describe.
 *
 * @param {ReturnType<typeof contactFormPage>} page
 * @param {{ submitting?: boolean[] }} [options] submitting: where the adapter's form logs isSubmitting at each render (React)
 */
export function contactFormCases(page, { submitting } = {}) {
  const { server, testing, mount, input, type, errorsOf, shownErrors, leave, choose, send, values, fill, callsOf, showForm } = page
  const { screen, waitFor, within } = testing

  it("renders the server's schema: labels and fields in field_order, initial values", async () => {
    mount()
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
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy()
    // Nothing shows as an error before the user has done anything.
    expect(shownErrors()).toEqual([])
    expect(server.requests.map((r) => r.fn)).toEqual(['contact.schema'])
  })

  it('shows the client error of a bad email on blur, before any submit, and asks the server nothing', async () => {
    await showForm()
    await type('Email', 'ada@')
    expect(errorsOf('Email')).toEqual([]) // typing alone shows nothing
    await leave('Email')
    expect(errorsOf('Email')).toEqual(['Enter a valid email address.'])
    expect(errorsOf('Name')).toEqual([]) // untouched fields stay quiet
    // The live validation's debounce runs out without a request: a value the client rejects is not sent.
    await waitFor(() => expect(screen.getByText('validating: false')).toBeTruthy(), { timeout: 2000 })
    expect(callsOf('contact.submit')).toBe(0)
    expect(callsOf('contact.validate')).toBe(0)
    // Fixing the value clears the error at once.
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
    await type('Name', '   ')
    expect(screen.getByText('valid: false')).toBeTruthy()
  })

  it("validates a field on the server after blur (live validation): the server's own rule shows without a submit", async () => {
    await showForm()
    await type('Email', 'x@blocked.example')
    await leave('Email')
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']), { timeout: 2000 })
    expect(callsOf('contact.validate')).toBe(1)
    expect(callsOf('contact.submit')).toBe(0)
    // Editing the field drops the server's error at once.
    await type('Email', 'x@example.com')
    expect(errorsOf('Email')).toEqual([])
  })

  it("shows the server-only rule's error under the email after submit, keeping the values", async () => {
    await showForm()
    await fill({ Email: 'x@blocked.example' })
    await choose('bug')
    expect(screen.getByText('valid: true')).toBeTruthy() // the client sees nothing wrong
    await send()
    await waitFor(() => expect(errorsOf('Email')).toEqual(['We do not accept messages from this domain.']))
    expect(screen.getByText('valid: false')).toBeTruthy()
    expect(values()).toEqual(['Ada Lovelace', 'x@blocked.example', 'bug', 'My invoice is wrong twice.'])
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
    for (const label of LABELS) expect(errorsOf(label)).toEqual([])
    expect(input('Message').value).toBe('Buy cheap spam here, now.')
    expect(screen.getByText('valid: false')).toBeTruthy()
    // Fixing the message and sending again clears it.
    await type('Message', 'Buy cheap tickets here, now.')
    await send()
    await screen.findByRole('status')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows the result on success and resets the fields to their initial values', async () => {
    await showForm()
    await fill()
    await choose('billing')
    if (submitting) submitting.length = 0
    await send()
    expect((await screen.findByRole('status')).textContent).toBe('Ticket #1 for Ada Lovelace')
    if (submitting) {
      expect(submitting).toContain(true)
      expect(submitting.at(-1)).toBe(false)
    }
    expect(values()).toEqual(['', '', 'general', ''])
    // Reset: nothing shows as an error, though the empty fields are not valid.
    expect(shownErrors()).toEqual([])
    expect(screen.getByText('valid: false')).toBeTruthy()
    expect(server.api.db.contactMessages).toEqual([
      { ticket: 1, name: 'Ada Lovelace', email: 'ada@example.com', topic: 'billing', message: 'My invoice is wrong twice.' },
    ])
    expect(server.requests.map((r) => r.fn)).toEqual(['contact.schema', 'contact.submit'])
  })
}
