// mizan-kernel/vue/forms: a form store (mizan-kernel/forms) as Vue refs.
import { computed, getCurrentScope, onScopeDispose, shallowReadonly, shallowRef } from 'vue'
import { form } from '../../js/forms.js'
import { provided } from './plugin.js'

// One caller per app: it waits for the kernel while the wasm loads, and
// being one object it lets every form of the app share a schema load.
const callers = new WeakMap()
function callerOf(value) {
  let caller = callers.get(value)
  if (!caller) callers.set(value, (caller = { call: async (fn, args) => (await value.ready).call(fn, args) }))
  return caller
}

const KEYS = ['schema', 'touched', 'errors', 'formErrors', 'isValid', 'isValidating', 'isSubmitting', 'submitted', 'result', 'error']

/**
 * Form `name` of the plugin's kernel: every state member as a ref (destructure
 * them; templates unwrap top-level refs), `values` for `v-model` (reading
 * tracks the state, writing calls `set`), and the form's actions. Disposed
 * with the component's scope. On a server render it loads nothing.
 *
 * @example
 * const { values, errors, isSubmitting, touch, submit } = useForm('contact')
 * // <input v-model="values.email" @blur="touch('email')">
 * // <p v-for="e in errors.email ?? []">{{ e.message }}</p>
 *
 * @param {string} name
 * @param {import('../../js/forms.js').FormOptions} [options]
 */
export function useForm(name, options) {
  const value = provided('useForm')
  const store = form(callerOf(value), name, options)
  const state = shallowRef(store.getState())
  if (!value.server) {
    const off = store.subscribe(() => (state.value = store.getState()))
    state.value = store.getState()
    if (getCurrentScope()) {
      onScopeDispose(() => {
        off()
        store.dispose()
      })
    }
  }
  // Field names are strings; symbols (Vue's own probes) read as nothing.
  const current = () => /** @type {Record<string, unknown>} */ (state.value.values)
  const values = new Proxy(
    {},
    {
      get: (_, field) => (typeof field === 'string' ? current()[field] : undefined),
      set: (_, field, next) => {
        if (typeof field !== 'string') return false
        store.set(field, next)
        return true
      },
      has: (_, field) => typeof field === 'string' && field in current(),
      ownKeys: () => Object.keys(current()),
      getOwnPropertyDescriptor: (_, field) =>
        typeof field === 'string' && field in current()
          ? { value: current()[field], writable: true, enumerable: true, configurable: true }
          : undefined,
    },
  )
  const refs = Object.fromEntries(KEYS.map((key) => [key, computed(() => state.value[key])]))
  return {
    state: shallowReadonly(state),
    values,
    ...refs,
    set: store.set,
    touch: store.touch,
    validate: store.validate,
    submit: store.submit,
    reset: store.reset,
  }
}
