// Type-level checks of mizan-kernel/vue (tsc only; never run).
import { createApp, defineComponent, h, inject, ref, type ShallowRef } from 'vue'
import { createKernel, type ContextState, type Kernel, type MizanError } from '../../js/index.js'
import { createMizan, MIZAN_KEY, useIsFetching, useIsMutating, useMizan, useMizanContext, useMutation } from '../../adapters/vue/index.js'

interface Card {
  id: number
  board_id: number
  title: string
}
interface BoardBundle {
  board_info: { id: number; name: string }
  cards: Card[]
}

createApp({}).use(createMizan({ baseUrl: '/api/mizan', gcTime: 1000 }))
createApp({}).use(createMizan({ kernel: createKernel({ server: true }) }))
createApp({}).use(createMizan())
// @ts-expect-error an unknown option
createMizan({ baseURL: '/api' })

export const Board = defineComponent({
  props: { id: { type: Number, required: true } },
  setup(props) {
    // params as a getter, a ref, a plain object or nothing
    const board = useMizanContext<BoardBundle>('board', () => ({ board_id: props.id }))
    const byRef = useMizanContext<BoardBundle>('board', ref({ board_id: 2 }))
    useMizanContext('board', { board_id: 3 })
    useMizanContext('session')
    const state: ContextState<BoardBundle> = board.value
    const name: string | undefined = board.value.data?.board_info.name
    const cards: Card[] | undefined = byRef.value.data?.cards
    // @ts-expect-error the state is readonly
    board.value = state
    // @ts-expect-error params are an object
    useMizanContext('board', 5)

    const add = useMutation<{ board_id: number; title: string }, Card>('add_card')
    const pending: boolean = add.isPending.value
    const error: MizanError | null = add.error.value
    const last: Card | undefined = add.data.value
    const made: Promise<Card> = add.mutateAsync({ board_id: props.id, title: 'x' })
    add.mutate({ board_id: props.id, title: 'x' }, { onSuccess: (card) => void card.id })
    const status: 'idle' | 'pending' | 'success' | 'error' = add.status.value
    const sent: { board_id: number; title: string } | undefined = add.variables.value
    const fetching: number = useIsFetching({ context: 'board' }).value + useIsMutating().value
    // @ts-expect-error args are required and typed
    add.mutate()
    // @ts-expect-error the refs are readonly
    add.isPending.value = true
    add.reset()
    const loose = useMutation('anything')
    loose.mutate()
    const result: Promise<unknown> = loose.mutateAsync({ a: 1 })

    const { kernel, call } = useMizan()
    const k: Kernel | null = kernel.value
    const renamed: Promise<{ name: string }> = call<{ name: string }>('rename_board', { board_id: 1, name: 'Q3' })
    const provided = inject(MIZAN_KEY)
    const ready: Promise<Kernel> | undefined = provided?.ready
    const kernelRef: Readonly<ShallowRef<Kernel | null>> | undefined = provided?.kernel

    void [name, cards, pending, error, last, made, status, sent, fetching, result, k, renamed, ready, kernelRef]
    return () => h('h2', name)
  },
})
