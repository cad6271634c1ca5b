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
    expect([...files.keys()]).toEqual(['types.ts', 'api.ts', `${target}.ts`, 'channels.ts', 'forms.ts', 'index.ts'])
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

  it("declares each channel's params, message and send types in channels.ts, and no code", async () => {
    const { files } = await run('svelte')
    const channels = files.get('channels.ts')
    expect(channels).toContain("// Channels (PROTOCOL.md §9): the types of each channel's params ({Name}ChannelParams), of the messages")
    expect(channels).not.toMatch(/no channel runtime/)
    expect(channels).toContain('export interface BoardEventsChannelParams {\n  board_id: number\n}')
    expect(channels).toContain('export type BoardEventsChannelMessage = ({\n  type: "card_moved"\n  card: Card\n} | {')
    expect(channels).toContain('export interface BoardEventsChannelSend {\n  typing: boolean\n}')
    expect(channels).toContain("import type { Card } from './types.js'")
    expect(channels).toContain('export interface PresenceChannelParams {\n  page?: string\n}')
    expect(channels).toContain('export type TickerChannelMessage = unknown')
    expect(channels).not.toMatch(/PresenceChannelSend|TickerChannelSend/) // no send schema, no type
    expect(code(channels)).not.toMatch(/function|const /)
    expect(files.get('index.ts')).toContain("export * from './channels.js'\nexport * from './forms.js'")
  })

  it.each([
    [
      'react',
      [
        'export function useBoardEventsChannel(params: BoardEventsChannelParams, options?: channels.ChannelOptions): channels.UseChannelResult<BoardEventsChannelMessage, BoardEventsChannelSend> {',
        "  return channels.useChannel<BoardEventsChannelMessage, BoardEventsChannelSend>('board_events', params, options)",
      ],
      [
        'export function usePresenceChannel(params?: PresenceChannelParams, options?: channels.ChannelOptions): channels.UseChannelResult<PresenceChannelMessage, never> {',
        "  return channels.useChannel<PresenceChannelMessage, never>('presence', params, options)",
      ],
      [
        'export function useTickerChannel(options?: channels.ChannelOptions): channels.UseChannelResult<TickerChannelMessage, never> {',
        "  return channels.useChannel<TickerChannelMessage, never>('ticker', undefined, options)",
      ],
    ],
    [
      'vue',
      [
        'export function useBoardEventsChannel(params: vue.MaybeRefOrGetter<BoardEventsChannelParams>, options?: channels.ChannelOptions): channels.UseChannelReturn<BoardEventsChannelMessage, BoardEventsChannelSend> {',
        "  return channels.useChannel<BoardEventsChannelMessage, BoardEventsChannelSend>('board_events', params, options)",
      ],
      [
        'export function usePresenceChannel(params?: vue.MaybeRefOrGetter<PresenceChannelParams>, options?: channels.ChannelOptions): channels.UseChannelReturn<PresenceChannelMessage, never> {',
        "  return channels.useChannel<PresenceChannelMessage, never>('presence', params, options)",
      ],
      [
        'export function useTickerChannel(options?: channels.ChannelOptions): channels.UseChannelReturn<TickerChannelMessage, never> {',
        "  return channels.useChannel<TickerChannelMessage, never>('ticker', undefined, options)",
      ],
    ],
    [
      'svelte',
      [
        'export function useBoardEventsChannel(kernel: mizan.Kernel, params: BoardEventsChannelParams, options?: channels.ChannelOptions): channels.ChannelStore<BoardEventsChannelMessage, BoardEventsChannelSend> {',
        "  return channels.mizanChannel<BoardEventsChannelMessage, BoardEventsChannelSend>(kernel, 'board_events', params, options)",
      ],
      [
        'export function usePresenceChannel(kernel: mizan.Kernel, params?: PresenceChannelParams, options?: channels.ChannelOptions): channels.ChannelStore<PresenceChannelMessage, never> {',
        "  return channels.mizanChannel<PresenceChannelMessage, never>(kernel, 'presence', params, options)",
      ],
      [
        'export function useTickerChannel(kernel: mizan.Kernel, options?: channels.ChannelOptions): channels.ChannelStore<TickerChannelMessage, never> {',
        "  return channels.mizanChannel<TickerChannelMessage, never>(kernel, 'ticker', undefined, options)",
      ],
    ],
  ])('%s: a hook per channel over the adapter, params required, optional or absent; send never without a schema', async (target, ...hooks) => {
    const text = (await run(target)).files.get(`${target}.ts`)
    for (const hook of hooks) expect(text).toContain(hook.join('\n'))
    expect(text).toContain(`import * as channels from 'mizan-kernel/${target}/channels'\nimport * as forms from 'mizan-kernel/${target}/forms'`)
    // The params type of a channel without params is not imported: its hook takes none.
    expect(text).toContain(
      "import type {\n  BoardEventsChannelMessage,\n  BoardEventsChannelParams,\n  BoardEventsChannelSend,\n  PresenceChannelMessage,\n  PresenceChannelParams,\n  TickerChannelMessage,\n} from './channels.js'",
    )
    // Its description, what send does (or that there is none), an example with the params and a payload.
    expect(text).toMatch(/ \* Who is looking at a page\.\n \*\n \* [^\n]*[Cc]hannel `presence` over/)
    expect(text).toContain(' * `send(payload)` throws NOT_OPEN (nothing sent) unless the channel is open.')
    expect(text).toContain(' * Clients send nothing on it (its schema has no `send`): `send` takes `never`.')
    expect(text).toMatch(/ \* [^\n]*useBoardEventsChannel\((kernel, )?(\(\) => \()?\{ board_id: 1 \}/)
    expect(text).toMatch(/ \* [^\n]*send\(\{ typing: true \}\)/)
  })

  it.each([
    ['react', '<MizanContext options={{ socketFunctions }}><App /></MizanContext> // or createKernel({ socketFunctions })'],
    ['vue', "createApp(App).use(createMizan({ baseUrl: '/api/mizan', socketFunctions })).mount('#app')"],
    ['svelte', 'const kernel = createKernel({ socketFunctions })'],
  ])('%s: socketFunctions lists the websocket functions, sorted, for the kernel option', async (target, example) => {
    const doc = structuredClone(KITCHEN)
    doc['x-mizan-functions'].a_first = { kind: 'mutation', websocket: true, output: { type: 'null' } }
    doc['x-mizan-functions'].board_title.websocket = true // a context function: loaded over HTTP, not listed
    doc['x-mizan-functions'].board_page.websocket = true // a view: no code
    const { files, warnings } = await generate(doc, { target })
    const api = files.get('api.ts')
    expect(api).toContain("export const socketFunctions = ['a_first', 'ping', 'touch_board'] as const")
    expect(api).toContain(` * import 'mizan-kernel/channels'\n * ${example}\n */\nexport const socketFunctions`)
    expect(warnings).toContain('/x-mizan-functions/board_title/websocket: a context function loads over HTTP: not a socket function')
    // The functions' own docs say so; the others' do not.
    const socket = 'It goes over the WebSocket when the kernel has `socketFunctions` (see there).'
    expect(api).toMatch(new RegExp(` \\* Call \`ping\`: [^\\n]*\\n[^\\n]*\\n \\* ${socket.replace(/[()]/g, '\\$&')}\\n`))
    expect(api.split(socket)).toHaveLength(4) // a_first, ping, touch_board
    expect(files.get(`${target}.ts`).split(socket)).toHaveLength(4) // their hooks
    // A long list, one name a line.
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`function_number_${i}`, { kind: 'call', websocket: true }]))
    const long = (await generate({ 'x-mizan-functions': many }, { target })).files.get('api.ts')
    expect(long).toContain("export const socketFunctions = [\n  'function_number_0',\n  'function_number_1',")
    expect(long).toContain("  'function_number_9',\n] as const")
  })

  it('imports nothing of channels, and lists no socketFunctions, for a schema with neither', async () => {
    const doc = structuredClone(KITCHEN)
    delete doc['x-mizan-channels']
    for (const fn of Object.values(doc['x-mizan-functions'])) delete fn.websocket
    doc['x-mizan-functions']['my_channels.list'] = { kind: 'call', output: { type: 'string' } } // a name with "channels." in it
    for (const target of TARGETS) {
      const { files } = await generate(doc, { target })
      expect(files.has('channels.ts')).toBe(false)
      for (const [name, text] of files)
        expect(code(text), name).not.toMatch(/mizan-kernel\/(\w+\/)?channels|\.\/channels\.js|\bchannels\.|socketFunctions/)
      expect(files.get(`${target}.ts`)).toContain("'my_channels.list'")
    }
    // Websocket functions alone: the list, still no import (an app imports mizan-kernel/channels where it makes its kernel).
    const { files } = await generate({ 'x-mizan-functions': { echo: { kind: 'call', websocket: true } } }, { target: 'react' })
    expect(files.get('api.ts')).toContain("export const socketFunctions = ['echo'] as const")
    for (const [name, text] of files) expect(code(text), name).not.toMatch(/mizan-kernel\/(\w+\/)?channels|\bchannels\./)
  })

  it("emits a form's fields as given (field_order first, then by name; unknown keys dropped), and its Zod schema", async () => {
    const forms = (await run('react')).files.get('forms.ts')
    expect(forms).toContain("import * as forms from 'mizan-kernel/forms'")
    expect(forms).toContain('export interface ContactFormInfo {\n  name: "contact"\n  title: "Contact us"\n  submit_label: "Send"\n}')
    expect(forms).toContain('export interface MizanFormField {')
    const fields = forms.slice(
      forms.indexOf('export const contactFormFields = {'),
      forms.indexOf('} as const satisfies Record<string, forms.FormField>'),
    )
    const keys = [...fields.matchAll(/^ {2}("[^"]+"|'[^']+'|\w+): \{/gm)].map((m) => m[1])
    expect(keys).toEqual(['name', 'email', 'age', 'budget', 'subscribe', 'topics', "'start-date'", 'meeting', 'rating', 'website'])
    expect(fields).toContain("  name: { name: 'name', label: 'Name', type: 'text', widget: 'text', required: true, max_length: 100 },")
    expect(fields).toContain(
      "  age: { name: 'age', label: 'Age', type: 'integer', widget: 'number', required: false, min_value: 18, max_value: 130 },",
    )
    expect(fields).not.toContain('placeholder')
    expect(fields).toContain("    name: 'start-date',\n    label: 'Start',") // the key, when the field has no name
    expect(fields).toContain('    initial: { offset: [0, null] },')
    expect(fields).toContain("    choices: [{ value: 'news', label: 'News' }, { value: 'offers', label: 'Offers (it\\'s \\'weekly\\')' }],")
    expect(forms).toContain('export const contactFormSchema = /* @__PURE__ */ forms.formSchema(contactFormFields)')
  })

  it("types a form's values by field type, optional fields optional; Record<string, unknown> without fields", async () => {
    const forms = (await run('vue')).files.get('forms.ts')
    expect(forms).toContain(
      [
        'export type ContactFormValues = {',
        '  name: string', // text
        '  email: string', // email
        '  age?: number | string', // integer, optional
        '  budget: number | string', // decimal
        '  subscribe?: boolean',
        '  topics?: string[]', // multiple_choice
        '  "start-date"?: string', // date
        '  meeting?: string', // datetime
        '  rating: string', // a type the generator does not know
        '  website?: string', // url
        '}',
      ].join('\n'),
    )
    expect(forms).toContain('export type SignupFormValues = Record<string, unknown>')
    expect(forms).not.toMatch(/signupFormFields|signupFormSchema/)
    expect(forms).toContain('(its fields come at run time from `signup.schema`)')
  })

  it.each([
    [
      'react',
      "export const useContactForm: () => forms.ReactForm<ContactFormValues> = /* @__PURE__ */ forms.defineForm<ContactFormValues>('contact', { fields: contactFormFields })",
      "export const useSignupForm: () => forms.ReactForm<SignupFormValues> = /* @__PURE__ */ forms.defineForm<SignupFormValues>('signup')",
    ],
    [
      'vue',
      "export function useContactForm(): forms.VueForm<ContactFormValues> {\n  return forms.useForm<ContactFormValues>('contact', { fields: contactFormFields })\n}",
      "  return forms.useForm<SignupFormValues>('signup')\n",
    ],
    [
      'svelte',
      "export function useContactForm(kernel: mizan.Kernel): forms.FormReadable<ContactFormValues> {\n  return forms.mizanForm<ContactFormValues>(kernel, 'contact', { fields: contactFormFields })\n}",
      "  return forms.mizanForm<SignupFormValues>(kernel, 'signup')\n",
    ],
  ])('%s: a hook per form, with its fields when known', async (target, contact, signup) => {
    const text = (await run(target)).files.get(`${target}.ts`)
    expect(text).toContain(contact)
    expect(text).toContain(signup)
    expect(text).toContain(`import * as forms from 'mizan-kernel/${target}/forms'`)
    expect(text).toContain("import { type ContactFormValues, type SignupFormValues, contactFormFields } from './forms.js'")
    expect(text).toMatch(/ \* Form `contact` \("Contact us"\): [^\n]*\n[^\n]*\n \*\n \* @example\n \* const /)
  })

  it('imports no forms entry (so no Zod) when the schema has no forms', async () => {
    const doc = structuredClone(KITCHEN)
    delete doc['x-mizan-forms']
    doc['x-mizan-functions']['user_forms.list'] = { kind: 'call', output: { type: 'string' } } // a name with "forms." in it
    for (const target of TARGETS) {
      const { files } = await generate(doc, { target })
      expect(files.has('forms.ts')).toBe(false)
      for (const [name, text] of files) expect(code(text), name).not.toMatch(/mizan-kernel\/(\w+\/)?forms|\.\/forms\.js|\bforms\./)
      expect(files.get(`${target}.ts`)).toContain("'user_forms.list'")
    }
    // Forms without fields import the adapter's entry, but forms.ts needs nothing at run time.
    const { files } = await generate({ 'x-mizan-forms': { signup: { title: 'Sign up' } } }, { target: 'react' })
    expect(files.get('forms.ts')).not.toMatch(/^import(?! type)/m)
    expect(files.get('react.ts')).toContain("import * as forms from 'mizan-kernel/react/forms'\nimport { type SignupFormValues } from './forms.js'")
  })

  it('gives the same bytes whatever the order of the fields object (field_order, then by name)', async () => {
    const doc = structuredClone(KITCHEN)
    const contact = doc['x-mizan-forms'].contact
    contact.fields = Object.fromEntries(Object.entries(contact.fields).reverse())
    for (const target of TARGETS) expect((await generate(doc, { target })).files).toEqual((await run(target)).files)
  })

  it('warns of a field without a type (text); a field is optional unless required: true', async () => {
    const fields = { note: { label: 'Note' }, n: { type: 'integer', required: true } }
    const { files, warnings } = await generate({ 'x-mizan-forms': { f: { fields } } }, { target: 'vue' })
    expect(warnings).toEqual(["/x-mizan-forms/f/fields/note: the field has no 'type': validated as text"])
    const forms = files.get('forms.ts')
    expect(forms).toContain(
      "export const fFormFields = {\n  n: { name: 'n', label: 'n', type: 'integer', required: true },\n  note: { name: 'note', label: 'Note' },\n}",
    )
    expect(forms).toContain('export type FFormValues = {\n  n: number | string\n  note?: string\n}')
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

  it('a form name clashing with another name', async () => {
    await refuse(
      { 'x-mizan-functions': { contact_form: { kind: 'call' } }, 'x-mizan-forms': { contact: { title: 'Contact' } } },
      "'contact_form' (/x-mizan-functions/contact_form) and 'contact' (/x-mizan-forms/contact) both map to the identifier 'useContactForm'",
    )
    await refuse(
      { components: { schemas: { ContactFormValues: { type: 'object' } } }, 'x-mizan-forms': { contact: {} } },
      "'ContactFormValues' (/components/schemas/ContactFormValues) and 'contact' (/x-mizan-forms/contact) both map to the identifier 'ContactFormValues'",
      'svelte',
    )
    await refuse(
      { 'x-mizan-forms': { 'contact.form': {}, contact_form: {} } },
      "'contact.form' (/x-mizan-forms/contact.form) and 'contact_form' (/x-mizan-forms/contact_form) both map to the identifier 'ContactFormFormInfo'",
    )
  })

  it('form fields the generated code cannot take', async () => {
    const form = (extra) => ({ 'x-mizan-forms': { contact: { title: 'Contact', ...extra } } })
    await refuse(form({ fields: [] }), '/x-mizan-forms/contact/fields: must be an object (field name → field)')
    await refuse(form({ fields: { a: 1 } }), '/x-mizan-forms/contact/fields/a: must be an object')
    await refuse(
      form({ fields: { a: { type: 'text' } }, field_order: ['a', 'b'] }),
      "/x-mizan-forms/contact/field_order/1: 'b' is not one of the form's fields",
    )
    await refuse(form({ fields: { a: { name: 'b', type: 'text' } } }), "/x-mizan-forms/contact/fields/a/name: must be the field's key ('a')")
    await refuse(form({ fields: { a: { type: 5 } } }), '/x-mizan-forms/contact/fields/a/type: must be a string')
    await refuse(form({ fields: { a: { type: 'text', required: 'yes' } } }), '/x-mizan-forms/contact/fields/a/required: must be true or false')
    await refuse(
      form({ fields: { a: { type: 'text', max_length: -1 } } }),
      '/x-mizan-forms/contact/fields/a/max_length: must be a whole number, 0 or more',
    )
    await refuse(form({ fields: { a: { type: 'integer', min_value: '1' } } }), '/x-mizan-forms/contact/fields/a/min_value: must be a number')
    await refuse(
      form({ fields: { a: { type: 'choice', choices: {} } } }),
      '/x-mizan-forms/contact/fields/a/choices: must be an array of {value, label}',
    )
    await refuse(
      form({ fields: { a: { type: 'choice', choices: [{ value: 1 }] } } }),
      '/x-mizan-forms/contact/fields/a/choices/0/label: must be a string',
    )
  })

  it('channel and websocket shapes the generated code cannot take', async () => {
    await refuse(
      { 'x-mizan-channels': { chat: { params: { type: 'array', items: { type: 'string' } } } } },
      '/x-mizan-channels/chat/params: the params must be an object schema (type: object)',
    )
    await refuse({ 'x-mizan-functions': { echo: { kind: 'call', websocket: 'yes' } } }, '/x-mizan-functions/echo/websocket: must be true or false')
    await refuse(
      { 'x-mizan-channels': { chat: {} }, 'x-mizan-functions': { chat_channel: { kind: 'call' } } },
      "'chat_channel' (/x-mizan-functions/chat_channel) and 'chat' (/x-mizan-channels/chat) both map to the identifier 'useChatChannel'",
      'vue',
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
    await refuse(
      { 'x-mizan-contexts': { b: { params: { options: { type: 'string' } }, slots: [] } } },
      "/x-mizan-contexts/b/params/options: a param named 'options' cannot be a prop of <BContext> (the prop 'options' holds its hook options)",
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
        // Not even through an injected tsType (a string literal, such as a field's initial value, may say it).
        for (const text of files.values()) expect(code(text).replace(/'(?:[^'\\\n]|\\.)*'/g, "''")).not.toMatch(/\bany\b/)
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
