// The form `contact` (PROTOCOL.md §10) in the three demo apps, in Chromium:
// each app draws it from `contact.schema` through the generated
// useContactForm(), checks a field with Zod when the user
// leaves it, and shows the server's own verdicts (a blocked email domain,
// spam) where they belong. Requests are counted on the server (the demo's
// reference API), so "not sent" means no request left the browser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APPS } from '../../examples/server/demo.js'
import { SHOTS, useDemoInChromium } from './support/demo_session.js'
import { browserRequests, watchProblems } from './support/framework_app.js'

const session = useDemoInChromium()

// The form's calls the browser made, in order: { fn, status }.
const formCalls = () =>
  browserRequests(session.demo.api)
    .filter((r) => r.fn?.startsWith('contact.'))
    .map(({ fn, status }) => ({ fn, status }))
const sent = (fn) => formCalls().filter((c) => c.fn === fn)

describe.each(APPS)('%s app: contact form', (app) => {
  let page
  let problems // console errors and warnings, uncaught errors
  let form
  beforeEach(async () => {
    session.demo.api.reset()
    page = await session.browser.newPage()
    problems = watchProblems(page)
    await page.goto(`${session.demo.url}/${app}/`)
    await page.getByTestId('board-1-cards').locator('li').first().waitFor()
    form = page.getByTestId('contact-form')
    await form.getByLabel('Message').waitFor()
  })
  afterEach(async () => {
    await page.close()
    expect(problems).toEqual([])
  })

  const field = (label) => form.getByLabel(label, { exact: true })
  const errorsOf = (name) => page.getByTestId(`error-${name}`).locator('p').allTextContents()
  const values = async () => ({
    name: await field('Name').inputValue(),
    email: await field('Email').inputValue(),
    topic: await field('Topic').inputValue(),
    message: await field('Message').inputValue(),
  })
  const fillValid = async (overrides = {}) => {
    const v = { name: 'Ada', email: 'ada@example.com', topic: 'bug', message: 'The board forgets my cards.', ...overrides }
    await field('Name').fill(v.name)
    await field('Email').fill(v.email)
    await field('Topic').selectOption(v.topic)
    await field('Message').fill(v.message)
    return v
  }
  // The browser logs a refused POST (400) itself: expected when the server refuses the form.
  const expectRefusals = () => (problems = problems.filter((p) => !p.includes('status of 400')))

  it('is drawn from contact.schema: its fields in order, labelled, with their widgets and choices', async () => {
    expect(await form.locator('label').allTextContents()).toEqual(['Name', 'Email', 'Topic', 'Message'])
    const controls = await form.locator('input, select, textarea').evaluateAll((els) => els.map((e) => [e.tagName.toLowerCase(), e.name, e.type]))
    expect(controls).toEqual([
      ['input', 'name', 'text'],
      ['input', 'email', 'email'],
      ['select', 'topic', 'select-one'],
      ['textarea', 'message', 'textarea'],
    ])
    expect(await field('Topic').locator('option').allTextContents()).toEqual(['General question', 'Billing', 'Bug report'])
    expect(await values()).toEqual({ name: '', email: '', topic: 'general', message: '' })
    expect(await form.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true)
    expect(sent('contact.schema')).toEqual([{ fn: 'contact.schema', status: 200 }])
  })

  it('a bad email shows its error when the user leaves the field, and nothing is submitted', async () => {
    const email = field('Email')
    await email.click()
    await email.pressSequentially('ada@nowhere')
    expect(await page.getByTestId('error-email').count()).toBe(0) // not before the user leaves the field
    await email.press('Tab')
    await page.getByTestId('error-email').waitFor()
    expect(await page.getByTestId('error-email').isVisible()).toBe(true)
    expect(await errorsOf('email')).toEqual(['Enter a valid email address.'])
    expect(await email.getAttribute('aria-invalid')).toBe('true')
    // Untouched fields show nothing yet.
    expect(await page.getByTestId('error-name').count()).toBe(0)
    // Past the live validation's debounce: a value the client refuses is not sent either.
    await page.waitForTimeout(600)
    expect(sent('contact.submit')).toEqual([])
    expect(sent('contact.validate')).toEqual([])
    expect(await values()).toMatchObject({ email: 'ada@nowhere' })
  })

  it('live validation: leaving a field the client accepts asks contact.validate, whose server-only error shows', async () => {
    const email = field('Email')
    await email.fill('ada@blocked.example')
    await email.press('Tab')
    await expect.poll(() => errorsOf('email')).toEqual(['We do not accept messages from this domain.'])
    expect(sent('contact.validate')).toEqual([{ fn: 'contact.validate', status: 200 }])
    expect(sent('contact.submit')).toEqual([])
  })

  it('the server refuses a blocked domain under the email field, keeps the values, then accepts the fixed form and resets it', async () => {
    const entered = await fillValid({ email: 'ada@blocked.example' })
    await form.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => errorsOf('email')).toEqual(['We do not accept messages from this domain.'])
    expect(sent('contact.submit')).toEqual([{ fn: 'contact.submit', status: 400 }])
    expect(await values()).toEqual(entered)
    expect(await page.getByTestId('contact-result').count()).toBe(0)
    expect(await page.getByTestId('form-errors').count()).toBe(0)
    expectRefusals()

    // Editing the field clears the server's error; the next submit is accepted.
    await field('Email').fill('ada@example.com')
    await expect.poll(() => page.getByTestId('error-email').count()).toBe(0)
    await form.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => page.getByTestId('contact-result').textContent()).toBe('Thanks Ada, ticket #1')
    expect(sent('contact.submit')).toEqual([
      { fn: 'contact.submit', status: 400 },
      { fn: 'contact.submit', status: 200 },
    ])
    expect(session.demo.api.db.contactMessages).toEqual([
      { ticket: 1, name: 'Ada', email: 'ada@example.com', topic: 'bug', message: 'The board forgets my cards.' },
    ])
    // Back to the initial values, with no errors shown.
    expect(await values()).toEqual({ name: '', email: '', topic: 'general', message: '' })
    expect(await form.locator('[data-testid^="error-"]').count()).toBe(0)
    await page.screenshot({ path: new URL(`${app}-contact.png`, SHOTS).pathname, fullPage: true })
  })

  it('a form-level refusal (spam) shows above the fields, with the values kept', async () => {
    const entered = await fillValid({ message: 'Cheap spam, buy now!' })
    await form.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => page.getByTestId('form-errors').locator('p').allTextContents()).toEqual(['This message looks like spam.'])
    expect(await form.locator('[data-testid^="error-"]').count()).toBe(0)
    expect(await values()).toEqual(entered)
    expect(sent('contact.submit')).toEqual([{ fn: 'contact.submit', status: 400 }])
    expectRefusals()
  })

  it('submitting an empty form shows every required field’s error without a request', async () => {
    await form.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => errorsOf('name')).toEqual(['This field is required.'])
    expect(await errorsOf('email')).toEqual(['This field is required.'])
    expect(await errorsOf('message')).toEqual(['This field is required.'])
    expect(await page.getByTestId('error-topic').count()).toBe(0) // its initial value is a valid choice
    expect(sent('contact.submit')).toEqual([])
  })
})
