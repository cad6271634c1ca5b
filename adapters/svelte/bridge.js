// The Svelte store contract over one of the runtime's stores (forms,
// infinite contexts): what each of those entry points hands Svelte.

/**
 * A store's `subscribe(run)`: `run` gets the state at once and on every
 * change. On a server kernel it reads once and subscribes to nothing: a
 * server render reads its stores once, so it shows what the kernel holds
 * and mounts nothing (as mizanContext does).
 *
 * @example
 * const store = form(kernel, 'contact')
 * const svelteStore = { subscribe: bridge(kernel, store) }
 *
 * @param {{ isServer?: boolean }} kernel
 * @param {{ getState(): unknown, subscribe(listener: () => void): () => void }} store
 * @returns {(run: (state: any) => void) => () => void}
 */
export function bridge(kernel, store) {
  return (run) => {
    if (kernel.isServer) {
      run(store.getState())
      return () => {}
    }
    const off = store.subscribe(() => run(store.getState()))
    run(store.getState())
    return off
  }
}
