// The scenarios of live channels that every adapter's tests run the same
// way, over the real wasm kernel and real sockets to the reference board
// server's channel `board_chat` (examples/server/live.js): one behaviour
// (kernel.channel()'s) however the adapter shows it. Each adapter renders its
// own Chat, as an app writes it: a region "chat <boardId>" with "status: …",
// the error as role=alert, the messages as list items "<author>: <text>",
// "last: …" and a Send button (enabled while open) sending
// { author, text: `from the ${via}` }. Another kernel (no framework), from
// live_support.js, plays the other users of a board.
import { expect, it } from 'vitest'
import { createKernel } from '../../js/index.js'
import { countingSocket } from './live_support.js'

/**
 * @typedef {object} Mounted
 * @property {(props: object) => unknown} rerender gives the component new props (awaitable: rendered after it)
 * @property {() => unknown} unmount
 */

/**
 * @typedef {object} Harness
 * @property {any} server the board server, from useBoardServer()
 * @property {any} live the value useLiveKernels() returned (its hooks registered by the caller)
 * @property {any} testing the adapter's Testing Library: fireEvent (awaitable: rendered after it), screen, waitFor, within
 * @property {string} via what the adapter calls its channel ('hook', 'composable', 'store'): the Send button sends `from the ${via}`
 * @property {(props: { boardId: number, author?: string, statuses?: string[] }, kernel?: any) => Mounted} chat
 *   mounts a Chat on `kernel` (default live.kernel); `statuses` records each status it rendered
 * @property {() => { setBoth: (both: boolean) => unknown, unmount: () => unknown }} pair
 *   mounts two Chats of board 1 on live.kernel, the second while `both` (awaitable: rendered after it)
 * @property {(kernel: any) => Promise<string>} serverRender the HTML of a Chat of board 1 on `kernel`, a server kernel
 * @property {(options?: object) => any} clientKernel a browser kernel on the server (disposed by the test)
 * @property {() => Promise<unknown>} settle lets the framework render what the kernel changed
 */

/**
 * Registers the shared scenarios, in the caller's describe.
 *
 * @example
 * describe('useChannel (shared cases)', () => channelCases({ server, live, testing, via: 'hook', chat, pair, serverRender, clientKernel, settle }))
 *
 * @param {Harness} h
 */
export function channelCases(h) {
  const { server, live, testing, settle } = h
  const { fireEvent, screen, waitFor, within } = testing
  const { framesOf, subscribes, reader } = live
  const sent = `from the ${h.via}`
  const shown = () => screen.queryAllByRole('listitem').map((li) => li.textContent)

  it('shows connecting, then open, then the messages of its board (not of another), and the last one', async () => {
    h.chat({ boardId: 1 })
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

  it(`sends from the ${h.via} to another kernel's reader of the board`, async () => {
    h.chat({ boardId: 1, author: 'Ann' })
    const one = reader(1)
    await waitFor(() => expect(subscribes(1)).toBe(2))
    await settle()
    expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(false)
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(one.state().lastMessage).toMatchObject({ author: 'Ann', text: sent }))
    // The sender is a subscriber too.
    await screen.findByText(`Ann: ${sent}`)
  })

  it('shares one subscription between two components; the last one unmounting unsubscribes once', async () => {
    const pair = h.pair()
    await waitFor(() => expect(screen.getAllByText('status: open')).toHaveLength(2))
    // A send from the first is a barrier: the server reads a socket's frames
    // in order, so once the event is back every subscribe frame was read.
    await fireEvent.click(screen.getAllByRole('button', { name: 'Send' })[0])
    await waitFor(() => expect(screen.getAllByText(`Ann: ${sent}`)).toHaveLength(2))
    expect(framesOf('subscribe')).toHaveLength(1)
    const [{ id }] = framesOf('subscribe')

    await pair.setBoth(false)
    expect(screen.getAllByRole('button', { name: 'Send' })).toHaveLength(1)
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(screen.getAllByText(`Ann: ${sent}`)).toHaveLength(2))
    expect(framesOf('unsubscribe')).toHaveLength(0)

    await pair.unmount()
    await waitFor(() => expect(framesOf('unsubscribe')).toHaveLength(1))
    // Barrier: a later subscription's frame, read after any other unsubscribe.
    live.kernel.channel('board_chat', { board_id: 2 }).subscribe(() => {})
    await waitFor(() => expect(subscribes(2)).toBe(1))
    expect(framesOf('unsubscribe')).toEqual([{ kind: 'unsubscribe', id }])
    expect(framesOf('subscribe')).toHaveLength(2)
  })

  it('subscribes anew for new params and unsubscribes the old ones', async () => {
    const chat = h.chat({ boardId: 1 })
    await waitFor(() => expect(subscribes(1)).toBe(1))
    const [old] = framesOf('subscribe')

    await chat.rerender({ boardId: 2 })
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
    h.chat({ boardId: 999 })
    await screen.findByText('status: closed')
    expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": no such board')
    expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(true)
  })

  it('shows a refused subscription as closed, with the reason', async () => {
    server.live.refuse('board_chat')
    h.chat({ boardId: 1 })
    await screen.findByText('status: closed')
    expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": refused')
  })

  it('shows reconnecting after the socket drops, then open, and gets new messages', async () => {
    const statuses = []
    h.chat({ boardId: 1, statuses })
    const one = reader(1)
    await waitFor(() => expect(subscribes(1)).toBe(2))
    await settle()
    expect(screen.getByText('status: open')).toBeTruthy()

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

  it('renders connecting on a server kernel and opens no socket', async () => {
    await waitFor(() => expect(server.live.sockets()).toBe(0)) // the earlier tests' sockets are gone
    const { WebSocket: CountingSocket, made } = countingSocket()
    const serverKernel = createKernel({
      baseUrl: server.baseUrl,
      fetch: globalThis.fetch,
      server: true,
      csrf: false,
      session: false,
      channels: { WebSocket: CountingSocket },
    })
    const html = await h.serverRender(serverKernel)
    // A subscription would have made the socket then and there.
    expect(made()).toBe(0)
    expect(html).toContain('<p>status: connecting</p>')
    expect(html).toContain('<p>last: none</p>')
    expect(server.live.sockets()).toBe(0)
    expect(server.live.frames).toEqual([])
    serverKernel.dispose()

    // (control) the same component in a browser kernel with that class does open one.
    const browser = h.clientKernel({ channels: { WebSocket: CountingSocket } })
    const chat = h.chat({ boardId: 1 }, browser)
    await within(screen.getByRole('region', { name: 'chat 1' })).findByText('status: open')
    expect(made()).toBe(1)
    expect(server.live.sockets()).toBe(1)
    await waitFor(() => expect(subscribes(1)).toBe(1)) // its frame in this test's log, not the next one's
    chat.unmount()
    browser.dispose() // in the same task: the unsubscribe (a microtask later) never leaves
  })
}
