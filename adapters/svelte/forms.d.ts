/**
 * mizan-kernel/svelte/forms — server-described forms as a Svelte store (Zod
 * validation: import this entry only where forms are used).
 *
 * @example
 * <script>
 *   import { mizanForm } from 'mizan-kernel/svelte/forms'
 *   let { kernel } = $props()
 *   const contact = $derived(mizanForm(kernel, 'contact'))
 *   $effect(() => { const current = contact; return () => current.dispose() }) // stopped with the component
 * </script>
 * <input value={$contact.values.email} oninput={(e) => contact.set('email', e.currentTarget.value)} onblur={() => contact.touch('email')} />
 */
import type { FormCaller, FormOptions, FormState, FormStore } from '../../js/forms.js'
import type { Readable } from './index.js'

/** A readable store of the form's state with the form's actions. */
export interface FormReadable<Values extends Record<string, unknown> = Record<string, unknown>>
  extends Readable<FormState<Values>>, Pick<FormStore<Values>, 'set' | 'touch' | 'validate' | 'submit' | 'reset' | 'dispose'> {}

/**
 * A store of form `name`: the schema loads with the first subscriber; values survive resubscription.
 * @example
 * const contact = mizanForm<ContactValues>(kernel, 'contact')
 */
export declare function mizanForm<Values extends Record<string, unknown> = Record<string, unknown>>(
  kernel: FormCaller,
  name: string,
  options?: FormOptions,
): FormReadable<Values>
