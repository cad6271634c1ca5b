// mizan-generate's output, from the generator itself (no files, no
// processes): the board schema's files for each target against golden
// copies, every construct of the kitchen-sink fixture, determinism, and
// the broken schemas it refuses with one message naming the pointer.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HEADER } from '../../js/generate/emit.js'
import { generate, TARGETS } from '../../js/generate/generate.js'
import { GenerateError } from '../../js/generate/names.js'
import { TypePrinter } from '../../js/generate/types.js'

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'))
const BOARD = read('../../examples/server/board_schema.json')
const KITCHEN = read('./fixtures/kitchen_sink.json')

// The code of a file without its comments (for checks that comments must not fool).
const code = (text) =>
  text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*\*|\*)/.test(line))
    .join('\n')

describe.each(TARGETS)('the board schema, target %s', (target) => {
  it('gives the files of the golden copy, byte for byte', async () => {
    const { files, warnings } = await generate(BOARD, { target })
    expect(warnings).toEqual([])
    expect([...files.keys()]).toEqual(['types.ts', 'api.ts', `${target}.ts`, 'index.ts'])
    for (const [name, text] of files) await expect(text).toMatchFileSnapshot(`./golden/board/${target}/${name}.txt`)
  })
})

describe('the kitchen-sink schema (every construct)', () => {
  const run = (target) => generate(KITCHEN, { target })

  it('types models under their components.schemas names, as Pydantic means them', async () => {
    const types = (await run('react')).files.get('types.ts')
    const expected = [
      // enum, with its description
      '/** Where a card is. */\nexport type Status = "todo" | "doing" | "done"',
      'export type Priority = 1 | 2 | 3',
      // a property with a default is optional; anyOf with null is `| null`; format is a string
      '  nickname?: string | null',
      '  email: string',
      '  status?: Status',
      '  priority?: Priority | null',
      // required but nullable
      '  owner: User | null',
      // list, dict[str, int], dict[str, Any], Any, tuple
      '  tags?: string[]',
      '  votes: {\n    [k: string]: number\n  }',
      '  extra?: {\n    [k: string]: JsonValue\n  }',
      '  anything?: JsonValue',
      '  position?: [number, number]',
      // nested model inline, a key that is no identifier, deprecated, a union of models
      '  checklist?: {\n    text: string\n    done?: boolean\n  }[]',
      '  "weird-key"?: boolean',
      '  /** @deprecated */\n  legacy?: string',
      '  attachment?: Link | File',
      // const, recursion, a model without fields, a generic model's name
      '  kind: "link"',
      'export interface TreeNode {\n  name: string\n  children: TreeNode[]\n}',
      'export type Empty = { [k: string]: never }',
      'export interface Page_Card_ {\n  items: Card[]\n  next: number | null\n}',
      // descriptions become JSDoc that no */ can end
      '/** A card. A description may hold * / without ending the comment. */',
      '  /** What the card says. */\n  title: string',
      "import type { JsonValue } from 'mizan-kernel'",
    ]
    for (const text of expected) expect(types).toContain(text)
  })

  it("types each context's params (required ones required) and data (one member per slot)", async () => {
    const types = (await run('react')).files.get('types.ts')
    expect(types).toContain('export interface BoardContextParams {\n  board_id: number\n  status?: Status | null\n}')
    expect(types).toContain('export interface BoardContextData {\n  board_title: string\n  board_cards: Page_Card_\n  board_stats: unknown\n}')
    expect(types).toContain('export type SessionContextParams = { [k: string]: never }')
    expect(types).toContain('export interface TreeContextParams {\n  depth?: number\n}')
  })

  it("types each mutation's and call's arguments and result, reusing a model named for them", async () => {
    const { files } = await run('react')
    const types = files.get('types.ts')
    expect(types).toContain(
      'export interface MoveCardArgs {\n  card_id: string\n  status: Status\n  /** @minItems 2 */\n  position?: [number, number]\n  note?: string | null\n}',
    )
    expect(types).toContain('export type MoveCardResult = Card')
    expect(types).not.toContain('export type SearchArgs = SearchArgs') // the model SearchArgs is the type
    expect(types).toContain('export type SearchResult = Card[]')
    expect(types).toContain('export type TouchBoardResult = null')
    expect(types).not.toContain('PingArgs') // no args: none
    const api = files.get('api.ts')
    expect(api).toContain('export function callPing(kernel: mizan.Kernel): Promise<PingResult> {')
    expect(api).toContain('export function callTouchBoard(kernel: mizan.Kernel, args?: TouchBoardArgs): Promise<TouchBoardResult> {') // all optional
    expect(api).toContain('export function callMoveCard(kernel: mizan.Kernel, args: MoveCardArgs): Promise<MoveCardResult> {')
    expect(api).toContain('export async function fetchTreeContext(kernel: mizan.Kernel, params?: TreeContextParams): Promise<TreeContextData> {')
    expect(api).toContain('export async function fetchSessionContext(kernel: mizan.Kernel): Promise<SessionContextData> {')
  })

  it('generates nothing for view functions, unknown kinds and unknown x-mizan keys', async () => {
    for (const target of TARGETS) {
      const { files, warnings } = await run(target)
      const all = [...files.values()].join('\n')
      expect(all).not.toMatch(/BoardPage|board_page|LegacySync|legacy_sync|edge|ignored/i)
      expect(warnings).toContain("/x-mizan-functions/legacy_sync/kind: unknown kind 'websocket-only': no code generated")
      expect(warnings.join('\n')).not.toMatch(/x-mizan-edge|board_page/)
    }
  })

  it('types what it cannot type as unknown, with a warning naming its JSON pointer (any JSON in what is sent)', async () => {
    const { files, warnings } = await run('vue')
    expect(warnings).toEqual([
      "/components/schemas/Report/properties/elsewhere/$ref: 'other.json#/components/schemas/Thing' is not a reference into this document; typed as unknown",
      "/components/schemas/Report/properties/not_text: 'not' cannot be typed; typed as unknown",
      '/components/schemas/Report/properties/strange/type: "file" is not a JSON Schema type; typed as unknown',
      "/components/schemas/SearchArgs/properties/filter: 'not' cannot be typed; typed as JsonValue (any JSON value: it is sent to the server)",
      '/x-mizan-channels/ticker: no message schema; typed as unknown',
      '/x-mizan-functions/board_stats: no output schema; typed as unknown',
      '/x-mizan-functions/export_v2: no output schema; typed as unknown',
      "/x-mizan-functions/legacy_sync/kind: unknown kind 'websocket-only': no code generated",
    ])
    const types = files.get('types.ts')
    expect(types).toContain('export interface Report {\n  not_text: unknown\n  strange?: unknown\n  elsewhere?: unknown\n}')
    expect(types).toContain('  filter?: JsonValue')
  })

  it('declares channel and form types only, saying why in the file', async () => {
    const { files } = await run('svelte')
    const channels = files.get('channels.ts')
    expect(channels).toContain('mizan-kernel has no channel runtime yet, so this file only declares')
    expect(channels).toContain('export interface BoardEventsChannelParams {\n  board_id: number\n}')
    expect(channels).toContain('export type BoardEventsChannelMessage = ({\n  type: "card_moved"\n  card: Card\n} | {')
    expect(channels).toContain('export interface BoardEventsChannelSend {\n  typing: boolean\n}')
    expect(channels).toContain("import type { Card } from './types.js'")
    expect(channels).toContain('export type TickerChannelMessage = unknown')
    expect(code(channels)).not.toMatch(/function|const /)
    const forms = files.get('forms.ts')
    expect(forms).toContain('mizan-kernel has no form runtime yet, so this file only declares their')
    expect(forms).toContain('export interface ContactFormInfo {\n  name: "contact"\n  title: "Contact us"\n  submit_label: "Send"\n}')
    expect(forms).toContain('export interface SignupFormInfo {\n  name: "signup"\n  title: "Sign up"\n}')
    expect(forms).toContain('export interface MizanFormField {')
    expect(code(forms)).not.toMatch(/function|const /)
    expect(files.get('index.ts')).toContain("export * from './channels.js'\nexport * from './forms.js'")
  })

  it.each(TARGETS)('%s: every file starts with the header, no public signature says any', async (target) => {
    const { files } = await run(target)
    for (const [name, text] of files) {
      expect(text.startsWith(`${HEADER}\n`), name).toBe(true)
      expect(code(text), name).not.toMatch(/\bany\b/)
      expect(text.endsWith('\n') && !text.endsWith('\n\n'), name).toBe(true)
    }
  })

  it('is deterministic: the same schema, in any key order, gives the same bytes', async () => {
    const reversed = (object) => Object.fromEntries(Object.entries(object).reverse())
    const shuffled = {
      ...KITCHEN,
      components: { schemas: reversed(KITCHEN.components.schemas) },
      'x-mizan-functions': reversed(KITCHEN['x-mizan-functions']),
      'x-mizan-contexts': reversed(KITCHEN['x-mizan-contexts']),
    }
    for (const target of TARGETS) {
      const a = await generate(KITCHEN, { target })
      const b = await generate(structuredClone(KITCHEN), { target })
      const c = await generate(shuffled, { target })
      expect(b.files).toEqual(a.files)
      expect(c.files).toEqual(a.files)
    }
  })

  it('regenerates with a warm printer (what --watch does) exactly as from cold', async () => {
    const printer = new TypePrinter()
    await generate(KITCHEN, { target: 'react', printer })
    const changed = structuredClone(KITCHEN)
    changed.components.schemas.User.properties.age = { type: 'integer' }
    changed['x-mizan-functions'].archive = { kind: 'mutation', args: { $ref: '#/components/schemas/User' }, output: { type: 'boolean' } }
    const warm = await generate(changed, { target: 'react', printer })
    const cold = await generate(changed, { target: 'react' })
    expect(warm.files).toEqual(cold.files)
    expect(warm.files.get('types.ts')).toContain(
      'export interface User {\n  id: number\n  email: string\n  nickname?: string | null\n  age?: number\n}',
    )
  })

  it('quotes names that are not identifiers, and escapes what could end a string or comment', async () => {
    const doc = {
      components: { schemas: { 'Page[Card]': { type: 'object', properties: { x: { type: 'string' } } } } },
      'x-mizan-contexts': { 'my.ctx': { params: { 'a-b': { type: 'string' } }, required: ['a-b'], slots: ["it's"] } },
      'x-mizan-functions': {
        "it's": { kind: 'context', context: 'my.ctx', output: { $ref: '#/components/schemas/Page%5BCard%5D' } },
        'do */ it': { kind: 'call', description: 'ends */ here', output: { type: 'string', enum: ["a'b", 'c"d'] } },
      },
    }
    for (const target of TARGETS) {
      const { files } = await generate(doc, { target })
      const all = [...files.values()].join('\n')
      expect(all).toContain('export interface PageCard {')
      expect(all).toContain('"a-b": string')
      expect(all).toContain("'it\\'s'")
      expect(all).toContain("'my.ctx'")
      expect(all).toContain('ends *\\/ here')
      expect(all).toContain('export type DoItResult = "a\'b" | "c\\"d"')
    }
  })
})

