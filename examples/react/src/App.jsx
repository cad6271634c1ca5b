// The team board: a `session` context for the header (global: the generated
// <MizanContext> mounts it) and one `board` context per board, mounted by
// <BoardContext>. Components read single slots, so adding a card re-renders
// the card list, not the board's title. Every hook comes from the code
// mizan-generate wrote from the server's schema (./generated, made by
// examples/build.mjs): names and types, no strings. Below the boards, the
// server-described form `contact` (./ContactForm.jsx).
import { useState } from 'react'
import { ContactForm } from './ContactForm.jsx'
import { BoardContext, useAddCard, useBoardContext, useBoardInfo, useCards, useCurrentUser, useRenameBoard } from './generated'

export const BOARD_IDS = [1, 2]

export function App() {
  const user = useCurrentUser()
  return (
    <main>
      <header>
        <h1>Team board · React</h1>
        <p data-testid="session-user">{user ? `Signed in as ${user.name}` : 'Signing in…'}</p>
      </header>
      <div className="boards">
        {BOARD_IDS.map((id) => (
          <BoardContext key={id} board_id={id}>
            <BoardView boardId={id} />
          </BoardContext>
        ))}
      </div>
      <ContactForm />
    </main>
  )
}

function BoardView({ boardId }) {
  const { status, error, data } = useBoardContext()
  return (
    <section className="board" data-testid={`board-${boardId}`}>
      {status === 'loading' && <p className="muted">Loading board…</p>}
      {status === 'error' && !data && (
        <p className="error" role="alert">
          Could not load the board: {error.message}
        </p>
      )}
      {data && (
        <>
          <BoardTitle boardId={boardId} />
          <CardList boardId={boardId} />
          <AddCard boardId={boardId} />
        </>
      )}
    </section>
  )
}

function BoardTitle({ boardId }) {
  const info = useBoardInfo()
  const rename = useRenameBoard()
  const [name, setName] = useState('')
  const submit = (event) => {
    event.preventDefault()
    rename.mutate({ board_id: boardId, name }).then(
      () => setName(''),
      () => {},
    )
  }
  return (
    <>
      <h2 data-testid={`board-${boardId}-name`}>{info?.name}</h2>
      <form onSubmit={submit}>
        <input data-testid={`board-${boardId}-rename-input`} value={name} onChange={(e) => setName(e.target.value)} placeholder="New board name" />
        <button data-testid={`board-${boardId}-rename`} disabled={rename.isPending}>
          Rename
        </button>
      </form>
      {rename.error && (
        <p className="error" role="alert">
          {rename.error.message}
        </p>
      )}
    </>
  )
}

function CardList({ boardId }) {
  const cards = useCards() ?? []
  return (
    <ul data-testid={`board-${boardId}-cards`}>
      {cards.map((card) => (
        <li key={card.id}>{card.title}</li>
      ))}
    </ul>
  )
}

function AddCard({ boardId }) {
  const addCard = useAddCard()
  const [title, setTitle] = useState('')
  const submit = (event) => {
    event.preventDefault()
    // Failures show through addCard.error; the list is left as it was.
    addCard.mutate({ board_id: boardId, title }).then(
      () => setTitle(''),
      () => {},
    )
  }
  return (
    <form onSubmit={submit}>
      <input data-testid={`board-${boardId}-new-card`} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="New card" />
      <button data-testid={`board-${boardId}-add`} disabled={addCard.isPending}>
        Add card
      </button>
      {addCard.error && (
        <p className="error" role="alert" data-testid={`board-${boardId}-error`}>
          {addCard.error.message}
        </p>
      )}
    </form>
  )
}
