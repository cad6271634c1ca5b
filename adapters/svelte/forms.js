// mizan-kernel/svelte/forms: a form store (mizan-kernel/forms) under the
// Svelte store contract, with the form's actions beside `subscribe`.
import { form } from '../../js/forms.js'
import { bridge } from './bridge.js'

/**
 * A readable store of form `name`'s state (`$contact.values`,
 * `$contact.errors`…) with its actions. The schema loads with the first
 * subscriber; values and errors survive resubscription (call `dispose()`
 * to stop it for good). A server kernel's store loads nothing.
 *
 * @example
 * <script>
 *   let { kernel } = $props()
 *   const contact = $derived(mizanForm(kernel, 'contact'))
 *   $effect(() => { const current = contact; return () => current.dispose() }) // stopped with the component
 * </script>
 * <input value={$contact.values.email} oninput={(e) => contact.set('email', e.currentTarget.value)} onblur={() => contact.touch('email')} />
 * {#each $contact.errors.email ?? [] as error}<p>{error.message}</p>{/each}
 *
 * @param {import('../../js/forms.js').FormCaller & { isServer?: boolean }} kernel
 * @param {string} name
 * @param {import('../../js/forms.js').FormOptions} [options]
 */
export function mizanForm(kernel, name, options) {
  const store = form(kernel, name, options)
  return {
    subscribe: bridge(kernel, store),
    set: store.set,
    touch: store.touch,
    validate: store.validate,
    submit: store.submit,
    reset: store.reset,
    dispose: store.dispose,
  }
}
