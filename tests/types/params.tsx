// Compiled by `tsc` in the test command: one params rule everywhere — any
// object type whose values JSON can carry (interfaces included, which have
// no index signature), and nothing else (a Date, a Map, a function, a
// string, an object holding a Date).
import { createKernel, stableKey } from 'mizan-kernel'
import { defineContext, defineMutation, useMizan, useMizanContext, useMutation } from 'mizan-kernel/react'
import { mutation, mizanContext } from 'mizan-kernel/svelte'
import { useMizan as useVueMizan, useMizanContext as useVueContext, useMutation as useVueMutation } from 'mizan-kernel/vue'

interface Card {
  id: number
  title: string
}
interface BoardBundle {
  cards: Card[]
}
interface BoardParams {
  board_id: number
}
interface AddCardArgs {
  board_id: number
  title: string
  tags?: string[]
  meta?: { pinned: boolean } | null
}
interface WithDate {
  board_id: number
  due: Date
}

declare const params: BoardParams
declare const args: AddCardArgs
declare const withDate: WithDate

const kernel = createKernel()

// Interfaces are accepted, with the result type given or not.
kernel.call('add_card', args)
const card: Promise<Card> = kernel.call<Card>('add_card', args)
kernel.registerContext('board', params)
kernel.registerContext<BoardBundle>('board', params)
kernel.observe<BoardBundle>('board', params)
kernel.prefetch('board', params)
stableKey(params)
stableKey({ a: [1, 'x', null, { b: true }] })
mizanContext(kernel, 'board', params)
mizanContext<BoardBundle>(kernel, 'board', params)
mutation<AddCardArgs, Card>(kernel, 'add_card').mutate(args)
kernel.mutation<AddCardArgs, Card>('add_card').mutate(args)
// @ts-expect-error a mutation's arguments must be JSON too
kernel.mutation<WithDate, Card>('add_card')

// Refused: values JSON cannot carry, whether the type is inferred or not.
// @ts-expect-error a Date is not params
kernel.registerContext('board', new Date())
// @ts-expect-error a Date is not params, with the bundle type given
kernel.registerContext<BoardBundle>('board', new Date())
// @ts-expect-error an object holding a Date
kernel.call('add_card', withDate)
// @ts-expect-error an object holding a Date, with the result type given
kernel.call<Card>('add_card', { board_id: 1, due: new Date() })
// @ts-expect-error a Map is not params
kernel.call<Card>('add_card', new Map())
// @ts-expect-error a function is not params
kernel.call('add_card', () => 1)
// @ts-expect-error a string is not params
kernel.call('add_card', 'board_id=1')
// @ts-expect-error a bigint cannot travel as JSON
stableKey({ n: 1n })
// @ts-expect-error an array is not params
mizanContext(kernel, 'board', [1, 2])
// @ts-expect-error a mutation's arguments must be JSON too
mutation<WithDate, Card>(kernel, 'add_card')

export function ReactUse() {
  const a = useMizanContext('board', params)
  const b = useMizanContext<BoardBundle>('board', params)
  // @ts-expect-error a Date is not params (this was `object` once)
  useMizanContext('board', new Date())
  // @ts-expect-error nor an object holding one
  useMizanContext('board', withDate)
  // @ts-expect-error with the bundle type given, a literal is checked whole
  useMizanContext<BoardBundle>('board', { board_id: 1, due: new Date() })
  const { call } = useMizan()
  const c: Promise<Card> = call<Card>('add_card', args) // the same rule as Kernel.call
  // @ts-expect-error the same refusal as Kernel.call
  call('add_card', withDate)
  const add = useMutation<AddCardArgs, Card>('add_card')
  add.mutate(args)
  const useAdd = defineMutation<AddCardArgs, Card>('add_card')
  // @ts-expect-error a mutation's arguments must be JSON
  defineMutation<WithDate, Card>('add_card')
  const Board = defineContext<BoardBundle, BoardParams>('board')
  // @ts-expect-error a context's params must be JSON
  defineContext<BoardBundle, WithDate>('board')
  void [a, b, c, useAdd, Board]
  return null
}

export function vueSetup() {
  const board = useVueContext<BoardBundle>('board', () => params)
  useVueContext('board', params)
  // @ts-expect-error a Date is not params
  useVueContext('board', () => new Date())
  const { call } = useVueMizan()
  const c: Promise<Card> = call<Card>('add_card', args)
  useVueMutation<AddCardArgs, Card>('add_card').mutate(args)
  // @ts-expect-error a mutation's arguments must be JSON
  useVueMutation<WithDate, Card>('add_card')
  void [board, c]
}

// Server rendering: prefetchState takes [name, params?] pairs under the same rule.
import { prefetchState } from 'mizan-kernel/server'
import type { DehydratedState } from 'mizan-kernel'
export async function load(): Promise<DehydratedState> {
  // @ts-expect-error a pair's params must be params
  await prefetchState([['board', 'board_id=1']])
  return prefetchState([['session'], ['board', { board_id: 1 }], ['board', params]], { baseUrl: 'http://127.0.0.1:8000/api/mizan' })
}
