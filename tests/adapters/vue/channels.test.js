// mizan-kernel/vue/channels (useChannel) over the real wasm kernel and real
// sockets to the reference board server's channel `board_chat`
// (examples/server/live.js), in mounted components and in a server render:
// what a component shows, and which frames the server got. Another kernel
// (no Vue) plays the other users of a board.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue'
import { describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h, ref } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { useChannel } from '../../../adapters/vue/channels.js'
import { createMizan } from '../../../adapters/vue/index.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { LIVE, useLiveKernels } from '../live_support.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const live = useLiveKernels(server, clientKernel, cleanup)
const { framesOf, subscribes, reader } = live

/** A board's chat as an app would write it (params a getter over the prop); `statuses` records each status it rendered. */
const Chat = defineComponent({
  props: { boardId: { type: Number, default: 1 }, author: { type: String, default: 'Ann' }, statuses: { type: Array, default: null } },
  setup(props) {
    const { status, messages, lastMessage, error, send } = useChannel('board_chat', () => ({ board_id: props.boardId }))
    return () => {
      if (props.statuses && props.statuses.at(-1) !== status.value) props.statuses.push(status.value)
      return h('section', { 'aria-label': `chat ${props.boardId}` }, [
        h('p', `status: ${status.value}`),
        error.value ? h('p', { role: 'alert' }, `${error.value.code}: ${error.value.message}`) : null,
        h(
          'ul',
          messages.value.map((m, i) => h('li', { key: i }, `${m.author}: ${m.text}`)),
        ),
        h('p', `last: ${lastMessage.value ? lastMessage.value.text : 'none'}`),
        h('button', { disabled: status.value !== 'open', onClick: () => send({ author: props.author, text: 'from the composable' }) }, 'Send'),
      ])
    }
  },
})

const withKernel = (props = {}, k = live.kernel) => ({ props, global: { plugins: [createMizan({ kernel: k })] } })
const shown = () => screen.queryAllByRole('listitem').map((li) => li.textContent)

