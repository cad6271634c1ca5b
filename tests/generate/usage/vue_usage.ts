// Compiled by tests/generate/typecheck.mjs (tsc --strict) next to the Vue
// code generated from the board schema (./board) and the kitchen-sink
// fixture (./kitchen): real use compiles, misuse is rejected.
import 'mizan-kernel/channels'
import type { ContextState, Kernel, MizanError } from 'mizan-kernel'
import { skipToken } from 'mizan-kernel'
import { createMizan } from 'mizan-kernel/vue'
import { computed, createApp, defineComponent, h, ref, type ComputedRef, type ShallowRef } from 'vue'
import {
  callAddCard,
  fetchBoardContext,
  provideBoardContext,
  socketFunctions,
  useAddCard,
  useBoardChatChannel,
  useBoardContext,
  useBoardInfo,
  useCards,
  useContactForm,
  useCurrentUser,
  useMwtObtain,
  useSessionContext,
  type BoardChatChannelMessage,
  type BoardContextData,
  type BoardInfo,
  type Card,
  type ContactFormValues,
  type User,
} from './board/index.js'
import * as kitchen from './kitchen/index.js'

export const Board = defineComponent({
  props: { boardId: { type: Number, required: true } },
  setup(props) {
    // Provided for the descendants, whose composables need no params.
    const state: Readonly<ShallowRef<ContextState<BoardContextData>>> = provideBoardContext(() => ({ board_id: props.boardId }))
    const cards: ComputedRef<Card[] | null> = useCards()
    const info: ComputedRef<BoardInfo | null> = useBoardInfo()
    // Or params to the composable: an object, a ref or a getter.
    const other = useBoardContext({ board_id: 2 })
    const third = useCards(ref({ board_id: 3 }))
    const fourth = useBoardInfo(computed(() => ({ board_id: props.boardId + 1 })))
    const user: ComputedRef<User | null> = useCurrentUser() // global: no provider, no params
    const session = useSessionContext()
    // @ts-expect-error a missing required provider param
    provideBoardContext({})
    // @ts-expect-error a wrong param type
    provideBoardContext({ board_id: '1' })
    // @ts-expect-error a param that does not exist
    useCards({ board_id: 1, boardId: 1 })
    // @ts-expect-error the params are required to provide
    provideBoardContext()
    // The hook options, and skipToken for params not known yet.
    const paged = useBoardContext(() => ({ board_id: props.boardId }), { keepPreviousData: true, refetchInterval: 10_000 })
    const waiting = useCards(() => (paged.value.data ? { board_id: paged.value.data.board_info.id + 1 } : skipToken), { enabled: ref(true) })
    const loaded: Promise<ContextState<BoardContextData>> = paged.suspense()
    useSessionContext(undefined, { enabled: () => props.boardId > 0 })
    // @ts-expect-error an option of another library
    useBoardContext({ board_id: 1 }, { staleTime: 1000 })
    void [waiting, loaded]
    const { mutate, mutateAsync, isPending, error, data, reset } = useAddCard({ onSuccess: (card) => void card.title })
    const added: Promise<Card> = mutateAsync({ board_id: props.boardId, title: 'New' })
    mutate({ board_id: props.boardId, title: 'New' })
    const pending: Readonly<ShallowRef<boolean>> = isPending
    const failure: MizanError | null = error.value
    const last: Card | undefined = data.value
    // @ts-expect-error a missing required argument
    mutate({ board_id: 1 })
    // @ts-expect-error a wrong argument type
    mutate({ board_id: 1, title: 1 })
    // @ts-expect-error an argument that does not exist
    mutate({ board_id: 1, title: 'x', colour: 'red' })
    // @ts-expect-error a field that does not exist on a card
    void cards.value?.[0]?.colour
    const token: Promise<string> = useMwtObtain().mutateAsync()
    reset()
    void [state, info, other, third, fourth, user, session, added, pending, failure, last, token]
    return () =>
      h(
        'ul',
        cards.value?.map((card) => h('li', { key: card.id }, card.title)),
      )
  },
})