describe('broken schemas: one GenerateError naming the pointer or both names', () => {
  const refuse = async (doc, message, target = 'react') => {
    const error = await generate(doc, { target }).catch((e) => e)
    expect(error).toBeInstanceOf(GenerateError)
    expect(error.message).toBe(message)
  }

  it('a dangling $ref', async () => {
    await refuse(
      read('./fixtures/errors/dangling_ref.json'),
      "/components/schemas/Card/properties/owner/$ref: '#/components/schemas/User' points to nothing",
    )
    await refuse(
      { 'x-mizan-functions': { f: { kind: 'call', output: { $ref: '#/$defs/Nope' } } } },
      "/x-mizan-functions/f/output/$ref: '#/$defs/Nope' points to nothing",
    )
  })

  it('a slot naming no function, or a function that is not a context function', async () => {
    await refuse(
      read('./fixtures/errors/slot_no_function.json'),
      "/x-mizan-contexts/board/slots/1: slot 'cardz' names no function in x-mizan-functions",
    )
    await refuse(
      { 'x-mizan-contexts': { board: { slots: ['add'] } }, 'x-mizan-functions': { add: { kind: 'mutation' } } },
      "/x-mizan-contexts/board/slots/0: slot 'add' names a mutation function, not a context function",
    )
  })

  it('two names mapping to the same identifier', async () => {
    await refuse(
      read('./fixtures/errors/same_identifier.json'),
      "'addCard' (/x-mizan-functions/addCard) and 'add_card' (/x-mizan-functions/add_card) both map to the identifier 'callAddCard'",
    )
    await refuse(
      read('./fixtures/errors/model_clash.json'),
      "'BoardContextData' (/components/schemas/BoardContextData) and 'board' (/x-mizan-contexts/board) both map to the identifier 'BoardContextData'",
    )
    await refuse(
      { 'x-mizan-contexts': { user: { slots: [] } }, 'x-mizan-functions': { user_context: { kind: 'call' } } },
      "'user' (/x-mizan-contexts/user) and 'user_context' (/x-mizan-functions/user_context) both map to the identifier 'useUserContext'",
    )
  })

  it('shapes the generated code cannot take', async () => {
    await refuse(
      { 'x-mizan-functions': { f: { kind: 'call', args: { type: 'string' } } } },
      '/x-mizan-functions/f/args: the arguments must be an object schema (type: object)',
    )
    await refuse({ 'x-mizan-functions': { f: { output: {} } } }, "/x-mizan-functions/f: has no 'kind' (context, mutation, call or view)")
    await refuse(
      { 'x-mizan-contexts': { b: { params: { x: {} }, required: ['y'] } } },
      "/x-mizan-contexts/b/required/0: 'y' is not one of the context's params",
    )
    await refuse({ 'x-mizan-contexts': [] }, '/x-mizan-contexts: must be an object (name → entry)')
    await refuse(
      { 'x-mizan-contexts': { b: { params: { children: { type: 'string' } }, slots: [] } } },
      "/x-mizan-contexts/b/params/children: a param named 'children' cannot be a prop of <BContext> (React keeps 'children' for itself)",
    )
    await expect(
      generate({ 'x-mizan-contexts': { b: { params: { children: { type: 'string' } }, slots: [] } } }, { target: 'vue' }),
    ).resolves.toBeTruthy()
  })
})

