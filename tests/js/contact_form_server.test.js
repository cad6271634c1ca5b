// The reference server's form `contact` (examples/server/board_api.js,
// PROTOCOL.md §10) over plain fetch, as a browser's kernel would reach it
// (CSRF cookie from GET /session/, then X-CSRFToken on each call): its
// schema, each validation rule (the client's and the server's own), field
// and form-level errors, and submit's ticket or VALIDATION_FAILED.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CONTACT_FORM, startBoardServer } from '../../examples/server/board_api.js'

let server
let csrf
beforeAll(async () => {
  server = await startBoardServer()
  const session = await fetch(`${server.baseUrl}/session/`)
  csrf = /csrftoken=([^;]+)/.exec(session.headers.get('set-cookie'))[1]
})
afterAll(() => server.close())
beforeEach(() => server.reset())

/** POST {base}/call/: resolves with { status, body }. */
async function call(fn, args) {
  const response = await fetch(`${server.baseUrl}/call/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: `csrftoken=${csrf}`, 'X-CSRFToken': csrf },
    body: JSON.stringify(args === undefined ? { fn } : { fn, args }),
  })
  return { status: response.status, body: await response.json() }
}

const GOOD = { name: 'Ada Lovelace', email: 'ada@example.com', topic: 'billing', message: 'My invoice is wrong twice.' }
const validate = async (data, field) => (await call('contact.validate', field === undefined ? { data } : { data, field })).body.result
const REQUIRED = [{ message: 'This field is required.', code: 'required' }]

describe('contact.schema', () => {
  it('describes the form: every field with its constraints, in field_order', async () => {
    const { status, body } = await call('contact.schema')
    expect(status).toBe(200)
    const schema = body.result
    expect(schema).toEqual(CONTACT_FORM)
    expect(schema).toMatchObject({ name: 'contact', title: 'Contact us', submit_label: 'Send', meta: { live_validation: true } })
    expect(schema.field_order).toEqual(['name', 'email', 'topic', 'message'])
    expect(Object.keys(schema.fields).sort()).toEqual([...schema.field_order].sort())
    for (const [name, field] of Object.entries(schema.fields)) {
      expect(field).toMatchObject({ name, required: true, disabled: false })
      for (const key of ['label', 'type', 'widget', 'help_text']) expect(typeof field[key]).toBe('string')
    }
    expect(schema.fields.name).toMatchObject({ type: 'text', widget: 'text', max_length: 100 })
    expect(schema.fields.email).toMatchObject({ type: 'email', widget: 'email' })
    expect(schema.fields.topic).toMatchObject({
      type: 'choice',
      widget: 'select',
      initial: 'general',
      choices: [
        { value: 'general', label: 'General question' },
        { value: 'billing', label: 'Billing' },
        { value: 'bug', label: 'Bug report' },
      ],
    })
    expect(schema.fields.message).toMatchObject({ type: 'text', widget: 'textarea', min_length: 10, max_length: 500 })
  })

  it('is recorded like any call, and a copy: changing an answer changes nothing', async () => {
    const first = (await call('contact.schema')).body.result
    first.fields.name.label = 'changed'
    expect((await call('contact.schema')).body.result.fields.name.label).toBe('Name')
    expect(server.requests.map((r) => [r.method, r.path, r.fn, r.status])).toEqual([
      ['POST', '/call/', 'contact.schema', 200],
      ['POST', '/call/', 'contact.schema', 200],
    ])
  })
})

describe('contact.validate', () => {
  it('valid values: no errors', async () => {
    expect(await validate(GOOD)).toEqual({ valid: true, errors: {} })
  })

  it('required: a missing, null, empty or blank value (text is stripped)', async () => {
    expect(await validate({})).toEqual({ valid: false, errors: { name: REQUIRED, email: REQUIRED, topic: REQUIRED, message: REQUIRED } })
    expect(await validate({ ...GOOD, name: '   ', email: null, topic: '  ' })).toEqual({
      valid: false,
      errors: { name: REQUIRED, email: REQUIRED, topic: REQUIRED },
    })
  })

  it('email format: code invalid', async () => {
    for (const email of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com']) {
      expect(await validate({ ...GOOD, email }), email).toEqual({
        valid: false,
        errors: { email: [{ message: 'Enter a valid email address.', code: 'invalid' }] },
      })
    }
    expect(await validate({ ...GOOD, email: '  ada@mail.example.org ' })).toEqual({ valid: true, errors: {} })
  })

  it('max_length and min_length, with the length counted after stripping', async () => {
    expect(await validate({ ...GOOD, name: 'x'.repeat(120) })).toEqual({
      valid: false,
      errors: { name: [{ message: 'Ensure this value has at most 100 characters (it has 120).', code: 'max_length' }] },
    })
    expect((await validate({ ...GOOD, name: 'x'.repeat(100) })).valid).toBe(true)
    expect(await validate({ ...GOOD, message: '  abc  ' })).toEqual({
      valid: false,
      errors: { message: [{ message: 'Ensure this value has at least 10 characters (it has 3).', code: 'min_length' }] },
    })
    expect((await validate({ ...GOOD, message: 'y'.repeat(501) })).errors.message).toEqual([
      { message: 'Ensure this value has at most 500 characters (it has 501).', code: 'max_length' },
    ])
  })

  it('a value that is not one of the choices: invalid_choice', async () => {
    expect(await validate({ ...GOOD, topic: 'sales' })).toEqual({
      valid: false,
      errors: { topic: [{ message: 'Select a valid choice. sales is not one of the available choices.', code: 'invalid_choice' }] },
    })
    for (const topic of ['general', 'billing', 'bug']) expect((await validate({ ...GOOD, topic })).valid).toBe(true)
  })

  it('server only: an email of a blocked domain (any case), once its format is valid', async () => {
    const blocked = { email: [{ message: 'We do not accept messages from this domain.', code: 'blocked_domain' }] }
    expect(await validate({ ...GOOD, email: 'eve@blocked.example' })).toEqual({ valid: false, errors: blocked })
    expect(await validate({ ...GOOD, email: 'eve@BLOCKED.Example' })).toEqual({ valid: false, errors: blocked })
    expect(await validate({ ...GOOD, email: 'eve@notblocked.example' })).toEqual({ valid: true, errors: {} })
  })

  it('server only, form-level: a message with the word "spam" is an __all__ error', async () => {
    const spam = { __all__: [{ message: 'This message looks like spam.', code: 'spam' }] }
    expect(await validate({ ...GOOD, message: 'Buy cheap SPAM today, friends' })).toEqual({ valid: false, errors: spam })
    expect(await validate({ ...GOOD, message: 'spam!' })).toEqual({
      valid: false,
      errors: { message: [{ message: 'Ensure this value has at least 10 characters (it has 5).', code: 'min_length' }] },
    }) // clean() sees only a clean message
    expect((await validate({ ...GOOD, message: 'Not spammy at all, honest' })).valid).toBe(true) // the word, not a part of one
  })

  it('with field: only that field is judged, and form-level rules are not', async () => {
    const bad = { name: '', email: 'ada@', topic: 'sales', message: 'a spam message here' }
    expect(await validate(bad, 'name')).toEqual({ valid: false, errors: { name: REQUIRED } })
    expect(await validate(bad, 'email')).toEqual({ valid: false, errors: { email: [{ message: 'Enter a valid email address.', code: 'invalid' }] } })
    expect(await validate({ email: 'eve@blocked.example' }, 'email')).toEqual({
      valid: false,
      errors: { email: [{ message: 'We do not accept messages from this domain.', code: 'blocked_domain' }] },
    })
    expect(await validate(bad, 'message')).toEqual({ valid: true, errors: {} })
    expect(await validate({ name: 'Ada' }, 'name')).toEqual({ valid: true, errors: {} })
  })

  it('refuses arguments it cannot read: 400 VALIDATION_ERROR', async () => {
    expect(await call('contact.validate', { data: GOOD, field: 'phone' })).toMatchObject({
      status: 400,
      body: { error: true, code: 'VALIDATION_ERROR', message: 'the form has no field "phone"' },
    })
    expect(await call('contact.validate', { data: [] })).toMatchObject({ status: 400, body: { code: 'VALIDATION_ERROR' } })
  })

  it('invalidates nothing and records nothing', async () => {
    const { body } = await call('contact.validate', { data: GOOD })
    expect(body).toEqual({ result: { valid: true, errors: {} } })
    expect(server.api.db.contactMessages).toEqual([])
  })
})

describe('contact.submit', () => {
  it('accepts valid values: a ticket counting from 1, the cleaned values recorded, nothing invalidated', async () => {
    const first = await call('contact.submit', { data: { ...GOOD, name: '  Ada  ' } })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ result: { ok: true, ticket: 1, name: 'Ada' } })
    const second = await call('contact.submit', { data: { ...GOOD, name: 'Grace', topic: 'bug' } })
    expect(second.body).toEqual({ result: { ok: true, ticket: 2, name: 'Grace' } })
    expect(server.api.db.contactMessages).toEqual([
      { ticket: 1, name: 'Ada', email: GOOD.email, topic: 'billing', message: GOOD.message },
      { ticket: 2, name: 'Grace', email: GOOD.email, topic: 'bug', message: GOOD.message },
    ])
    const record = server.requests.at(-1)
    expect(record).toMatchObject({ method: 'POST', path: '/call/', params: {}, fn: 'contact.submit', status: 200 })
  })

  it('refuses invalid values: 400 VALIDATION_FAILED with every error, __all__ included, and records nothing', async () => {
    const { status, body } = await call('contact.submit', { data: { ...GOOD, email: 'eve@blocked.example', topic: 'x', message: 'spam spam spam' } })
    expect(status).toBe(400)
    expect(body).toEqual({
      error: true,
      code: 'VALIDATION_FAILED',
      message: 'The form has errors.',
      details: {
        errors: {
          email: [{ message: 'We do not accept messages from this domain.', code: 'blocked_domain' }],
          topic: [{ message: 'Select a valid choice. x is not one of the available choices.', code: 'invalid_choice' }],
          __all__: [{ message: 'This message looks like spam.', code: 'spam' }],
        },
      },
    })
    expect((await call('contact.submit', {})).body.details.errors).toEqual({ name: REQUIRED, email: REQUIRED, topic: REQUIRED, message: REQUIRED })
    expect(server.api.db.contactMessages).toEqual([])
    expect((await call('contact.submit', { data: GOOD })).body.result.ticket).toBe(1) // refusals take no ticket
  })

  it('needs the CSRF token, as every call', async () => {
    const response = await fetch(`${server.baseUrl}/call/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fn: 'contact.submit', args: { data: GOOD } }),
    })
    expect(response.status).toBe(403)
    expect(server.api.db.contactMessages).toEqual([])
  })
})
