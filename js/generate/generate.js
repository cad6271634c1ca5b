// The generator: an OpenAPI document with Mizan's extensions in, the
// TypeScript files of one target out (PROTOCOL.md §8). Pure: no files, no
// network; the CLI (cli.js) reads and writes. Output depends on nothing but
// the document and the target, so the same schema gives the same bytes.
import { GenerateError, Registry, camelCase, pascalCase, pointer, typeName } from './names.js'
import { readSchema } from './schema.js'
import { NO_PROPERTIES, SchemaTyper, TypePrinter } from './types.js'
import { emitApi, emitChannels, emitForms, emitIndex, emitTarget, emitTypes } from './emit.js'

/**
 * The targets: the framework whose hooks (or composables, or stores) are generated.
 * @example
 * TARGETS.includes('vue') // true
 */
export const TARGETS = ['react', 'vue', 'svelte']

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)

// The schemas of PROTOCOL.md §10 (forms): what `{form}.schema` and `{form}.validate` answer.
const FORM_TYPES = {
  MizanFormField: {
    description: 'A field of a Mizan form, as `{form}.schema` describes it at run time (PROTOCOL.md §10).',
    type: 'object',
    properties: {
      name: { type: 'string' },
      label: { type: 'string' },
      type: { type: 'string' },
      widget: { type: 'string' },
      required: { type: 'boolean' },
      disabled: { type: 'boolean' },
      help_text: { type: 'string' },
      initial: {},
      max_length: { type: 'integer' },
      min_length: { type: 'integer' },
      min_value: { type: 'number' },
      max_value: { type: 'number' },
      choices: { type: 'array', items: { type: 'object', properties: { value: {}, label: { type: 'string' } }, required: ['value', 'label'] } },
    },
    required: ['name', 'label', 'type', 'widget', 'required', 'disabled', 'help_text'],
  },
  MizanFormErrors: {
    description: 'Errors per field name (`__all__`: the whole form), as `{form}.validate` and a failed `{form}.submit` give them.',
    type: 'object',
    additionalProperties: {
      type: 'array',
      items: { type: 'object', properties: { message: { type: 'string' }, code: { type: 'string' } }, required: ['message', 'code'] },
    },
  },
  MizanFormSchema: {
    description: "What `{form}.schema` answers: the form's fields, in `field_order`.",
    type: 'object',
    properties: {
      name: { type: 'string' },
      title: { type: 'string' },
      submit_label: { type: 'string' },
      fields: { type: 'object', additionalProperties: { $ref: '#/MizanFormField' } },
      field_order: { type: 'array', items: { type: 'string' } },
      meta: { type: 'object', properties: { live_validation: { type: 'boolean' }, refetch_schema_on_validate: { type: 'boolean' } } },
    },
    required: ['name', 'title', 'fields', 'field_order'],
  },
  MizanFormValidation: {
    description: 'What `{form}.validate` answers.',
    type: 'object',
    properties: { valid: { type: 'boolean' }, errors: { $ref: '#/MizanFormErrors' } },
    required: ['valid', 'errors'],
  },
}

// Follows references from `node` to the schema they name (null when that is not possible).
function follow(doc, node, depth = 0) {
  if (!isObject(node) || depth > 32) return null
  if (typeof node.$ref !== 'string') return node
  if (!node.$ref.startsWith('#/')) return null
  let target = doc
  for (const raw of node.$ref.slice(2).split('/')) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
    if (!isObject(target) || !Object.hasOwn(target, token)) return null
    target = target[token]
  }
  return follow(doc, target, depth + 1)
}

// Whether a call must pass arguments: some property of its args is required.
function hasRequired(doc, node, depth = 0) {
  const schema = follow(doc, node)
  if (!schema || depth > 32) return true // cannot tell: ask for them
  if (Array.isArray(schema.required) && schema.required.length > 0) return true
  return ['allOf', 'anyOf', 'oneOf'].some((key) => Array.isArray(schema[key]) && schema[key].some((s) => hasRequired(doc, s, depth + 1)))
}

