// Compiled by `tsc` in the test command: call()'s optimistic option,
// getData and setData as the README shows them, and what they refuse.
import 'mizan-kernel/optimistic'
import { createKernel, type OptimisticTarget } from 'mizan-kernel'

interface Card {
  id: number
  title: string
}
interface Board {
  cards: Card[]
  count: number
}

export async function optimisticUsage(): Promise<number> {
  const kernel = createKernel()
  const card: Card = { id: 7, title: 'New' }
  const bump: OptimisticTarget<number> = { context: 'board', slot: 'count', update: (n) => n + 1 }
  await kernel.call(
    'rename_card',
    { id: 7, title: 'New' },
    {
      optimistic: [{ context: 'board', params: { board_id: 1 }, slot: 'cards', value: card }, bump],
    },
  )
  // @ts-expect-error a target has a value or an update, not both
  await kernel.call('f', {}, { optimistic: [{ context: 'board', slot: 'count', value: 1, update: (n: number) => n }] })
  // @ts-expect-error the slot is named
  await kernel.call('f', {}, { optimistic: [{ context: 'board', value: 1 }] })
  // @ts-expect-error unknown option
  await kernel.call('f', {}, { optimistc: [] })
  const board: Board | undefined = kernel.getData<Board>('board', { board_id: 1 })
  kernel.setData<Board>('board', { board_id: 1 }, { count: 0 })
  kernel.setData('user', undefined, { profile: { name: 'Ann' } })
  // @ts-expect-error a slot of the bundle, of its type
  kernel.setData<Board>('board', { board_id: 1 }, { count: 'none' })
  return board?.count ?? 0
}
