'use client'
// The plain client-side form, as in any React app: no server loading, the
// browser fetches the contexts itself (the server HTML shows them loading).
import { MizanContext } from 'mizan-kernel/react'
import { Boards } from '../board_app.jsx'

export default function ClientPage() {
  return (
    <MizanContext baseUrl="/api/mizan">
      <Boards boardIds={[1, 2]} />
    </MizanContext>
  )
}
