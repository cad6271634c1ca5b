// The same page with TanStack Query: the same markup, the same context GET
// (the URL mizan-kernel builds), and the add call through the same API,
// with the CSRF cookie bootstrapped as mizan-kernel does it.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'

const queryClient = new QueryClient()

async function json(response) {
  const body = await response.json()
  if (!response.ok) throw new Error(body?.message ?? `HTTP ${response.status}`)
  return body
}

const csrfToken = () => document.cookie.match(/(?:^|; )csrftoken=([^;]*)/)?.[1]

async function call(fn, args) {
  if (!csrfToken()) await fetch('/api/mizan/session/', { credentials: 'same-origin' })
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': csrfToken() }
  return (await json(await fetch('/api/mizan/call/', { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify({ fn, args }) })))
    .result
}

export const App = () => (
  <QueryClientProvider client={queryClient}>
    <Board id={1} />
  </QueryClientProvider>
)

function Board({ id }) {
  const { data, error } = useQuery({
    queryKey: ['board', { board_id: id }],
    queryFn: async ({ signal }) =>
      json(await fetch(`/api/mizan/ctx/board/?board_id=${id}`, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } })),
  })
  const client = useQueryClient()
  const add = useMutation({
    mutationFn: (args) => call('add_card', args),
    onSuccess: (card) => client.setQueryData(['board', { board_id: id }], (old) => old && { ...old, cards: [...old.cards, card] }),
  })
  if (error) return <p role="alert">{error.message}</p>
  return (
    <>
      <ul>
        {data?.cards.map((card) => (
          <li key={card.id}>{card.title}</li>
        ))}
      </ul>
      <button onClick={() => add.mutateAsync({ board_id: id, title: 'New card' }).catch(() => {})}>Add</button>
    </>
  )
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
