// Compiled by tests/generate/typecheck.mjs (tsc --strict) next to the
// Svelte code generated from the board schema (./board) and the kitchen-sink
// fixture (./kitchen): real use compiles, misuse is rejected.
import 'mizan-kernel/channels'
import type { ContextState, Kernel, MizanError } from 'mizan-kernel'
import { createKernel, skipToken } from 'mizan-kernel'
import type { ChannelState } from 'mizan-kernel/channels'
import type { Readable } from 'svelte/store'
import {
  callAddCard,
  fetchSessionContext,
  socketFunctions,
  useAddCard,
  useBoardChatChannel,
  useBoardContext,
  useBoardInfo,
  useCards,
  useContactForm,
  useCurrentUser,
  useMwtObtain,
  useRenameBoard,
  type BoardChatChannelMessage,
  type BoardContextData,
  type BoardInfo,
  type Card,
  type ContactFormValues,
  type User,
} from './board/index.js'
import * as kitchen from './kitchen/index.js'

export function board(kernel: Kernel, boardId: number) {
  const state: Readable<ContextState<BoardContextData>> = useBoardContext(kernel, { board_id: boardId })
  const cards: Readable<Card[] | null> = useCards(kernel, { board_id: boardId })
  const info: Readable<BoardInfo | null> = useBoardInfo(kernel, { board_id: boardId })
  const user: Readable<User | null> = useCurrentUser(kernel) // no params
  // The hook options, and skipToken for params not known yet.
  const paged: Readable<Card[] | null> = useCards(kernel, boardId > 0 ? { board_id: boardId } : skipToken, { keepPreviousData: true })
  useCurrentUser(kernel, { enabled: false, refetchOnWindowFocus: false })
  // @ts-expect-error an option of another library
  useBoardContext(kernel, { board_id: boardId }, { staleTime: 1000 })
  void paged
  const off = cards.subscribe((value) => value?.map((card) => card.title))
  // @ts-expect-error the kernel comes first
  useBoardContext({ board_id: boardId })
  // @ts-expect-error a missing required param
  useCards(kernel, {})
  // @ts-expect-error the params are required
  useCards(kernel)
  // @ts-expect-error a wrong param type
  useBoardInfo(kernel, { board_id: 'one' })
  // @ts-expect-error a param that does not exist
  useBoardInfo(kernel, { board_id: 1, boardId: 1 })
  const addCard = useAddCard(kernel)
  const added: Promise<Card> = addCard.mutateAsync({ board_id: boardId, title: 'New' })
  useAddCard(kernel, { onSuccess: (card) => void card.title }).mutate({ board_id: boardId, title: 'New' })
  addCard.subscribe(({ isPending, error, data }) => {
    const pending: boolean = isPending
    const failure: MizanError | null = error
    const last: Card | undefined = data
    void [pending, failure, last]
  })
  // @ts-expect-error the arguments are required
  addCard.mutate()
  // @ts-expect-error a missing required argument
  addCard.mutate({ board_id: boardId })
  // @ts-expect-error an argument that does not exist
  addCard.mutate({ board_id: boardId, title: 'x', colour: 'red' })
  useRenameBoard(kernel).mutate({ board_id: boardId, name: 'Q3' })
  const token: Promise<string> = useMwtObtain(kernel).mutateAsync()
  addCard.reset()
  off()
  void [state, info, user, added, token]
}

// The form contact: a store of its state with its actions, the kernel first.
export async function contact(kernel: Kernel) {
  const form = useContactForm(kernel)
  const off = form.subscribe((state) => {
    const values: ContactFormValues = state.values
    const first: string | undefined = state.errors['email']?.[0]?.message
    const valid: boolean = state.isValid
    void [values, first, valid]
  })
  form.set('email', 'ada@example.com')
  form.touch('email')
  const ok: boolean = await form.validate()
  const result: unknown = await form.submit()
  // @ts-expect-error a field the form does not have
  form.set('nope', 1)
  // @ts-expect-error a topic is text (a choice's value)
  form.set('topic', 2)
  // @ts-expect-error the kernel comes first
  useContactForm()
  form.reset()
  form.dispose()
  off()
  void [ok, result]
}

// The channel board_chat: a store of its state with send(), the kernel first.
export function chat(kernel: Kernel, boardId: number) {
  const store = useBoardChatChannel(kernel, { board_id: boardId }, { buffer: 20 })
  const off = store.subscribe((state) => {
    const whole: ChannelState<BoardChatChannelMessage> = state
    const texts: string[] = state.messages.map((m) => `${m.author}: ${m.text} at ${m.at}`)
    const open: boolean = state.status === 'open'
    void [whole, texts, open]
  })
  store.send({ author: 'Ann', text: 'hi' })
  // @ts-expect-error text is a string
  store.send({ author: 'Ann', text: 1 })
  // @ts-expect-error the kernel comes first
  useBoardChatChannel({ board_id: boardId })
  // @ts-expect-error the params are required
  useBoardChatChannel(kernel)
  off()
}

// The functions called over the socket, for the kernel's option.
export const socketKernel = () => createKernel({ socketFunctions })

export async function prefetch(kernel: Kernel) {
  const session = await fetchSessionContext(kernel)
  const card: Card = await callAddCard(kernel, { board_id: 1, title: 'x' })
  // @ts-expect-error a field that does not exist
  void session.current_user.email
  void card
}

export function kitchenSink(kernel: Kernel) {
  const root: Readable<kitchen.TreeNode | null> = kitchen.useRoot(kernel) // all params optional
  const depth = kitchen.useRoot(kernel, { depth: 3 })
  kitchen.usePing(kernel).mutate()
  kitchen.useTouchBoard(kernel).mutate()
  kitchen.useTouchBoard(kernel).mutate({ reason: 'x' })
  const contact = kitchen.useContactForm(kernel)
  contact.set('subscribe', false)
  contact.set('topics', ['news', 'offers'])
  // @ts-expect-error an integer field takes a number or what an input holds, not a boolean
  contact.set('age', true)
  kitchen.useSignupForm(kernel).set('anything', 1)
  // @ts-expect-error ping takes no arguments
  kitchen.usePing(kernel).mutate({ x: 1 })
  // @ts-expect-error move_card needs its arguments
  kitchen.useMoveCard(kernel).mutate()
  kitchen.useBoardEventsChannel(kernel, { board_id: 1 }).send({ typing: false })
  // @ts-expect-error typing is a boolean
  kitchen.useBoardEventsChannel(kernel, { board_id: 1 }).send({ typing: null })
  const presence = kitchen.usePresenceChannel(kernel)
  // @ts-expect-error no send schema: clients send nothing
  presence.send({ online: [] })
  const ticker = kitchen.useTickerChannel(kernel, { buffer: 5 })
  void [root, depth, presence, ticker]
}
