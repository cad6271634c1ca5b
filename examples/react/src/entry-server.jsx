// The server entry (built with Vite's SSR build, run by examples/server):
// a kernel for this one request loads what the page shows, React renders
// it, and the loaded state goes into the page for the browser to hydrate.
import { createKernel, init, serializeForScript } from 'mizan-kernel'
import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { App, BOARD_IDS } from './App.jsx'
import { fetchBoardContext, fetchSessionContext, MizanContext } from './generated'

export async function render(baseUrl) {
  await init()
  const kernel = createKernel({ baseUrl, server: true })
  try {
    // A context that fails is left out of the state: the browser loads it.
    await Promise.allSettled([fetchSessionContext(kernel), ...BOARD_IDS.map((id) => fetchBoardContext(kernel, { board_id: id }))])
    const html = renderToString(
      <StrictMode>
        <MizanContext kernel={kernel}>
          <App />
        </MizanContext>
      </StrictMode>,
    )
    return { html, state: serializeForScript(kernel.dehydrate()) }
  } finally {
    kernel.dispose()
  }
}
