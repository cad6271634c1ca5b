'use client'
// The board, as a client component: <MizanContext> makes the browser's
// kernel (and, during Next's server render of this component, one for the
// request) from the `state` the page loaded, so the HTML has the data and
// the browser does not fetch it again. Everything below is ordinary
// mizan-kernel/react.
import { defineContext, defineMutation, MizanContext, useMizanContext } from 'mizan-kernel/react'
import { useState } from 'react'

const Board = defineContext('board')
const useAddCard = defineMutation('add_card')
const useRenameBoard = defineMutation('rename_board')

export function BoardApp({ state, boardIds }) {
  return (
    <MizanContext baseUrl="/api/mizan" state={state} fallback={<p>Loading…</p>}>
      <Boards boardIds={boardIds} />
    </MizanContext>
  )
}

export function Boards({ boardIds }) {
  return (
    <main>
      <header>
        <h1>Team board · Next.js</h1>
        <SessionUser />
      </header>
      <div className="boards">
        {boardIds.map((id) => (
          <Board.Provider key={id} params={{ board_id: id }}>
            <BoardView boardId={id} />
          </Board.Provider>
        ))}
      </div>
    </main>
  )
}

function SessionUser() {
  const { data } = useMizanContext('session')
  return <p data-testid="session-user">{data ? `Signed in as ${data.current_user.name}` : 'Signing in…'}</p>
}

function BoardView({ boardId }) {
  const { status, error, data } = Board.useContext()
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
  const info = Board.useSlot('board_info')
  const rename = useRenameBoard()
  const [name, setName] = useState('')
  const submit = (event) => {
    event.preventDefault()
    rename.mutate({ board_id: boardId, name }, { onSuccess: () => setName('') })
  }
  return (
    <>
      <h2 data-testid={`board-${boardId}-name`}>{info.name}</h2>
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
  const cards = Board.useSlot('cards')
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
    // A failure shows through addCard.error; the list stays as it was.
    addCard.mutate({ board_id: boardId, title }, { onSuccess: () => setTitle('') })
  }
  return (
    <form onSubmit={submit}>
      <input data-testid={`board-${boardId}-new-card`} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="New card" />
      <button data-testid={`board-${boardId}-add`} disabled={addCard.isPending}>
        Add card
      </button>
      {addCard.error && (
        <p className="error" role="alert">
          {addCard.error.message}
        </p>
      )}
    </form>
  )
}