describe('any schema whatever: files or a GenerateError, never another error', () => {
  it('survives 300 kitchen-sink schemas with random parts replaced by garbage', async () => {
    let seed = 20240
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    const GARBAGE = [null, 0, -1, 'x', '', true, false, [], {}, [1, 'a'], { type: 'object' }, { $ref: '#/nope' }, { $ref: 5 }, { $ref: '#' }]
    GARBAGE.push({ enum: [] }, { enum: [{ $ref: '#/x' }] }, { const: [1] }, { properties: [] }, { type: ['string', 5] }, { anyOf: {} }, { items: 5 })
    GARBAGE.push({ required: 'x' }, { prefixItems: [{}], items: false }, { tsType: 'any' }, { kind: 'context' }, { slots: [1] }, { params: 5 })
    const paths = (node, at = [], out = []) => {
      out.push(at)
      if (node && typeof node === 'object') for (const key of Object.keys(node)) paths(node[key], [...at, key], out)
      return out
    }
    const outcomes = { files: 0, refused: 0 }
    for (let i = 0; i < 300; i++) {
      const doc = structuredClone(KITCHEN)
      const all = paths(doc).filter((p) => p.length > 0)
      for (let n = 0; n <= random() * 3; n++) {
        const path = all[Math.floor(random() * all.length)]
        const parent = path.slice(0, -1).reduce((node, key) => node?.[key], doc)
        if (parent && typeof parent === 'object') parent[path.at(-1)] = structuredClone(GARBAGE[Math.floor(random() * GARBAGE.length)])
      }
      const target = TARGETS[i % 3]
      try {
        const { files } = await generate(doc, { target })
        for (const text of files.values()) expect(code(text)).not.toMatch(/\bany\b/) // not even through an injected tsType
        outcomes.files++
      } catch (error) {
        if (!(error instanceof GenerateError)) throw error
        outcomes.refused++
      }
    }
    expect(outcomes.files).toBeGreaterThan(100)
    expect(outcomes.refused).toBeGreaterThan(10)
  })
})
