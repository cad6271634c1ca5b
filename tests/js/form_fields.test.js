// The field → Zod mapping of mizan-kernel/forms: every type and constraint
// of PROTOCOL.md §10, with Django's messages and codes.
import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { fieldErrors, fieldSchema, formSchema } from '../../js/forms.js'

const field = (type, extra = {}) => ({ name: 'f', label: 'F', type, ...extra })
const codes = (f, value) => fieldErrors(f, value).map((e) => e.code)
const parsed = (f, value) => z.safeParse(fieldSchema(f), value)

describe('required', () => {
  it.each([
    ['text', ''],
    ['text', '   '],
    ['email', undefined],
    ['integer', null],
    ['decimal', ''],
    ['choice', ''],
    ['multiple_choice', []],
    ['date', ''],
    ['datetime', ''],
    ['url', ''],
  ])('an empty %s is refused with "This field is required."', (type, value) => {
    expect(fieldErrors(field(type, { required: true, choices: [{ value: 'a', label: 'A' }] }), value)).toEqual([
      { message: 'This field is required.', code: 'required', source: 'client' },
    ])
  })
  it('an empty optional field is valid and parses to undefined', () => {
    for (const type of ['text', 'email', 'url', 'integer', 'decimal', 'choice', 'multiple_choice', 'date', 'datetime', 'boolean']) {
      expect(parsed(field(type, { choices: [] }), '')).toEqual({ success: true, data: undefined })
    }
  })
  it('a required boolean must be true (a box that must be ticked), as in Django', () => {
    expect(codes(field('boolean', { required: true }), false)).toEqual(['required'])
    expect(parsed(field('boolean', { required: true }), true)).toEqual({ success: true, data: true })
    expect(parsed(field('boolean'), false)).toEqual({ success: true, data: undefined })
  })
})

describe('text', () => {
  it('checks min and max length with the lengths in the message', () => {
    const f = field('text', { min_length: 3, max_length: 5 })
    expect(fieldErrors(f, 'ab')).toEqual([
      { message: 'Ensure this value has at least 3 characters (it has 2).', code: 'min_length', source: 'client' },
    ])
    expect(fieldErrors(f, 'abcdef')).toEqual([
      { message: 'Ensure this value has at most 5 characters (it has 6).', code: 'max_length', source: 'client' },
    ])
    expect(parsed(f, ' abcd ')).toEqual({ success: true, data: 'abcd' }) // stripped, as Django's CharField does
  })
  it('reads an unknown type as text', () => {
    expect(parsed(field('slug', { max_length: 2 }), 'abc').success).toBe(false)
    expect(parsed(field('slug'), 'abc').data).toBe('abc')
  })
})

describe('formats', () => {
  it.each([
    ['email', 'ada@', 'ada@example.com', 'Enter a valid email address.'],
    ['url', 'not a url', 'https://example.com/x', 'Enter a valid URL.'],
    ['date', '2026-02-30', '2026-02-28', 'Enter a valid date.'],
    ['datetime', '2026-02-03 10', '2026-02-03T10:00', 'Enter a valid date/time.'],
  ])('%s: %j is invalid, %j is valid', (type, bad, good, message) => {
    expect(fieldErrors(field(type), bad)).toEqual([{ message, code: 'invalid', source: 'client' }])
    expect(fieldErrors(field(type), good)).toEqual([])
  })
  it('a datetime may carry an offset', () => {
    expect(fieldErrors(field('datetime'), '2026-02-03T10:00:00Z')).toEqual([])
    expect(fieldErrors(field('datetime'), '2026-02-03T10:00:00+02:00')).toEqual([])
  })
  it('an email checks max length too', () => {
    expect(codes(field('email', { max_length: 10 }), 'ada@example.com')).toEqual(['max_length'])
  })
})

describe('numbers', () => {
  it('integer: digits from an input become a number; other text is invalid', () => {
    expect(parsed(field('integer'), ' 42 ')).toEqual({ success: true, data: 42 })
    expect(parsed(field('integer'), -7)).toEqual({ success: true, data: -7 })
    expect(fieldErrors(field('integer'), '4.5')).toEqual([{ message: 'Enter a whole number.', code: 'invalid', source: 'client' }])
    expect(codes(field('integer'), 4.5)).toEqual(['invalid'])
    expect(codes(field('integer'), 'abc')).toEqual(['invalid'])
  })
  it('decimal: accepts fractions, refuses text', () => {
    expect(parsed(field('decimal'), '3.25')).toEqual({ success: true, data: 3.25 })
    expect(parsed(field('decimal'), '.5')).toEqual({ success: true, data: 0.5 })
    expect(fieldErrors(field('decimal'), '3,25')).toEqual([{ message: 'Enter a number.', code: 'invalid', source: 'client' }])
  })
  it('min and max value, inclusive', () => {
    const f = field('integer', { min_value: 18, max_value: 99 })
    expect(fieldErrors(f, '17')).toEqual([{ message: 'Ensure this value is greater than or equal to 18.', code: 'min_value', source: 'client' }])
    expect(fieldErrors(f, 100)).toEqual([{ message: 'Ensure this value is less than or equal to 99.', code: 'max_value', source: 'client' }])
    expect(fieldErrors(f, 18)).toEqual([])
    expect(fieldErrors(f, '99')).toEqual([])
    expect(codes(field('decimal', { max_value: 1.5 }), '1.51')).toEqual(['max_value'])
  })
})

describe('choices', () => {
  const choices = [
    { value: 1, label: 'One' },
    { value: 'two', label: 'Two' },
  ]
  it('choice: a value among the choices, compared as text (a select gives strings)', () => {
    expect(parsed(field('choice', { choices }), '1')).toEqual({ success: true, data: '1' })
    expect(parsed(field('choice', { choices }), 1)).toEqual({ success: true, data: '1' })
    expect(fieldErrors(field('choice', { choices }), 'three')).toEqual([
      { message: 'Select a valid choice. three is not one of the available choices.', code: 'invalid_choice', source: 'client' },
    ])
  })
  it('multiple choice: every value among the choices; not a list is invalid', () => {
    expect(parsed(field('multiple_choice', { choices }), ['1', 'two'])).toEqual({ success: true, data: ['1', 'two'] })
    expect(codes(field('multiple_choice', { choices }), ['1', 'x'])).toEqual(['invalid_choice'])
    expect(fieldErrors(field('multiple_choice', { choices }), 'two')).toEqual([
      { message: 'Enter a list of values.', code: 'invalid', source: 'client' },
    ])
  })
})

describe('formSchema', () => {
  it('is one Zod object of the fields: typed output, every field error with its path', () => {
    const fields = {
      name: { label: 'Name', type: 'text', required: true },
      age: { label: 'Age', type: 'integer', min_value: 18 },
      news: { label: 'News', type: 'boolean' },
    }
    expect(z.safeParse(formSchema(fields), { name: 'Ada', age: '36', news: true })).toEqual({
      success: true,
      data: { name: 'Ada', age: 36, news: true },
    })
    const bad = z.safeParse(formSchema(fields), { name: '', age: '3' })
    expect(bad.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'This field is required.'],
      ['age', 'Ensure this value is greater than or equal to 18.'],
    ])
  })
})