// Whether `node` describes an object (what arguments must be).
function isObjectSchema(doc, node) {
  if (node === true) return true
  const schema = follow(doc, node)
  if (!schema) return true // not ours to judge: typed (or reported) where it is
  const types = schema.type === undefined ? null : Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types) return types.includes('object')
  if ('enum' in schema || 'const' in schema || 'items' in schema || 'prefixItems' in schema) return false
  return true
}

// `$ref` to a component: its name, else null.
function componentRef(node) {
  if (!isObject(node) || typeof node.$ref !== 'string') return null
  const m = /^#\/components\/schemas\/([^/]+)$/.exec(node.$ref)
  return m ? decodeURIComponent(m[1]).replaceAll('~1', '/').replaceAll('~0', '~') : null
}

/**
 * Generates the files of one target from a parsed document.
 *
 * @example
 * const { files, warnings } = await generate(JSON.parse(text), { target: 'react' })
 * files.get('index.ts') // "// generated by mizan-generate, do not edit\n…"
 * @param {Record<string, any>} doc the OpenAPI document
 * @param {{ target: 'react' | 'vue' | 'svelte', printer?: TypePrinter }} options printer: reuse one across runs (--watch) to reprint only what changed
 * @returns {Promise<{ files: Map<string, string>, warnings: string[] }>}
 */
