// The boundary's names: wasm/exports.h names every export (MIZAN_EXPORT)
// and js/wasm.js takes the module's exports as they are, so what can go
// wrong is a build that lacks a name the runtime calls. This reads the
// header and the runtime's sources and holds both builds to them.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const source = (file) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
const moduleExports = (file) =>
  WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(new URL(`../../js/generated/${file}`, import.meta.url))))
    .map((e) => e.name)
    .sort()

// What any standalone module exports besides the kernel's own: js/wasm.js
// calls _initialize and reads memory. Nothing else (Emscripten's stack
// helpers, errno, the function table) is left in: wasm/drop_unused_exports.mjs.
const RUNTIME = ['_initialize', 'memory']

// exports.h in order: each export's name, its C name, and whether only
// the full build has it (declared under #ifndef MIZAN_BROWSER_BUILD or
// #if ... !defined(MIZAN_BROWSER_BUILD); the #ifdef __wasm__ of the macro
// itself declares nothing).
function exportList() {
  const header = source('wasm/exports.h')
  const list = []
  const fullOnly = []
  const lines = header.split('\n')
  lines.forEach((line, i) => {
    if (/^#if/.test(line)) fullOnly.push(/^#ifndef MIZAN_BROWSER_BUILD\b|!defined\(MIZAN_BROWSER_BUILD\)/.test(line))
    else if (/^#el/.test(line))
      fullOnly[fullOnly.length - 1] = false // (an #ifdef MIZAN_BROWSER_BUILD would need more)
    else if (/^#endif/.test(line)) fullOnly.pop()
    const m = /^MIZAN_EXPORT\("(\w+)"\)\s*(.*)$/.exec(line)
    if (!m) return
    // clang-format puts a long declaration on the next line
    const c = /^[\w:]+\s+(\w+)\(/.exec(m[2] || lines[i + 1])
    if (!c) throw new Error(`exports.h: no declaration after ${line}`)
    list.push({ name: m[1], c: c[1], fullOnly: fullOnly.includes(true) })
  })
  if (list.length !== header.split('MIZAN_EXPORT("').length - 1) throw new Error('exports.h: a MIZAN_EXPORT this test cannot read')
  return list
}

// What the runtime calls: the ABI is `k`/`#k` in js/ (wasm(caller) returns
// it), and what only the full build has is asked for as wasm(caller, needs).
function called() {
  const texts = readdirSync(new URL('../../js/', import.meta.url))
    .filter((f) => f.endsWith('.js'))
    .map((f) => source(`js/${f}`))
  const calls = new Set(texts.flatMap((t) => [...t.matchAll(/(?<![\w$.])#?k\.(\w+)/g)].map((m) => m[1])))
  const fullOnly = new Set(texts.flatMap((t) => [...t.matchAll(/\bwasm\('\w+', '(\w+)'\)/g)].map((m) => m[1])))
  return { calls, fullOnly }
}

describe('the wasm exports', () => {
  const list = exportList()

  it('are named as the runtime calls them: mizan_store_mount -> storeMount', () => {
    expect(list.length).toBeGreaterThan(20)
    for (const { name, c } of list) expect(name, c).toBe(c.replace(/^mizan_/, '').replace(/_([a-z])/g, (_, x) => x.toUpperCase()))
  })

  it('are exactly the listed ones in each build, and no others', () => {
    expect(moduleExports('mizan_kernel.wasm')).toEqual([...RUNTIME, ...list.map((e) => e.name)].sort())
    expect(moduleExports('mizan_kernel_browser.wasm')).toEqual([...RUNTIME, ...list.filter((e) => !e.fullOnly).map((e) => e.name)].sort())
  })

  it('include everything the runtime calls; what the browser build lacks is asked for with wasm(caller, needs)', () => {
    const { calls, fullOnly } = called()
    expect(calls.size).toBeGreaterThan(20)
    const listed = new Map(list.map((e) => [e.name, e]))
    for (const name of calls) {
      expect(listed.has(name), `js/ calls ${name}, which wasm/exports.h does not export`).toBe(true)
      if (listed.get(name).fullOnly)
        expect(fullOnly.has(name), `${name} is not in the browser build: call it through wasm(caller, '${name}')`).toBe(true)
    }
  })
})
