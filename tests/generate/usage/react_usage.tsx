// Compiled by tests/generate/typecheck.mjs (tsc --strict) next to the React
// code generated from the board schema (./board) and the kitchen-sink
// fixture (./kitchen): real use compiles, misuse is rejected.
import 'mizan-kernel/channels'
import type { ContextState, Kernel, MizanError } from 'mizan-kernel'
import { createKernel } from 'mizan-kernel'
import {
  BoardContext,
  callAddCard,
  callMwtObtain,
  fetchBoardContext,
  fetchSessionContext,
  MizanContext,
  SessionContext,
  contactFormFields,
  contactFormSchema,
  useAddCard,
  useBoardContext,
  useBoardChatChannel,
  useBoardInfo,
  useCards,
  useContactForm,
  useCurrentUser,
  useMwtObtain,
  useRenameBoard,
  socketFunctions,
  type AddCardArgs,
  type BoardChatChannelMessage,
  type BoardContextData,
  type BoardInfo,
  type Card,
  type ContactFormValues,
  type User,
} from './board/index.js'
import * as kitchen from './kitchen/index.js'

export function App({ kernel }: { kernel: Kernel }) {
  return (
    <MizanContext kernel={kernel} fallback={<p>Loading…</p>} errorFallback={(error) => <p>{error.message}</p>}>
      <BoardContext board_id={1}>
        <Board />
      </BoardContext>
      <SessionContext>
        <Board />
      </SessionContext>
    </MizanContext>
  )
}

function Board() {
  const cards: Card[] | null = useCards()
  const info: BoardInfo | null = useBoardInfo()
  const user: User | null = useCurrentUser()
  const state: ContextState<BoardContextData> = useBoardContext()
  const { mutate, mutateAsync, isPending, error, data, reset } = useAddCard({ onSuccess: (card) => void card.title })
  const added: Promise<Card> = mutateAsync({ board_id: 1, title: 'New' })
  mutate({ board_id: 1, title: 'New' }, { onError: (e) => void e.code })
  const pending: boolean = isPending
  const failure: MizanError | null = error
  const last: Card | undefined = data
  // @ts-expect-error a wrong argument type: board_id is a number
  mutate({ board_id: '1', title: 'New' })
  // @ts-expect-error a missing required argument
  mutate({ board_id: 1 })
  // @ts-expect-error an argument that does not exist
  mutate({ board_id: 1, title: 'New', colour: 'red' })
  // @ts-expect-error the arguments are required
  mutate()
  // @ts-expect-error a field that does not exist on a card
  void cards?.[0]?.colour
  // @ts-expect-error a slot is null until loaded
  void info.name
  const token: Promise<string> = useMwtObtain().mutateAsync() // a function without arguments
  // @ts-expect-error it takes none
  useMwtObtain().mutate({ x: 1 })
  useRenameBoard().mutate({ board_id: 1, name: 'Q3' })
  reset()
  void [added, pending, failure, last, user, state, token]
  return (
    <ul>
      {cards?.map((card) => (
        <li key={card.id}>{card.title}</li>
      ))}
    </ul>
  )
}

// The form contact: typed values, controlled inputs, the state.
export function Contact() {
  const { field, handleSubmit, values, errors, formErrors, isValid, isSubmitting, set, touch, validate, submit, reset } = useContactForm()
  const name: string = values.name
  const topic: string = values.topic
  const first: string | undefined = errors['email']?.[0]?.message
  const all: string[] = formErrors.map((e) => e.message)
  const valid: boolean = isValid
  set('email', 'ada@example.com')
  touch('message')
  const checked: Promise<boolean> = validate('email')
  const sent: Promise<unknown> = submit()
  const label: 'Name' = contactFormFields.name.label
  const max: 500 = contactFormFields.message.max_length
  const parsed: boolean = contactFormSchema.safeParse(values).success
  const whole: ContactFormValues = { name: 'Ada', email: 'ada@example.com', topic: 'bug', message: 'Hello there, board.' }
  // @ts-expect-error a field the form does not have
  set('nope', 1)
  // @ts-expect-error a name is text
  set('name', 1)
  // @ts-expect-error no such field to touch
  touch('phone')
  // @ts-expect-error every field of the form is required
  const partial: ContactFormValues = { name: 'Ada' }
  // @ts-expect-error the fields are as generated: a constant
  contactFormFields.name.max_length = 5
  void [name, topic, first, all, valid, checked, sent, label, max, parsed, whole, partial, reset]
  return (
    <form onSubmit={handleSubmit}>
      <input {...field('name')} />
      <input {...field('email')} />
      <textarea {...field('message')} />
      <button disabled={isSubmitting}>Send</button>
    </form>
  )
}

