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

// The builds (wasm/CMakeLists.txt) by the macros each defines.
const BUILDS = {
  'mizan_kernel.wasm': ['__EMSCRIPTEN__', 'MIZAN_LAYERS', 'MIZAN_CHANNELS'],
  'mizan_kernel_browser.wasm': ['__EMSCRIPTEN__', 'MIZAN_BROWSER_BUILD'],
  'mizan_kernel_browser_optimistic.wasm': ['__EMSCRIPTEN__', 'MIZAN_BROWSER_BUILD', 'MIZAN_LAYERS'],
  'mizan_kernel_browser_channels.wasm': ['__EMSCRIPTEN__', 'MIZAN_BROWSER_BUILD', 'MIZAN_CHANNELS'],
  'mizan_kernel_browser_optimistic_channels.wasm': ['__EMSCRIPTEN__', 'MIZAN_BROWSER_BUILD', 'MIZAN_LAYERS', 'MIZAN_CHANNELS'],
}
const ALL = Object.keys(BUILDS).length

// exports.h in order: each export's name, its C name, and the #if
// conditions it is declared under, as a test of a build's macros (the
// #ifdef __wasm__ of the macro itself declares nothing). The header's
// conditions are #ifdef X, #ifndef X and #if of defined(X) / !defined(X)
// joined by &&; each export says which builds have it (`in`), and the
// line of the #if block it is in (`block`: those come together).
function exportList() {
  const header = source('wasm/exports.h')
  const list = []
  const conditions = []
  const blocks = []
  const lines = header.split('\n')
  lines.forEach((line, i) => {
    let m
    if (/^#if/.test(line)) blocks.push(i)
    else if (/^#endif/.test(line)) blocks.pop()
    if ((m = /^#if(n?)def (\w+)/.exec(line))) conditions.push([[m[2], !m[1]]])
    else if ((m = /^#if (.*?)\s*(\/\/.*)?$/.exec(line))) {
      const terms = m[1].split('&&').map((t) => /^\s*(!?)defined\((\w+)\)\s*$/.exec(t))
      if (terms.some((t) => !t)) throw new Error(`exports.h: a condition this test cannot read: ${line}`)
      conditions.push(terms.map((t) => [t[2], !t[1]]))
    } else if (/^#el/.test(line)) {
      const [[macro, wanted], ...more] = conditions.pop()
      if (more.length > 0 || !/^#else\b/.test(line)) throw new Error(`exports.h: an #else this test cannot read: ${line}`)
      conditions.push([[macro, !wanted]])
    } else if (/^#endif/.test(line)) conditions.pop()
    if (!(m = /^MIZAN_EXPORT\("(\w+)"\)\s*(.*)$/.exec(line))) return
    // clang-format puts a long declaration on the next line
    const c = /^[\w:]+\s+(\w+)\(/.exec(m[2] || lines[i + 1])
    if (!c) throw new Error(`exports.h: no declaration after ${line}`)
    const terms = conditions.flat()
    const builds = Object.keys(BUILDS).filter((b) => terms.every(([macro, wanted]) => BUILDS[b].includes(macro) === wanted))
    list.push({ name: m[1], c: c[1], in: new Set(builds), block: blocks.at(-1) })
  })
  if (list.length !== header.split('MIZAN_EXPORT("').length - 1) throw new Error('exports.h: a MIZAN_EXPORT this test cannot read')
  return list
}

// What the runtime calls: the ABI is `k`/`#k` in js/ (wasm(caller) returns
// it). What some build lacks is asked for as wasm(caller, needs) (NOT_IN_BUILD
// when missing), or looked for first: `k.storeLayerInput` read, not called
// (which stands for the exports of its #if block).
function called() {
  const texts = readdirSync(new URL('../../js/', import.meta.url))
    .filter((f) => f.endsWith('.js'))
    .map((f) => source(`js/${f}`))
  const all = (re) => new Set(texts.flatMap((t) => [...t.matchAll(re)].map((m) => m[1])))
  return { calls: all(/(?<![\w$.])#?k\.(\w+)/g), asked: all(/\bwasm\('\w+', '(\w+)'\)/g), read: all(/(?<![\w$.])#?k\.(\w+)\b(?!\s*\()/g) }
}

describe('the wasm exports', () => {
  const list = exportList()

  it('are named as the runtime calls them: mizan_store_mount -> storeMount', () => {
    expect(list.length).toBeGreaterThan(20)
    for (const { name, c } of list) expect(name, c).toBe(c.replace(/^mizan_/, '').replace(/_([a-z])/g, (_, x) => x.toUpperCase()))
  })

  it('are exactly the listed ones in each build, and no others', () => {
    expect(list.filter((e) => e.in.size === ALL).length).toBeGreaterThan(20)
    for (const build of Object.keys(BUILDS)) {
      expect(moduleExports(build), build).toEqual([...RUNTIME, ...list.filter((e) => e.in.has(build)).map((e) => e.name)].sort())
    }
    // The builds differ as wasm/CMakeLists.txt says.
    const only = (build) => list.filter((e) => !e.in.has(build)).map((e) => e.name)
    expect(only('mizan_kernel.wasm')).toEqual([])
    expect(only('mizan_kernel_browser.wasm')).toEqual(
      expect.arrayContaining(['deriveCacheKey', 'storeDehydrate', 'storeLayerInput', 'storeLayerValue', 'chCreate', 'chTakeEffects']),
    )
    const browserLacksExcept = (re) => only('mizan_kernel_browser.wasm').filter((n) => !re.test(n))
    expect(only('mizan_kernel_browser_optimistic.wasm')).toEqual(browserLacksExcept(/^storeLayer/))
    expect(only('mizan_kernel_browser_channels.wasm')).toEqual(browserLacksExcept(/^ch[A-Z]/))
    expect(only('mizan_kernel_browser_optimistic_channels.wasm')).toEqual(browserLacksExcept(/^(storeLayer|ch[A-Z])/))
  })

  it('include everything the runtime calls; what a build lacks is asked for with wasm(caller, needs) or looked for first', () => {
    const { calls, asked, read } = called()
    expect(calls.size).toBeGreaterThan(20)
    const listed = new Map(list.map((e) => [e.name, e]))
    for (const name of calls) {
      expect(listed.has(name), `js/ calls ${name}, which wasm/exports.h does not export`).toBe(true)
      const { in: builds, block } = listed.get(name)
      const checked = asked.has(name) || list.some((e) => e.block === block && read.has(e.name))
      if (builds.size < ALL)
        expect(checked, `${name} is not in every build: call it through wasm(caller, '${name}') or check k.${name} first`).toBe(true)
    }
  })
})
