// mizan-kernel/svelte/channels (mizanChannel) in Svelte 5 components and
// on a server kernel, over the real wasm kernel and real sockets to the
// reference board server's channel `board_chat` (examples/server/live.js):
// what a component shows, and which frames the server got. Another kernel
// (no Svelte) plays the other users of a board.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { get } from 'svelte/store'
import { expect, test } from 'vitest'
import { mizanChannel } from '../../../adapters/svelte/channels.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { LIVE, useLiveKernels } from '../live_support.js'
import Chat from './Chat.svelte'
import ChatPair from './ChatPair.svelte'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const live = useLiveKernels(server, clientKernel, cleanup)
const { framesOf, subscribes, reader } = live

const shown = () => screen.queryAllByRole('listitem').map((li) => li.textContent)

test('shows connecting, then open, then the messages of its board (not of another), and the last one', async () => {
  render(Chat, { kernel: live.kernel, boardId: 1 })
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

test("sends from the store to another kernel's reader of the board", async () => {
  render(Chat, { kernel: live.kernel, boardId: 1, author: 'Ann' })
  const one = reader(1)
  await waitFor(() => expect(subscribes(1)).toBe(2))
  await waitFor(() => expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(false))
  await fireEvent.click(screen.getByRole('button', { name: 'Send' }))
  await waitFor(() => expect(one.state().lastMessage).toMatchObject({ author: 'Ann', text: 'from the store' }))
  // The sender is a subscriber too.
  await screen.findByText('Ann: from the store')
})

test('shares one subscription between two components; the last one unmounting unsubscribes once', async () => {
  const { rerender, unmount } = render(ChatPair, { kernel: live.kernel, both: true })
  await waitFor(() => expect(screen.getAllByText('status: open')).toHaveLength(2))
  // A send from the first is a barrier: the server reads a socket's frames
  // in order, so once the event is back every subscribe frame was read.
  await fireEvent.click(screen.getAllByRole('button', { name: 'Send' })[0])
  await waitFor(() => expect(screen.getAllByText('Ann: from the store')).toHaveLength(2))
  expect(framesOf('subscribe')).toHaveLength(1)
  const [{ id }] = framesOf('subscribe')

  await rerender({ both: false })
  expect(screen.getAllByRole('button', { name: 'Send' })).toHaveLength(1)
  await fireEvent.click(screen.getByRole('button', { name: 'Send' }))
  await waitFor(() => expect(screen.getAllByText('Ann: from the store')).toHaveLength(2))
  expect(framesOf('unsubscribe')).toHaveLength(0)

  unmount()
  await waitFor(() => expect(framesOf('unsubscribe')).toHaveLength(1))
  // Barrier: a later subscription's frame, read after any other unsubscribe.
  live.kernel.channel('board_chat', { board_id: 2 }).subscribe(() => {})
  await waitFor(() => expect(subscribes(2)).toBe(1))
  expect(framesOf('unsubscribe')).toEqual([{ kind: 'unsubscribe', id }])
  expect(framesOf('subscribe')).toHaveLength(2)
})

test('subscribes anew for another board and unsubscribes the old one', async () => {
  const { rerender } = render(Chat, { kernel: live.kernel, boardId: 1 })
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

test('shows a board the server does not have as closed, with the error', async () => {
  render(Chat, { kernel: live.kernel, boardId: 999 })
  await screen.findByText('status: closed')
  expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": no such board')
  expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(true)
})

test('shows a refused subscription as closed, with the reason', async () => {
  server.live.refuse('board_chat')
  render(Chat, { kernel: live.kernel, boardId: 1 })
  await screen.findByText('status: closed')
  expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": refused')
})

test('shows reconnecting after the socket drops, then open, and gets new messages', async () => {
  const statuses = []
  render(Chat, { kernel: live.kernel, boardId: 1, statuses })
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

test('keeps the store contract: the state at once and on each change, subscribed only while read', async () => {
  const store = mizanChannel(live.kernel, 'board_chat', { board_id: 1 })
  expect(get(store)).toMatchObject({ status: 'connecting', messages: [], lastMessage: undefined, error: null })
  const values = []
  const off = store.subscribe((value) => values.push(value))
  expect(values).toHaveLength(1)
  await waitFor(() => expect(values.at(-1).status).toBe('open'))
  const one = reader(1)
  await waitFor(() => expect(subscribes(1)).toBe(2))
  one.send({ author: 'Bob', text: 'hi' })
  await waitFor(() => expect(values.at(-1).lastMessage).toMatchObject({ text: 'hi' }))
  expect(get(store)).toBe(values.at(-1))
  off()
  await waitFor(() => expect(framesOf('unsubscribe')).toHaveLength(1))
  const count = values.length
  // Read by no one: a later message reaches the other reader, not this store.
  one.send({ author: 'Bob', text: 'unheard' })
  await waitFor(() => expect(one.state().lastMessage).toMatchObject({ text: 'unheard' }))
  expect(values).toHaveLength(count)
})

test('on a server kernel shows connecting and opens no socket', async () => {
  await waitFor(() => expect(server.live.sockets()).toBe(0)) // the earlier tests' sockets are gone
  let made = 0
  class CountingSocket extends LIVE.channels.WebSocket {
    constructor(url) {
      super(url)
      made++
    }
  }
  const serverKernel = createKernel({ baseUrl: server.baseUrl, server: true, csrf: false, session: false, channels: { WebSocket: CountingSocket } })
  const store = mizanChannel(serverKernel, 'board_chat', { board_id: 1 })
  const values = []
  const off = store.subscribe((value) => values.push(value))
  // A subscription would have made the socket then and there.
  expect(made).toBe(0)
  expect(values).toEqual([expect.objectContaining({ status: 'connecting', messages: [], lastMessage: undefined, error: null })])
  expect(() => store.send({ author: 'Ann', text: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_OPEN' }))
  off()
  expect(server.live.sockets()).toBe(0)
  expect(server.live.frames).toEqual([])
  serverKernel.dispose()

  // (control) the same store on a browser kernel with that class does open one.
  const browser = clientKernel(server, { channels: { WebSocket: CountingSocket } })
  const offBrowser = mizanChannel(browser, 'board_chat', { board_id: 1 }).subscribe(() => {})
  expect(made).toBe(1)
  await waitFor(() => expect(server.live.sockets()).toBe(1))
  offBrowser()
  browser.dispose()
})