// The channel board_chat: typed messages, a typed send.
export function Chat({ boardId }: { boardId: number }) {
  const { status, messages, lastMessage, error, send } = useBoardChatChannel({ board_id: boardId }, { buffer: 20 })
  const open: boolean = status === 'open'
  const texts: string[] = messages.map((m) => `${m.author}: ${m.text} at ${m.at}`)
  const last: BoardChatChannelMessage | undefined = lastMessage
  const failure: MizanError | null = error
  send({ author: 'Ann', text: 'hi' })
  // @ts-expect-error a message is sent as the schema's `send` says: text is a string
  send({ author: 'Ann', text: 1 })
  // @ts-expect-error a required member is missing
  send({ author: 'Ann' })
  // @ts-expect-error the params are required
  useBoardChatChannel()
  // @ts-expect-error a wrong param type
  useBoardChatChannel({ board_id: '1' })
  // @ts-expect-error messages have no such member
  void lastMessage?.colour
  // @ts-expect-error not a status
  void (status === 'subscribed')
  void [open, texts, last, failure]
  return <p>{status}</p>
}

// The functions called over the socket, for the kernel's option.
export const socketKernels = [createKernel({ socketFunctions }), <MizanContext key="s" options={{ socketFunctions }} />]
// @ts-expect-error the list is the schema's: a constant
socketFunctions.push('other')
export const echo: 'echo' = socketFunctions[0]

// Providers: their props are the context's params.
export const providers = [
  <BoardContext key="a" board_id={2}>
    <Board />
  </BoardContext>,
  // @ts-expect-error a missing required provider param
  <BoardContext key="b">
    <Board />
  </BoardContext>,
  // @ts-expect-error a wrong provider param type
  <BoardContext key="c" board_id="2" />,
  // @ts-expect-error a provider param that does not exist
  <BoardContext key="d" board_id={2} boardId={2} />,
  // @ts-expect-error the session context takes no params
  <SessionContext key="e" user_id={1} />,
  // The hook options as a prop.
  <BoardContext key="f" board_id={2} options={{ keepPreviousData: true, enabled: false, refetchInterval: 10_000 }} />,
  <SessionContext key="g" options={{ refetchOnWindowFocus: false }} />,
  // @ts-expect-error an option of another library
  <BoardContext key="h" board_id={2} options={{ staleTime: 1000 }} />,
]

// The framework-free functions take the kernel first.
export async function prefetch(kernel: Kernel) {
  const board: BoardContextData = await fetchBoardContext(kernel, { board_id: 1 })
  const session = await fetchSessionContext(kernel)
  const name: string = session.current_user.name
  // @ts-expect-error a missing required param
  await fetchBoardContext(kernel, {})
  // @ts-expect-error the params are required
  await fetchBoardContext(kernel)
  // @ts-expect-error the kernel comes first
  await fetchBoardContext({ board_id: 1 })
  const args: AddCardArgs = { board_id: 1, title: 'New' }
  const card: Card = await callAddCard(kernel, args)
  const token: string = await callMwtObtain(kernel)
  // @ts-expect-error a wrong argument type
  await callAddCard(kernel, { board_id: 1, title: 2 })
  // @ts-expect-error a field that does not exist on the result
  void (await callAddCard(kernel, args)).colour
  void [board, name, card, token]
}

