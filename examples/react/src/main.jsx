// The browser entry: one kernel for the page, hydrated from the server's
// render (the #__MIZAN_SSR_DATA__ block), so the first paint needs no fetch.
// <MizanContext> is the generated one: it also mounts the global `session`.
// 'mizan-kernel/optimistic' and 'mizan-kernel/channels' first: AddCard's
// optimistic adds and the live panel need the wasm build with layers and
// the channel session, which init() loads once these are imported.
import 'mizan-kernel/optimistic'
import 'mizan-kernel/channels'
import 'mizan-kernel/tabs' // the page's tabs in step (after channels: calls over the socket are shared too)
import 'mizan-kernel/devtools' // kernel.inspect() for the panel App.jsx loads on demand
import '../../shared/board.css'
import { createKernel, init } from 'mizan-kernel'
import { persist, restore } from 'mizan-kernel/persist'
import { StrictMode } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { App } from './App.jsx'
import { MizanContext } from './generated'
import { DEMO_USER } from './UserBar.jsx'

await init()
// Who uses this page (the demo's user switch, ./UserBar.jsx, keeps it in
// localStorage): the kernel's identity, so that a change purges what the
// previous user loaded. `persist`: the cache kept in IndexedDB for the
// next visit; restore() fills what the server render did not bring (all of
// it when the page is served without one, offline), stale until refetched.
const kernel = createKernel({ baseUrl: '/api/mizan', identity: localStorage.getItem(DEMO_USER), persist: persist() })
kernel.hydrate()
await restore(kernel)
const app = (
  <StrictMode>
    <MizanContext kernel={kernel}>
      <App />
    </MizanContext>
  </StrictMode>
)
const root = document.getElementById('root')
if (root.firstElementChild) hydrateRoot(root, app)
else createRoot(root).render(app)
