// A form field (PROTOCOL.md §10) as a Zod schema. Input is what form
// controls give (strings, booleans, arrays of strings) or numbers; output
// is the typed value, or undefined for an empty optional field. Messages
// and codes are Django's, so that a client error reads like the server's.
// zod/mini: the tree-shakable build of Zod 4 (a form pulls only the checks
// its fields use).
import * as z from 'zod/mini'

const REQUIRED = 'This field is required.'

// Django's messages for the format of each type.
const INVALID = {
  email: 'Enter a valid email address.',
  url: 'Enter a valid URL.',
  integer: 'Enter a whole number.',
  decimal: 'Enter a number.',
  date: 'Enter a valid date.',
  datetime: 'Enter a valid date/time.',
  multiple_choice: 'Enter a list of values.',
}

// The Django code of a Zod issue: ours when a custom issue carries one,
// else from Zod's kind of issue and what it was checking.
function djangoCode(issue) {
  if (issue.params?.code) return issue.params.code
  const number = issue.origin === 'number' || issue.origin === 'int'
  if (issue.code === 'too_big') return number ? 'max_value' : 'max_length'
  if (issue.code === 'too_small') return number ? 'min_value' : 'min_length'
  if (issue.code === 'invalid_value') return 'invalid_choice'
  return 'invalid'
}

const isEmpty = (value) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)

// Numbers arrive as strings from inputs: a string that spells one becomes
// it; anything else stays, and the number check reports it.
const WHOLE = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/
function toNumber(value, pattern) {
  if (typeof value !== 'string') return value
  const text = value.trim()
  return pattern.test(text) ? Number(text) : text
}

const chars = (n) => `${n} character${n === 1 ? '' : 's'}`
const lengthChecks = (field) => [
  ...(field.min_length === undefined
    ? []
    : [z.minLength(field.min_length, { error: (i) => `Ensure this value has at least ${chars(field.min_length)} (it has ${i.input.length}).` })]),
  ...(field.max_length === undefined
    ? []
    : [z.maxLength(field.max_length, { error: (i) => `Ensure this value has at most ${chars(field.max_length)} (it has ${i.input.length}).` })]),
]
const valueChecks = (field) => [
  ...(field.min_value === undefined ? [] : [z.gte(field.min_value, `Ensure this value is greater than or equal to ${field.min_value}.`)]),
  ...(field.max_value === undefined ? [] : [z.lte(field.max_value, `Ensure this value is less than or equal to ${field.max_value}.`)]),
]
const withChecks = (schema, checks) => (checks.length === 0 ? schema : schema.check(...checks))

const choiceValues = (field) => (field.choices ?? []).map((c) => String(c.value))
const choiceMessage = (i) => `Select a valid choice. ${String(i.input)} is not one of the available choices.`

// The schema of a non-empty value, and how a raw value is brought to it.
function valueSchema(field) {
  switch (field.type) {
    case 'email':
      return [withChecks(z.email(INVALID.email), lengthChecks(field)), (v) => String(v).trim()]
    case 'url':
      return [withChecks(z.url(INVALID.url), lengthChecks(field)), (v) => String(v).trim()]
    case 'integer':
      return [withChecks(z.int(INVALID.integer), valueChecks(field)), (v) => toNumber(v, WHOLE)]
    case 'decimal':
      return [withChecks(z.number(INVALID.decimal), valueChecks(field)), (v) => toNumber(v, DECIMAL)]
    case 'boolean':
      return [z.boolean(), (v) => v === true || v === 'true' || v === 'on']
    case 'date':
      return [z.iso.date(INVALID.date), (v) => String(v).trim()]
    case 'datetime':
      return [z.iso.datetime({ local: true, offset: true, error: INVALID.datetime }), (v) => String(v).trim()]
    case 'choice':
      return [z.enum(choiceValues(field), { error: choiceMessage }), (v) => String(v)]
    case 'multiple_choice':
      return [
        z.array(z.enum(choiceValues(field), { error: choiceMessage }), { error: INVALID.multiple_choice }),
        (v) => (Array.isArray(v) ? v.map(String) : v),
      ]
    default: // text, and types this version does not know
      return [withChecks(z.string(), lengthChecks(field)), (v) => (typeof v === 'string' ? v.trim() : String(v))]
  }
}

/**
 * The Zod schema of one field: raw input in, the typed value out (undefined
 * when empty and optional). A required boolean must be true (a checkbox
 * that must be ticked), as in Django.
 *
 * @example
 * z.safeParse(fieldSchema({ name: 'age', label: 'Age', type: 'integer', required: true }), '42').data // 42
 *
 * @param {import('./forms.js').FormField} field
 */
export function fieldSchema(field) {
  const [schema, normalize] = valueSchema(field)
  const empty = field.type === 'boolean' ? (v) => isEmpty(v) || v === false : isEmpty
  return z.pipe(
    z.transform((value, ctx) => {
      if (!empty(value)) return normalize(value)
      if (field.required) ctx.issues.push({ code: 'custom', message: REQUIRED, input: value, params: { code: 'required' } })
      return undefined
    }),
    z.optional(schema),
  )
}

/**
 * The Zod schema of a whole form: an object of its fields' schemas.
 *
 * @example
 * z.safeParse(formSchema(contactFormFields), values).success
 *
 * @param {Record<string, import('./forms.js').FormField>} fields
 */
export function formSchema(fields) {
  return z.object(Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, fieldSchema({ name, ...field })])))
}

// One schema per field object, built once.
const built = new WeakMap()

/**
 * A field's client errors for a value, as the form state shows them.
 *
 * @example
 * fieldErrors({ name: 'email', label: 'Email', type: 'email', required: true }, 'ada@')
 *
 * @param {import('./forms.js').FormField} field
 * @param {unknown} value
 * @returns {import('./forms.js').FieldError[]}
 */
export function fieldErrors(field, value) {
  let schema = built.get(field)
  if (!schema) built.set(field, (schema = fieldSchema(field)))
  const parsed = z.safeParse(schema, value)
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ message: issue.message, code: djangoCode(issue), source: 'client' }))
}
