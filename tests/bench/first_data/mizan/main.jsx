// The README's Quick start page, as a user's Vite app would mount it: the
// page itself is the README's, unchanged, and main.jsx does nothing more.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MizanContext, useMizanContext, useMutation } from 'mizan-kernel/react'

export const App = () => (
  <MizanContext baseUrl="/api/mizan" fallback={<p>Loading…</p>}>
    <Board id={1} />
  </MizanContext>
)

function Board({ id }) {
  const { data, error } = useMizanContext('board', { board_id: id })
  const add = useMutation('add_card')
  if (error) return <p role="alert">{error.message}</p>
  return (
    <>
      <ul>
        {data?.cards.map((card) => (
          <li key={card.id}>{card.title}</li>
        ))}
      </ul>
      <button onClick={() => add.mutate({ board_id: id, title: 'New card' })}>Add</button>
    </>
  )
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
