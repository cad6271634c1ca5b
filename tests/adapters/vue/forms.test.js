// useForm (mizan-kernel/vue/forms) in mounted components, over the real wasm
// kernel and the reference server's form `contact` (examples/server/board_api.js,
// PROTOCOL.md §10). The components are templates compiled at run time, so
// `v-model="values.email"` is exactly what an app writes. The scenarios all
// adapters share are in ../contact_form_cases.js.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/vue'
import { describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createMizan } from '../../../adapters/vue/index.js'
import { useForm } from '../../../adapters/vue/forms.js'
import { CONTACT_FORM } from '../../../examples/server/board_api.js'
import { createKernel } from '../../../js/index.js'
import { useBoardServer, useClientKernel } from '../board_server.js'
import { contactFormCases, contactFormPage } from '../contact_form_cases.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const kernel = useClientKernel(server, clientKernel, cleanup)

const withKernel = () => ({ global: { plugins: [createMizan({ kernel: kernel() })] } })

// The form as an app writes it: every field of the schema, in field_order,
// with v-model on `values`, touch on blur, its errors and help text.
// novalidate: the form shows its own errors, the browser's checks stay out.
const ContactForm = defineComponent({
  setup() {
    const form = useForm('contact')
    const send = () => form.submit().catch(() => {}) // the errors are in the state
    return { ...form, send }
  },
  template: `
    <p v-if="!schema">Loading form…</p>
    <form v-else :aria-label="schema.title" novalidate @submit.prevent="send">
      <div v-for="name in schema.field_order" :key="name" role="group" :aria-label="schema.fields[name].label + ' field'">
        <label :for="name">{{ schema.fields[name].label }}</label>
        <select v-if="schema.fields[name].widget === 'select'" :id="name" v-model="values[name]" @blur="touch(name)">
          <option v-for="choice in schema.fields[name].choices" :key="choice.value" :value="choice.value">{{ choice.label }}</option>
        </select>
        <textarea v-else-if="schema.fields[name].widget === 'textarea'" :id="name" v-model="values[name]" @blur="touch(name)"></textarea>
        <input v-else :id="name" :type="schema.fields[name].widget === 'email' ? 'email' : 'text'" v-model="values[name]" @blur="touch(name)">
        <p v-for="e in errors[name] ?? []" :key="e.message" class="error">{{ e.message }}</p>
        <small v-if="schema.fields[name].help_text">{{ schema.fields[name].help_text }}</small>
      </div>
      <div v-if="formErrors.length > 0" role="alert">
        <p v-for="e in formErrors" :key="e.message">{{ e.message }}</p>
      </div>
      <p>valid: {{ isValid }}</p>
      <p>validating: {{ isValidating }}</p>
      <p v-if="result" role="status">Ticket #{{ result.ticket }} for {{ result.name }}</p>
      <button type="submit">{{ schema.submit_label }}</button>
    </form>`,
})

const page = contactFormPage({
  server,
  testing: { fireEvent, screen, waitFor, within },
  mount: () => render(ContactForm, withKernel()),
  typeInto: (element, value) => fireEvent.update(element, value),
})
const { callsOf } = page

describe('useForm', () => {
  contactFormCases(page)
})

// One field with v-model="values.email", as the docs show it.
const EmailField = defineComponent({
  setup: () => useForm('contact'),
  template: `
    <input aria-label="Email" v-model="values.email" @blur="touch('email')">
    <p v-for="e in errors.email ?? []" :key="e.message" class="error">{{ e.message }}</p>
    <output>{{ JSON.stringify(values) }}</output>
    <button @click="set('email', 'grace@example.com')">Grace</button>`,
})

describe('values', () => {
  it('works with v-model="values.email" both ways', async () => {
    render(EmailField, withKernel())
    const email = screen.getByLabelText('Email')
    await waitFor(() => expect(JSON.parse(screen.getByRole('status').textContent)).toEqual({ name: '', email: '', topic: 'general', message: '' }))
    await fireEvent.update(email, 'ada@')
    await fireEvent.blur(email)
    expect(screen.getByText('Enter a valid email address.')).toBeTruthy()
    await fireEvent.update(email, 'ada@example.com')
    expect(screen.queryByText('Enter a valid email address.')).toBeNull()
    expect(JSON.parse(screen.getByRole('status').textContent).email).toBe('ada@example.com')
    // A value set by code reaches the input.
    await fireEvent.click(screen.getByRole('button', { name: 'Grace' }))
    expect(email.value).toBe('grace@example.com')
    expect(callsOf('contact.schema')).toBe(1)
  })

  it('drops a live validation still waiting when the component unmounts', async () => {
    const { unmount } = render(EmailField, withKernel())
    await waitFor(() => expect(callsOf('contact.schema')).toBe(1))
    await fireEvent.update(screen.getByLabelText('Email'), 'x@blocked.example')
    await fireEvent.blur(screen.getByLabelText('Email'))
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 450)) // past the 300 ms debounce
    expect(callsOf('contact.validate')).toBe(0)
  })

  it('renders on the server from the generated fields, calling nothing', async () => {
    const Generated = defineComponent({
      setup: () => useForm('contact', { fields: CONTACT_FORM.fields }),
      template: `<select aria-label="Topic" v-model="values.topic"><option value="general">General</option><option value="bug">Bug</option></select><p>{{ values.topic }} {{ isValid }}</p>`,
    })
    const serverKernel = createKernel({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: true })
    const html = await renderToString(createSSRApp(Generated).use(createMizan({ kernel: serverKernel })))
    expect(html).toContain('<option value="general" selected>General</option>')
    expect(html).toContain('<p>general false</p>')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(server.requests).toEqual([])
    serverKernel.dispose()
  })
})
