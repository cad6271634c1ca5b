// The team board: a `session` context for the header (global: the generated
// <MizanContext> mounts it) and one `board` context per board, mounted by
// <BoardContext>. Components read single slots, so adding a card re-renders
// the card list, not the board's title. Every hook comes from the code
// mizan-generate wrote from the server's schema (./generated, made by
// examples/build.mjs): names and types, no strings. Below the boards, the
// server-described form `contact` (./ContactForm.jsx), and a board's first
// page read through <Suspense> (./FirstPage.jsx), and a live chat over the
// kernel's WebSocket (./LivePanel.jsx).
import { lazy, Suspense, useState } from 'react'
import { ContactForm } from './ContactForm.jsx'
import { FirstPage } from './FirstPage.jsx'
import { LivePanel } from './LivePanel.jsx'
import { UserBar } from './UserBar.jsx'
import { BoardContext, useAddCard, useBoardContext, useBoardInfo, useCards, useCurrentUser, useRenameBoard } from './generated'

export const BOARD_IDS = [1, 2]

// The devtools panel, loaded when first shown (main.jsx imports
// 'mizan-kernel/devtools' so that the kernel has inspect() from the start).
const MizanDevtools = lazy(() => import('mizan-kernel/react/devtools').then((m) => ({ default: m.MizanDevtools })))

export function App() {
  const user = useCurrentUser()
  const [devtools, setDevtools] = useState(false)
  return (
    <main>
      <header>
        <h1>Team board · React</h1>
        <p data-testid="session-user">{user ? `Signed in as ${user.name}` : 'Signing in…'}</p>
        <UserBar />
        <button data-testid="show-devtools" onClick={() => setDevtools(!devtools)}>
          {devtools ? 'Hide devtools' : 'Show devtools'}
        </button>
      </header>
      <div className="boards">
        {BOARD_IDS.map((id) => (
          <BoardContext key={id} board_id={id}>
            <BoardView boardId={id} />
          </BoardContext>
        ))}
      </div>
      <LivePanel boardId={BOARD_IDS[0]} />
      <FirstPage boardId={BOARD_IDS[0]} />
      <ContactForm />
      {devtools && (
        <Suspense fallback={null}>
          <MizanDevtools open />
        </Suspense>
      )}
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
    rename.mutate({ board_id: boardId, name }, { onSuccess: () => setName('') })
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
        // A card not yet saved (AddCard's temporary, negative id) shows dimmed.
        <li key={card.id} data-pending={card.id < 0 || undefined} style={card.id < 0 ? { opacity: 0.6 } : undefined}>
          {card.title}
        </li>
      ))}
    </ul>
  )
}

// Temporary ids of the cards not yet saved: negative, so never a server's.
let unsaved = 0

// Optimistic: the card shows at once, as a layer over the board's `cards`
// (the kernel takes it off when the call settles: on success the server's
// merge has brought the real card, on failure it is simply gone). The input
// clears at once and the button stays enabled, so adds can overlap; each
// failure is reported by the hook's onError, which runs for every call
// (the hook's state, and a call's own callbacks, follow only the latest).
function AddCard({ boardId }) {
  const [title, setTitle] = useState('')
  const [failure, setFailure] = useState(null)
  const addCard = useAddCard({ onError: (error) => setFailure(error.message) })
  const submit = (event) => {
    event.preventDefault()
    const text = title.trim()
    // A blank title shows nothing: the server refuses it (and says why).
    const card = { id: -++unsaved, board_id: boardId, title: text }
    const optimistic = text ? [{ context: 'board', params: { board_id: boardId }, slot: 'cards', value: card }] : undefined
    setTitle('')
    setFailure(null)
    addCard.mutate({ board_id: boardId, title }, optimistic && { optimistic })
  }
  return (
    <form onSubmit={submit}>
      <input data-testid={`board-${boardId}-new-card`} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="New card" />
      <button data-testid={`board-${boardId}-add`}>Add card</button>
      {failure && (
        <p className="error" role="alert" data-testid={`board-${boardId}-error`}>
          {failure}
        </p>
      )}
    </form>
  )
}
