// The mizan-generate bin as a user runs it: a child process, its files, its
// exit status and its one-line messages (exact), a config file, a schema
// served by the reference server, and --watch.
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBoardServer } from '../../examples/server/board_api.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(root, 'js/generate/cli.js')
const BOARD = join(root, 'examples/server/board_schema.json')
const work = mkdtempSync(join(tmpdir(), 'mizan-generate-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Runs the bin; resolves with { code, stdout, stderr }. */
function run(args, { cwd = root } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const files = (dir) => readdirSync(dir).sort()

describe('a run', () => {
  it('writes index.ts and the files it exports, and says so on one line', async () => {
    const out = join(work, 'react')
    const result = await run(['--schema', BOARD, '--out', out, '--target', 'react'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^mizan-generate: wrote 6 files to \S+ \(react, \d+ ms\)\n$/)
    expect(files(out)).toEqual(['api.ts', 'channels.ts', 'forms.ts', 'index.ts', 'react.ts', 'types.ts'])
    // A second run changes nothing.
    const again = await run(['--schema', BOARD, '--out', out, '--target', 'react'])
    expect(again.stdout).toMatch(/wrote 0 of 6 files/)
  })

  it('replaces what it generated for another target, and leaves other files alone', async () => {
    const out = join(work, 'switch')
    await run(['--schema', BOARD, '--out', out, '--target', 'react'])
    writeFileSync(join(out, 'mine.ts'), 'export const mine = 1\n')
    const result = await run([`--schema=${BOARD}`, `--out=${out}`, '--target=vue'])
    expect(result.stdout).toMatch(/wrote 3 of 6 files to \S+ \(vue, 1 removed, \d+ ms\)/)
    expect(files(out)).toEqual(['api.ts', 'channels.ts', 'forms.ts', 'index.ts', 'mine.ts', 'types.ts', 'vue.ts'])
  })

  it('prints each warning with its JSON pointer on stderr, and still succeeds', async () => {
    const result = await run(['--schema', 'tests/generate/fixtures/kitchen_sink.json', '--out', join(work, 'ks'), '--target', 'svelte'])
    expect(result.code).toBe(0)
    expect(result.stderr.split('\n')).toContain(
      "mizan-generate: warning: /components/schemas/Report/properties/not_text: 'not' cannot be typed; typed as unknown",
    )
    expect(result.stdout).toMatch(/wrote 6 files to \S+ \(svelte, 8 warnings, \d+ ms\)/)
  })

  it('--help prints the usage', async () => {
    const result = await run(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^usage: mizan-generate --schema <file or URL> --out <dir> --target react\|vue\|svelte \[--watch\] \[--config <path>\]/,
    )
  })
})

describe('failures: one line on stderr, no stack trace, and the exit status', () => {
  const out = join(work, 'failed')
  const cases = [
    [
      'not JSON',
      ['--schema', 'tests/generate/fixtures/errors/not_json.txt', '--out', out, '--target', 'react'],
      1,
      'tests/generate/fixtures/errors/not_json.txt is not JSON (line 3, column 52)',
    ],
    [
      'a dangling $ref',
      ['--schema', 'tests/generate/fixtures/errors/dangling_ref.json', '--out', out, '--target', 'react'],
      1,
      "/components/schemas/Card/properties/owner/$ref: '#/components/schemas/User' points to nothing",
    ],
    [
      'a slot naming no function',
      ['--schema', 'tests/generate/fixtures/errors/slot_no_function.json', '--out', out, '--target', 'vue'],
      1,
      "/x-mizan-contexts/board/slots/1: slot 'cardz' names no function in x-mizan-functions",
    ],
    [
      'two names, one identifier',
      ['--schema', 'tests/generate/fixtures/errors/same_identifier.json', '--out', out, '--target', 'svelte'],
      1,
      "'addCard' (/x-mizan-functions/addCard) and 'add_card' (/x-mizan-functions/add_card) both map to the identifier 'callAddCard'",
    ],
    [
      'a model and a context, one identifier',
      ['--schema', 'tests/generate/fixtures/errors/model_clash.json', '--out', out, '--target', 'react'],
      1,
      "'BoardContextData' (/components/schemas/BoardContextData) and 'board' (/x-mizan-contexts/board) both map to the identifier 'BoardContextData'",
    ],
    ['no such file', ['--schema', 'nope.json', '--out', out, '--target', 'react'], 1, 'cannot read nope.json: no such file'],
    ['a missing flag', ['--out', out, '--target', 'react'], 2, '--schema is missing (see mizan-generate --help)'],
    ['an unknown target', ['--schema', BOARD, '--out', out, '--target', 'solid'], 2, "--target must be react, vue or svelte, not 'solid'"],
    [
      'an unknown flag',
      ['--schema', BOARD, '--out', out, '--target', 'react', '--output', 'x'],
      2,
      "Unknown option '--output' (see mizan-generate --help)",
    ],
  ]
  it.each(cases)('%s', async (_, args, code, message) => {
    const result = await run(args)
    expect(result.stderr).toBe(`mizan-generate: error: ${message}\n`)
    expect(result.stdout).toBe('')
    expect(result.code).toBe(code)
  })

  it('writes nothing when the schema is broken', () => {
    expect(existsSync(out)).toBe(false)
  })
})

describe('a config file', () => {
  it('mizan.config.json in the working folder holds the settings; its paths are its own folder’s', async () => {
    const dir = join(work, 'app-json')
    mkdirSync(join(dir, 'api'), { recursive: true })
    writeFileSync(join(dir, 'api/schema.json'), readFileSync(BOARD))
    writeFileSync(join(dir, 'mizan.config.json'), JSON.stringify({ schema: 'api/schema.json', out: 'src/generated', target: 'vue' }))
    const result = await run([], { cwd: dir })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(files(join(dir, 'src/generated'))).toEqual(['api.ts', 'channels.ts', 'forms.ts', 'index.ts', 'types.ts', 'vue.ts'])
    // Flags win over the config.
    const flagged = await run(['--target', 'svelte'], { cwd: dir })
    expect(flagged.code).toBe(0)
    expect(files(join(dir, 'src/generated'))).toEqual(['api.ts', 'channels.ts', 'forms.ts', 'index.ts', 'svelte.ts', 'types.ts'])
  })

  it('mizan.config.mjs, or any file with --config', async () => {
    const dir = join(work, 'app-mjs')
    mkdirSync(join(dir, 'config'), { recursive: true })
    writeFileSync(join(dir, 'config/mizan.config.mjs'), `export default { schema: ${JSON.stringify(BOARD)}, out: '../gen', target: 'react' }\n`)
    const result = await run(['--config', 'config/mizan.config.mjs'], { cwd: dir })
    expect(result.stderr).toBe('')
    expect(files(join(dir, 'gen'))).toEqual(['api.ts', 'channels.ts', 'forms.ts', 'index.ts', 'react.ts', 'types.ts'])
    writeFileSync(join(dir, 'mizan.config.mjs'), `export default { schema: ${JSON.stringify(BOARD)}, out: 'gen2', target: 'react' }\n`)
    expect((await run([], { cwd: dir })).code).toBe(0)
    expect(files(join(dir, 'gen2'))).toContain('react.ts')
  })

  it('refuses an unknown key or a missing file (exit 2)', async () => {
    const dir = join(work, 'app-bad')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'mizan.config.json'), JSON.stringify({ schema: 'x.json', outDir: 'src' }))
    const bad = await run([], { cwd: dir })
    expect(bad.stderr).toBe(
      `mizan-generate: error: the config ${join(dir, 'mizan.config.json')} has an unknown key 'outDir' (schema, out, target, watch, pollInterval)\n`,
    )
    expect(bad.code).toBe(2)
    const missing = await run(['--config', 'nope.mjs'], { cwd: dir })
    expect(missing.stderr).toBe(`mizan-generate: error: cannot read the config ${join(dir, 'nope.mjs')}: no such file\n`)
    expect(missing.code).toBe(2)
  })
})

describe('a schema served by the reference server (GET {base}/schema/)', () => {
  let server
  beforeAll(async () => {
    server = await startBoardServer({ csrf: false })
  })
  afterAll(() => server?.close())

  it('generates the same files as from the schema file', async () => {
    const fromUrl = join(work, 'url')
    const fromFile = join(work, 'file')
    const result = await run(['--schema', `${server.baseUrl}/schema/`, '--out', fromUrl, '--target', 'react'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    await run(['--schema', BOARD, '--out', fromFile, '--target', 'react'])
    for (const name of files(fromFile)) expect(readFileSync(join(fromUrl, name), 'utf8')).toBe(readFileSync(join(fromFile, name), 'utf8'))
  })

  it('a URL that answers an error is one line and exit 1', async () => {
    const result = await run(['--schema', `${server.baseUrl}/schemas/`, '--out', join(work, 'url404'), '--target', 'react'])
    expect(result.stderr).toBe(`mizan-generate: error: GET ${server.baseUrl}/schemas/ answered HTTP 404\n`)
    expect(result.code).toBe(1)
  })
})

describe('--watch', () => {
  it('regenerates when the file changes, reports a broken save and goes on, stops on SIGTERM', async () => {
    const dir = join(work, 'watch')
    mkdirSync(dir, { recursive: true })
    const schema = join(dir, 'schema.json')
    const doc = JSON.parse(readFileSync(BOARD, 'utf8'))
    writeFileSync(schema, JSON.stringify(doc))
    const child = spawn(process.execPath, [BIN, '--schema', schema, '--out', join(dir, 'out'), '--target', 'react', '--watch'])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const until = async (check) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25))
      expect(check()).toBe(true)
    }
    try {
      await until(() => stdout.includes('wrote 6 files'))
      doc['x-mizan-functions'].archive_board = { kind: 'mutation', args: { $ref: '#/components/schemas/RenameBoardArgs' }, output: { type: 'null' } }
      writeFileSync(schema, JSON.stringify(doc))
      await until(() => /wrote 3 of 6 files/.test(stdout))
      expect(readFileSync(join(dir, 'out/react.ts'), 'utf8')).toContain('export const useArchiveBoard')
      writeFileSync(schema, '{ "openapi": ')
      await until(() => stderr.includes('is not JSON'))
      expect(stderr).toMatch(/^mizan-generate: error: \S*schema\.json is not JSON \(line 1, column 14\)\n$/)
    } finally {
      child.kill('SIGTERM')
    }
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
  })

  it('polls a URL (pollInterval from the config), regenerating when the answer changes', async () => {
    const doc = JSON.parse(readFileSync(BOARD, 'utf8'))
    let body = JSON.stringify(doc)
    const server = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body))
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const dir = join(work, 'watch-url')
    mkdirSync(dir, { recursive: true })
    const url = `http://127.0.0.1:${server.address().port}/api/mizan/schema/`
    writeFileSync(join(dir, 'mizan.config.json'), JSON.stringify({ schema: url, out: 'out', target: 'svelte', watch: true, pollInterval: 100 }))
    const child = spawn(process.execPath, [BIN], { cwd: dir })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    const until = async (check) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25))
      expect(check()).toBe(true)
    }
    try {
      await until(() => stdout.includes('wrote 6 files'))
      expect(stdout).toContain(`watching ${url} (every 100 ms; Ctrl-C stops)`)
      doc['x-mizan-functions'].archive_board = { kind: 'call', output: { type: 'null' } }
      body = JSON.stringify(doc)
      await until(() => /wrote 3 of 6 files/.test(stdout))
      expect(readFileSync(join(dir, 'out/svelte.ts'), 'utf8')).toContain('export function useArchiveBoard<Context = unknown>(')
      expect(stdout.match(/wrote/g)).toHaveLength(2) // an unchanged answer writes nothing
    } finally {
      child.kill('SIGTERM')
      server.close()
    }
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0)
  })
})
