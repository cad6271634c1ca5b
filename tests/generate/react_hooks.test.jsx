// @vitest-environment jsdom
// The React code mizan-generate writes for the reference server's schema,
// rendered in jsdom against that server (examples/server/board_api.js)
// with the real wasm kernel: the generated <MizanContext> mounts the global
// session, <BoardContext board_id> mounts a board, the slot hooks read one
// slot each (and re-render only for it), the mutation hooks call, and the
// framework-free functions take the kernel first; the form hook validates
// with the generated fields before `contact.schema` answers, and submits;
// the channel hook subscribes over the server's socket, receives and sends,
// and the generated socketFunctions send `echo` over that socket.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { Component, Profiler } from 'react'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generate } from '../../js/generate/generate.js'
import { writeFiles } from '../../js/generate/io.js'
import { useBoardServer } from '../adapters/board_server.js'
import { calls, clientKernel, contextGets } from '../adapters/react/helpers.js'

// Paths, not new URL(…, import.meta.url): Vite rewrites that for a test page.
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const out = join(root, 'build/generate-test/react-hooks')
const schema = JSON.parse(readFileSync(join(root, 'examples/server/board_schema.json'), 'utf8'))
await writeFiles(out, (await generate(schema, { target: 'react' })).files)
const api = await import(/* @vite-ignore */ pathToFileURL(join(out, 'index.ts')).href)
const { MizanContext, BoardContext, SessionContext, useBoardContext, useBoardInfo, useCards, useCurrentUser, useAddCard, useRenameBoard } = api

const { WebSocket } = createRequire(import.meta.url)('ws')
const server = useBoardServer()
let kernel
beforeEach(() => {
  kernel = clientKernel(server)
})
afterEach(() => {
  cleanup()
  kernel.dispose()
})

const renders = { title: 0, cards: 0 }
const counted = (id, node) => (
  <Profiler id={id} onRender={() => renders[id]++}>
    {node}
  </Profiler>
)

function User() {
  const user = useCurrentUser()
  return <p>{user ? `Signed in as ${user.name}` : 'Signing in'}</p>
}

function Title() {
  const info = useBoardInfo()
  return <h2>{info === null ? 'no board yet' : info.name}</h2>
}

function Cards() {
  const cards = useCards()
  return (
    <ul>
      {cards?.map((card) => (
        <li key={card.id}>{card.title}</li>
      ))}
    </ul>
  )
}

function Status() {
  const { status, error } = useBoardContext()
  return <p>status {status === 'error' ? `${status} ${error.code}` : status}</p>
}

function Add({ title }) {
  const { mutate, isPending, error, data } = useAddCard()
  return (
    <>
      <button onClick={() => mutate({ board_id: 1, title })}>add</button>
      <p>{isPending ? 'adding' : error ? `failed ${error.code}` : data ? `added ${data.id}` : 'idle'}</p>
    </>
  )
}

function Rename() {
  const { mutate } = useRenameBoard()
  return <button onClick={() => mutate({ board_id: 1, name: 'Launch v2' })}>rename</button>
}

const app = (children, id = 1) => (
  <MizanContext kernel={kernel}>
    <User />
    <BoardContext board_id={id}>{children}</BoardContext>
  </MizanContext>
)

