// JSON Schema → TypeScript declarations. The schemas are first rewritten
// into what json-schema-to-typescript types well (references to models
// become their names, Pydantic's shapes become the types they mean,
// constructs TypeScript cannot express become `unknown` with a warning);
// the library then prints every declaration in one pass, and its output is
// cut into declarations, indented and named. Declarations are cached by
// their schema, so a regeneration (--watch) prints only what changed.
import jstt from 'json-schema-to-typescript'
import { GenerateError } from './names.js'

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
const isScalar = (value) => value === null || ['string', 'number', 'boolean'].includes(typeof value)

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'])
// Keywords that say what type a value has; a schema with none of them takes any JSON value.
const TYPING = [
  'type',
  'enum',
  'const',
  'properties',
  'additionalProperties',
  'patternProperties',
  'items',
  'prefixItems',
  'anyOf',
  'oneOf',
  'allOf',
  '$ref',
]

/**
 * The TypeScript of "any JSON value" (mizan-kernel's JsonValue), imported where used.
 * @example
 * typer.type({}, '/x', scope) // { tsType: ANY_JSON }
 */
export const ANY_JSON = 'JsonValue'
/**
 * The TypeScript of an object with no properties (a model without fields, a context without params).
 * @example
 * `export type SessionContextParams = ${NO_PROPERTIES}`
 */
export const NO_PROPERTIES = '{ [k: string]: never }'

const decodeToken = (token) => {
  let text = token
  try {
    text = decodeURIComponent(token)
  } catch {
    // not percent-encoded after all: read as written
  }
  return text.replaceAll('~1', '/').replaceAll('~0', '~')
}

/** The tokens of a local reference `#/a/b`, or null for another document's. */
function refTokens(ref) {
  if (!ref.startsWith('#')) return null
  const path = ref.slice(1)
  if (path === '') return []
  if (!path.startsWith('/')) return null // an anchor (#name): not a pointer
  return path.slice(1).split('/').map(decodeToken)
}

function resolve(doc, tokens) {
  let node = doc
  for (const token of tokens) {
    if (!((isObject(node) || Array.isArray(node)) && Object.hasOwn(node, token))) return { found: false }
    node = node[token]
  }
  return { found: true, value: node }
}

/**
 * Calls `visit` with each `$ref` string anywhere under `node` (for which models arguments reach).
 * @example
 * forEachRef({ items: { $ref: '#/components/schemas/Card' } }, console.log) // '#/components/schemas/Card'
 * @param {unknown} node
 * @param {(ref: string) => void} visit
 */
export function forEachRef(node, visit) {
  if (Array.isArray(node)) node.forEach((item) => forEachRef(item, visit))
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') visit(value)
      else forEachRef(value, visit)
    }
  }
}

/**
 * Rewrites JSON Schemas of one document into schemas json-schema-to-typescript
 * prints as intended.
 *
 * @example
 * const typer = new SchemaTyper(doc, new Map([['Card', 'Card']]), warnings)
 * typer.type({ $ref: '#/components/schemas/Card' }, '/x-mizan-functions/add_card/output', { input: false, deps: new Set() })
 * // { tsType: 'Card' }
 */
export class SchemaTyper {
  /**
   * @param {Record<string, any>} doc
   * @param {Map<string, string>} componentTypes component name → its TypeScript name
   * @param {string[]} warnings
   */
  constructor(doc, componentTypes, warnings) {
    this.doc = doc
    this.componentTypes = componentTypes
    this.warnings = warnings
    this.inline = new Set()
  }

  /**
   * The component names that values sent to the server (arguments, params)
   * reach, through references.
   * @param {{ node: unknown, where: string }[]} roots
   */
  reachedFrom(roots) {
    const reached = new Set()
    const seen = new Set()
    const visit = (ref) => {
      const tokens = refTokens(ref)
      if (!tokens) return
      const key = tokens.join('/')
      if (seen.has(key)) return
      seen.add(key)
      if (tokens.length === 3 && tokens[0] === 'components' && tokens[1] === 'schemas') reached.add(tokens[2])
      const target = resolve(this.doc, tokens)
      if (target.found) forEachRef(target.value, visit)
    }
    for (const { node } of roots) forEachRef(node, visit)
    return reached
  }

