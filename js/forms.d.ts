/**
 * mizan-kernel/forms — server-described forms (PROTOCOL.md §10), validated
 * on the client with Zod (an optional peer dependency: only apps that import
 * this entry load it) and on the server by `{name}.validate` and `{name}.submit`.
 *
 * @example
 * import { form } from 'mizan-kernel/forms'
 * const contact = form(kernel, 'contact')
 * contact.subscribe(() => render(contact.getState()))
 * contact.set('email', 'ada@example.com')
 * await contact.submit()
 */
import type { MizanError } from './index.js'
import type { ZodMiniType } from 'zod/mini'

/** The field types a form may have (Django's form fields, snake_case). */
export type FormFieldType =
  'text' | 'email' | 'url' | 'integer' | 'decimal' | 'boolean' | 'choice' | 'multiple_choice' | 'date' | 'datetime' | (string & {})

/** A field as `{name}.schema` describes it. An unknown `type` validates as text. */
export interface FormField {
  name: string
  label: string
  type: FormFieldType
  widget?: string
  required?: boolean
  disabled?: boolean
  help_text?: string
  initial?: unknown
  max_length?: number
  min_length?: number
  min_value?: number
  max_value?: number
  choices?: ReadonlyArray<{ readonly value: unknown; readonly label: string }>
}

/** What `{name}.schema` answers. */
export interface FormSchema {
  name: string
  title: string
  submit_label?: string
  fields: Record<string, FormField>
  field_order: string[]
  meta?: { live_validation?: boolean; refetch_schema_on_validate?: boolean }
}

/** One error of a field or of the whole form. `code` is Django's (required, invalid, max_length…). */
export interface FieldError {
  readonly message: string
  readonly code?: string
  readonly source: 'client' | 'server'
}

/** A form's state: the same object until something changes. */
export interface FormState<Values extends Record<string, unknown> = Record<string, unknown>> {
  /** `{name}.schema` as the server sent it; null until it arrives. */
  readonly schema: FormSchema | null
  /** What the user entered, by field name (initial values from the fields' `initial`). */
  readonly values: Values
  /** Fields the user has left (touch) or that a submit attempt covered. */
  readonly touched: Readonly<Record<string, boolean>>
  /** Errors shown per field: touched fields' client errors, and the server's. */
  readonly errors: Readonly<Record<string, readonly FieldError[]>>
  /** Errors of the whole form (`__all__`). */
  readonly formErrors: readonly FieldError[]
  /** True when every field's value passes client validation (touched or not) and no server error stands. */
  readonly isValid: boolean
  /** True while a server validation is waiting or in flight. */
  readonly isValidating: boolean
  readonly isSubmitting: boolean
  /** True after a submit the server accepted (until reset()). */
  readonly submitted: boolean
  /** What the last accepted submit answered. */
  readonly result: unknown
  /** The schema could not be loaded, or a submit failed without field errors (network, 500…). */
  readonly error: MizanError | null
}

export interface FormOptions {
  /** The fields, when known at build time (mizan-generate emits them): client validation works before the schema arrives. */
  fields?: Record<string, FormField>
  /** Server validation (`{name}.validate`) as fields change; default: the schema's `meta.live_validation`. */
  liveValidation?: boolean
  /** ms of quiet before a live validation is sent. Default 300. */
  debounce?: number
  /** Back to the initial values after an accepted submit (the result stays). Default true. */
  resetOnSuccess?: boolean
}

/** What calls the form's server functions: a Kernel, or anything with its `call`. */
export interface FormCaller {
  call(fn: string, args?: Record<string, unknown>): Promise<unknown>
}

/** A form as a store (getState/subscribe, as contexts) with its actions. */
export interface FormStore<Values extends Record<string, unknown> = Record<string, unknown>> {
  getState(): FormState<Values>
  subscribe(listener: () => void): () => void
  /** Sets a field's value; clears its server errors; revalidates it if touched. */
  set<F extends keyof Values & string>(field: F, value: Values[F]): void
  /** Marks a field as left by the user and validates it. */
  touch(field: keyof Values & string): void
  /** Validates one field or all (marking them touched): client first, then the server when live validation is on. Resolves with validity. */
  validate(field?: keyof Values & string): Promise<boolean>
  /** Validates, then calls `{name}.submit` with the values. Resolves with the result; rejects with the MizanError (VALIDATION_FAILED: errors are in the state). */
  submit(): Promise<unknown>
  /** Back to the initial values with no errors. */
  reset(): void
  /** Stops timers and drops answers still to come. */
  dispose(): void
}

/**
 * A form by name: loads `{name}.schema` (once per kernel), validates with Zod, asks the server.
 * @example
 * const contact = form(kernel, 'contact', { liveValidation: true })
 */
export declare function form<Values extends Record<string, unknown> = Record<string, unknown>>(
  caller: FormCaller,
  name: string,
  options?: FormOptions,
): FormStore<Values>

/**
 * The Zod schema of one field: raw input (strings from inputs, numbers, booleans, arrays) in,
 * the typed value out (undefined when empty and optional). Issues carry Django's codes in `params.code`.
 * @example
 * fieldSchema({ name: 'age', label: 'Age', type: 'integer', required: true, min_value: 18 })
 */
export declare function fieldSchema(field: FormField): ZodMiniType

/**
 * The Zod schema of a whole form (an object of its fields' schemas).
 * @example
 * formSchema(contactFormFields).safeParse(values)
 */
export declare function formSchema(fields: Record<string, FormField>): ZodMiniType

/**
 * A field's errors for the value given, as the form shows them (empty: valid).
 * @example
 * fieldErrors({ name: 'email', label: 'Email', type: 'email', required: true }, 'ada@') // [{ message: 'Enter a valid email address.', code: 'invalid', source: 'client' }]
 */
export declare function fieldErrors(field: FormField, value: unknown): FieldError[]