describe('generated React hooks against the reference server', () => {
  it('<MizanContext> mounts the global session; <BoardContext> mounts the board; slot hooks read their slot', async () => {
    render(
      app(
        <>
          <Status />
          <Title />
          <Cards />
        </>,
      ),
    )
    expect(screen.getByText('no board yet')).toBeTruthy() // null until loaded, not undefined
    expect(await screen.findByText('Launch')).toBeTruthy()
    expect(await screen.findByText('Signed in as Ada')).toBeTruthy()
    expect(screen.getByText('status success')).toBeTruthy()
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Write the announcement', 'Book the venue'])
    expect(contextGets(server).sort()).toEqual(['board 1', 'session'])
  })

  it('a mutation hook merges its card into the slot, re-rendering the cards and not the title, with no refetch', async () => {
    render(
      app(
        <>
          {counted('title', <Title />)}
          {counted('cards', <Cards />)}
          <Add title="Order pizza" />
        </>,
      ),
    )
    await screen.findByText('Book the venue')
    renders.title = 0
    renders.cards = 0
    fireEvent.click(screen.getByText('add'))
    expect(await screen.findByText('Order pizza')).toBeTruthy()
    expect(await screen.findByText('added 4')).toBeTruthy()
    expect(renders).toEqual({ title: 0, cards: 1 })
    expect(calls(server)).toEqual(['add_card'])
    expect(contextGets(server).filter((g) => g.startsWith('board'))).toEqual(['board 1'])
  })

  it("a mutation's error is in `error`; renaming invalidates the board, which refetches", async () => {
    render(
      app(
        <>
          <Title />
          <Add title="" />
          <Rename />
        </>,
      ),
    )
    await screen.findByText('Launch')
    fireEvent.click(screen.getByText('add'))
    expect(await screen.findByText('failed VALIDATION_ERROR')).toBeTruthy()
    fireEvent.click(screen.getByText('rename'))
    expect(await screen.findByText('Launch v2')).toBeTruthy()
    expect(contextGets(server).filter((g) => g.startsWith('board'))).toEqual(['board 1', 'board 1'])
  })

  it('each <BoardContext> is its board; a new board_id prop mounts the other board', async () => {
    const { rerender } = render(app(<Title />, 1))
    expect(await screen.findByText('Launch')).toBeTruthy()
    rerender(app(<Title />, 2))
    expect(await screen.findByText('Research')).toBeTruthy()
  })

  it("<BoardContext options> passes the hook options: disabled it fetches nothing; keepPreviousData shows the last board's data", async () => {
    const board = (id, options) => (
      <MizanContext kernel={kernel}>
        <BoardContext board_id={id} options={options}>
          <Title />
        </BoardContext>
      </MizanContext>
    )
    const { rerender } = render(board(1, { enabled: false }))
    await act(async () => {})
    expect(screen.getByText('no board yet')).toBeTruthy()
    expect(contextGets(server).filter((g) => g.startsWith('board'))).toEqual([])
    rerender(board(1, { keepPreviousData: true }))
    expect(await screen.findByText('Launch')).toBeTruthy()
    rerender(board(2, { keepPreviousData: true }))
    expect(screen.getByText('Launch')).toBeTruthy() // board 1's, while board 2 loads
    expect(await screen.findByText('Research')).toBeTruthy()
    expect(contextGets(server).filter((g) => g.startsWith('board'))).toEqual(['board 1', 'board 2'])
  })

  it('a slot hook outside its provider throws NO_PROVIDER; <SessionContext> can also be placed by hand', async () => {
    class Boundary extends Component {
      state = { error: null }
      static getDerivedStateFromError = (error) => ({ error })
      render = () => (this.state.error ? <p>failed {this.state.error.code}</p> : this.props.children)
    }
    const quiet = console.error
    console.error = () => {}
    try {
      render(
        <MizanContext kernel={kernel}>
          <Boundary>
            <Cards />
          </Boundary>
        </MizanContext>,
      )
      expect(screen.getByText('failed NO_PROVIDER')).toBeTruthy()
    } finally {
      console.error = quiet
    }
    cleanup()
    render(
      <MizanContext kernel={kernel}>
        <SessionContext>
          <User />
        </SessionContext>
      </MizanContext>,
    )
    expect(await screen.findByText('Signed in as Ada')).toBeTruthy()
  })
})

// The form as generated code allows: its fields known before the schema arrives.
function Contact() {
  const { field, handleSubmit, formErrors, result } = api.useContactForm()
  return (
    <form noValidate onSubmit={handleSubmit}>
      {Object.values(api.contactFormFields).map((definition) => {
        const { error, ...props } = field(definition.name)
        return (
          <div key={definition.name}>
            <label>
              {definition.label}
              <input {...props} />
            </label>
            {error && <span role="alert">{`${definition.name}: ${error}`}</span>}
          </div>
        )
      })}
      {formErrors.map((e) => (
        <p key={e.message} role="alert">
          {e.message}
        </p>
      ))}
      <button type="submit">Send</button>
      {result && <p>{`Ticket ${result.ticket} for ${result.name}`}</p>}
    </form>
  )
}

describe('the generated form hook against the reference server', () => {
  const fill = (values) => {
    for (const [label, value] of Object.entries(values)) fireEvent.change(screen.getByLabelText(label), { target: { value } })
  }

  it('draws and validates the form with the generated fields at once, before contact.schema answers', async () => {
    render(<MizanContext kernel={kernel}>{<Contact />}</MizanContext>)
    expect(screen.getByLabelText('Topic').value).toBe('general') // the initial value, from the generated fields
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ada@' } })
    fireEvent.blur(screen.getByLabelText('Email'))
    expect(screen.getByRole('alert').textContent).toBe('email: Enter a valid email address.') // no answer awaited
    expect(calls(server).filter((fn) => fn === 'contact.validate')).toEqual([])
  })

  it('submits: the ticket, or the errors of the server rules on their fields and the form', async () => {
    render(<MizanContext kernel={kernel}>{<Contact />}</MizanContext>)
    fill({ Name: 'Ada', Email: 'ada@blocked.example', Topic: 'bug', Message: 'Please stop the spam, thanks.' })
    fireEvent.click(screen.getByText('Send'))
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
        'email: We do not accept messages from this domain.',
        'This message looks like spam.',
      ]),
    )
    expect(server.api.db.contactMessages).toEqual([])
    fill({ Email: 'ada@example.com', Message: 'Please keep the board tidy.' })
    fireEvent.click(screen.getByText('Send'))
    expect(await screen.findByText('Ticket 1 for Ada')).toBeTruthy()
    expect(server.api.db.contactMessages).toEqual([
      { ticket: 1, name: 'Ada', email: 'ada@example.com', topic: 'bug', message: 'Please keep the board tidy.' },
    ])
  })

  it("the generated Zod schema checks values as the form's client does", () => {
    const good = { name: 'Ada', email: 'ada@example.com', topic: 'bug', message: 'Please keep the board tidy.' }
    expect(api.contactFormSchema.safeParse(good).success).toBe(true)
    const bad = api.contactFormSchema.safeParse({ ...good, topic: 'sales', message: 'short' })
    expect(bad.success).toBe(false)
    expect(bad.error.issues.map((i) => i.path.join('.'))).toEqual(['topic', 'message'])
  })
})

