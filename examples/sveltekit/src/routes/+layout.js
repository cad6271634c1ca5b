// init() loads the kernel's wasm (once; later calls resolve at once). A
// component's script cannot await, a load function can: SvelteKit awaits
// this on the server before rendering and in the browser before hydrating,
// so the components below make and use their kernel synchronously.
import { init } from 'mizan-kernel'

export async function load() {
  await init()
}
