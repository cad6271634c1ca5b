// mizan-kernel/svelte/channels (mizanChannel) in Svelte 5 components and
// on a server kernel, over the real wasm kernel and real sockets to the
// reference board server's channel `board_chat` (examples/server/live.js):
// the scenarios all adapters share are in ../channel_cases.js, plus the
// store itself (its contract, and on a server kernel). Another kernel (no
// Svelte) plays the other users of a board.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { tick } from 'svelte'
import { get } from 'svelte/store'
import { describe, expect, test } from 'vitest'
import { mizanChannel } from '../../../adapters/svelte/channels.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { channelCases } from '../channel_cases.js'
import { countingSocket, useLiveKernels } from '../live_support.js'
import Chat from './Chat.svelte'
import ChatPair from './ChatPair.svelte'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const live = useLiveKernels(server, clientKernel, cleanup)
const { framesOf, subscribes, reader } = live

describe('mizanChannel (shared cases)', () => {
  channelCases({
    server,
    live,
    testing: { fireEvent, screen, waitFor, within },
    via: 'store',
    chat: (props, kernel = live.kernel) => render(Chat, { kernel, ...props }),
    pair: () => {
      const view = render(ChatPair, { kernel: live.kernel, both: true })
      return { setBoth: (both) => view.rerender({ both }), unmount: view.unmount }
    },
    // This project compiles Svelte for the browser only, so the "server
    // render" mounts the Chat on the server kernel: what $chat reads there
    // is what svelte/server would render.
    serverRender: async (kernel) => {
      const view = render(Chat, { kernel, boardId: 1 })
      const html = view.container.innerHTML
      view.unmount()
      return html
    },
    clientKernel: (options) => clientKernel(server, options),
    settle: tick,
  })
})

describe('mizanChannel in Svelte', () => {
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
    const { WebSocket: CountingSocket, made } = countingSocket()
    const serverKernel = createKernel({ baseUrl: server.baseUrl, server: true, csrf: false, session: false, channels: { WebSocket: CountingSocket } })
    const store = mizanChannel(serverKernel, 'board_chat', { board_id: 1 })
    const values = []
    const off = store.subscribe((value) => values.push(value))
    // A subscription would have made the socket then and there.
    expect(made()).toBe(0)
    expect(values).toEqual([expect.objectContaining({ status: 'connecting', messages: [], lastMessage: undefined, error: null })])
    expect(() => store.send({ author: 'Ann', text: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_OPEN' }))
    off()
    expect(server.live.sockets()).toBe(0)
    expect(server.live.frames).toEqual([])
    serverKernel.dispose()

    // (control) the same store on a browser kernel with that class does open one.
    const browser = clientKernel(server, { channels: { WebSocket: CountingSocket } })
    const offBrowser = mizanChannel(browser, 'board_chat', { board_id: 1 }).subscribe(() => {})
    expect(made()).toBe(1)
    await waitFor(() => expect(server.live.sockets()).toBe(1))
    offBrowser()
    browser.dispose()
  })
})