describe('useChannel', () => {
  it('shows connecting, then open, then the messages of its board (not of another), and the last one', async () => {
    render(Chat, withKernel({ boardId: 1 }))
    expect(screen.getByText('status: connecting')).toBeTruthy()
    await screen.findByText('status: open')
    expect(screen.getByText('last: none')).toBeTruthy()

    const one = reader(1)
    const two = reader(2)
    // Both readers of board 1 (the component's and the other's) and board 2's, on the server.
    await waitFor(() => expect([subscribes(1), subscribes(2)]).toEqual([2, 1]))
    two.send({ author: 'Bob', text: 'on board 2' })
    one.send({ author: 'Bob', text: 'first' })
    one.send({ author: 'Cid', text: 'second' })
    await waitFor(() => expect(shown()).toEqual(['Bob: first', 'Cid: second']))
    expect(screen.getByText('last: second')).toBeTruthy()
    expect(two.state().lastMessage).toMatchObject({ text: 'on board 2' }) // it was sent, to board 2 only
  })

  it("sends from the composable to another kernel's reader of the board", async () => {
    render(Chat, withKernel({ boardId: 1, author: 'Ann' }))
    const one = reader(1)
    await waitFor(() => expect(subscribes(1)).toBe(2))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(false))
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(one.state().lastMessage).toMatchObject({ author: 'Ann', text: 'from the composable' }))
    // The sender is a subscriber too.
    await screen.findByText('Ann: from the composable')
  })

  it('shares one subscription between two components; the last one unmounting unsubscribes once', async () => {
    const both = ref(true)
    const mounted = ref(true)
    const Two = defineComponent(() => () => (mounted.value ? h('div', [h(Chat, { boardId: 1 }), both.value ? h(Chat, { boardId: 1 }) : null]) : null))
    render(Two, withKernel())
    await waitFor(() => expect(screen.getAllByText('status: open')).toHaveLength(2))
    // A send from the first is a barrier: the server reads a socket's frames
    // in order, so once the event is back every subscribe frame was read.
    await fireEvent.click(screen.getAllByRole('button', { name: 'Send' })[0])
    await waitFor(() => expect(screen.getAllByText('Ann: from the composable')).toHaveLength(2))
    expect(framesOf('subscribe')).toHaveLength(1)
    const [{ id }] = framesOf('subscribe')

    both.value = false
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'Send' })).toHaveLength(1))
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(screen.getAllByText('Ann: from the composable')).toHaveLength(2))
    expect(framesOf('unsubscribe')).toHaveLength(0)

    mounted.value = false
    await waitFor(() => expect(framesOf('unsubscribe')).toHaveLength(1))
    // Barrier: a later subscription's frame, read after any other unsubscribe.
    live.kernel.channel('board_chat', { board_id: 2 }).subscribe(() => {})
    await waitFor(() => expect(subscribes(2)).toBe(1))
    expect(framesOf('unsubscribe')).toEqual([{ kind: 'unsubscribe', id }])
    expect(framesOf('subscribe')).toHaveLength(2)
  })

  it('subscribes anew when the params change value, and unsubscribes the old ones', async () => {
    const { rerender } = render(Chat, withKernel({ boardId: 1 }))
    await waitFor(() => expect(subscribes(1)).toBe(1))
    const [old] = framesOf('subscribe')

    await rerender({ boardId: 2 })
    expect(screen.getByText('status: open')).toBeTruthy() // the socket is open: subscribed at once
    await waitFor(() => expect(framesOf('unsubscribe')).toEqual([{ kind: 'unsubscribe', id: old.id }]))
    const [, fresh] = framesOf('subscribe')
    expect(fresh).toMatchObject({ channel: 'board_chat', params: { board_id: 2 } })
    expect(fresh.id).not.toBe(old.id)

    const one = reader(1)
    const two = reader(2)
    await waitFor(() => expect([subscribes(1), subscribes(2)]).toEqual([2, 2]))
    one.send({ author: 'Bob', text: 'on board 1' })
    two.send({ author: 'Bob', text: 'on board 2' })
    await waitFor(() => expect(shown()).toEqual(['Bob: on board 2']))
    expect(framesOf('unsubscribe')).toHaveLength(1)
  })

  it('shows a board the server does not have as closed, with the error', async () => {
    render(Chat, withKernel({ boardId: 999 }))
    await screen.findByText('status: closed')
    expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": no such board')
    expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(true)
  })

  it('shows a refused subscription as closed, with the reason', async () => {
    server.live.refuse('board_chat')
    render(Chat, withKernel({ boardId: 1 }))
    await screen.findByText('status: closed')
    expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": refused')
  })

  it('shows reconnecting after the socket drops, then open, and gets new messages', async () => {
    const statuses = []
    render(Chat, withKernel({ boardId: 1, statuses }))
    const one = reader(1)
    await waitFor(() => expect(subscribes(1)).toBe(2))
    await screen.findByText('status: open')

    server.live.frames.length = 0
    server.live.dropAll()
    // Both sockets back, each subscribed again.
    await waitFor(() => expect(subscribes(1)).toBe(2))
    await screen.findByText('status: open')
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open'])
    expect(one.state().status).toBe('open')
    one.send({ author: 'Bob', text: 'after the drop' })
    await screen.findByText('Bob: after the drop')
  })

  it('renders connecting on the server and opens no socket', async () => {
    await waitFor(() => expect(server.live.sockets()).toBe(0)) // the earlier tests' sockets are gone
    let made = 0
    class CountingSocket extends LIVE.channels.WebSocket {
      constructor(url) {
        super(url)
        made++
      }
    }
    const serverKernel = createKernel({
      baseUrl: server.baseUrl,
      fetch: globalThis.fetch,
      server: true,
      csrf: false,
      session: false,
      channels: { WebSocket: CountingSocket },
    })
    const html = await renderToString(createSSRApp(Chat, { boardId: 1 }).use(createMizan({ kernel: serverKernel })))
    // A subscription would have made the socket then and there.
    expect(made).toBe(0)
    expect(html).toContain('<p>status: connecting</p>')
    expect(html).toContain('<p>last: none</p>')
    expect(server.live.sockets()).toBe(0)
    expect(server.live.frames).toEqual([])
    serverKernel.dispose()

    // (control) the same component in a browser kernel with that class does open one.
    const browser = clientKernel(server, { channels: { WebSocket: CountingSocket } })
    const { unmount } = render(Chat, withKernel({ boardId: 1 }, browser))
    await screen.findByText('status: open')
    expect(made).toBe(1)
    expect(server.live.sockets()).toBe(1)
    unmount()
    browser.dispose()
  })
})