describe('generated framework-free functions (the kernel first)', () => {
  it('fetch{Name}Context resolves with the bundle, or rejects with the MizanError', async () => {
    const board = await api.fetchBoardContext(kernel, { board_id: 1 })
    expect(board.board_info).toEqual({ id: 1, name: 'Launch' })
    expect(board.cards).toHaveLength(2)
    expect(await api.fetchSessionContext(kernel)).toEqual({ current_user: { id: 7, name: 'Ada' } })
    const error = await api.fetchBoardContext(clientKernel(server, { retryDelays: [] }), { board_id: 99 }).catch((e) => e)
    expect(error).toMatchObject({ name: 'MizanError', code: 'NOT_FOUND', status: 404 })
  })

  it('call{Fn} resolves with the result, after the kernel merged it', async () => {
    let cards = null
    const view = kernel.observe('board', { board_id: 1 })
    const off = view.subscribe(() => (cards = view.getState().data?.cards ?? cards))
    await waitFor(() => expect(cards).toHaveLength(2))
    const card = await act(() => api.callAddCard(kernel, { board_id: 1, title: 'Typed' }))
    expect(card).toEqual({ id: 4, board_id: 1, title: 'Typed' })
    expect(cards.map((c) => c.title)).toContain('Typed')
    expect(typeof (await api.callMwtObtain(kernel))).toBe('string')
    off()
  })
})

describe('the generated channel hook and socketFunctions against the reference server', () => {
  function Chat({ author }) {
    const { status, messages, send } = api.useBoardChatChannel({ board_id: 1 })
    return (
      <div>
        <p>{`${author} ${status}`}</p>
        {messages.map((m) => (
          <p key={m.at + m.text}>{`${author} saw ${m.author}: ${m.text}`}</p>
        ))}
        <button disabled={status !== 'open'} onClick={() => send({ author, text: `hi from ${author}` })}>
          {`send as ${author}`}
        </button>
      </div>
    )
  }

  it('use{Name}Channel subscribes to the channel with its params, shows what others send, and sends; echo goes over the socket', async () => {
    const options = { channels: { WebSocket }, socketFunctions: api.socketFunctions }
    const [ann, bob] = [clientKernel(server, options), clientKernel(server, options)]
    try {
      render(
        <>
          <MizanContext kernel={ann}>
            <Chat author="Ann" />
          </MizanContext>
          <MizanContext kernel={bob}>
            <Chat author="Bob" />
          </MizanContext>
        </>,
      )
      expect(screen.getByText('Ann connecting')).toBeTruthy()
      await screen.findByText('Ann open')
      await screen.findByText('Bob open')
      fireEvent.click(screen.getByText('send as Ann'))
      expect(await screen.findByText('Bob saw Ann: hi from Ann')).toBeTruthy()
      expect(await screen.findByText('Ann saw Ann: hi from Ann')).toBeTruthy()
      const subscribes = server.live.frames.filter(({ frame }) => frame?.kind === 'subscribe').map(({ frame }) => frame)
      expect(subscribes.map(({ channel, params }) => ({ channel, params }))).toEqual([
        { channel: 'board_chat', params: { board_id: 1 } },
        { channel: 'board_chat', params: { board_id: 1 } },
      ])
      // A socket function: over the socket, not over HTTP.
      expect(api.socketFunctions).toEqual(['echo'])
      expect(await api.callEcho(ann, { text: 'over the socket' })).toEqual({ text: 'over the socket' })
      expect(server.live.frames.filter(({ frame }) => frame?.kind === 'rpc').map(({ frame }) => frame.fn)).toEqual(['echo'])
      expect(calls(server)).toEqual([])
    } finally {
      cleanup()
      ann.dispose()
      bob.dispose()
    }
  })
})
