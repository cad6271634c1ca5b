// mizan-kernel/react/channels (useChannel) over the real wasm kernel and
// real sockets to the reference board server's channel `board_chat`
// (examples/server/live.js): what a component shows, and which frames the
// server got. Another kernel (no React) plays the other users of a board.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { useChannel } from '../../../adapters/react/channels.js'
import { MizanContext } from '../../../adapters/react/index.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer } from '../board_server.js'
import { LIVE, useLiveKernels } from '../live_support.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const live = useLiveKernels(server, clientKernel, cleanup)
const { framesOf, subscribes, reader } = live

const withKernel = (ui, k = live.kernel) => <MizanContext kernel={k}>{ui}</MizanContext>

/** A board's chat as an app would write it; `statuses` records each status it rendered. */
function Chat({ boardId, author = 'Ann', statuses }) {
  const { status, messages, lastMessage, error, send } = useChannel('board_chat', { board_id: boardId })
  if (statuses && statuses.at(-1) !== status) statuses.push(status)
  return (
    <section aria-label={`chat ${boardId}`}>
      <p>{`status: ${status}`}</p>
      {error ? <p role="alert">{`${error.code}: ${error.message}`}</p> : null}
      <ul>
        {messages.map((m, i) => (
          <li key={i}>{`${m.author}: ${m.text}`}</li>
        ))}
      </ul>
      <p>{`last: ${lastMessage ? lastMessage.text : 'none'}`}</p>
      <button disabled={status !== 'open'} onClick={() => send({ author, text: 'from the hook' })}>
        Send
      </button>
    </section>
  )
}

const shown = (root = screen) => root.queryAllByRole('listitem').map((li) => li.textContent)

describe('useChannel', () => {
  it('shows connecting, then open, then the messages of its board (not of another), and the last one', async () => {
    render(withKernel(<Chat boardId={1} />))
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

  it("sends from the hook to another kernel's reader of the board", async () => {
    render(withKernel(<Chat boardId={1} author="Ann" />))
    const one = reader(1)
    await waitFor(() => expect(subscribes(1)).toBe(2))
    expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(false)
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(one.state().lastMessage).toMatchObject({ author: 'Ann', text: 'from the hook' }))
    // The sender is a subscriber too.
    await screen.findByText('Ann: from the hook')
  })

  it('shares one subscription between two components under StrictMode; the last one unmounting unsubscribes once', async () => {
    // The socket open first, so that StrictMode's subscribe, unsubscribe,
    // subscribe would each go out at once if the adapter let them.
    const warm = live.kernel.channel('board_chat', { board_id: 2 })
    warm.subscribe(() => {})
    await waitFor(() => expect(subscribes(2)).toBe(1))
    // A send is a barrier: the server reads a socket's frames in order, so
    // once its event is back every earlier frame was read.
    let sent = 0
    const barrier = async () => {
      const text = `barrier ${++sent}`
      warm.send({ author: 'Test', text })
      await waitFor(() => expect(warm.getState().lastMessage?.text).toBe(text))
    }
    const Two = ({ both }) => (
      <>
        <Chat boardId={1} />
        {both ? <Chat boardId={1} /> : null}
      </>
    )
    const { rerender, unmount } = render(<StrictMode>{withKernel(<Two both />)}</StrictMode>)
    expect(screen.getAllByText('status: open')).toHaveLength(2) // subscribed at once on the open socket
    await barrier()
    expect(framesOf('subscribe').map((f) => f.params.board_id)).toEqual([2, 1])
    expect(framesOf('unsubscribe')).toEqual([])
    const { id } = framesOf('subscribe')[1]
    // One subscription: a message reaches both components.
    fireEvent.click(screen.getAllByRole('button', { name: 'Send' })[0])
    await waitFor(() => expect(screen.getAllByText('Ann: from the hook')).toHaveLength(2))

    rerender(<StrictMode>{withKernel(<Two both={false} />)}</StrictMode>)
    await barrier()
    expect(framesOf('unsubscribe')).toEqual([])

    unmount()
    await waitFor(() => expect(framesOf('unsubscribe')).toHaveLength(1))
    await barrier()
    expect(framesOf('unsubscribe')).toEqual([{ kind: 'unsubscribe', id }])
    expect(framesOf('subscribe')).toHaveLength(2)
  })

  it('subscribes anew for new params and unsubscribes the old ones', async () => {
    const { rerender } = render(withKernel(<Chat boardId={1} />))
    await waitFor(() => expect(subscribes(1)).toBe(1))
    const [old] = framesOf('subscribe')

    rerender(withKernel(<Chat boardId={2} />))
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
    render(withKernel(<Chat boardId={999} />))
    await screen.findByText('status: closed')
    expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": no such board')
    expect(screen.getByRole('button', { name: 'Send' }).disabled).toBe(true)
  })

  it('shows a refused subscription as closed, with the reason', async () => {
    server.live.refuse('board_chat')
    render(withKernel(<Chat boardId={1} />))
    await screen.findByText('status: closed')
    expect(screen.getByRole('alert').textContent).toBe('CHANNEL_CLOSED: the server closed channel "board_chat": refused')
  })

  it('shows reconnecting after the socket drops, then open, and gets new messages', async () => {
    const statuses = []
    render(withKernel(<Chat boardId={1} statuses={statuses} />))
    const one = reader(1)
    await waitFor(() => expect(subscribes(1)).toBe(2))
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

  it('renders connecting on the server and opens no socket', async () => {
    await waitFor(() => expect(server.live.sockets()).toBe(0)) // the earlier tests' sockets are gone
    let made = 0
    class CountingSocket extends LIVE.channels.WebSocket {
      constructor(url) {
        super(url)
        made++
      }
    }
    const serverKernel = createKernel({ baseUrl: server.baseUrl, server: true, csrf: false, session: false, channels: { WebSocket: CountingSocket } })
    const html = renderToString(withKernel(<Chat boardId={1} />, serverKernel))
    // A subscription would have made the socket then and there.
    expect(made).toBe(0)
    expect(html).toContain('status: connecting')
    expect(html).toContain('last: none')
    expect(server.live.sockets()).toBe(0)
    expect(server.live.frames).toEqual([])
    serverKernel.dispose()

    // (control) the same component in a browser kernel with that class does open one.
    const browser = clientKernel(server, { channels: { WebSocket: CountingSocket } })
    const { unmount } = render(withKernel(<Chat boardId={1} />, browser))
    await within(screen.getByRole('region', { name: 'chat 1' })).findByText('status: open')
    expect(made).toBe(1)
    expect(server.live.sockets()).toBe(1)
    unmount()
    browser.dispose()
  })
})
