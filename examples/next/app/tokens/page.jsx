'use client'
// Signed in with Mizan's MWT: the kernel obtains the token with the
// `mwt_obtain` call and renews it before it expires, one obtain however
// many requests are waiting (mizan-kernel/tokens, an entry of its own).
import { MizanContext } from 'mizan-kernel/react'
import { mwt } from 'mizan-kernel/tokens'
import { Boards } from '../board_app.jsx'

// The demo server's tokens live 3 s (Mizan's default is 300 s, renewed the
// default 30 s early): renew 1 s before they expire.
const options = { token: mwt({ obtain: 'mwt_obtain', skew: 1_000 }) }

export default function TokensPage() {
  return (
    <MizanContext baseUrl="/api/mizan" options={options}>
      <Boards boardIds={[1]} />
    </MizanContext>
  )
}
