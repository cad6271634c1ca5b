/**
 * mizan-kernel/vue/forms — server-described forms as a Vue composable (Zod
 * validation: import this entry only where forms are used).
 *
 * @example
 * import { useForm } from 'mizan-kernel/vue/forms'
 * const { values, errors, touch, submit } = useForm('contact')
 * // <input v-model="values.email" @blur="touch('email')">
 */
import type { ComputedRef, ShallowRef } from 'vue'
import type { FieldError, FormOptions, FormSchema, FormState, FormStore } from '../../js/forms.js'
import type { MizanError } from '../../js/index.js'

/** A form's state as refs (destructure them: templates unwrap top-level refs) and its actions. */
export interface VueForm<Values extends Record<string, unknown> = Record<string, unknown>> extends Pick<
  FormStore<Values>,
  'set' | 'touch' | 'validate' | 'submit' | 'reset'
> {
  /** The whole state, replaced on each change. */
  readonly state: Readonly<ShallowRef<FormState<Values>>>
  /** The values for `v-model`: reading tracks the state, writing calls `set(field, value)`. */
  readonly values: Values
  readonly schema: ComputedRef<FormSchema | null>
  readonly touched: ComputedRef<Readonly<Record<string, boolean>>>
  readonly errors: ComputedRef<Readonly<Record<string, readonly FieldError[]>>>
  readonly formErrors: ComputedRef<readonly FieldError[]>
  readonly isValid: ComputedRef<boolean>
  readonly isValidating: ComputedRef<boolean>
  readonly isSubmitting: ComputedRef<boolean>
  readonly submitted: ComputedRef<boolean>
  readonly result: ComputedRef<unknown>
  readonly error: ComputedRef<MizanError | null>
}

/**
 * Form `name` of the plugin's kernel (it waits for the kernel while the wasm loads); disposed with the component's scope.
 * @example
 * const { values, errors, isSubmitting, submit } = useForm<ContactValues>('contact')
 */
export declare function useForm<Values extends Record<string, unknown> = Record<string, unknown>>(
  name: string,
  options?: FormOptions,
): VueForm<Values>