// The kitchen sink: optional and absent arguments, nullable and open types.
export async function kitchenSink(kernel: Kernel) {
  const pong: { ok: boolean } = await kitchen.callPing(kernel)
  await kitchen.callTouchBoard(kernel) // every argument optional
  await kitchen.callTouchBoard(kernel, { reason: 'because' })
  // @ts-expect-error ping takes no arguments
  await kitchen.callPing(kernel, {})
  const found: kitchen.Card[] = await kitchen.callSearch(kernel, { q: 'x', filter: { any: ['json', 1, null] } })
  // @ts-expect-error limit is a number
  await kitchen.callSearch(kernel, { q: 'x', limit: '20' })
  const moved = await kitchen.callMoveCard(kernel, { card_id: 'c1', status: 'done', position: [1, 2] })
  // @ts-expect-error not a status
  await kitchen.callMoveCard(kernel, { card_id: 'c1', status: 'archived' })
  // @ts-expect-error a position is a pair
  await kitchen.callMoveCard(kernel, { card_id: 'c1', status: 'done', position: [1] })
  const owner: kitchen.User | null = moved.owner
  const votes: number | undefined = moved.votes['ada']
  const report = await kitchen.callReport(kernel)
  // @ts-expect-error what could not be typed is unknown
  const text: string = report.not_text
  const page = await kitchen.fetchBoardContext(kernel, { board_id: 1, status: null })
  const first: kitchen.Card | undefined = page.board_cards.items[0]
  const tree = await kitchen.fetchTreeContext(kernel)
  const depth: string = tree.root.children[0]?.name ?? ''
  const channel: kitchen.BoardEventsChannelParams = { board_id: 1 }
  const message: kitchen.BoardEventsChannelMessage = { type: 'typing', user_id: 1 }
  // @ts-expect-error a message of another shape
  const wrong: kitchen.BoardEventsChannelMessage = { type: 'typing', card: null }
  const form: kitchen.ContactFormInfo = { name: 'contact', title: 'Contact us', submit_label: 'Send' }
  const values: kitchen.ContactFormValues = { name: 'Ada', email: 'a@b.co', budget: '12.50', rating: '5', age: 30, subscribe: true, topics: ['news'] }
  // @ts-expect-error a boolean field takes a boolean
  const badSubscribe: kitchen.ContactFormValues = { ...values, subscribe: 'yes' }
  // @ts-expect-error a multiple choice is a list
  const badTopics: kitchen.ContactFormValues = { ...values, topics: 'news' }
  const anything: kitchen.SignupFormValues = { whatever: 1 } // no fields in the schema: any values
  void [pong, found, owner, votes, text, first, depth, channel, message, wrong, form, values, badSubscribe, badTopics, anything]
}

export function KitchenHooks() {
  const contact = kitchen.useContactForm()
  contact.set('start-date', '2024-05-01')
  contact.set('age', '30') // as an input gives it
  contact.set('age', 30)
  // @ts-expect-error a list for a multiple choice
  contact.set('topics', 'news')
  kitchen.useSignupForm().set('anything', 1) // fields only known at run time
  const stats: unknown = kitchen.useBoardStats()
  const me: kitchen.User | null = kitchen.useMe()
  kitchen.usePing().mutate()
  kitchen.useTouchBoard().mutate()
  kitchen.useTouchBoard().mutate({ reason: 'x' })
  // @ts-expect-error move_card needs its arguments
  kitchen.useMoveCard().mutate()
  const sockets: readonly ['ping', 'touch_board'] = kitchen.socketFunctions
  const events = kitchen.useBoardEventsChannel({ board_id: 1 })
  events.send({ typing: true })
  const event: kitchen.BoardEventsChannelMessage | undefined = events.lastMessage
  if (event?.type === 'card_moved') void event.card.title
  // @ts-expect-error typing is a boolean
  events.send({ typing: 'yes' })
  const presence = kitchen.usePresenceChannel() // every param optional
  kitchen.usePresenceChannel({ page: 'about' })
  const online: string[] | undefined = presence.lastMessage?.online
  // @ts-expect-error no send schema: clients send nothing
  presence.send({ online: [] })
  const ticker = kitchen.useTickerChannel({ buffer: 1 }) // no params: only the options
  const tick: unknown = ticker.lastMessage
  // @ts-expect-error the ticker takes no params
  kitchen.useTickerChannel({ symbol: 'X' }, { buffer: 1 })
  // @ts-expect-error no send schema
  ticker.send('anything')
  void [stats, me, sockets, online, tick]
  return (
    <kitchen.TreeContext>
      <kitchen.BoardContext board_id={1} status="done" />
    </kitchen.TreeContext>
  )
}
