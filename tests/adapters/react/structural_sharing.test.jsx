// Structural sharing as a React app sees it: after a refetch of 1,000 cards
// through the real wasm kernel, the reader gets every unchanged card as the
// same object (js/snapshot.js shares the new value with the one held, cards
// matched by id where they moved), so a React.memo card component
// re-renders only for the cards that changed, moved cards included.
import { act, cleanup, render, screen } from '@testing-library/react'
import { memo } from 'react'
import { afterEach, beforeAll, expect, it } from 'vitest'
import { MizanContext, useMizanContext } from '../../../adapters/react/index.js'
import { createKernel, init } from '../../../js/index.js'
import { scriptedFetch } from '../../js/support/scripted_fetch.js'

beforeAll(() => init())
let kernel
afterEach(() => {
  cleanup()
  kernel?.dispose()
})

const card = (id, title = `card ${id}`) => ({ id, title, tags: ['a', { n: id }] })
const cards = (n) => Array.from({ length: n }, (_, i) => card(i))

it('re-renders only the changed card after a refetch of 1,000 cards, and only new cards after a reorder', async () => {
  const script = scriptedFetch()
  kernel = createKernel({ fetch: script.fetch, csrf: false, server: false })
  const renders = new Map() // card id -> renders
  const Card = memo(function Card({ card }) {
    renders.set(card.id, (renders.get(card.id) ?? 0) + 1)
    return <li>{card.title}</li>
  })
  function Board() {
    const { data } = useMizanContext('board', { board_id: 1 })
    return data ? (
      <ul>
        {data.cards.map((c) => (
          <Card key={c.id} card={c} />
        ))}
      </ul>
    ) : (
      <p>loading</p>
    )
  }
  const refetch = async (body) => {
    renders.clear()
    const sent = script.requests.length
    await act(async () => kernel.invalidate([{ context: 'board' }])) // flushed in a microtask
    expect(script.requests).toHaveLength(sent + 1)
    await act(() => script.requests[sent].reply(body))
  }
  const titles = () => screen.getAllByRole('listitem').map((li) => li.textContent)

  render(
    <MizanContext kernel={kernel}>
      <Board />
    </MizanContext>,
  )
  await act(() => script.requests[0].reply({ board_info: { name: 'B' }, cards: cards(1000) }))
  expect(titles()).toHaveLength(1000)
  expect(renders.size).toBe(1000)

  // One card changed.
  const edited = cards(1000)
  edited[500] = card(500, 'edited')
  await refetch({ board_info: { name: 'B' }, cards: edited })
  expect(titles()[500]).toBe('edited')
  expect([...renders]).toEqual([[500, 1]])

  // The same cards again: nothing re-renders.
  await refetch({ board_info: { name: 'B' }, cards: edited })
  expect(renders.size).toBe(0)

  // Reordered: the last card first, card 3 removed, a new card 1000 in the
  // middle. Only the new card renders; the moved ones keep their objects.
  const reordered = [edited[999], ...edited.slice(0, 3), ...edited.slice(4, 600), card(1000), ...edited.slice(600, 999)]
  await refetch({ board_info: { name: 'B' }, cards: reordered })
  expect(titles()).toEqual(reordered.map((c) => c.title))
  expect([...renders]).toEqual([[1000, 1]])
})
