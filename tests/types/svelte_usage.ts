// Compiled by `tsc` in the test command: mizan-kernel/svelte's stores are
// typed by their bundle, args and result, and fit svelte/store's contract.
import { createKernel, type MizanError } from 'mizan-kernel'
import { isFetching, isMutating, mizanContext, mutation, type MutationState } from 'mizan-kernel/svelte'
import { derived, get, type Readable } from 'svelte/store'

type Board = { board_info: { id: number; name: string }; cards: { id: number; title: string }[] }
type Card = { id: number; board_id: number; title: string }

export async function svelteUsage(): Promise<string> {
  const kernel = createKernel({ baseUrl: '/api/mizan', csrf: false, session: false })

  const board = mizanContext<Board>(kernel, 'board', { board_id: 1 })
  const off = board.subscribe((state) => {
    const name: string | undefined = state.data?.board_info.name
    const error: MizanError | null = state.error
    ;(void name, error)
  })
  off()
  // Usable wherever Svelte takes a store ($board, get, derived).
  const readable: Readable<{ status: string }> = board
  const titles = derived(board, (s) => s.data?.cards.map((c) => c.title) ?? [])
  const first: string | undefined = get(titles)[0]

  const addCard = mutation<{ board_id: number; title: string }, Card>(kernel, 'add_card')
  const card: Card = await addCard.mutateAsync({ board_id: 1, title: 'New' })
  addCard.mutate({ board_id: 1, title: 'New' }, { onSuccess: (made) => void made.id, onError: (e) => void e.code })
  const withContext = mutation<{ board_id: number; title: string }, Card, { at: number }>(kernel, 'add_card', {
    onMutate: () => ({ at: 1 }),
    onSettled: (_card, _error, _args, context) => void context?.at,
  })
  withContext.reset()
  const fetching: number = get(isFetching(kernel, { context: 'board' })) + get(isMutating(kernel))
  const state: MutationState<Card> = get(addCard)
  const pending: boolean = state.isPending
  const data: Card | undefined = state.data
  addCard.reset()
  // @ts-expect-error args must match the mutation's Args
  addCard.mutate({ board_id: '1' })
  // @ts-expect-error the arguments are required
  addCard.mutate()
  mutation<undefined, null>(kernel, 'logout').mutate() // a function without arguments
  // @ts-expect-error the result is a Card, not a string
  const wrong: string = await addCard.mutateAsync({ board_id: 1, title: 'x' })
  // @ts-expect-error mutate returns nothing to await
  addCard.mutate({ board_id: 1, title: 'x' }).then(() => {})
  // @ts-expect-error a context name is a string
  mizanContext(kernel, 1)

  kernel.dispose()
  return `${readable === board}${first}${card.title}${pending}${data?.id}${wrong}${fetching}`
}
