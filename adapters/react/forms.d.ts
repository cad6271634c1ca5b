/**
 * mizan-kernel/react/forms — server-described forms as a React hook (Zod
 * validation: import this entry only where forms are used).
 *
 * @example
 * import { useForm } from 'mizan-kernel/react/forms'
 * const contact = useForm('contact')
 * <form onSubmit={contact.handleSubmit}><input {...contact.field('email')} /></form>
 */
import type { FormEvent } from 'react'
import type { FormOptions, FormState, FormStore } from '../../js/forms.js'

/** What a controlled input takes for a value of type V (a checkbox takes `checked` instead). */
export type InputValue<V> = [V] extends [boolean] ? undefined : V extends string | number | readonly string[] ? V : string

/** Props for a controlled input: spread them on `<input>`, `<textarea>` or `<select>`. */
export interface FieldProps<Value = unknown> {
  name: string
  /** The field's value for an input ('' when empty); undefined for a boolean field, which sets `checked`. */
  value: InputValue<Value>
  checked?: boolean
  /** Takes an input's change event (checkbox: `checked`; multiple select: the selected values) or a value. */
  onChange(eventOrValue: unknown): void
  onBlur(): void
  /** True while the field shows an error. */
  'aria-invalid': boolean
  /** The first error shown for the field, or undefined. Not enumerable: a spread leaves it out of the DOM. */
  readonly error: string | undefined
}

/** A form's state and actions, re-rendered when the state changes. */
export interface ReactForm<Values extends Record<string, unknown> = Record<string, unknown>>
  extends FormState<Values>, Pick<FormStore<Values>, 'set' | 'touch' | 'validate' | 'submit' | 'reset'> {
  /** Controlled-input props for one field. */
  field<F extends keyof Values & string>(name: F): FieldProps<Values[F]>
  /** For `<form onSubmit>`: prevents the page load and submits; errors land in the state (never an unhandled rejection). */
  handleSubmit(event?: FormEvent | { preventDefault(): void }): void
}

/**
 * Form `name` of the nearest <MizanContext>'s kernel.
 * @example
 * const { field, handleSubmit, errors, isSubmitting } = useForm<ContactValues>('contact')
 */
export declare function useForm<Values extends Record<string, unknown> = Record<string, unknown>>(
  name: string,
  options?: FormOptions,
): ReactForm<Values>

/**
 * A hook bound to one form, for generated code.
 * @example
 * export const useContactForm = defineForm<ContactValues>('contact', { fields })
 */
export declare function defineForm<Values extends Record<string, unknown> = Record<string, unknown>>(
  name: string,
  options?: FormOptions,
): () => ReactForm<Values>
