// mizan-generate on a large API: a synthetic schema of 500 functions (100
// contexts of 3 slots, 150 mutations, 50 calls) over 400 models. Prints the
// cold generation time (a fresh `mizan-generate` process, start to exit:
// Node's start-up included; target < 2 s) and the --watch regeneration time
// (from saving one changed model to the new files written; target
// < 300 ms). Figures, not a timed test: run it with `npm run bench:generate`.
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = join(root, 'js/generate/cli.js')
const dir = join(root, 'build/bench/generate')
const schemaFile = join(dir, 'schema.json')
const out = join(dir, 'out')
const target = process.argv[2] ?? 'react'

function model(i, extra = {}) {
  return {
    title: `Model${i}`,
    description: `Model number ${i}.`,
    type: 'object',
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', maxLength: 200 },
      status: { $ref: '#/components/schemas/Status' },
      owner: { anyOf: [{ $ref: `#/components/schemas/Model${(i + 1) % 400}` }, { type: 'null' }], default: null },
      tags: { type: 'array', items: { type: 'string' }, default: [] },
      scores: { type: 'object', additionalProperties: { type: 'number' } },
      created: { type: 'string', format: 'date-time' },
      nested: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'boolean', default: false } }, required: ['a'] },
      ...extra,
    },
    required: ['id', 'name', 'status', 'created'],
  }
}

function schema(revision = 0) {
  const schemas = { Status: { title: 'Status', type: 'string', enum: ['open', 'closed', 'archived'] } }
  for (let i = 0; i < 400; i++) schemas[`Model${i}`] = model(i, i === 7 ? { revision: { const: revision } } : {})
  const functions = {}
  const contexts = {}
  for (let c = 0; c < 100; c++) {
    const slots = [0, 1, 2].map((s) => `ctx${c}_slot${s}`)
    contexts[`ctx${c}`] = { params: { item_id: { type: 'integer' }, page: { type: 'integer', default: 1 } }, required: ['item_id'], slots }
    slots.forEach((slot, s) => {
      functions[slot] = {
        kind: 'context',
        context: `ctx${c}`,
        output:
          s === 2 ? { type: 'array', items: { $ref: `#/components/schemas/Model${c}` } } : { $ref: `#/components/schemas/Model${(c + s) % 400}` },
      }
    })
  }
  for (let m = 0; m < 150; m++) {
    functions[`mutate_thing_${m}`] = {
      kind: 'mutation',
      args: {
        type: 'object',
        properties: {
          item_id: { type: 'integer' },
          name: { type: 'string' },
          note: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null },
        },
        required: ['item_id', 'name'],
      },
      output: { $ref: `#/components/schemas/Model${(m * 7) % 400}` },
      merge: [{ context: `ctx${m % 100}`, slot: `ctx${m % 100}_slot2` }],
    }
  }
  for (let k = 0; k < 50; k++) {
    functions[`call_thing_${k}`] = {
      kind: 'call',
      args: { $ref: `#/components/schemas/Model${k + 200}` },
      output: { type: 'array', items: { $ref: `#/components/schemas/Model${k}` } },
    }
  }
  return { openapi: '3.1.0', components: { schemas }, 'x-mizan-contexts': contexts, 'x-mizan-functions': functions }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function cold() {
  rmSync(out, { recursive: true, force: true })
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, '--schema', schemaFile, '--out', out, '--target', target], { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - started, line: stdout.trim() }) : reject(new Error(`exit ${code}`))))
  })
}

async function watch(rounds) {
  const child = spawn(process.execPath, [BIN, '--schema', schemaFile, '--out', out, '--target', target, '--watch'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let lines = []
  const waiters = []
  child.stdout.on('data', (d) => {
    for (const line of String(d)
      .split('\n')
      .filter((l) => l.includes('wrote'))) {
      lines.push(line)
      waiters.shift()?.(line)
    }
  })
  const next = () => new Promise((resolve) => waiters.push(resolve))
  await next() // the first generation
  const times = []
  const reported = []
  for (let r = 1; r <= rounds; r++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const saved = next()
    const started = performance.now()
    writeFileSync(schemaFile, JSON.stringify(schema(r))) // one model changed
    const line = await saved
    times.push(performance.now() - started)
    reported.push(Number(/(\d+) ms\)/.exec(line)[1]))
  }
  child.kill('SIGTERM')
  lines = null
  return { ms: median(times), reported: median(reported) }
}

mkdirSync(dir, { recursive: true })
const doc = schema(0)
writeFileSync(schemaFile, JSON.stringify(doc))
const fns = Object.keys(doc['x-mizan-functions']).length
console.log(
  `schema: ${fns} functions, ${Object.keys(doc['x-mizan-contexts']).length} contexts, ${Object.keys(doc.components.schemas).length} models; target ${target}`,
)

const runs = []
for (let i = 0; i < 3; i++) runs.push(await cold())
const files = readdirSync(out).length
console.log(
  `cold generation: ${Math.round(median(runs.map((r) => r.ms)))} ms (median of 3 fresh processes, Node start-up included; target < 2000 ms)`,
)
console.log(`  ${runs.at(-1).line} (${files} files)`)
const w = await watch(5)
console.log(
  `--watch regeneration: ${Math.round(w.ms)} ms from saving the schema to the files written (median of 5; the generator's own share ${w.reported} ms; target < 300 ms)`,
)
