// Names for generated code: Mizan's snake_case names in PascalCase, the
// components' type names, and one registry of every identifier the
// generated module exports, so that two schema names never become one.

/**
 * A broken schema or a bad invocation: a one-line message, usually naming
 * the JSON pointer of the problem. The CLI prints it and exits with `exitCode`.
 *
 * @example
 * throw new GenerateError("slot 'cardz' names no function in x-mizan-functions", '/x-mizan-contexts/board/slots/1')
 */
export class GenerateError extends Error {
  /**
   * @param {string} message
   * @param {string} [pointer] where in the schema (a JSON pointer), if anywhere
   * @param {number} [exitCode] 1: the schema is broken or unreachable; 2: usage
   */
  constructor(message, pointer, exitCode = 1) {
    super(pointer === undefined ? message : `${pointer || '/'}: ${message}`)
    this.name = 'GenerateError'
    this.pointer = pointer
    this.exitCode = exitCode
  }
}

/**
 * A JSON pointer: `pointer('x-mizan-functions', 'a/b')` is `/x-mizan-functions/a~1b`.
 *
 * @example
 * pointer('components', 'schemas', 'Card') // '/components/schemas/Card'
 * @param {...(string | number)} tokens
 */
export const pointer = (...tokens) => tokens.map((t) => `/${String(t).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

/**
 * The PascalCase of a Mizan name: `add_card` → `AddCard`, `addCard` →
 * `AddCard`, `contact.submit` → `ContactSubmit`; a leading digit gets `_`.
 * Empty when the name has no letter or digit.
 *
 * @example
 * pascalCase('rename_board') // 'RenameBoard'
 * @param {string} name
 */
export function pascalCase(name) {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('')
  return /^\p{N}/u.test(joined) ? `_${joined}` : joined
}

/**
 * The camelCase of a Mizan name, for example variables: `board_info` → `boardInfo`.
 *
 * @example
 * camelCase('board_info') // 'boardInfo'
 * @param {string} name
 */
export const camelCase = (name) => pascalCase(name).replace(/^_?./u, (c) => c.toLowerCase())

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

// Words no type may be called (keywords, TypeScript's own type names), and
// the namespaces the generated files import under.
const RESERVED = new Set(
  `any as async await bigint boolean break case catch class const constructor continue debugger declare default delete do else enum
  export extends false finally for from function get global if implements import in infer instanceof interface is keyof let module
  namespace never new null number object of package private protected public readonly require return set static string super switch
  symbol this throw true try type typeof undefined unique unknown var void while with yield
  mizan adapter react vue svelte forms`.split(/\s+/),
)

/**
 * The TypeScript name of a `components.schemas` entry: its own name when
 * that is an identifier (`Card`, `Page_Card_`), else its PascalCase
 * (`Page[Card]` → `PageCard`).
 *
 * @example
 * typeName('Card') // 'Card'
 * @param {string} name
 */
export function typeName(name) {
  return IDENTIFIER.test(name) && !RESERVED.has(name) ? name : pascalCase(name)
}

/**
 * How generated code reads property `key` of `object`: `data.cards` or `data["a-b"]`.
 *
 * @example
 * member('data', 'cards') // 'data.cards'
 * @param {string} object
 * @param {string} key
 */
export const member = (object, key) => (IDENTIFIER.test(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`)

/**
 * A property key in an object literal or type: `cards` or `"a-b"`.
 *
 * @example
 * propertyKey('a-b') // '"a-b"'
 * @param {string} key
 */
export const propertyKey = (key) => (IDENTIFIER.test(key) ? key : JSON.stringify(key))

/**
 * Every identifier the generated module exports, with what it came from;
 * `claim` throws a GenerateError naming both sources when two meet.
 *
 * @example
 * const names = new Registry()
 * names.claim('useAddCard', "'add_card'", '/x-mizan-functions/add_card')
 */
export class Registry {
  /** @type {Map<string, { what: string, where: string }>} */
  #taken = new Map()

  /**
   * @param {string} identifier
   * @param {string} what the schema name it came from, quoted
   * @param {string} where its JSON pointer
   */
  claim(identifier, what, where) {
    if (!identifier) throw new GenerateError(`${what} has no letter or digit to name code by`, where)
    const first = this.#taken.get(identifier)
    if (first && first.where !== where) {
      throw new GenerateError(`${first.what} (${first.where}) and ${what} (${where}) both map to the identifier '${identifier}'`)
    }
    this.#taken.set(identifier, { what, where })
    return identifier
  }
}
