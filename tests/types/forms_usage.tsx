// Compiled by `tsc` in the test command: the forms entry points type what
// the README shows, and refuse what they should.
import { createKernel } from 'mizan-kernel'
import { fieldErrors, form, formSchema, type FormField } from 'mizan-kernel/forms'
import { useForm } from 'mizan-kernel/react/forms'
import { useForm as useVueForm } from 'mizan-kernel/vue/forms'
import { mizanForm } from 'mizan-kernel/svelte/forms'

type Contact = { name: string; email: string; age: number | string }

const fields = {
  name: { name: 'name', label: 'Name', type: 'text', required: true, max_length: 100 },
  age: { name: 'age', label: 'Age', type: 'integer', min_value: 18 },
} satisfies Record<string, FormField>

export async function runtime(): Promise<number> {
  const kernel = createKernel()
  const contact = form<Contact>(kernel, 'contact', { fields, debounce: 200 })
  contact.set('email', 'ada@example.com')
  // @ts-expect-error no such field
  contact.set('nope', 1)
  // @ts-expect-error a name is a string
  contact.set('name', 5)
  const ok: boolean = await contact.validate('email')
  const state = contact.getState()
  const first: string | undefined = state.errors.email?.[0]?.message
  const source: 'client' | 'server' | undefined = state.formErrors[0]?.source
  void [ok, first, source, formSchema(fields), fieldErrors(fields.age, '12')]
  // @ts-expect-error unknown option
  form(kernel, 'contact', { liveValidaton: true })
  return (await contact.submit()) === undefined ? 0 : 1
}

export function ReactContact() {
  const { field, handleSubmit, errors, isSubmitting, set } = useForm<Contact>('contact')
  set('age', 20)
  // @ts-expect-error no such field
  field('nope')
  return (
    <form onSubmit={handleSubmit}>
      <input {...field('email')} />
      {errors.email?.map((e) => (
        <p key={e.message}>{e.message}</p>
      ))}
      <button disabled={isSubmitting}>Send</button>
    </form>
  )
}

export function vueContact(): boolean {
  const { values, isValid, touch } = useVueForm<Contact>('contact')
  values.email = 'ada@example.com'
  touch('email')
  return isValid.value
}

export function svelteContact(kernel: ReturnType<typeof createKernel>) {
  const contact = mizanForm<Contact>(kernel, 'contact')
  const off = contact.subscribe((state) => state.values.name)
  contact.set('name', 'Ada')
  off()
}
