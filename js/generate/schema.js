// Reads an OpenAPI 3.1 document with Mizan's extensions (PROTOCOL.md §8)
// into what the generator needs, checking what generated code relies on.
// Broken parts are GenerateErrors naming their JSON pointer; parts the
// generator does not know (other x-mizan-* keys, unknown kinds) are warnings
// or ignored, never errors.
import { GenerateError, pointer } from './names.js'

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
const KINDS = ['context', 'mutation', 'call', 'view']

/** Own entries of an object, sorted by key (code unit order), so output never depends on key order. */
const sortedEntries = (object) => Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

function section(doc, key) {
  const value = doc[key]
  if (value === undefined) return []
  if (!isObject(value)) throw new GenerateError('must be an object (name → entry)', pointer(key))
  return sortedEntries(value)
}

function entry(value, where) {
  if (!isObject(value)) throw new GenerateError('must be an object', where)
  return value
}

function stringList(value, where, what) {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new GenerateError(`must be an array of ${what}`, where)
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw new GenerateError(`must be a string (${what})`, `${where}/${i}`)
  })
  return value
}

// Where JSON.parse gave up, found by a small scanner of the JSON grammar
// (JSON.parse's own messages differ between Node versions, and some name no
// position). Null when it cannot tell.
function jsonErrorOffset(text) {
  let i = 0
  const fail = () => {
    throw i
  }
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  const string = () => {
    i++
    while (i < text.length) {
      const c = text[i]
      if (c === '"') return i++
      if (c === '\\') {
        if ('"\\/bfnrt'.includes(text[i + 1])) i += 2
        else if (text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6
        else fail()
      } else if (c < ' ') fail()
      else i++
    }
    fail()
  }
  const value = () => {
    space()
    const c = text[i]
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      space()
      if (text[i] === close) return i++
      for (;;) {
        if (c === '{') {
          space()
          if (text[i] !== '"') fail()
          string()
          space()
          if (text[i] !== ':') fail()
          i++
        }
        value()
        space()
        if (text[i] === ',') i++
        else if (text[i] === close) return i++
        else fail()
      }
    }
    if (c === '"') return string()
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return (i += word.length)
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 512))
    if (number) return (i += number[0].length)
    fail()
  }
  try {
    value()
    space()
    return i < text.length ? i : null
  } catch (at) {
    return typeof at === 'number' ? at : null // a RangeError: nested too deep to tell
  }
}

/**
 * Parses the schema text; a GenerateError names the line and column of bad JSON.
 *
 * @example
 * parseSchemaText('{"openapi": "3.1.0"}', 'schema.json')
 * @param {string} text
 * @param {string} source how the message names it (a path or URL)
 */
export function parseSchemaText(text, source) {
  const body = text.replace(/^\uFEFF/, '')
  let doc
  try {
    doc = JSON.parse(body)
  } catch {
    const offset = jsonErrorOffset(body)
    if (offset === null) throw new GenerateError(`${source} is not JSON`)
    const before = body.slice(0, offset).split('\n')
    throw new GenerateError(`${source} is not JSON (line ${before.length}, column ${before.at(-1).length + 1})`)
  }
  if (!isObject(doc)) throw new GenerateError(`${source} is not an OpenAPI document: its top level is not an object`)
  return doc
}

