// The form store of mizan-kernel/forms, driven by a scripted caller whose
// answers the test releases in any order (the reference server's answers
// are covered in contact_form.test.js).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MizanError } from '../../js/errors.js'
import { form } from '../../js/forms.js'

const SCHEMA = {
  name: 'contact',
  title: 'Contact us',
  fields: {
    name: { name: 'name', label: 'Name', type: 'text', widget: 'text', required: true, disabled: false, help_text: '', max_length: 10 },
    email: { name: 'email', label: 'Email', type: 'email', widget: 'email', required: true, disabled: false, help_text: '' },
    topic: {
      name: 'topic',
      label: 'Topic',
      type: 'choice',
      widget: 'select',
      required: false,
      disabled: false,
      help_text: '',
      initial: 'general',
      choices: [
        { value: 'general', label: 'General' },
        { value: 'bug', label: 'Bug' },
      ],
    },
  },
  field_order: ['name', 'email', 'topic'],
  meta: { live_validation: true },
}

// A caller whose calls wait until the test answers them.
function scriptedCaller() {
  const calls = []
  return {
    calls,
    call(fn, args) {
      return new Promise((resolve, reject) => calls.push({ fn, args: structuredClone(args), resolve, reject }))
    },
    pending: (fn) => calls.filter((c) => c.fn === fn && !c.done),
    answer(fn, value, index = 0) {
      const c = calls.filter((x) => x.fn === fn && !x.done)[index]
      c.done = true
      c.resolve(value)
    },
    fail(fn, error, index = 0) {
      const c = calls.filter((x) => x.fn === fn && !x.done)[index]
      c.done = true
      c.reject(error)
    },
  }
}

const flush = () => vi.advanceTimersByTimeAsync(0)

