// Compiled by `tsc` in the test command: the context hooks' options
// (enabled, keepPreviousData, the kernel's refetch options), skipToken and
// useSuspenseContext type what the README shows, and refuse misuse.
import { createKernel, skipToken, type ContextState } from 'mizan-kernel'
import { defineContext, skipToken as reactSkipToken, useMizanContext } from 'mizan-kernel/react'
import { useSuspenseContext } from 'mizan-kernel/react/suspense'
import { mizanContext, skipToken as svelteSkipToken } from 'mizan-kernel/svelte'
import { skipToken as vueSkipToken, useMizanContext as useVueContext } from 'mizan-kernel/vue'
import { ref } from 'vue'

interface BoardBundle {
  board_info: { id: number; name: string; owner: number }
}
interface UserBundle {
  user: { name: string }
}

const Board = defineContext<BoardBundle, { board_id: number }>('board')

export function Dependent({ id }: { id: number }) {
  const board = useMizanContext<BoardBundle>('board', { board_id: id }, { keepPreviousData: true, refetchInterval: 10_000 })
  const owner = useMizanContext<UserBundle>('user', board.data ? { user_id: board.data.board_info.owner } : skipToken)
  const placeholder: true | undefined = board.isPlaceholder
  useMizanContext('board', { board_id: id }, { enabled: id > 0, refetchOnWindowFocus: false, refetchOnReconnect: true, refetchInterval: false })
  useMizanContext('board', reactSkipToken)
  // @ts-expect-error an option of another library
  useMizanContext('board', { board_id: id }, { staleTime: 5000 })
  // @ts-expect-error enabled is a boolean
  useMizanContext('board', { board_id: id }, { enabled: 'yes' })
  // @ts-expect-error TanStack's spelling: ours is keepPreviousData
  useMizanContext('board', { board_id: id }, { placeholderData: true })
  const { data } = useSuspenseContext<BoardBundle>('board', { board_id: id }, { refetchInterval: 5000 })
  const name: string = data.board_info.name // no undefined: the data is there
  // @ts-expect-error a suspense hook cannot be disabled
  useSuspenseContext('board', { board_id: id }, { enabled: false })
  // @ts-expect-error nor skipped
  useSuspenseContext('board', skipToken)
  void [owner.data?.user.name, placeholder, name]
  return (
    <Board.Provider params={{ board_id: id }} options={{ keepPreviousData: true, enabled: id > 0 }}>
      {null}
    </Board.Provider>
  )
}

export function vue(id: number) {
  const enabled = ref(false)
  const board = useVueContext<BoardBundle>('board', () => ({ board_id: id }), { enabled, keepPreviousData: true })
  useVueContext<UserBundle>('user', () => (board.value.data ? { user_id: board.value.data.board_info.owner } : vueSkipToken), {
    enabled: () => id > 0,
    refetchInterval: 1000,
  })
  const loaded: Promise<ContextState<BoardBundle>> = board.suspense()
  // @ts-expect-error an unknown option
  useVueContext('board', { board_id: id }, { suspense: true })
  return loaded
}

export function svelte(id: number) {
  const kernel = createKernel()
  const board = mizanContext<BoardBundle>(kernel, 'board', { board_id: id }, { keepPreviousData: true, enabled: id > 0 })
  mizanContext(kernel, 'board', svelteSkipToken)
  // @ts-expect-error an unknown option
  mizanContext(kernel, 'board', { board_id: id }, { retry: 3 })
  return board
}