export async function generate(doc, { target, printer = new TypePrinter() }) {
  if (!TARGETS.includes(target)) throw new GenerateError(`unknown target '${target}' (react, vue or svelte)`, undefined, 2)
  const warnings = []
  const api = readSchema(doc, warnings)
  const names = new Registry()
  const quoted = (name) => `'${name}'`

  // Names first: every exported identifier, so that a clash is reported before any work.
  const componentTypes = new Map()
  for (const c of api.components) componentTypes.set(c.name, names.claim(typeName(c.name), quoted(c.name), c.where))

  if (target === 'react') names.claim('MizanContext', 'the React provider <MizanContext>', '(generated)')

  const contexts = api.contexts.map((ctx) => {
    const Name = pascalCase(ctx.name)
    const claim = (id) => names.claim(id, quoted(ctx.name), ctx.where)
    const c = {
      ...ctx,
      Name,
      paramsType: claim(`${Name}ContextParams`),
      dataType: claim(`${Name}ContextData`),
      fetchName: claim(`fetch${Name}Context`),
      useName: claim(`use${Name}Context`),
      hasRequired: ctx.params.some((p) => p.required),
    }
    if (target === 'react') {
      c.provider = claim(`${Name}Context`)
      c.propsType = claim(`${Name}ContextProps`)
      c.suspenseName = claim(`use${Name}Suspense`)
      for (const p of ctx.params) {
        if (p.name === 'children' || p.name === 'key' || p.name === 'options') {
          const why = p.name === 'options' ? "the prop 'options' holds its hook options" : `React keeps '${p.name}' for itself`
          throw new GenerateError(`a param named '${p.name}' cannot be a prop of <${Name}Context> (${why})`, p.where)
        }
      }
    }
    if (target === 'vue') c.provideName = claim(`provide${Name}Context`)
    c.slots = ctx.slots.map((fn) => ({ ...fn, hook: names.claim(`use${pascalCase(fn.name)}`, quoted(fn.name), fn.where) }))
    return c
  })

  const functions = api.functions.map((fn) => {
    const Fn = pascalCase(fn.name)
    const claim = (id) => names.claim(id, quoted(fn.name), fn.where)
    const f = { ...fn, Fn, callName: claim(`call${Fn}`), hookName: claim(`use${Fn}`) }
    if (fn.args !== undefined) {
      if (!isObjectSchema(doc, fn.args)) throw new GenerateError('the arguments must be an object schema (type: object)', `${fn.where}/args`)
      const ref = componentRef(fn.args)
      f.argsType = ref !== null && componentTypes.get(ref) === `${Fn}Args` ? `${Fn}Args` : claim(`${Fn}Args`)
      f.argsNew = f.argsType !== componentTypes.get(ref)
      f.argsRequired = hasRequired(doc, fn.args)
    }
    const ref = componentRef(fn.output)
    f.resultType = ref !== null && componentTypes.get(ref) === `${Fn}Result` ? `${Fn}Result` : claim(`${Fn}Result`)
    f.resultNew = f.resultType !== componentTypes.get(ref)
    return f
  })

  const channels = api.channels.map((ch) => {
    const Name = pascalCase(ch.name)
    const claim = (id) => names.claim(id, quoted(ch.name), ch.where)
    // Params are an object (the kernel keys a subscription by them), as a call's arguments are.
    if (ch.params !== undefined && !isObjectSchema(doc, ch.params)) {
      throw new GenerateError('the params must be an object schema (type: object)', `${ch.where}/params`)
    }
    return {
      ...ch,
      paramsType: claim(`${Name}ChannelParams`),
      messageType: claim(`${Name}ChannelMessage`),
      sendType: ch.send === undefined ? null : claim(`${Name}ChannelSend`),
      hookName: claim(`use${Name}Channel`),
      paramsRequired: ch.params !== undefined && hasRequired(doc, ch.params),
    }
  })
  if (api.socketFunctions.length > 0) names.claim('socketFunctions', 'the list socketFunctions', '/x-mizan-functions')
  const forms = api.forms.map((form) => {
    const Name = pascalCase(form.name)
    const claim = (id) => names.claim(id, quoted(form.name), form.where)
    return {
      ...form,
      Name,
      infoType: claim(`${Name}FormInfo`),
      valuesType: claim(`${Name}FormValues`),
      fieldsName: form.fields === null ? null : claim(`${camelCase(form.name)}FormFields`),
      schemaName: form.fields === null ? null : claim(`${camelCase(form.name)}FormSchema`),
      hookName: claim(`use${Name}Form`),
    }
  })
  if (forms.length > 0) for (const name of Object.keys(FORM_TYPES)) names.claim(name, `the form type ${name}`, '/x-mizan-forms')

  // Types: every declaration's schema, rewritten, then printed in one pass.
  const typer = new SchemaTyper(doc, componentTypes, warnings)
  const reached = typer.reachedFrom([
    ...functions.filter((f) => f.args !== undefined).map((f) => ({ node: f.args })),
    ...contexts.flatMap((c) => c.params.map((p) => ({ node: p.schema }))),
    ...channels.flatMap((ch) => [{ node: ch.params }, { node: ch.send }]),
  ])
  const declarations = { types: [], channels: [], forms: [] }
  const declare = (file, section, name, build) => {
    const deps = new Set()
    const schema = build(deps)
    declarations[file].push({ section, name, schema, deps })
  }
  const typed = (node, where, input, deps) => typer.type(node, where, { input, deps })
  const unknownOutput = (where) => {
    warnings.push(`${where}: no output schema; typed as unknown`)
    return { tsType: 'unknown' }
  }
  const objectOf = (members, deps) => {
    if (members.length === 0) return { tsType: NO_PROPERTIES }
    const properties = {}
    for (const m of members) properties[m.name] = m.schema === undefined ? unknownOutput(m.where) : typed(m.schema, m.where, m.input, deps)
    return { type: 'object', properties, required: members.filter((m) => m.required).map((m) => m.name), additionalProperties: false }
  }

  for (const c of api.components) {
    declare('types', 'Models (components.schemas)', componentTypes.get(c.name), (deps) => typed(c.schema, c.where, reached.has(c.name), deps))
  }
  for (const c of contexts) {
    const section = `Context '${c.name}'${c.global ? ' (global)' : ''}`
    declare('types', section, c.paramsType, (deps) => ({
      ...objectOf(
        c.params.map((p) => ({ ...p, input: true })),
        deps,
      ),
      description: `The params of context '${c.name}'.`,
    }))
    declare('types', section, c.dataType, (deps) => ({
      ...objectOf(
        c.slots.map((fn) => ({
          name: fn.name,
          schema: fn.output,
          where: fn.output === undefined ? fn.where : `${fn.where}/output`,
          required: true,
          input: false,
        })),
        deps,
      ),
      description: `The data of context '${c.name}': one member per slot.`,
    }))
  }
  for (const f of functions) {
    const section = `${f.kind === 'mutation' ? 'Mutation' : 'Call'} '${f.name}'`
    if (f.argsNew) declare('types', section, f.argsType, (deps) => typed(f.args, `${f.where}/args`, true, deps))
    if (f.resultNew) {
      declare('types', section, f.resultType, (deps) =>
        f.output === undefined ? unknownOutput(f.where) : typed(f.output, `${f.where}/output`, false, deps),
      )
    }
  }
  for (const ch of channels) {
    const section = `Channel '${ch.name}'`
    declare('channels', section, ch.paramsType, (deps) =>
      ch.params === undefined ? { tsType: NO_PROPERTIES } : typed(ch.params, `${ch.where}/params`, true, deps),
    )
    declare('channels', section, ch.messageType, (deps) => {
      if (ch.message !== undefined) return typed(ch.message, `${ch.where}/message`, false, deps)
      warnings.push(`${ch.where}: no message schema; typed as unknown`)
      return { tsType: 'unknown' }
    })
    if (ch.sendType) declare('channels', section, ch.sendType, (deps) => typed(ch.send, `${ch.where}/send`, true, deps))
  }
  if (forms.length > 0) {
    const formTyper = new SchemaTyper(FORM_TYPES, new Map(Object.keys(FORM_TYPES).map((n) => [n, n])), warnings)
    const local = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/Mizan', '"#/components/schemas/Mizan'))
    for (const [name, schema] of Object.entries(FORM_TYPES)) {
      declare('forms', 'Forms: what every form answers', name, (deps) => formTyper.type(local(schema), pointer(name), { input: false, deps }))
    }
    for (const form of forms) {
      const info = {
        description:
          form.fields === null
            ? `Form '${form.name}': what the schema says of it (its fields come at run time from \`${form.name}.schema\`).`
            : `Form '${form.name}': what the schema says of it (its fields: \`${form.fieldsName}\`).`,
        type: 'object',
        properties: {
          name: { const: form.name },
          title: form.title === undefined ? { type: 'string' } : { const: form.title },
          ...(form.submitLabel === undefined ? {} : { submit_label: { const: form.submitLabel } }),
        },
        required: ['name', 'title', ...(form.submitLabel === undefined ? [] : ['submit_label'])],
        additionalProperties: false,
      }
      declare('forms', `Form '${form.name}'`, form.infoType, (deps) => formTyper.type(info, form.where, { input: false, deps }))
    }
  }

  const all = [...declarations.types, ...declarations.channels, ...declarations.forms]
  const printed = await printer.print(all.map((d) => ({ name: d.name, schema: d.schema })))
  all.forEach((d, i) => (d.text = printed[i]))

  const model = { target, contexts, functions, socketFunctions: api.socketFunctions, channels, forms }
  const files = new Map()
  files.set('types.ts', emitTypes(declarations.types))
  files.set('api.ts', emitApi(model, doc))
  files.set(`${target}.ts`, emitTarget(model, doc))
  if (channels.length > 0) files.set('channels.ts', emitChannels(declarations.channels))
  if (forms.length > 0) files.set('forms.ts', emitForms(declarations.forms, forms))
  files.set('index.ts', emitIndex([...files.keys()]))
  return { files, warnings: [...new Set(warnings)].sort() }
}
