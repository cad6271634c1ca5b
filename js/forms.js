// mizan-kernel/forms: a server-described form (PROTOCOL.md §10) as a store.
// The fields come from `{name}.schema` (or from generated code); values are
// checked on the client with Zod (form_fields.js) and, when the schema asks
// for live validation, by `{name}.validate`; `{name}.submit` has the last
// word, and its field errors land on the fields. Its own entry point: apps
// without forms load neither this nor Zod.
import { MizanError } from './errors.js'
import { fieldErrors } from './form_fields.js'

export { fieldErrors, fieldSchema, formSchema } from './form_fields.js'

const DEFAULT_DEBOUNCE = 300
const ALL = '__all__'
const NO_ERRORS = Object.freeze([])

// One `{name}.schema` load per caller (kernel) and form, shared by every
// store of that form; a failed load is forgotten so the next store retries.
const schemas = new WeakMap()
function loadSchema(caller, name) {
  let byName = schemas.get(caller)
  if (!byName) schemas.set(caller, (byName = new Map()))
  let loading = byName.get(name)
  if (!loading) {
    loading = Promise.resolve()
      .then(() => caller.call(`${name}.schema`, {}))
      .then((schema) => {
        if (typeof schema !== 'object' || schema === null || typeof schema.fields !== 'object' || schema.fields === null) {
          throw new MizanError('INVALID_RESPONSE', `${name}.schema answered without fields`, { details: schema })
        }
        return schema
      })
    loading.catch(() => byName.get(name) === loading && byName.delete(name))
    byName.set(name, loading)
  }
  return loading
}

// What a field holds before the user enters anything.
function initialValue(field) {
  if (field.initial !== undefined && field.initial !== null) return field.initial
  if (field.type === 'boolean') return false
  if (field.type === 'multiple_choice') return []
  return ''
}

// A server's error list (`[{message, code}]`, or strings) in the state's shape.
const serverErrors = (list) =>
  Array.isArray(list)
    ? list.map((e) =>
        typeof e === 'object' && e !== null
          ? Object.freeze({ message: String(e.message ?? ''), ...(e.code === undefined ? {} : { code: String(e.code) }), source: 'server' })
          : Object.freeze({ message: String(e), source: 'server' }),
      )
    : []

const reportError = globalThis.reportError ?? ((error) => console.error(error))

class Form {
  #caller
  #name
  #liveOption
  #debounce
  #resetOnSuccess
  #fields = null // name -> field (with its name), once known
  #schema = null
  #loading = null
  #listeners = new Set()
  #state
  // What the state is derived from.
  #values = {}
  #touched = {}
  #showAll = false // after a submit or validate() of the whole form, every field's errors show
  #client = new Map() // field -> its client errors for the current value
  #server = new Map() // field -> the server's errors, until the field is edited
  #formErrors = NO_ERRORS
  #edits = new Map() // field -> edit count: a server answer applies only to values unchanged since it was asked
  #generation = 0 // bumped by reset(), submit() and dispose(): drops every answer still to come
  #pending = new Set() // fields waiting for the debounce
  #timer = null
  #inFlight = 0
  #submitting = null // the submit() in progress, so a double click sends once
  #sending = false
  #submitted = false
  #result = undefined
  #error = null
  #disposed = false

  constructor(caller, name, options) {
    if (typeof caller?.call !== 'function') throw new MizanError('INVALID_ARGUMENT', 'form() needs a kernel (or an object with its call())')
    if (typeof name !== 'string' || name === '') throw new MizanError('INVALID_ARGUMENT', 'form name must be a non-empty string')
    const { fields, liveValidation, debounce = DEFAULT_DEBOUNCE, resetOnSuccess = true, ...unknown } = options ?? {}
    const extra = Object.keys(unknown)
    if (extra.length > 0) throw new MizanError('INVALID_ARGUMENT', `form(): unknown option ${extra[0]}`)
    if (!(Number.isFinite(debounce) && debounce >= 0)) throw new MizanError('INVALID_ARGUMENT', 'form(): debounce must be a number of ms >= 0')
    this.#caller = caller
    this.#name = name
    this.#liveOption = liveValidation
    this.#debounce = debounce
    this.#resetOnSuccess = resetOnSuccess
    if (fields) this.#takeFields(fields)
    this.#state = this.#derive()
  }

  getState() {
    return this.#state
  }

  subscribe(listener) {
    if (typeof listener !== 'function') throw new MizanError('INVALID_ARGUMENT', 'listener must be a function')
    this.#load()
    const entry = () => listener()
    this.#listeners.add(entry)
    return () => this.#listeners.delete(entry)
  }