// A form field's keys that generated code keeps (mizan-kernel/forms' FormField), in the order it writes
// them, with what each must be; other keys are ignored.
const FIELD_KEYS = {
  name: 'string',
  label: 'string',
  type: 'string',
  widget: 'string',
  required: 'boolean',
  disabled: 'boolean',
  help_text: 'string',
  initial: 'json',
  max_length: 'count',
  min_length: 'count',
  min_value: 'number',
  max_value: 'number',
  choices: 'choices',
}
const FIELD_CHECKS = {
  string: [(v) => typeof v === 'string', 'a string'],
  boolean: [(v) => typeof v === 'boolean', 'true or false'],
  count: [(v) => Number.isSafeInteger(v) && v >= 0, 'a whole number, 0 or more'],
  number: [(v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
  json: [() => true, 'any JSON value'],
}

// One field of a form's `fields`: its keys checked, `name` (the key) and `label` filled in when absent.
// Without `required: true` a field is optional, as mizan-kernel/forms reads it.
function formField(value, key, where, warn) {
  const field = entry(value, where)
  if (field.name !== undefined && field.name !== key) throw new GenerateError(`must be the field's key ('${key}')`, `${where}/name`)
  if (field.type === undefined) warn(where, "the field has no 'type': validated as text")
  const props = []
  for (const [prop, kind] of Object.entries(FIELD_KEYS)) {
    const given = field[prop]
    if (given === undefined) {
      if (prop === 'name' || prop === 'label') props.push([prop, key])
      continue
    }
    if (kind === 'choices') {
      if (!Array.isArray(given)) throw new GenerateError('must be an array of {value, label}', `${where}/choices`)
      const choices = given.map((choice, i) => {
        const at = `${where}/choices/${i}`
        if (!isObject(choice) || !Object.hasOwn(choice, 'value')) throw new GenerateError('must be an object {value, label}', at)
        if (typeof choice.label !== 'string') throw new GenerateError('must be a string', `${at}/label`)
        return { value: choice.value, label: choice.label }
      })
      props.push([prop, choices])
      continue
    }
    const [valid, what] = FIELD_CHECKS[kind]
    if (!valid(given)) throw new GenerateError(`must be ${what}`, `${where}${pointer(prop)}`)
    props.push([prop, given])
  }
  return { key, where, type: typeof field.type === 'string' ? field.type : 'text', required: field.required === true, props }
}

// A form's fields when the schema gives them (in `field_order`, then the others by name), else null.
function formFields(form, where, warn) {
  if (form.fields === undefined) return null
  if (!isObject(form.fields)) throw new GenerateError('must be an object (field name → field)', `${where}/fields`)
  const order = stringList(form.field_order, `${where}/field_order`, 'field names')
  order.forEach((key, i) => {
    if (!Object.hasOwn(form.fields, key)) throw new GenerateError(`'${key}' is not one of the form's fields`, `${where}/field_order/${i}`)
  })
  const keys = [...new Set(order), ...sortedEntries(form.fields).map(([key]) => key)]
  return [...new Set(keys)].map((key) => formField(form.fields[key], key, `${where}/fields${pointer(key)}`, warn))
}

/**
 * The document as the generator uses it: components, contexts, functions,
 * channels and forms in name order, each with its JSON pointer; and the
 * names of the functions called over the socket (`websocket: true`).
 *
 * @example
 * const api = readSchema(doc, warnings)
 * api.functions.map((f) => f.name) // ['add_card', 'edit_card', 'rename_board']
 * @param {Record<string, any>} doc
 * @param {string[]} warnings where warnings go ("pointer: message")
 */
export function readSchema(doc, warnings) {
  const warn = (where, message) => warnings.push(`${where}: ${message}`)
  if (typeof doc.openapi === 'string' && !/^3\.[01]\./.test(doc.openapi)) {
    warn('/openapi', `version ${doc.openapi}: this generator reads OpenAPI 3.1 (and 3.0)`)
  }

  let schemas = {}
  if (doc.components !== undefined) {
    if (!isObject(doc.components)) throw new GenerateError('must be an object', '/components')
    if (doc.components.schemas !== undefined && !isObject(doc.components.schemas)) {
      throw new GenerateError('must be an object (name → JSON Schema)', '/components/schemas')
    }
    schemas = doc.components.schemas ?? {}
  }
  const components = sortedEntries(schemas).map(([name, schema]) => ({ name, schema, where: pointer('components', 'schemas', name) }))

  const allFunctions = new Map()
  for (const [name, value] of section(doc, 'x-mizan-functions')) {
    const where = pointer('x-mizan-functions', name)
    const fn = entry(value, where)
    if (fn.kind === undefined) throw new GenerateError("has no 'kind' (context, mutation, call or view)", where)
    if (typeof fn.kind !== 'string') throw new GenerateError('must be a string: context, mutation, call or view', `${where}/kind`)
    if (fn.websocket !== undefined && typeof fn.websocket !== 'boolean') throw new GenerateError('must be true or false', `${where}/websocket`)
    if (!KINDS.includes(fn.kind)) {
      warn(`${where}/kind`, `unknown kind '${fn.kind}': no code generated`)
      continue
    }
    allFunctions.set(name, {
      name,
      where,
      kind: fn.kind,
      description: typeof fn.description === 'string' ? fn.description : undefined,
      context: typeof fn.context === 'string' ? fn.context : undefined,
      args: fn.args,
      output: fn.output,
      merge: Array.isArray(fn.merge) ? fn.merge.filter((m) => isObject(m) && typeof m.context === 'string' && typeof m.slot === 'string') : [],
      affects: Array.isArray(fn.affects) ? fn.affects.map((a) => (isObject(a) ? a.context : a)).filter((a) => typeof a === 'string') : [],
      websocket: fn.websocket === true,
    })
  }

  const slotted = new Set()
  const contexts = section(doc, 'x-mizan-contexts').map(([name, value]) => {
    const where = pointer('x-mizan-contexts', name)
    const ctx = entry(value, where)
    const params = ctx.params ?? {}
    if (!isObject(params)) throw new GenerateError('must be an object (param name → JSON Schema)', `${where}/params`)
    const required = stringList(ctx.required, `${where}/required`, 'param names')
    required.forEach((param, i) => {
      if (!Object.hasOwn(params, param)) throw new GenerateError(`'${param}' is not one of the context's params`, `${where}/required/${i}`)
    })
    const slots = stringList(ctx.slots, `${where}/slots`, 'function names').map((slot, i) => {
      const fn = allFunctions.get(slot)
      if (!fn) throw new GenerateError(`slot '${slot}' names no function in x-mizan-functions`, `${where}/slots/${i}`)
      if (fn.kind !== 'context') throw new GenerateError(`slot '${slot}' names a ${fn.kind} function, not a context function`, `${where}/slots/${i}`)
      slotted.add(slot)
      return fn
    })
    if (slots.length === 0) warn(`${where}/slots`, 'the context has no slots: its data type is empty')
    if (ctx.global !== undefined && typeof ctx.global !== 'boolean') throw new GenerateError('must be true or false', `${where}/global`)
    const paramList = Object.keys(params).map((param) => ({
      name: param,
      schema: params[param],
      where: `${where}/params${pointer(param)}`,
      required: required.includes(param),
    }))
    let global = ctx.global === true
    if (global && required.length > 0) {
      warn(`${where}/global`, 'a global context cannot have required params: it gets a provider like any other')
      global = false
    }
    const description = typeof ctx.description === 'string' ? ctx.description : undefined
    return { name, where, description, params: paramList, slots, global }
  })

  const functions = []
  for (const fn of allFunctions.values()) {
    if (fn.kind === 'mutation' || fn.kind === 'call') functions.push(fn)
    else if (fn.kind === 'context' && !slotted.has(fn.name)) {
      warn(fn.where, `a context function that no context lists in its slots: no code generated`)
    }
    // Only kernel.call() goes over the socket: contexts load over HTTP whatever the schema says.
    if (fn.websocket && fn.kind === 'context') warn(`${fn.where}/websocket`, 'a context function loads over HTTP: not a socket function')
  }
  const socketFunctions = functions.filter((fn) => fn.websocket).map((fn) => fn.name)

  const channels = section(doc, 'x-mizan-channels').map(([name, value]) => {
    const where = pointer('x-mizan-channels', name)
    const ch = entry(value, where)
    const description = typeof ch.description === 'string' ? ch.description : undefined
    return { name, where, description, params: ch.params, message: ch.message, send: ch.send }
  })

  const forms = section(doc, 'x-mizan-forms').map(([name, value]) => {
    const where = pointer('x-mizan-forms', name)
    const form = entry(value, where)
    for (const key of ['title', 'submit_label']) {
      if (form[key] !== undefined && typeof form[key] !== 'string') throw new GenerateError('must be a string', `${where}/${key}`)
    }
    return { name, where, title: form.title, submitLabel: form.submit_label, fields: formFields(form, where, warn) }
  })

  return { doc, components, contexts, functions, socketFunctions, channels, forms }
}
