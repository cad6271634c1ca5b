// The demo's user switch: which user this page is for, kept in
// localStorage (the reference server has one user; this is the client's
// side of identity). Switching calls kernel.setIdentity(), which purges what
// the previous user loaded; signing out calls kernel.reset().
import { useEffect, useState } from 'react'
import { useMizan } from 'mizan-kernel/react'

export const DEMO_USER = 'mizan-demo-user'
const USERS = ['ann', 'bo']

export function UserBar() {
  const { kernel } = useMizan()
  // Read after hydration: the server render knows no localStorage.
  const [user, setUser] = useState(undefined)
  useEffect(() => setUser(localStorage.getItem(DEMO_USER)), [])
  const become = (next) => {
    if (next === null) localStorage.removeItem(DEMO_USER)
    else localStorage.setItem(DEMO_USER, next)
    setUser(next)
    if (next === null) kernel.reset()
    else kernel.setIdentity(next)
  }
  return (
    <p className="user-bar" data-testid="user-bar">
      <span data-testid="user">{user === undefined ? '' : user ? `You are ${user}` : 'Signed out'}</span>{' '}
      {USERS.filter((u) => u !== user).map((u) => (
        <button key={u} data-testid={`become-${u}`} onClick={() => become(u)}>
          Switch to {u}
        </button>
      ))}{' '}
      {user && (
        <button data-testid="sign-out" onClick={() => become(null)}>
          Sign out
        </button>
      )}
    </p>
  )
}
