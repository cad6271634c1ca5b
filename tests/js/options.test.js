// Options are checked by name: createKernel(), observe() and
// registerContext() refuse one they do not know (a TanStack `staleTime`
// carried over must not be silently ignored) and one of the wrong type,
// with INVALID_ARGUMENT naming it.
import { readFileSync } from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKernel, init } from '../../js/index.js'
import { scriptedFetch } from './support/scripted_fetch.js'

beforeAll(() => init())

const source = (file) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
const refusal = (pattern) => expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(pattern) })
const base = () => ({ fetch: scriptedFetch().fetch, csrf: false, server: false })

let kernel
afterEach(() => kernel?.dispose())

// The options named in the KernelOptions interface of js/index.d.ts.
function typedOptions() {
  const text = source('js/index.d.ts')
  const body = text.slice(text.indexOf('export interface KernelOptions {'))
  return [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1])
}

describe('createKernel options', () => {
  it.each(['staleTime', 'retry', 'refetchOnMount', 'baseURL', 'gctime', 'toString', '__proto__'])('refuses %s, naming it', (name) => {
    const options = { ...base() }
    Object.defineProperty(options, name, { value: undefined, enumerable: true }) // even undefined: the name is the mistake
    expect(() => createKernel(options)).toThrow(refusal(new RegExp(`"${name}"`)))
  })

  it('says which options it knows', () => {
    expect(() => createKernel({ ...base(), staleTime: 0 })).toThrow(refusal(/knows .*baseUrl.*refetchOnWindowFocus/))
  })

  it('knows every option its code reads', () => {
    // Where the kernel's options are read: Kernel's constructor, the transport and the refetch triggers.
    const kernelJs = source('js/kernel.js')
    const constructor = kernelJs.slice(
      kernelJs.indexOf('  constructor(options) {'),
      kernelJs.indexOf('\n  }\n', kernelJs.indexOf('  constructor(options) {')),
    )
    const read = new Set()
    for (const text of [constructor, source('js/transport.js'), source('js/refetch_triggers.js')]) {
      for (const [, name] of text.matchAll(/\boptions\??\.(\w+)/g)) read.add(name)
    }
    expect(read.size).toBeGreaterThan(10)
    for (const name of read) expect(() => createKernel({ ...base(), [name]: undefined }).dispose(), name).not.toThrow()
  })

  it('knows every option index.d.ts types, and no other', () => {
    const typed = typedOptions()
    expect(typed).toContain('refetchOnWindowFocus')
    for (const name of typed) expect(() => createKernel({ ...base(), [name]: undefined }).dispose(), name).not.toThrow()
    let known
    try {
      createKernel({ ...base(), notAnOption: 1 })
    } catch (error) {
      known = error.message.slice(error.message.indexOf('knows ') + 6, -1).split(', ')
    }
    expect(known.sort()).toEqual(typed.sort())
  })

  it.each([
    ['refetchOnWindowFocus', 'yes'],
    ['refetchOnReconnect', 1],
    ['focusThrottle', '5000'],
    ['focusThrottle', true],
    ['onError', 5],
  ])('refuses %s: %s', (name, value) => {
    expect(() => createKernel({ ...base(), [name]: value })).toThrow(refusal(new RegExp(`options\\.${name}`)))
  })

  it('takes the refetch options', () => {
    kernel = createKernel({ ...base(), refetchOnWindowFocus: false, refetchOnReconnect: true, focusThrottle: 0 })
    expect(kernel.isServer).toBe(false)
  })
})

describe('observe() and registerContext() options', () => {
  const mounts = {
    observe: (k, options) => k.observe('user', { id: 1 }, options).subscribe(() => {}),
    registerContext: (k, options) => k.registerContext('user', { id: 1 }, options),
  }

  for (const [caller, mount] of Object.entries(mounts)) {
    it.each(['staleTime', 'enabled', 'select', 'refetchIntervalInBackground'])(`${caller}() refuses %s, naming it, and mounts nothing`, (name) => {
      kernel = createKernel(base())
      expect(() => mount(kernel, { [name]: true })).toThrow(refusal(new RegExp(`${caller}\\(\\).*"${name}"`)))
      expect(kernel.stats.entries).toBe(0)
    })

    it.each([
      ['refetchInterval', '1000'],
      ['refetchInterval', true],
      ['refetchInterval', () => 1000],
      ['refetchOnWindowFocus', 'always'],
      ['refetchOnReconnect', 0],
    ])(`${caller}() refuses %s: %s`, (name, value) => {
      kernel = createKernel(base())
      expect(() => mount(kernel, { [name]: value })).toThrow(refusal(new RegExp(`options\\.${name}`)))
      expect(kernel.stats.entries).toBe(0)
    })

    it(`${caller}() refuses options that are not an object`, () => {
      kernel = createKernel(base())
      expect(() => mount(kernel, 1000)).toThrow(refusal(/options must be a plain object/))
      expect(() => mount(kernel, [])).toThrow(refusal(/options must be a plain object/))
    })

    it(`${caller}() takes the refetch options`, () => {
      kernel = createKernel(base())
      for (const refetchInterval of [false, 0, -1, 1000, undefined])
        mount(kernel, { refetchInterval, refetchOnWindowFocus: true, refetchOnReconnect: false })
      mount(kernel)
      expect(kernel.stats.entries).toBe(1)
    })
  }
})
