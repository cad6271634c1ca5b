// mizan-kernel/react/channels (useChannel) over the real wasm kernel and
// real sockets to the reference board server's channel `board_chat`
// (examples/server/live.js): the scenarios all adapters share are in
// ../channel_cases.js, plus what only React has: StrictMode's subscribe,
// unsubscribe, subscribe on an open socket.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { useChannel } from '../../../adapters/react/channels.js'
import { MizanContext } from '../../../adapters/react/index.js'
import { useBoardServer } from '../board_server.js'
import { channelCases } from '../channel_cases.js'
import { useLiveKernels } from '../live_support.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const live = useLiveKernels(server, clientKernel, cleanup)
const { framesOf, subscribes } = live

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

/** Two chats of board 1, the second while `both`. */
const Two = ({ both }) => (
  <>
    <Chat boardId={1} />
    {both ? <Chat boardId={1} /> : null}
  </>
)

describe('useChannel (shared cases)', () => {
  channelCases({
    server,
    live,
    testing: { fireEvent, screen, waitFor, within },
    via: 'hook',
    chat: (props, k) => {
      const view = render(withKernel(<Chat {...props} />, k))
      return { rerender: (next) => view.rerender(withKernel(<Chat {...next} />, k)), unmount: view.unmount }
    },
    pair: () => {
      const view = render(withKernel(<Two both />))
      return { setBoth: (both) => view.rerender(withKernel(<Two both={both} />)), unmount: view.unmount }
    },
    serverRender: async (k) => renderToString(withKernel(<Chat boardId={1} />, k)),
    clientKernel: (options) => clientKernel(server, options),
    settle: () => act(async () => {}),
  })
})

describe('useChannel in React', () => {
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
})