// The form contact: values for v-model, the state as computed refs.
export const Contact = defineComponent({
  setup() {
    const { values, errors, formErrors, isValid, isSubmitting, set, touch, submit, reset, state } = useContactForm()
    values.email = 'ada@example.com' // what v-model does: set('email', …)
    const message: string = values.message
    const first: string | undefined = errors.value['email']?.[0]?.message
    const all: number = formErrors.value.length
    const valid: ComputedRef<boolean> = isValid
    const whole: ContactFormValues = state.value.values
    set('topic', 'bug')
    touch('name')
    const sent: Promise<unknown> = submit()
    // @ts-expect-error a field the form does not have
    set('nope', 1)
    // @ts-expect-error a message is text
    values.message = 42
    // @ts-expect-error no such field to touch
    touch('phone')
    void [message, first, all, valid, whole, sent, reset]
    return () =>
      h('form', { onSubmit: (e: Event) => (e.preventDefault(), submit().catch(() => {})) }, [h('button', { disabled: isSubmitting.value }, 'Send')])
  },
})

// The channel board_chat: params as an object, a ref or a getter; typed messages, a typed send.
export const Chat = defineComponent({
  props: { boardId: { type: Number, required: true } },
  setup(props) {
    const { state, status, messages, lastMessage, error, send } = useBoardChatChannel(() => ({ board_id: props.boardId }), { buffer: 20 })
    useBoardChatChannel({ board_id: 1 })
    useBoardChatChannel(ref({ board_id: 2 }))
    const open: boolean = status.value === 'open'
    const texts: string[] = messages.value.map((m) => `${m.author}: ${m.text} at ${m.at}`)
    const last: BoardChatChannelMessage | undefined = lastMessage.value
    const failure: MizanError | null = error.value
    const whole: readonly BoardChatChannelMessage[] = state.value.messages
    send({ author: 'Ann', text: 'hi' })
    // @ts-expect-error text is a string
    send({ author: 'Ann', text: 1 })
    // @ts-expect-error a required member is missing
    send({ text: 'hi' })
    // @ts-expect-error a wrong param type
    useBoardChatChannel(() => ({ board_id: 'one' }))
    // @ts-expect-error the params are required
    useBoardChatChannel()
    void [open, texts, last, failure, whole]
    return () => h('p', status.value)
  },
})

// The functions called over the socket, for the plugin's kernel.
export const app = createApp(Chat).use(createMizan({ baseUrl: '/api/mizan', socketFunctions }))

export async function prefetch(kernel: Kernel) {
  const board: BoardContextData = await fetchBoardContext(kernel, { board_id: 1 })
  const card: Card = await callAddCard(kernel, { board_id: 1, title: 'x' })
  // @ts-expect-error the kernel comes first
  await callAddCard({ board_id: 1, title: 'x' })
  void [board, card]
}

export const Kitchen = defineComponent({
  setup() {
    const root: ComputedRef<kitchen.TreeNode | null> = kitchen.useRoot() // no required params: mounts itself
    const stats: ComputedRef<unknown> = kitchen.useBoardStats({ board_id: 1, status: 'todo' })
    kitchen.provideTreeContext()
    kitchen.usePing().mutate()
    kitchen.useTouchBoard().mutate()
    const contact = kitchen.useContactForm()
    contact.values.budget = '12.50'
    contact.values.subscribe = true
    const topics: string[] | undefined = contact.values.topics
    // @ts-expect-error a boolean field takes a boolean
    contact.values.subscribe = 'yes'
    kitchen.useSignupForm().set('anything', 1)
    void topics
    // @ts-expect-error not a status
    kitchen.useBoardStats({ board_id: 1, status: 'archived' })
    // @ts-expect-error search needs its arguments
    kitchen.useSearch().mutate()
    const events = kitchen.useBoardEventsChannel(() => ({ board_id: 1 }))
    events.send({ typing: true })
    // @ts-expect-error typing is a boolean
    events.send({ typing: 1 })
    const online: string[] | undefined = kitchen.usePresenceChannel().lastMessage.value?.online
    // @ts-expect-error no send schema: clients send nothing
    kitchen.usePresenceChannel(ref({ page: 'x' })).send({ online: [] })
    const tick: unknown = kitchen.useTickerChannel().lastMessage.value
    void [root, stats, online, tick]
    return () => null
  },
})