async function opened(options) {
  const caller = scriptedCaller()
  const store = form(caller, 'contact', options)
  const seen = []
  store.subscribe(() => seen.push(store.getState()))
  await flush()
  caller.answer('contact.schema', structuredClone(SCHEMA))
  await flush()
  return { caller, store, seen }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('loading', () => {
  it('loads the schema once per caller and form, with the first subscriber; initial values from the fields', async () => {
    const caller = scriptedCaller()
    const a = form(caller, 'contact')
    const b = form(caller, 'contact')
    expect(caller.calls).toHaveLength(0) // nothing before a reader
    a.subscribe(() => {})
    b.subscribe(() => {})
    await flush()
    expect(caller.calls.map((c) => [c.fn, c.args])).toEqual([['contact.schema', {}]])
    caller.answer('contact.schema', structuredClone(SCHEMA))
    await flush()
    expect(a.getState().schema).toEqual(SCHEMA)
    expect(b.getState().values).toEqual({ name: '', email: '', topic: 'general' })
  })

  it('a schema that fails to load is the state error; the next reader retries', async () => {
    const caller = scriptedCaller()
    const a = form(caller, 'contact')
    a.subscribe(() => {})
    await flush()
    caller.fail('contact.schema', new MizanError('HTTP_500', 'boom', { status: 500 }))
    await flush()
    expect(a.getState().error.code).toBe('HTTP_500')
    expect(a.getState().isValid).toBe(false)
    const retry = a.submit()
    await flush()
    expect(caller.pending('contact.schema')).toHaveLength(1)
    caller.answer('contact.schema', structuredClone(SCHEMA))
    await expect(retry).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(a.getState().error).toBe(null)
  })

  it('an answer without fields is INVALID_RESPONSE', async () => {
    const caller = scriptedCaller()
    const a = form(caller, 'contact')
    a.subscribe(() => {})
    await flush()
    caller.answer('contact.schema', '<html>')
    await flush()
    expect(a.getState().error).toMatchObject({ code: 'INVALID_RESPONSE' })
  })

  it('refuses unknown options and bad arguments', () => {
    expect(() => form(scriptedCaller(), 'contact', { liveValidaton: true })).toThrow(/unknown option liveValidaton/)
    expect(() => form({}, 'contact')).toThrow(MizanError)
    expect(() => form(scriptedCaller(), '')).toThrow(MizanError)
  })
})

describe('validity (H13) and errors', () => {
  it('is not valid before every required field holds a valid value, touched or not', async () => {
    const { store } = await opened()
    expect(store.getState().isValid).toBe(false)
    expect(store.getState().errors).toEqual({}) // nothing shown before the user leaves a field
    store.set('name', 'Ada')
    expect(store.getState().isValid).toBe(false) // email is required and empty
    store.set('email', 'ada@example.com')
    expect(store.getState().isValid).toBe(true)
  })

  it('shows a field’s client errors once it is touched, and follows edits from then on', async () => {
    const { store, caller } = await opened({ liveValidation: false })
    store.set('email', 'ada@')
    expect(store.getState().errors).toEqual({})
    store.touch('email')
    expect(store.getState().errors.email).toEqual([{ message: 'Enter a valid email address.', code: 'invalid', source: 'client' }])
    store.set('email', 'ada@example.com')
    expect(store.getState().errors.email).toBeUndefined()
    expect(caller.pending('contact.validate')).toHaveLength(0) // live validation off
  })

  it('a field unknown to the schema is refused', async () => {
    const { store } = await opened()
    expect(() => store.set('nope', 1)).toThrow(/has no field nope/)
  })

  it('the same state object until something changes', async () => {
    const { store } = await opened()
    const before = store.getState()
    store.touch('topic') // touching a valid field shows nothing new… but touched changed
    expect(store.getState()).not.toBe(before)
    const after = store.getState()
    store.touch('topic')
    expect(store.getState()).toBe(after)
  })
})

describe('live validation', () => {
  it('asks the server once the user paused, with the values of that moment (H12)', async () => {
    const { store, caller } = await opened()
    store.set('email', 'ada@blocked.example')
    store.touch('email')
    expect(store.getState().isValidating).toBe(true) // waiting for the pause
    store.set('email', 'ada@blocked.example.org') // edited within the debounce
    await vi.advanceTimersByTimeAsync(299)
    expect(caller.pending('contact.validate')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(caller.pending('contact.validate').map((c) => c.args)).toEqual([
      { data: { name: '', email: 'ada@blocked.example.org', topic: 'general' }, field: 'email' },
    ])
    caller.answer('contact.validate', { valid: false, errors: { email: [{ message: 'Blocked.', code: 'blocked_domain' }] } })
    await flush()
    expect(store.getState().errors.email).toEqual([{ message: 'Blocked.', code: 'blocked_domain', source: 'server' }])
    expect(store.getState().isValidating).toBe(false)
    expect(store.getState().isValid).toBe(false)
  })

  it('an answer about a value edited since is dropped; the latest answer wins', async () => {
    const { store, caller } = await opened()
    store.set('email', 'ada@blocked.example')
    store.touch('email')
    await vi.advanceTimersByTimeAsync(300)
    store.set('email', 'ada@example.com') // edited while the first question is in flight
    await vi.advanceTimersByTimeAsync(300)
    expect(caller.pending('contact.validate')).toHaveLength(2)
    caller.answer('contact.validate', { valid: true, errors: {} }, 1) // the second answers first
    await flush()
    caller.answer('contact.validate', { valid: false, errors: { email: [{ message: 'Blocked.', code: 'blocked_domain' }] } }) // stale
    await flush()
    expect(store.getState().errors.email).toBeUndefined()
    expect(store.getState().isValidating).toBe(false)
  })

  it('an edit clears the field’s server error at once', async () => {
    const { store, caller } = await opened()
    store.set('email', 'ada@blocked.example')
    store.touch('email')
    await vi.advanceTimersByTimeAsync(300)
    caller.answer('contact.validate', { valid: false, errors: { email: [{ message: 'Blocked.', code: 'blocked_domain' }] } })
    await flush()
    expect(store.getState().errors.email).toHaveLength(1)
    store.set('email', 'ada@example.com')
    expect(store.getState().errors.email).toBeUndefined()
  })

  it('a field failing on the client is not sent; a failed request leaves the client verdict', async () => {
    const { store, caller } = await opened()
    store.set('email', 'ada@')
    store.touch('email')
    await vi.advanceTimersByTimeAsync(300)
    expect(caller.pending('contact.validate')).toHaveLength(0)
    store.set('email', 'ada@example.com')
    await vi.advanceTimersByTimeAsync(300)
    caller.fail('contact.validate', new MizanError('NETWORK_ERROR', 'offline'))
    await flush()
    expect(store.getState().errors).toEqual({})
    expect(store.getState().error).toBe(null)
    expect(store.getState().isValidating).toBe(false)
  })

  it('validate() of the whole form shows every error, the server’s __all__ in formErrors', async () => {
    const { store, caller } = await opened()
    store.set('name', 'Ada')
    store.set('email', 'ada@example.com')
    const verdict = store.validate()
    await flush()
    expect(caller.pending('contact.validate').map((c) => c.args)).toEqual([{ data: { name: 'Ada', email: 'ada@example.com', topic: 'general' } }])
    caller.answer('contact.validate', { valid: false, errors: { __all__: [{ message: 'Spam.', code: 'spam' }] } })
    await expect(verdict).resolves.toBe(false)
    expect(store.getState().formErrors).toEqual([{ message: 'Spam.', code: 'spam', source: 'server' }])
    expect(store.getState().isValid).toBe(false)
  })
})

describe('submit', () => {
  it('refuses on the client first: every field’s errors show, nothing is sent', async () => {
    const { store, caller } = await opened()
    await expect(store.submit()).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: { name: [{ message: 'This field is required.', code: 'required' }], email: [expect.any(Object)] } },
    })
    expect(Object.keys(store.getState().errors)).toEqual(['name', 'email'])
    expect(caller.pending('contact.submit')).toHaveLength(0)
    expect(store.getState().isSubmitting).toBe(false)
  })

  it('maps the server’s VALIDATION_FAILED onto the fields and __all__, keeping the values', async () => {
    const { store, caller } = await opened()
    store.set('name', 'Ada')
    store.set('email', 'ada@blocked.example')
    const sent = store.submit()
    await flush()
    expect(store.getState().isSubmitting).toBe(true)
    expect(store.submit()).toBe(sent) // a double click sends once
    expect(caller.pending('contact.submit').map((c) => c.args)).toEqual([{ data: { name: 'Ada', email: 'ada@blocked.example', topic: 'general' } }])
    const refusal = new MizanError('VALIDATION_FAILED', 'The form has errors.', {
      status: 400,
      details: { errors: { email: [{ message: 'Blocked.', code: 'blocked_domain' }], __all__: [{ message: 'Spam.', code: 'spam' }] } },
    })
    caller.fail('contact.submit', refusal)
    await expect(sent).rejects.toBe(refusal)
    const state = store.getState()
    expect(state.errors.email).toEqual([{ message: 'Blocked.', code: 'blocked_domain', source: 'server' }])
    expect(state.formErrors).toEqual([{ message: 'Spam.', code: 'spam', source: 'server' }])
    expect(state.values.email).toBe('ada@blocked.example')
    expect(state.isSubmitting).toBe(false)
    expect(state.error).toBe(null)
    expect(state.submitted).toBe(false)
    store.set('name', 'Ada L') // any edit may answer a form-level error; a field's stays until that field is edited
    expect(store.getState().formErrors).toEqual([])
    expect(store.getState().errors.email).toHaveLength(1)
  })

  it('a submit that fails otherwise is the state error', async () => {
    const { store, caller } = await opened()
    store.set('name', 'Ada')
    store.set('email', 'ada@example.com')
    const sent = store.submit()
    await flush()
    caller.fail('contact.submit', new MizanError('HTTP_500', 'boom', { status: 500 }))
    await expect(sent).rejects.toMatchObject({ code: 'HTTP_500' })
    expect(store.getState().error.code).toBe('HTTP_500')
    expect(store.getState().errors).toEqual({})
  })

  it('an accepted submit keeps the result and resets the values (unless resetOnSuccess is false)', async () => {
    for (const resetOnSuccess of [true, false]) {
      const { store, caller } = await opened({ resetOnSuccess })
      store.set('name', 'Ada')
      store.set('email', 'ada@example.com')
      const sent = store.submit()
      await flush()
      caller.answer('contact.submit', { ok: true, ticket: 7 })
      await expect(sent).resolves.toEqual({ ok: true, ticket: 7 })
      const state = store.getState()
      expect(state).toMatchObject({ submitted: true, result: { ok: true, ticket: 7 }, isSubmitting: false, errors: {} })
      expect(state.values).toEqual(
        resetOnSuccess ? { name: '', email: '', topic: 'general' } : { name: 'Ada', email: 'ada@example.com', topic: 'general' },
      )
    }
  })

  it('drops validation answers still in flight when it is sent', async () => {
    const { store, caller } = await opened()
    store.set('name', 'Ada')
    store.set('email', 'ada@example.com')
    store.touch('email')
    await vi.advanceTimersByTimeAsync(300)
    const sent = store.submit()
    await flush()
    caller.answer('contact.validate', { valid: false, errors: { email: [{ message: 'Late.', code: 'x' }] } })
    caller.answer('contact.submit', { ok: true })
    await sent
    expect(store.getState().errors).toEqual({})
  })

  it('reset() returns to the initial values with nothing shown', async () => {
    const { store } = await opened()
    store.set('name', 'x'.repeat(20))
    store.touch('name')
    expect(store.getState().errors.name).toHaveLength(1)
    store.reset()
    expect(store.getState()).toMatchObject({ values: { name: '', email: '', topic: 'general' }, errors: {}, touched: {}, submitted: false })
  })
})

describe('generated fields', () => {
  it('validates before the schema arrives; the server’s schema then takes over', async () => {
    const caller = scriptedCaller()
    const store = form(caller, 'contact', { fields: { email: { label: 'Email', type: 'email', required: true } } })
    expect(store.getState().values).toEqual({ email: '' })
    store.set('email', 'ada@')
    store.touch('email')
    expect(store.getState().errors.email[0].code).toBe('invalid')
    store.subscribe(() => {})
    await flush()
    caller.answer('contact.schema', structuredClone(SCHEMA))
    await flush()
    expect(store.getState().values).toEqual({ name: '', email: 'ada@', topic: 'general' }) // what the user typed stays
    expect(store.getState().errors.email[0].code).toBe('invalid')
  })
})
