// The live panel: board 1's chat over the kernel's WebSocket (the generated
// useBoardChatChannel, channel `board_chat`). Its subscription also keeps
// the socket open, so every other window's change to a board arrives as a
// pushed invalidation and the board refreshes without a reload.
import { useState } from 'react'
import { useBoardChatChannel, useCurrentUser } from './generated'

export function LivePanel({ boardId }) {
  const user = useCurrentUser()
  const { status, messages, error, send } = useBoardChatChannel({ board_id: boardId })
  const [text, setText] = useState('')
  const submit = (event) => {
    event.preventDefault()
    if (!text.trim()) return
    send({ author: user?.name ?? 'Someone', text })
    setText('')
  }
  return (
    <section className="board live" data-testid="live">
      <h2>
        Live chat, board {boardId} <small data-testid="live-status">{status}</small>
      </h2>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <ul data-testid="live-messages">
        {messages.map((m) => (
          <li key={`${m.at}-${m.author}-${m.text}`}>
            <b>{m.author}</b>: {m.text}
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <input data-testid="live-input" value={text} onChange={(e) => setText(e.target.value)} placeholder="Say something" />
        <button data-testid="live-send" disabled={status !== 'open'}>
          Send
        </button>
      </form>
    </section>
  )
}
