// mizan-kernel/vue/infinite in mounted components and in a server render,
// over the real wasm kernel and the reference board server's paged context
// `card_page` (limit 1: board 1's two cards are two pages).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h, ref } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { useInfiniteContext } from '../../../adapters/vue/infinite.js'
import { createMizan, MIZAN_KEY } from '../../../adapters/vue/index.js'
import { createKernel, MizanError } from '../../../js/index.js'
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
const pageGets = () => server.requests.filter((r) => r.path === '/ctx/card_page/').map((r) => `${r.params.board_id}:${r.params.cursor ?? '-'}`)
const shown = () => screen.queryAllByRole('listitem').map((li) => li.textContent)

/** Board `boardId`'s cards a page at a time; `params` (a ref) instead when given. */
const Cards = defineComponent({
  props: { boardId: { type: Number, default: 1 }, params: { type: null, default: undefined } },
  setup(props) {
    const { status, data, pages, hasNextPage, isFetchingNextPage, fetchNextPage } = useInfiniteContext(
      'card_page',
      props.params ?? (() => ({ board_id: props.boardId, limit: 1 })),
      PAGES,
    )
    return () =>
      status.value !== 'success'
        ? h('p', status.value)
        : h('section', [
            h(
              'ul',
              data.value.items.map((card) => h('li', { key: card.id }, card.title)),
            ),
            h('p', `${pages.value.length} pages`),
            hasNextPage.value
              ? h('button', { onClick: () => fetchNextPage() }, isFetchingNextPage.value ? 'Loading more…' : 'More')
              : h('p', 'The end'),
          ])
  },
})

const withKernel = (props = {}) => ({ props, global: { plugins: [createMizan({ kernel })] } })

describe('useInfiniteContext', () => {
  it('renders the first page, then appends the next one on fetchNextPage, until the last', async () => {
    render(Cards, withKernel())
    expect(screen.getByText('loading')).toBeTruthy()
    await screen.findByText('1 pages')
    expect(shown()).toEqual(['Write the announcement'])
    await fireEvent.click(screen.getByRole('button', { name: 'More' }))
    expect(await screen.findByRole('button', { name: 'Loading more…' })).toBeTruthy()
    await screen.findByText('The end')
    expect(shown()).toEqual(['Write the announcement', 'Book the venue'])
    expect(pageGets()).toEqual(['1:-', '1:1'])
  })

  it('refetches the loaded pages on invalidation and shows them in order', async () => {
    render(Cards, withKernel())
    await screen.findByText('1 pages')
    await fireEvent.click(screen.getByRole('button', { name: 'More' }))
    await screen.findByText('The end')
    server.api.db.cards.find((card) => card.id === 1).title = 'Write the launch post'
    kernel.invalidate([{ context: 'card_page', params: { board_id: 1 } }])
    await waitFor(() => expect(pageGets()).toEqual(['1:-', '1:1', '1:-', '1:1']))
    await waitFor(() => expect(shown()).toEqual(['Write the launch post', 'Book the venue']))
  })

  it('starts again from the first page when ref params change value', async () => {
    const params = ref({ board_id: 1, limit: 1 })
    render(Cards, withKernel({ params }))
    await screen.findByText('1 pages')
    await fireEvent.click(screen.getByRole('button', { name: 'More' }))
    await screen.findByText('The end')
    params.value = { limit: 1, board_id: 1 } // the same params: the pages stay
    params.value = { board_id: 2, limit: 1 }
    await waitFor(() => expect(shown()).toEqual(['Read the HMAC RFC']))
    expect(screen.getByText('1 pages')).toBeTruthy()
    expect(pageGets()).toEqual(['1:-', '1:1', '2:-'])
  })

  it('renders the first page on the server, loading nothing more', async () => {
    const serverKernel = createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: true })
    const App = defineComponent(() => () => h(Cards))
    const html = await renderToString(createSSRApp(App).use(createMizan({ kernel: serverKernel })))
    expect(html).toContain('<li>Write the announcement</li>')
    expect(html).toContain('1 pages')
    expect(serverKernel.stats).toMatchObject({ entries: 1, pendingRequests: 0 })
    expect(serverKernel.dehydrate().contexts).toEqual([expect.objectContaining({ context: 'card_page', params: { board_id: 1, limit: 1 } })])
    serverKernel.dispose()
  })

  it('shows the failure of a kernel that could not be made, and fetchNextPage() resolves with it', async () => {
    // What the plugin provides when the wasm failed to load.
    const ready = Promise.reject(new MizanError('INIT_FAILED', 'the wasm did not load'))
    ready.catch(() => {})
    const failed = { install: (app) => app.provide(MIZAN_KEY, { kernel: ref(null), ready, server: false }) }
    let fetchNext
    const Probe = defineComponent(() => {
      const { status, error, fetchNextPage } = useInfiniteContext('card_page', { board_id: 1 }, PAGES)
      fetchNext = fetchNextPage
      return () => h('p', `${status.value} ${error.value?.code ?? ''}`)
    })
    render(Probe, { global: { plugins: [failed] } })
    expect(await screen.findByText('error INIT_FAILED')).toBeTruthy()
    expect(await fetchNext()).toMatchObject({ status: 'error', pages: [] })
  })
})