  set(field, value) {
    this.#check(field)
    this.#values = { ...this.#values, [field]: value }
    this.#edits.set(field, (this.#edits.get(field) ?? 0) + 1)
    this.#server.delete(field)
    this.#formErrors = NO_ERRORS // `__all__` judged the data as it was: any edit may have answered it
    this.#checkClient(field)
    if (this.#touched[field] || this.#showAll) this.#askLater(field)
    this.#emit()
  }

  touch(field) {
    this.#check(field)
    if (!this.#touched[field]) this.#touched = { ...this.#touched, [field]: true }
    this.#askLater(field)
    this.#emit()
  }

  async validate(field) {
    if (field !== undefined) this.#check(field)
    await this.#load()
    if (field === undefined) this.#showAll = true
    else if (!this.#touched[field]) this.#touched = { ...this.#touched, [field]: true }
    this.#emit()
    const scope = field === undefined ? [...this.#client.keys()] : [field]
    if (scope.some((f) => this.#client.get(f).length > 0)) return false
    if (this.#live()) await this.#ask(field)
    return this.#state.errors[field] === undefined && (field !== undefined || this.#state.isValid)
  }

  submit() {
    this.#submitting ??= this.#runSubmit().finally(() => {
      this.#submitting = null
      this.#emit()
    })
    this.#submitting.catch(() => {}) // the caller's promise rejects; this copy must not be an unhandled rejection
    return this.#submitting
  }

  reset() {
    this.#generation++
    this.#clearTimer()
    this.#values = {}
    this.#touched = {}
    this.#showAll = false
    this.#server.clear()
    this.#formErrors = NO_ERRORS
    this.#submitted = false
    this.#result = undefined
    this.#error = null
    if (this.#fields) this.#takeFields(this.#fields)
    this.#emit()
  }

  dispose() {
    this.#disposed = true
    this.#generation++
    this.#clearTimer()
    this.#listeners.clear()
  }

  async #runSubmit() {
    await this.#load()
    this.#showAll = true
    this.#generation++ // the submit's answer supersedes any validation in flight
    this.#clearTimer()
    const clientErrors = this.#errorsObject([...this.#client].filter(([, list]) => list.length > 0))
    if (Object.keys(clientErrors).length > 0) {
      this.#emit()
      throw new MizanError('VALIDATION_FAILED', 'The form has errors.', { details: { errors: clientErrors } })
    }
    const generation = this.#generation
    const edits = new Map(this.#edits)
    this.#error = null
    this.#sending = true
    this.#emit()
    try {
      const result = await this.#caller.call(`${this.#name}.submit`, { data: this.#values }).finally(() => (this.#sending = false))
      if (generation !== this.#generation) return result
      this.#submitted = true
      this.#result = result
      if (this.#resetOnSuccess) {
        this.#values = {}
        this.#touched = {}
        this.#showAll = false
        this.#takeFields(this.#fields)
      }
      this.#server.clear()
      this.#formErrors = NO_ERRORS
      return result
    } catch (error) {
      if (generation !== this.#generation) throw error
      const errors = error?.code === 'VALIDATION_FAILED' ? error.details?.errors : undefined
      if (typeof errors === 'object' && errors !== null) this.#takeServerErrors(errors, edits, true)
      else this.#error = error
      throw error
    }
  }

  // Loads the schema (once); a failure is the state's `error`.
  #load() {
    if (!this.#loading) {
      this.#loading = loadSchema(this.#caller, this.#name).then(
        (schema) => {
          if (this.#disposed) return
          this.#schema = schema
          this.#error = null
          this.#takeFields(schema.fields, schema.field_order)
          this.#emit()
        },
        (error) => {
          this.#loading = null // the next subscribe, validate or submit tries again
          if (this.#disposed) return
          this.#error = error
          this.#emit()
          throw error
        },
      )
      this.#loading.catch(() => {})
    }
    return this.#loading
  }

  #takeFields(fields, order) {
    const names = [...new Set([...(order ?? []), ...Object.keys(fields)])].filter((n) => fields[n])
    this.#fields = Object.fromEntries(names.map((n) => [n, { ...fields[n], name: n }]))
    const values = {}
    for (const n of names) values[n] = Object.hasOwn(this.#values, n) ? this.#values[n] : initialValue(this.#fields[n])
    this.#values = values
    this.#client.clear()
    for (const n of names) this.#checkClient(n)
  }

  #check(field) {
    if (this.#disposed) throw new MizanError('DISPOSED', `form ${this.#name} was disposed`)
    if (typeof field !== 'string' || (this.#fields && !this.#fields[field])) {
      throw new MizanError('INVALID_ARGUMENT', `form ${this.#name} has no field ${String(field)}`)
    }
  }

  #checkClient(field) {
    const definition = this.#fields?.[field]
    if (definition) this.#client.set(field, definition.disabled ? NO_ERRORS : fieldErrors(definition, this.#values[field]))
  }

  #live() {
    return this.#liveOption ?? this.#schema?.meta?.live_validation === true
  }

  // Live validation: the server hears about a field once the user has left
  // it and paused; fields whose client check fails are not sent.
  #askLater(field) {
    if (!this.#live() || this.#disposed) return
    this.#pending.add(field)
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = null
      const fields = [...this.#pending]
      this.#pending.clear()
      for (const f of fields) if (this.#client.get(f)?.length === 0) this.#ask(f)
      this.#emit()
    }, this.#debounce)
  }

  #clearTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    this.#pending.clear()
  }

  // One `{name}.validate` with the values of this moment; its answer is
  // dropped for every field edited since (the latest answer wins).
  async #ask(field) {
    const generation = this.#generation
    const edits = new Map(this.#edits)
    const args = field === undefined ? { data: this.#values } : { data: this.#values, field }
    this.#inFlight++
    this.#emit()
    try {
      const answer = await this.#caller.call(`${this.#name}.validate`, args)
      if (generation !== this.#generation) return
      const errors = typeof answer === 'object' && answer !== null ? (answer.errors ?? {}) : null
      if (typeof errors !== 'object' || errors === null) {
        this.#error = new MizanError('INVALID_RESPONSE', `${this.#name}.validate answered ${JSON.stringify(answer)}`, { details: answer })
        return
      }
      if (field === undefined) this.#takeServerErrors(errors, edits, true)
      else this.#takeServerErrors({ [field]: errors[field] }, edits, false)
    } catch {
      // A validation that cannot reach the server leaves the client's
      // verdict standing; submit() asks again.
    } finally {
      this.#inFlight--
      this.#emit()
    }
  }

  // Server errors for the fields not edited since the question was asked;
  // `whole`: the answer covers the whole form (fields without errors are clean).
  #takeServerErrors(errors, edits, whole) {
    const unchanged = (f) => (this.#edits.get(f) ?? 0) === (edits.get(f) ?? 0)
    if (whole) {
      for (const f of [...this.#server.keys()]) if (unchanged(f)) this.#server.delete(f)
      this.#formErrors = Object.freeze(serverErrors(errors[ALL]))
    }
    for (const [f, list] of Object.entries(errors)) {
      if (f === ALL || !unchanged(f)) continue
      const mapped = serverErrors(list)
      if (mapped.length > 0) this.#server.set(f, mapped)
      else this.#server.delete(f)
    }
  }

  #errorsObject(entries) {
    return Object.fromEntries(entries.map(([f, list]) => [f, list.map(({ message, code }) => ({ message, code }))]))
  }

  #derive() {
    const errors = {}
    for (const [f, list] of this.#client) {
      const shown = this.#showAll || this.#touched[f] ? list : NO_ERRORS
      const server = this.#server.get(f) ?? NO_ERRORS
      if (shown.length + server.length > 0) errors[f] = Object.freeze([...shown, ...server])
    }
    for (const [f, list] of this.#server) if (!this.#client.has(f)) errors[f] = Object.freeze(list)
    const clientOk = this.#fields !== null && [...this.#client.values()].every((list) => list.length === 0)
    return Object.freeze({
      schema: this.#schema,
      values: Object.freeze(this.#values),
      touched: Object.freeze(this.#touched),
      errors: Object.freeze(errors),
      formErrors: this.#formErrors,
      isValid: clientOk && this.#server.size === 0 && this.#formErrors.length === 0,
      isValidating: this.#inFlight > 0 || this.#timer !== null,
      isSubmitting: this.#sending,
      submitted: this.#submitted,
      result: this.#result,
      error: this.#error,
    })
  }

  #emit() {
    if (this.#disposed) return
    const next = this.#derive()
    if (sameState(next, this.#state)) return
    this.#state = next
    for (const listener of [...this.#listeners]) {
      try {
        listener()
      } catch (error) {
        reportError(error)
      }
    }
  }
}

// States equal member by member are the same state: no new object, no render.
function sameState(a, b) {
  if (!b) return false
  for (const key of Object.keys(a)) {
    const x = a[key]
    const y = b[key]
    if (x === y) continue
    if (key === 'errors' ? !sameErrors(x, y) : true) return false
  }
  return true
}
function sameErrors(a, b) {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] && a[k].length === b[k].length && a[k].every((e, i) => e === b[k][i]))
}

/**
 * A form by name as a store: `getState()`/`subscribe()` as for contexts,
 * plus `set`, `touch`, `validate`, `submit`, `reset`. The schema loads with
 * the first subscriber (or validate/submit), once per kernel and form.
 *
 * @example
 * const contact = form(kernel, 'contact')
 * contact.subscribe(() => render(contact.getState()))
 * contact.set('email', 'ada@example.com')
 * contact.touch('email')
 * await contact.submit()
 *
 * @param {import('./forms.js').FormCaller} caller a Kernel, or anything with its call()
 * @param {string} name
 * @param {import('./forms.js').FormOptions} [options]
 * @returns {import('./forms.js').FormStore}
 */
export function form(caller, name, options) {
  const store = new Form(caller, name, options)
  // Plain functions: they work unbound (useSyncExternalStore, destructuring).
  return {
    getState: () => store.getState(),
    subscribe: (listener) => store.subscribe(listener),
    set: (field, value) => store.set(field, value),
    touch: (field) => store.touch(field),
    validate: (field) => store.validate(field),
    submit: () => store.submit(),
    reset: () => store.reset(),
    dispose: () => store.dispose(),
  }
}
