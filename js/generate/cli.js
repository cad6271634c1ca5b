#!/usr/bin/env node
// mizan-generate: typed TypeScript for a Mizan API, from its schema.
//
//   mizan-generate --schema <file or URL> --out <dir> --target react|vue|svelte [--watch] [--config <path>]
//
// The same settings may come from mizan.config.mjs or mizan.config.json in
// the working folder (or --config <path>); flags win. Exit status: 0 done,
// 1 the schema is broken or cannot be read, 2 bad flags or config. Every
// failure is one line on stderr, never a stack trace.
import { watch } from 'node:fs'
import { basename, dirname, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { generate, TARGETS } from './generate.js'
import { isUrl, readConfig, readSource, writeFiles } from './io.js'
import { GenerateError } from './names.js'
import { parseSchemaText } from './schema.js'
import { TypePrinter } from './types.js'

const USAGE = `usage: mizan-generate --schema <file or URL> --out <dir> --target react|vue|svelte [--watch] [--config <path>]

  --schema   the OpenAPI document with x-mizan-* extensions: a file, or a URL such as
             http://127.0.0.1:8000/api/mizan/schema/ (GET {base}/schema/)
  --out      the folder the TypeScript goes to (index.ts and the files it exports)
  --target   react, vue or svelte: which framework's hooks, composables or stores
  --watch    keep running: regenerate when the file changes (a URL is polled)
  --config   a config file holding the same settings (default: mizan.config.mjs or
             mizan.config.json in this folder); flags win over it

exit status: 0 done, 1 the schema is broken or cannot be read, 2 bad flags or config`

const print = (stream, line) => stream.write(`mizan-generate: ${line}\n`)

async function settingsFrom(argv, cwd) {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        schema: { type: 'string' },
        out: { type: 'string' },
        target: { type: 'string' },
        watch: { type: 'boolean' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new GenerateError(`${error.message} (see mizan-generate --help)`, undefined, 2)
  }
  if (values.help) return { help: true }
  const config = await readConfig(values.config, cwd)
  const settings = {
    schema: values.schema ?? config.schema,
    out: values.out === undefined ? config.out : resolve(cwd, values.out),
    target: values.target ?? config.target,
    watch: values.watch ?? config.watch ?? false,
    pollInterval: config.pollInterval ?? 2000,
  }
  const from = config.file ? ` (nor in ${config.file})` : ''
  for (const key of ['schema', 'out', 'target']) {
    if (typeof settings[key] !== 'string' || settings[key] === '')
      throw new GenerateError(`--${key} is missing${from} (see mizan-generate --help)`, undefined, 2)
  }
  if (!TARGETS.includes(settings.target)) throw new GenerateError(`--target must be react, vue or svelte, not '${settings.target}'`, undefined, 2)
  if (typeof settings.watch !== 'boolean') throw new GenerateError('watch (in the config) must be true or false', undefined, 2)
  if (typeof settings.pollInterval !== 'number' || !(settings.pollInterval >= 100)) {
    throw new GenerateError('pollInterval (in the config) must be a number of ms, 100 or more', undefined, 2)
  }
  if (!isUrl(settings.schema)) settings.schema = resolve(cwd, settings.schema)
  return settings
}

const shownSource = (settings) => (isUrl(settings.schema) ? settings.schema : relative(process.cwd(), settings.schema) || settings.schema)

// One generation: read (unless the text is given), generate, write, report.
async function runOnce(settings, printer, text) {
  const started = performance.now()
  const source = shownSource(settings)
  const doc = parseSchemaText(text ?? (await readSource(settings.schema, source)), source)
  const { files, warnings } = await generate(doc, { target: settings.target, printer })
  const { written, removed, total } = await writeFiles(settings.out, files)
  for (const warning of warnings) print(process.stderr, `warning: ${warning}`)
  const ms = Math.round(performance.now() - started)
  const out = relative(process.cwd(), settings.out) || '.'
  const count = written.length === total ? `${total} files` : `${written.length} of ${total} files`
  const notes = [
    settings.target,
    warnings.length ? `${warnings.length} warning${warnings.length > 1 ? 's' : ''}` : null,
    removed.length ? `${removed.length} removed` : null,
    `${ms} ms`,
  ]
  print(process.stdout, `wrote ${count} to ${out} (${notes.filter(Boolean).join(', ')})`)
}

const report = (error) => {
  if (error instanceof GenerateError) print(process.stderr, `error: ${error.message}`)
  else print(process.stderr, `error: ${error?.message ?? error} (a bug in mizan-generate: please report it)`)
  return error instanceof GenerateError ? error.exitCode : 1
}

// --watch: regenerate on each change (a file) or each changed answer (a URL, polled).
function watchLoop(settings) {
  const printer = new TypePrinter() // unchanged declarations are not printed again
  let running = false
  let again = false
  let last = null
  let failed = null
  const run = async () => {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      const text = await readSource(settings.schema, shownSource(settings))
      if (text !== last) {
        last = text
        await runOnce(settings, printer, text)
      }
      failed = null
    } catch (error) {
      // A server that stays down is reported once, not at every poll.
      if (!isUrl(settings.schema) || error.message !== failed) report(error)
      failed = error.message
    } finally {
      running = false
      if (again) {
        again = false
        run()
      }
    }
  }
  let stop
  if (isUrl(settings.schema)) {
    const timer = setInterval(run, settings.pollInterval)
    stop = () => clearInterval(timer)
    print(process.stdout, `watching ${settings.schema} (every ${settings.pollInterval} ms; Ctrl-C stops)`)
  } else {
    // The folder, not the file: editors replace files, which ends a watch on the file itself.
    let timer = null
    const name = basename(settings.schema)
    const watcher = watch(dirname(settings.schema), (_, changed) => {
      if (changed !== null && changed !== name) return
      clearTimeout(timer)
      timer = setTimeout(run, 15) // one run for the several events of one save
    })
    stop = () => watcher.close()
    print(process.stdout, `watching ${relative(process.cwd(), settings.schema)} (Ctrl-C stops)`)
  }
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stop()
      process.exit(0)
    })
  }
  run()
}

async function main() {
  let settings
  try {
    settings = await settingsFrom(process.argv.slice(2), process.cwd())
  } catch (error) {
    return report(error)
  }
  if (settings.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (settings.watch) {
    watchLoop(settings)
    return null // runs until stopped
  }
  try {
    await runOnce(settings, new TypePrinter())
    return 0
  } catch (error) {
    return report(error)
  }
}

main().then(
  (code) => {
    if (code !== null) process.exitCode = code
  },
  (error) => {
    process.exitCode = report(error)
  },
)
