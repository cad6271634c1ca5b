// A Server Component: it loads what the page shows with a kernel made for
// this request alone (prefetchState disposes it), as the signed-in user
// (their cookies go along), and hands the state to the client component,
// which renders it on the server and hydrates it in the browser without
// fetching it again.
import { cookies } from 'next/headers'
import { prefetchState } from 'mizan-kernel/server'
import { BoardApp } from './board_app.jsx'

const BOARD_IDS = [1, 2]

export default async function Page() {
  const cookie = (await cookies()).toString() // also makes the page dynamic: rendered per request
  const state = await prefetchState([['session'], ...BOARD_IDS.map((id) => ['board', { board_id: id }])], {
    baseUrl: `${process.env.MIZAN_API ?? 'http://127.0.0.1:8000'}/api/mizan`,
    getHeaders: () => ({ cookie }),
  })
  return <BoardApp state={state} boardIds={BOARD_IDS} />
}
