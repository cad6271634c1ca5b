// A board's first page of cards (context `card_page`), read through
// <Suspense>: hidden until the button is clicked, so neither the server
// render nor the first paint loads it; then the generated suspense hook
// suspends until the page is loaded (one request, StrictMode or not), and
// the fallback shows meanwhile. A failed load goes to the error boundary.
import { Component, Suspense, useState } from 'react'
import { useCardPageSuspense } from './generated'

export function FirstPage({ boardId }) {
  const [shown, setShown] = useState(false)
  return (
    <section className="board first-page" data-testid="first-page">
      <h2>First page of board {boardId}</h2>
      {shown ? (
        <LoadError>
          <Suspense
            fallback={
              <p className="muted" data-testid="first-page-loading">
                Loading the first page…
              </p>
            }
          >
            <PageCards boardId={boardId} />
          </Suspense>
        </LoadError>
      ) : (
        <button data-testid="first-page-show" onClick={() => setShown(true)}>
          Show the first page
        </button>
      )}
    </section>
  )
}

function PageCards({ boardId }) {
  const { data } = useCardPageSuspense({ board_id: boardId }) // data is always there: no loading state to handle
  return (
    <ul data-testid="first-page-cards">
      {data.items.map((card) => (
        <li key={card.id}>{card.title}</li>
      ))}
    </ul>
  )
}

// The smallest error boundary: what the suspense hook throws when the load fails.
class LoadError extends Component {
  state = { error: null }
  static getDerivedStateFromError(error) {
    return { error }
  }
  render() {
    if (!this.state.error) return this.props.children
    return (
      <p className="error" role="alert" data-testid="first-page-error">
        Could not load the first page: {this.state.error.message}
      </p>
    )
  }
}
