// Compiled by `tsc` in the test command: mizan-kernel/react's types must
// accept what generated code and the README write, and refuse misuse.
import { createKernel, type Kernel, type MizanError } from 'mizan-kernel'
import { defineContext, defineMutation, MizanContext, useIsFetching, useIsMutating, useMizan, useMizanContext, useMutation } from 'mizan-kernel/react'

interface BoardInfo {
  id: number
  name: string
}
interface Card {
  id: number
  board_id: number
  title: string
}
interface BoardBundle {
  board_info: BoardInfo
  cards: Card[]
}
interface BoardParams {
  board_id: number
}
interface AddCardArgs {
  board_id: number
  title: string
}

// What the code generator emits.
export const Board = defineContext<BoardBundle, BoardParams>('board')
export const Session = defineContext<{ current_user: { id: number; name: string } }, {}>('session')
export const useAddCard = defineMutation<AddCardArgs, Card>('add_card')
export const useLogout = defineMutation<undefined, null>('logout')

function Cards() {
  const cards: Card[] | undefined = Board.useSlot('cards')
  const info: BoardInfo | undefined = Board.useSlot('board_info')
  // @ts-expect-error not a slot of the board bundle
  Board.useSlot('nope')
  const state = Board.useContext()
  const status: 'idle' | 'loading' | 'success' | 'error' = state.status
  const code: string | undefined = state.error?.code
  const { mutate, mutateAsync, isPending, error, data, variables, reset } = useAddCard({
    onMutate: (args) => ({ title: args.title }), // the context, typed for the others
    onSuccess: (card, args, context) => void [card.id, args.board_id, context?.title],
  })
  const pending: boolean = isPending
  const failure: MizanError | null = error
  const added: Card | undefined = data
  const sent: AddCardArgs | undefined = variables
  const done: void = mutate({ board_id: 1, title: 'x' }, { onSuccess: (card) => void card.title, optimistic: [] })
  const result: Promise<Card> = mutateAsync({ board_id: 1, title: 'x' })
  // @ts-expect-error the arguments are required and typed
  mutate()
  // @ts-expect-error title must be a string
  mutate({ board_id: 1, title: 2 })
  // @ts-expect-error onMutate belongs to the hook's options, as in TanStack
  mutate({ board_id: 1, title: 'x' }, { onMutate: () => {} })
  // @ts-expect-error mutate returns nothing to await
  mutate({ board_id: 1, title: 'x' }).then(() => {})
  useLogout().mutate() // a function without arguments
  useLogout().mutate(undefined, { onSettled: (result, err) => void [result, err?.code] })
  reset()
  const fetching: number = useIsFetching({ context: 'board' }) + useIsFetching()
  const saving: number = useIsMutating({ fn: 'add_card' })
  // @ts-expect-error the filter names a context, not a function
  useIsFetching({ fn: 'add_card' })
  void [info, status, code, pending, failure, added, sent, done, result, fetching, saving]
  return (
    <ul>
      {cards?.map((c) => (
        <li key={c.id}>{c.title}</li>
      ))}
    </ul>
  )
}

function Untyped() {
  const { data, status } = useMizanContext('board', { board_id: 1 })
  const typed = useMizanContext<BoardBundle>('board', { board_id: 1 })
  const name: string | undefined = typed.data?.board_info.name
  const { mutate } = useMutation<AddCardArgs, Card>('add_card')
  const loose = useMutation('anything')
  const anyResult: Promise<unknown> = loose.mutateAsync({ a: 1 })
  const { kernel, call } = useMizan()
  const k: Kernel = kernel
  const called: Promise<Card> = call<Card>('add_card', { board_id: 1, title: 'x' })
  void [data, status, name, mutate, anyResult, k, called]
  return null
}

export function App({ kernel }: { kernel?: Kernel }) {
  return (
    <>
      <MizanContext baseUrl="/api/mizan" fallback={<p>loading</p>} options={{ csrf: false, gcTime: 60_000 }}>
        <Board.Provider params={{ board_id: 1 }}>
          <Cards />
        </Board.Provider>
        <Session.Provider>
          <Untyped />
        </Session.Provider>
        {/* @ts-expect-error board params are required */}
        <Board.Provider>
          <Cards />
        </Board.Provider>
        {/* @ts-expect-error board_id is a number */}
        <Board.Provider params={{ board_id: 'x' }} />
      </MizanContext>
      <MizanContext kernel={kernel ?? createKernel()}>
        <Untyped />
      </MizanContext>
    </>
  )
}
