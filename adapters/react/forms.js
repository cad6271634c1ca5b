// mizan-kernel/react/forms: a form store (mizan-kernel/forms) as React state.
import { useEffect, useMemo, useSyncExternalStore } from 'react'
import { form } from '../../js/forms.js'
import { useMizan } from './provider.js'

// What a change event (or a bare value) says the field's value is now.
function changedValue(eventOrValue) {
  const target = eventOrValue?.target
  if (!target || typeof eventOrValue.preventDefault !== 'function') return eventOrValue
  if (target.type === 'checkbox') return target.checked
  if (target.multiple && target.selectedOptions) return Array.from(target.selectedOptions, (option) => option.value)
  return target.value
}

// What a controlled input shows: never undefined or null (React would take
// the input for uncontrolled), numbers and lists as they are.
const inputValue = (value) => (value === undefined || value === null ? '' : typeof value === 'number' || Array.isArray(value) ? value : String(value))

/**
 * Form `name` of the nearest <MizanContext>'s kernel: its state (`values`,
 * `errors`, `isValid`, `isSubmitting`, `result`…), its actions, `field(name)`
 * props for controlled inputs and `handleSubmit` for `<form onSubmit>`.
 * `options` are read when the form is made.
 *
 * @example
 * const contact = useForm('contact')
 * <form onSubmit={contact.handleSubmit}>
 *   <input {...contact.field('email')} />
 *   {contact.errors.email?.map((e) => <p key={e.message}>{e.message}</p>)}
 *   <button disabled={contact.isSubmitting}>Send</button>
 * </form>
 */
export function useForm(name, options) {
  const { kernel } = useMizan()
  // Options are read once, when the form is made (as the provider's are).
  const made = useMemo(() => ({ store: form(kernel, name, options), mounts: 0 }), [kernel, name])
  const { store } = made
  // Disposed a microtask after unmount, so StrictMode's remount keeps it.
  useEffect(() => {
    made.mounts++
    return () => {
      made.mounts--
      queueMicrotask(() => made.mounts === 0 && store.dispose())
    }
  }, [made, store])
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState)
  return useMemo(() => {
    const fields = state.schema?.fields ?? options?.fields ?? {}
    return {
      ...state,
      set: store.set,
      touch: store.touch,
      validate: store.validate,
      submit: store.submit,
      reset: store.reset,
      field: (field) => {
        const boolean = fields[field]?.type === 'boolean'
        const errors = state.errors[field]
        const props = {
          name: field,
          value: boolean ? undefined : inputValue(state.values[field]),
          ...(boolean ? { checked: Boolean(state.values[field]) } : {}),
          onChange: (eventOrValue) => store.set(field, changedValue(eventOrValue)),
          onBlur: () => store.touch(field),
          'aria-invalid': errors !== undefined,
        }
        // Not enumerable: `<input {...field('email')} />` leaves it out of the DOM.
        return Object.defineProperty(props, 'error', { value: errors?.[0]?.message })
      },
      handleSubmit: (event) => {
        event?.preventDefault?.()
        store.submit() // its failures are in the state
      },
    }
  }, [store, state, options])
}

/**
 * A hook bound to one form, for generated code.
 *
 * @example
 * export const useContactForm = defineForm('contact', { fields: contactFormFields })
 * const { field, handleSubmit } = useContactForm()
 */
export const defineForm = (name, options) => () => useForm(name, options)
