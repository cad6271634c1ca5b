// Compiled by `tsc` in the test command: the infinite entry points type what
// the README shows, and refuse what they should.
import { createKernel } from 'mizan-kernel'
import { infiniteContext } from 'mizan-kernel/infinite'
import { useInfiniteContext } from 'mizan-kernel/react/infinite'
import { useInfiniteContext as useVueInfinite } from 'mizan-kernel/vue/infinite'
import { mizanInfiniteContext } from 'mizan-kernel/svelte/infinite'

type Card = { id: number; title: string }
type CardPage = { items: Card[]; next_cursor: number | null }

export async function runtime(): Promise<number> {
  const kernel = createKernel()
  const feed = infiniteContext<CardPage>(kernel, 'card_page', { board_id: 1 }, { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor })
  const off = feed.subscribe(() => {})
  const state = await feed.fetchNextPage()
  const titles: string[] = state.data?.items.map((card) => card.title) ?? []
  const cursors: readonly (number | string | boolean | null | undefined | object)[] = state.pageParams
  const more: boolean = state.hasNextPage && !state.isFetchingNextPage
  off()
  // @ts-expect-error unknown option
  infiniteContext(kernel, 'card_page', {}, { pageParam: 'cursor', getNextPageParam: () => null, initialCursor: 0 })
  // @ts-expect-error getNextPageParam is required
  infiniteContext(kernel, 'card_page', {}, { pageParam: 'cursor' })
  // @ts-expect-error a page param is a JSON value
  infiniteContext(kernel, 'card_page', {}, { pageParam: 'cursor', getNextPageParam: () => new Date() })
  // @ts-expect-error params are JSON values
  infiniteContext(kernel, 'card_page', { when: new Date() }, { pageParam: 'cursor', getNextPageParam: () => null })
  void [titles, cursors, more]
  return state.pages.length
}

export function ReactCards() {
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = useInfiniteContext<CardPage>(
    'card_page',
    { board_id: 1 },
    { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor },
  )
  return (
    <section>
      {data?.items.map((card) => (
        <p key={card.id}>{card.title}</p>
      ))}
      <button disabled={!hasNextPage || isFetchingNextPage} onClick={() => fetchNextPage()}>
        More
      </button>
    </section>
  )
}

export function vueCards(): number {
  const { pages, hasNextPage, fetchNextPage } = useVueInfinite<CardPage>('card_page', () => ({ board_id: 1 }), {
    pageParam: 'cursor',
    getNextPageParam: (last) => last.next_cursor,
  })
  if (hasNextPage.value) void fetchNextPage()
  return pages.value.length
}

export function svelteCards(kernel: ReturnType<typeof createKernel>) {
  const feed = mizanInfiniteContext<CardPage>(
    kernel,
    'card_page',
    { board_id: 1 },
    { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor },
  )
  const off = feed.subscribe((state) => state.data?.items.length)
  void feed.fetchNextPage()
  off()
}
