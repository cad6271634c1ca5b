// mizan-kernel/react/infinite over the real wasm kernel, against the
// reference board server's paged context `card_page` (limit 1: board 1's two
// cards are two pages): what the list shows, and which pages were fetched.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MizanContext } from '../../../adapters/react/index.js'
import { useInfiniteContext } from '../../../adapters/react/infinite.js'
import { MizanError } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
let kernel
beforeEach(() => {
  kernel = clientKernel(server)
})
afterEach(() => {
  cleanup()
  kernel.dispose()
})

const PAGES = { pageParam: 'cursor', getNextPageParam: (last) => last.next_cursor }

/** The card_page GETs, as 'board:cursor' ('-' without a cursor). */
const pageGets = () => server.requests.filter((r) => r.path === '/ctx/card_page/').map((r) => `${r.params.board_id}:${r.params.cursor ?? '-'}`)
const shown = () => screen.queryAllByRole('listitem').map((li) => li.textContent)

function Cards({ boardId }) {
  const { status, data, pages, hasNextPage, isFetchingNextPage, fetchNextPage } = useInfiniteContext(
    'card_page',
    { board_id: boardId, limit: 1 },
    PAGES,
  )
  if (status !== 'success') return <p>{status}</p>
  return (
    <section>
      <ul>
        {data.items.map((card) => (
          <li key={card.id}>{card.title}</li>
        ))}
      </ul>
      <p>{pages.length} pages</p>
      {hasNextPage ? <button onClick={() => fetchNextPage()}>{isFetchingNextPage ? 'Loading more…' : 'More'}</button> : <p>The end</p>}
    </section>
  )
}

const withKernel = (ui) => <MizanContext kernel={kernel}>{ui}</MizanContext>

describe('useInfiniteContext', () => {
  it('renders the first page, then appends the next one on fetchNextPage, until the last', async () => {
    render(withKernel(<Cards boardId={1} />))
    expect(screen.getByText('loading')).toBeTruthy()
    await screen.findByText('1 pages')
    expect(shown()).toEqual(['Write the announcement'])
    fireEvent.click(screen.getByRole('button', { name: 'More' }))
    expect(await screen.findByRole('button', { name: 'Loading more…' })).toBeTruthy()
    await screen.findByText('The end')
    expect(shown()).toEqual(['Write the announcement', 'Book the venue'])
    expect(screen.getByText('2 pages')).toBeTruthy()
    expect(pageGets()).toEqual(['1:-', '1:1'])
  })

  it('fetches each page once under StrictMode, and refetches them all on invalidation, in order', async () => {
    render(<StrictMode>{withKernel(<Cards boardId={1} />)}</StrictMode>)
    await screen.findByText('1 pages')
    fireEvent.click(screen.getByRole('button', { name: 'More' }))
    await screen.findByText('The end')
    expect(pageGets()).toEqual(['1:-', '1:1'])

    // The second card changes on the server; an invalidation brings it in.
    server.api.db.cards.find((card) => card.id === 2).title = 'Book a bigger venue'
    act(() => kernel.invalidate(['card_page']))
    await waitFor(() => expect(shown()).toEqual(['Write the announcement', 'Book a bigger venue']))
    await waitFor(() => expect(pageGets()).toEqual(['1:-', '1:1', '1:-', '1:1']))
  })

  it('starts again from the first page when the params change', async () => {
    const { rerender } = render(withKernel(<Cards boardId={1} />))
    await screen.findByText('1 pages')
    fireEvent.click(screen.getByRole('button', { name: 'More' }))
    await screen.findByText('The end')

    rerender(withKernel(<Cards boardId={2} />))
    await waitFor(() => expect(shown()).toEqual(['Read the HMAC RFC']))
    expect(screen.getByText('1 pages')).toBeTruthy()

    rerender(withKernel(<Cards boardId={1} />))
    await waitFor(() => expect(shown()).toEqual(['Write the announcement']))
    expect(screen.getByRole('button', { name: 'More' })).toBeTruthy()
    expect(pageGets()).toEqual(['1:-', '1:1', '2:-', '1:-']) // gcTime 0: board 1's first page was let go
  })

  it('lets its pages go when it unmounts', async () => {
    const { unmount } = render(withKernel(<Cards boardId={1} />))
    await screen.findByText('1 pages')
    fireEvent.click(screen.getByRole('button', { name: 'More' }))
    await screen.findByText('The end')
    unmount()
    await waitFor(() => expect(kernel.stats.entries).toBe(0))
  })

  it('refuses an unknown option', () => {
    let error
    function Bad() {
      try {
        useInfiniteContext('card_page', { board_id: 1 }, { ...PAGES, initialCursor: 0 })
      } catch (e) {
        error = e
      }
      return null
    }
    render(withKernel(<Bad />))
    expect(error).toBeInstanceOf(MizanError)
    expect(error.message).toMatch(/options\.initialCursor is not an option/)
  })
})
