// The form `contact`, drawn from what the server's `contact.schema` sends
// (fields in `field_order`, their labels, widgets and choices): nothing about
// its fields is written here. useContactForm() (generated from the server's
// schema, with the fields it lists) checks each field with Zod when the
// user leaves it, asks `contact.validate` for the server's own rules, and
// `contact.submit` puts the server's errors under the fields they concern.
import { useContactForm } from './generated'

export function ContactForm() {
  const contact = useContactForm()
  const { schema } = contact
  return (
    <section className="contact" data-testid="contact">
      {!schema && !contact.error && <p className="muted">Loading the contact form…</p>}
      {contact.error && (
        <p className="error" role="alert" data-testid="contact-error">
          {contact.error.message}
        </p>
      )}
      {schema && (
        <form data-testid="contact-form" onSubmit={contact.handleSubmit} noValidate>
          <h2>{schema.title}</h2>
          {contact.formErrors.length > 0 && (
            <div className="form-errors" role="alert" data-testid="form-errors">
              {contact.formErrors.map((e, i) => (
                <p key={i}>{e.message}</p>
              ))}
            </div>
          )}
          {schema.field_order.map((name) => (
            <Field key={name} field={schema.fields[name]} props={contact.field(name)} errors={contact.errors[name] ?? []} />
          ))}
          <button type="submit" disabled={contact.isSubmitting}>
            {contact.isSubmitting ? 'Sending…' : (schema.submit_label ?? 'Submit')}
          </button>
          {contact.submitted && contact.result && (
            <p className="success" role="status" data-testid="contact-result">
              Thanks {contact.result.name}, ticket #{contact.result.ticket}
            </p>
          )}
        </form>
      )}
    </section>
  )
}

function Field({ field, props, errors }) {
  const { error: _first, ...control } = props
  const id = `contact-${field.name}`
  const described = [field.help_text && `${id}-help`, errors.length > 0 && `${id}-errors`].filter(Boolean).join(' ') || undefined
  const common = {
    ...control,
    id,
    required: field.required,
    disabled: field.disabled,
    'aria-invalid': errors.length > 0,
    'aria-describedby': described,
  }
  let input
  if (field.widget === 'select') {
    input = (
      <select {...common}>
        {(field.choices ?? []).map((choice) => (
          <option key={String(choice.value)} value={String(choice.value)}>
            {choice.label}
          </option>
        ))}
      </select>
    )
  } else if (field.widget === 'textarea') {
    input = <textarea {...common} rows={4} />
  } else {
    input = <input {...common} type={field.widget === 'email' ? 'email' : 'text'} />
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {input}
      {field.help_text && (
        <small id={`${id}-help`} className="muted">
          {field.help_text}
        </small>
      )}
      {errors.length > 0 && (
        <div id={`${id}-errors`} className="field-errors" data-testid={`error-${field.name}`}>
          {errors.map((e, i) => (
            <p key={i}>{e.message}</p>
          ))}
        </div>
      )}
    </div>
  )
}