  #warn(where, message) {
    this.warnings.push(`${where}: ${message}`)
  }

  #anyJson(scope) {
    scope.deps.add(ANY_JSON)
    return { tsType: ANY_JSON }
  }

  // What TypeScript cannot say: unknown, except in what is sent to the
  // server, where the adapters take only JSON-safe types (any JSON value).
  #untypable(where, message, scope) {
    if (scope.input) {
      this.#warn(where, `${message}; typed as JsonValue (any JSON value: it is sent to the server)`)
      return this.#anyJson(scope)
    }
    this.#warn(where, `${message}; typed as unknown`)
    return { tsType: 'unknown' }
  }

  #ref(ref, where, scope) {
    const tokens = refTokens(ref)
    if (tokens === null) return this.#untypable(where, `'${ref}' is not a reference into this document`, scope)
    if (tokens.length === 3 && tokens[0] === 'components' && tokens[1] === 'schemas') {
      const name = this.componentTypes.get(tokens[2])
      if (name === undefined) throw new GenerateError(`'${ref}' points to nothing`, where)
      scope.deps.add(name)
      return { tsType: name }
    }
    const target = resolve(this.doc, tokens)
    if (!target.found) throw new GenerateError(`'${ref}' points to nothing`, where)
    const key = ref
    if (this.inline.has(key)) return this.#untypable(where, `'${ref}' refers to itself outside components.schemas`, scope)
    this.inline.add(key)
    try {
      return this.type(target.value, ref.slice(1), scope)
    } finally {
      this.inline.delete(key)
    }
  }

  /**
   * One schema, rewritten; `scope.deps` collects the type names it uses.
   *
   * @param {unknown} node
   * @param {string} where its JSON pointer (for messages)
   * @param {{ input: boolean, deps: Set<string> }} scope input: sent to the server
   * @returns {Record<string, any>}
   */
  type(node, where, scope) {
    if (node === true) return this.#anyJson(scope)
    if (node === false) return { tsType: 'never' }
    if (!isObject(node)) return this.#untypable(where, 'is not a schema', scope)
    const notes = {}
    if (typeof node.description === 'string' && node.description.trim()) notes.description = node.description.trim()
    if (node.deprecated === true) notes.deprecated = true

    if ('$ref' in node) {
      if (typeof node.$ref !== 'string') return { ...notes, ...this.#untypable(`${where}/$ref`, 'is not a string', scope) }
      return { ...notes, ...this.#ref(node.$ref, `${where}/$ref`, scope) }
    }
    for (const key of ['$dynamicRef', '$recursiveRef']) {
      if (key in node) return { ...notes, ...this.#untypable(where, `'${key}' cannot be typed`, scope) }
    }
    if (!TYPING.some((key) => key in node)) {
      for (const key of ['not', 'if']) {
        if (key in node) return { ...notes, ...this.#untypable(where, `'${key}' cannot be typed`, scope) }
      }
      return { ...notes, ...this.#anyJson(scope) }
    }

    const out = { ...notes }
    let types = null
    if ('type' in node) {
      types = Array.isArray(node.type) ? node.type : [node.type]
      const bad = types.find((t) => !JSON_TYPES.has(t))
      if (bad !== undefined) return { ...notes, ...this.#untypable(`${where}/type`, `${JSON.stringify(bad)} is not a JSON Schema type`, scope) }
      if (node.nullable === true && !types.includes('null')) types = [...types, 'null'] // OpenAPI 3.0
      out.type = types.length === 1 ? types[0] : types
    }
    if ('enum' in node) {
      if (!Array.isArray(node.enum) || node.enum.length === 0)
        return { ...notes, ...this.#untypable(`${where}/enum`, 'is not a list of values', scope) }
      if (!node.enum.every(isScalar)) return { ...notes, ...this.#untypable(`${where}/enum`, 'an enum of objects or arrays cannot be typed', scope) }
      out.enum = [...node.enum]
      delete out.type // the values say it
    }
    if ('const' in node) {
      if (!isScalar(node.const)) return { ...notes, ...this.#untypable(`${where}/const`, 'a constant object or array cannot be typed', scope) }
      out.const = node.const
      delete out.type
    }
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      if (!(key in node)) continue
      if (!Array.isArray(node[key]) || node[key].length === 0)
        return { ...notes, ...this.#untypable(`${where}/${key}`, 'is not a list of schemas', scope) }
      out[key] = node[key].map((item, i) => this.type(item, `${where}/${key}/${i}`, scope))
    }

    const object = types?.includes('object') || 'properties' in node || 'additionalProperties' in node || 'patternProperties' in node
    if (object) Object.assign(out, this.#object(node, where, scope, types))
    const array = types?.includes('array') || 'items' in node || 'prefixItems' in node
    if (array) Object.assign(out, this.#array(node, where, scope))
    return out
  }

  #object(node, where, scope, types) {
    const out = {}
    const named = isObject(node.properties) ? Object.keys(node.properties) : []
    if (named.length > 0) {
      out.properties = {}
      for (const key of named) {
        if (key === '__proto__') {
          this.#warn(`${where}/properties/__proto__`, 'a property named __proto__ cannot be typed; left out')
          continue
        }
        out.properties[key] = this.type(node.properties[key], `${where}/properties/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, scope)
      }
      out.required = Array.isArray(node.required) ? node.required.filter((r) => typeof r === 'string' && named.includes(r)) : []
    }
    // Extra keys: a typed map (dict[str, X]), any JSON (a bare `object`:
    // dict[str, Any]), or none (a model: Pydantic lists its fields).
    const maps = []
    const extra = node.additionalProperties
    if (extra !== undefined && extra !== false && extra !== true) maps.push(this.type(extra, `${where}/additionalProperties`, scope))
    if (isObject(node.patternProperties)) {
      for (const [pattern, schema] of Object.entries(node.patternProperties)) {
        maps.push(this.type(schema, `${where}/patternProperties/${pattern.replaceAll('~', '~0').replaceAll('/', '~1')}`, scope))
      }
    }
    if (maps.length === 0 && named.length === 0 && !('properties' in node) && extra !== false) maps.push(this.#anyJson(scope))
    if (maps.length > 0 && named.length > 0) {
      this.#warn(`${where}/additionalProperties`, 'a map beside named properties cannot be typed exactly; its extra keys are left out')
      maps.length = 0
    }
    if (named.length === 0 && maps.length === 0) {
      // An object with no properties at all (a model without fields).
      return types && types.length > 1 ? { additionalProperties: false } : { tsType: NO_PROPERTIES, type: undefined }
    }
    out.additionalProperties = maps.length === 0 ? false : maps.length === 1 ? maps[0] : { anyOf: maps }
    return out
  }

  #array(node, where, scope) {
    const out = {}
    if (Array.isArray(node.prefixItems) || Array.isArray(node.items)) {
      // A tuple: prefixItems (2020-12, what Pydantic writes for tuple[...]) or items: [...] (draft 4).
      const key = Array.isArray(node.prefixItems) ? 'prefixItems' : 'items'
      out.items = node[key].map((item, i) => this.type(item, `${where}/${key}/${i}`, scope))
      const rest = key === 'prefixItems' ? node.items : node.additionalItems
      const closed = rest === false || (typeof node.maxItems === 'number' && node.maxItems <= out.items.length)
      out.additionalItems = closed ? false : rest === undefined || rest === true ? this.#anyJson(scope) : this.type(rest, `${where}/items`, scope)
      out.minItems = typeof node.minItems === 'number' ? node.minItems : out.items.length
    } else if ('items' in node) {
      out.items = this.type(node.items, `${where}/items`, scope)
    } else {
      out.items = this.#anyJson(scope)
    }
    return out
  }
}

// ---------------------------------------------------------------------------
// Printing: json-schema-to-typescript, then the output cut into declarations.

const OPTIONS = {
  bannerComment: '',
  format: false, // no Prettier at run time: indentation is ours, below
  additionalProperties: false, // what is not declared is not there (the rewrite says where maps are)
  declareExternallyReferenced: true,
  ignoreMinAndMaxItems: true, // list[X] with a min length stays X[]
  strictIndexSignatures: false,
  unknownAny: true,
  enableConstEnums: false,
}

const ROOT = 'MizanRoot'

// Walks the characters of a code line outside string literals.
function scan(line, visit) {
  let quote = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === "'" || c === '`') quote = c
    else if (visit(c, i) === false) return
  }
}

const isComment = (trimmed) => trimmed.startsWith('/*') || trimmed.startsWith('*')

/** `(A | B)` → `A | B` when the parentheses hold the whole text. */
function unwrap(text) {
  if (!text.startsWith('(') || !text.endsWith(')')) return text
  let depth = 0
  let whole = true
  scan(text, (c, i) => {
    if (c === '(') depth++
    else if (c === ')' && --depth === 0 && i !== text.length - 1) {
      whole = false
      return false
    }
  })
  return whole ? text.slice(1, -1) : text
}

// `key?: (A | B)` → `key?: A | B`; `export type X = (A | B)` → `export type X = A | B`.
function tidy(line) {
  let depth = 0
  let split = -1
  const alias = /^export type \S+ = /.exec(line)
  if (alias) return alias[0] + unwrap(line.slice(alias[0].length))
  scan(line, (c, i) => {
    if (c === '[' || c === '(' || c === '{') depth++
    else if (c === ']' || c === ')' || c === '}') depth--
    else if (c === ':' && depth === 0 && line[i + 1] === ' ') {
      split = i + 2
      return false
    }
  })
  return split < 0 ? line : line.slice(0, split) + unwrap(line.slice(split))
}

/**
 * Cuts json-schema-to-typescript's unformatted output into its top-level
 * declarations, each indented (two spaces a level) and tidied.
 *
 * @example
 * splitDeclarations('export interface A {\nb: (string | null)\n}\n').get('A') // 'export interface A {\n  b: string | null\n}'
 * @param {string} output
 * @returns {Map<string, string>} name → declaration text
 */
export function splitDeclarations(output) {
  const declarations = new Map()
  let depth = 0
  let brackets = 0
  let current = null
  let pending = []
  for (const raw of output.split('\n')) {
    const trimmed = raw.trim()
    if (trimmed === '') continue
    if (isComment(trimmed)) {
      const text = '  '.repeat(depth) + (trimmed.startsWith('*') ? ` ${trimmed}` : trimmed)
      if (current) current.lines.push(text)
      else pending.push(text)
      continue
    }
    const start = depth
    let lowest = depth
    scan(trimmed, (c) => {
      if (c === '{') depth++
      else if (c === '}') lowest = Math.min(lowest, --depth)
      else if (c === '(' || c === '[') brackets++
      else if (c === ')' || c === ']') brackets--
    })
    const indent = trimmed.startsWith('}') ? lowest : start
    if (!current) {
      const head = /^export (?:interface|type) ([A-Za-z_$][\w$]*)/.exec(trimmed)
      if (!head) throw new Error(`json-schema-to-typescript printed an unexpected line: ${trimmed}`)
      current = { name: head[1], lines: pending }
      pending = []
    }
    current.lines.push('  '.repeat(indent) + tidy(trimmed))
    if (depth === 0 && brackets === 0) {
      const text = current.lines
        .join('\n')
        .replace(/\{\n\}$/, '{}')
        .replace(/^( *)\/\*\*\n\1 \* (.*)\n\1 \*\/$/gm, '$1/** $2 */') // a one-line comment on one line
      declarations.set(current.name, text)
      current = null
    }
  }
  if (current || depth !== 0) throw new Error('json-schema-to-typescript printed an unbalanced declaration')
  return declarations
}

/**
 * Prints declarations with json-schema-to-typescript, caching each by its
 * schema (one instance per watch session).
 *
 * @example
 * const printer = new TypePrinter()
 * const [card] = await printer.print([{ name: 'Card', schema: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } }])
 * // 'export interface Card {\n  id: number\n}'
 */
export class TypePrinter {
  /** @type {Map<string, [string, string]>} schema JSON → the declaration's text before and after its name */
  #cache = new Map()

  /**
   * @param {{ name: string, schema: Record<string, any> }[]} declarations
   * @returns {Promise<string[]>} each declaration's TypeScript, in order
   */
  async print(declarations) {
    const keys = declarations.map((d) => JSON.stringify(d.schema))
    const missing = [...new Set(keys.filter((key) => !this.#cache.has(key)))]
    if (missing.length > 0) {
      const properties = {}
      missing.forEach((key, i) => {
        properties[`D${i}`] = { ...JSON.parse(key), title: `D${i}` }
      })
      const root = { title: ROOT, type: 'object', additionalProperties: false, properties, required: Object.keys(properties) }
      const printed = splitDeclarations(await jstt.compile(root, ROOT, OPTIONS))
      missing.forEach((key, i) => {
        const text = printed.get(`D${i}`)
        const head = text && new RegExp(`^export (?:interface|type) D${i}\\b`, 'm').exec(text)
        if (!head) throw new Error(`json-schema-to-typescript printed no declaration for ${key}`)
        const at = head.index + head[0].length - `D${i}`.length
        this.#cache.set(key, [text.slice(0, at), text.slice(at + `D${i}`.length)])
      })
    }
    return declarations.map((d, i) => {
      const [before, after] = this.#cache.get(keys[i])
      return before + d.name + after
    })
  }
}
