// What the CLI reads and writes: the schema (a file or `GET {base}/schema/`),
// the config file, and the output folder.
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { HEADER } from './emit.js'
import { GenerateError } from './names.js'

/**
 * Whether the schema source is a URL (else a file path).
 * @example
 * isUrl('http://127.0.0.1:8000/api/mizan/schema/') // true
 */
export const isUrl = (source) => /^https?:\/\//i.test(source)

/**
 * The schema's text, from a file or a URL (a GET, as a Mizan server serves `{base}/schema/`).
 *
 * @example
 * const text = await readSource('http://127.0.0.1:8000/api/mizan/schema/')
 * @param {string} source
 * @param {string} [shown] how messages name a file (relative to the working folder)
 */
export async function readSource(source, shown = source) {
  if (!isUrl(source)) {
    try {
      return await readFile(source, 'utf8')
    } catch (error) {
      throw new GenerateError(`cannot read ${shown}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
    }
  }
  let response
  try {
    response = await fetch(source, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(15000) })
  } catch (error) {
    throw new GenerateError(`cannot GET ${source}: ${error.cause?.message ?? error.message}`)
  }
  if (!response.ok) throw new GenerateError(`GET ${source} answered HTTP ${response.status}`)
  return response.text()
}

const CONFIG_KEYS = ['schema', 'out', 'target', 'watch', 'pollInterval']
const CONFIG_FILES = ['mizan.config.mjs', 'mizan.config.json']

/**
 * The settings of a config file: `path`, or the first of mizan.config.mjs and
 * mizan.config.json in `cwd`; none: `{}`. Relative paths in it are taken from
 * the file's folder.
 *
 * @example
 * await readConfig(undefined, process.cwd()) // { schema: '/app/schema.json', out: '/app/src/generated', target: 'react' }
 * @param {string | undefined} path
 * @param {string} cwd
 */
export async function readConfig(path, cwd) {
  const file = path === undefined ? CONFIG_FILES.map((name) => join(cwd, name)).find((f) => existsSync(f)) : resolve(cwd, path)
  if (file === undefined) return {}
  let config
  try {
    if (file.endsWith('.json')) config = JSON.parse(await readFile(file, 'utf8'))
    else config = (await import(pathToFileURL(file).href)).default
  } catch (error) {
    const reason = error.code === 'ENOENT' || error.code === 'ERR_MODULE_NOT_FOUND' ? 'no such file' : error.message.split('\n')[0]
    throw new GenerateError(`cannot read the config ${file}: ${reason}`, undefined, 2)
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new GenerateError(`the config ${file} must ${file.endsWith('.json') ? 'hold' : 'export default'} an object`, undefined, 2)
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key))
      throw new GenerateError(`the config ${file} has an unknown key '${key}' (${CONFIG_KEYS.join(', ')})`, undefined, 2)
  }
  const dir = dirname(file)
  const out = { ...config, file }
  if (typeof config.schema === 'string' && !isUrl(config.schema)) out.schema = resolve(dir, config.schema)
  if (typeof config.out === 'string') out.out = resolve(dir, config.out)
  return out
}

/**
 * Writes the files into `dir`: only those whose text changed, and removes
 * generated files (their first line is the header) that are no longer made.
 *
 * @example
 * await writeFiles('src/generated', files) // { written: ['api.ts'], removed: [], total: 4 }
 * @param {string} dir
 * @param {Map<string, string>} files
 */
export async function writeFiles(dir, files) {
  try {
    await mkdir(dir, { recursive: true })
    const written = []
    for (const [name, text] of files) {
      const path = join(dir, name)
      const old = await readFile(path, 'utf8').catch(() => null)
      if (old === text) continue
      await writeFile(path, text)
      written.push(name)
    }
    const removed = []
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.ts') || files.has(name)) continue
      const text = await readFile(join(dir, name), 'utf8').catch(() => '')
      if (text.startsWith(`${HEADER}\n`)) {
        await unlink(join(dir, name))
        removed.push(name)
      }
    }
    return { written, removed, total: files.size }
  } catch (error) {
    throw new GenerateError(`cannot write into ${dir}: ${error.code ?? error.message}`)
  }
}
