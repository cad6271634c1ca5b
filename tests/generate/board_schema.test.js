// examples/server/board_schema.json is the reference server's API exactly:
// served at GET /api/mizan/schema/, the same contexts, functions and form as
// board_api.js, and every bundle, slot and result the server sends fits
// the schema (a strict check: no member the schema does not declare).
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBoardServer } from '../../examples/server/board_api.js'

const SCHEMA = JSON.parse(readFileSync(new URL('../../examples/server/board_schema.json', import.meta.url), 'utf8'))
const SOURCE = readFileSync(new URL('../../examples/server/board_api.js', import.meta.url), 'utf8')
const FUNCTIONS = SCHEMA['x-mizan-functions']
const CONTEXTS = SCHEMA['x-mizan-contexts']
const FORMS = SCHEMA['x-mizan-forms']

// The names the server's source declares in `const <name> = { … }` (its top-level keys).
const FUNCTION = /^ {2}'?([\w.]+)'?\((?:db|\))/gm
function declared(name, pattern) {
  const body = new RegExp(`^const ${name} = \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(SOURCE)[1]
  return [...body.matchAll(pattern)].map((m) => m[1]).sort()
}

// The part of JSON Schema the board's schema uses, checked strictly; returns the problems.
function check(value, schema, at = '$') {
  if (schema.$ref) return check(value, SCHEMA.components.schemas[schema.$ref.split('/').pop()], at)
  if (schema.anyOf) return schema.anyOf.some((s) => check(value, s, at).length === 0) ? [] : [`${at}: fits no anyOf member`]
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value
  if (schema.type && !(schema.type === type || (schema.type === 'number' && type === 'integer'))) return [`${at}: ${type}, not ${schema.type}`]
  if (type === 'string' && schema.minLength && value.length < schema.minLength) return [`${at}: shorter than ${schema.minLength}`]
  if (type === 'array') return value.flatMap((item, i) => check(item, schema.items, `${at}[${i}]`))
  if (type !== 'object') return []
  const properties = schema.properties ?? {}
  const extra = schema.additionalProperties // a schema for the other members, or true: anything
  return [
    ...(schema.required ?? []).filter((key) => !(key in value)).map((key) => `${at}.${key}: missing`),
    ...Object.keys(value)
      .filter((key) => !(key in properties) && !extra)
      .map((key) => `${at}.${key}: not in the schema`),
    ...Object.entries(value).flatMap(([key, v]) =>
      key in properties ? check(v, properties[key], `${at}.${key}`) : typeof extra === 'object' ? check(v, extra, `${at}.${key}`) : [],
    ),
  ]
}

let server
beforeAll(async () => {
  server = await startBoardServer({ csrf: false })
})
afterAll(() => server?.close())

const get = async (path) => (await fetch(`${server.baseUrl}${path}`)).json()
const call = async (fn, args) =>
  (
    await fetch(`${server.baseUrl}/call/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fn, args }) })
  ).json()

describe('the board schema', () => {
  it('is served at GET /api/mizan/schema/', async () => {
    const response = await fetch(`${server.baseUrl}/schema/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual(SCHEMA)
  })

  it('names the contexts and the callable functions of board_api.js, no more, no fewer', () => {
    expect(Object.keys(CONTEXTS).sort()).toEqual(declared('contexts', /^ {2}(\w+): \(db/gm))
    const callable = Object.keys(FUNCTIONS).filter((name) => ['mutation', 'call'].includes(FUNCTIONS[name].kind))
    expect(callable.sort()).toEqual(declared('functions', FUNCTION))
    for (const [name, ctx] of Object.entries(CONTEXTS)) {
      for (const slot of ctx.slots) expect(FUNCTIONS[slot]).toMatchObject({ kind: 'context', context: name })
    }
    expect(CONTEXTS.session).toMatchObject({ params: {}, required: [], global: true })
    expect(CONTEXTS.board).toMatchObject({ params: { board_id: { type: 'integer' } }, required: ['board_id'] })
    expect(Object.keys(SCHEMA['x-mizan-channels']).sort()).toEqual(declared('channels', /^ {2}(\w+): \{$/gm))
    expect(FUNCTIONS.echo).toMatchObject({ kind: 'call', websocket: true })
  })

  it('describes every bundle: its slots and their values', async () => {
    for (const [name, params] of [
      ['session', ''],
      ['board', '?board_id=1'],
      ['board', '?board_id=2'],
      ['card_page', '?board_id=1'],
      ['card_page', '?board_id=1&cursor=1&limit=1'],
    ]) {
      const bundle = await get(`/ctx/${name}/${params}`)
      expect(Object.keys(bundle).sort()).toEqual([...CONTEXTS[name].slots].sort())
      for (const slot of CONTEXTS[name].slots) expect(check(bundle[slot], FUNCTIONS[slot].output, `${name}.${slot}`)).toEqual([])
    }
  })

  it('describes every function: arguments, result, and what it merges or invalidates', async () => {
    const message = { name: 'Ada', email: 'ada@example.com', topic: 'bug', message: 'The board forgets my cards.' }
    const calls = [
      ['add_card', { board_id: 1, title: 'New' }],
      ['edit_card', { card_id: 1, title: 'Edited' }],
      ['rename_board', { board_id: 2, name: 'Renamed' }],
      ['mwt_obtain', {}],
      ['contact.schema', {}],
      ['contact.validate', { data: { ...message, email: 'ada@' } }],
      ['contact.validate', { data: message, field: 'email' }],
      ['contact.submit', { data: message }],
      ['echo', { text: 'hi' }],
    ]
    expect([...new Set(calls.map(([fn]) => fn))].sort()).toEqual(declared('functions', FUNCTION))
    for (const [fn, args] of calls) {
      const spec = FUNCTIONS[fn]
      expect(check(args, spec.args, `${fn}.args`)).toEqual([])
      const answer = await call(fn, args)
      expect(check(answer.result, spec.output, `${fn}.result`)).toEqual([])
      expect((answer.merge ?? []).map(({ context, slot }) => ({ context, slot }))).toEqual(spec.merge ?? [])
      expect((answer.invalidate ?? []).map((t) => t.context ?? t)).toEqual(spec.affects ?? [])
    }
  })

  it('describes the form contact: the fields of x-mizan-forms are what contact.schema answers', async () => {
    expect(Object.keys(FORMS)).toEqual(['contact'])
    const { result } = await call('contact.schema', {})
    expect(FORMS.contact).toEqual({ title: result.title, submit_label: result.submit_label, fields: result.fields, field_order: result.field_order })
    expect(result.name).toBe('contact')
    for (const fn of ['contact.schema', 'contact.validate', 'contact.submit']) expect(FUNCTIONS[fn]).toMatchObject({ kind: 'call' })
    expect(FUNCTIONS['contact.submit'].affects).toBeUndefined()
  })

  it('marks as required what the server refuses without', async () => {
    for (const [fn, args, field] of [
      ['add_card', { board_id: 1 }, 'title'],
      ['edit_card', { card_id: 1 }, 'title'],
      ['rename_board', { board_id: 1 }, 'name'],
    ]) {
      const required = SCHEMA.components.schemas[FUNCTIONS[fn].args.$ref.split('/').pop()].required
      expect(required).toContain(field)
      expect(await call(fn, args)).toMatchObject({ error: true, code: 'VALIDATION_ERROR' })
    }
  })
})
