// Shared by the Vue adapter tests: the wasm, the board test server, client
// kernels against it, and the test components (render functions: no SFC
// compiler is configured for this project).
import { defineComponent, h } from 'vue'
import { useMizanContext, useMutation } from '../../../adapters/vue/index.js'
import { createKernel, init } from '../../../js/index.js'

export { startBoardServer } from '../../../examples/server/board_api.js'

export const loadWasm = () => init()

/** Options of a browser kernel talking to the test server; gcTime 0 so that unmounting evicts. */
export const clientOptions = (server) => ({ baseUrl: server.baseUrl, fetch: globalThis.fetch, csrf: false, session: false, server: false, gcTime: 0 })
export const clientKernel = (server, options) => createKernel({ ...clientOptions(server), ...options })

/** The context GETs the server saw, as `board_id` values ('' for contexts without one). */
export const contextGets = (server) =>
  server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/ctx/')).map((r) => r.params.board_id ?? '')

/** A board: loading, error or its name and cards; `params` defaults to a getter over the `id` prop. */
export const Board = defineComponent({
  props: { id: { type: Number, default: 1 }, params: { type: null, default: undefined } },
  setup(props) {
    const board = useMizanContext('board', props.params ?? (() => ({ board_id: props.id })))
    return () => {
      const { status, data, error } = board.value
      if (status === 'loading') return h('p', 'Loading…')
      if (status === 'error') return h('p', { role: 'alert' }, `Error ${error.code}: ${error.message}`)
      return h('section', { 'aria-label': `board ${data.board_info.id}` }, [
        h('h2', data.board_info.name),
        h(
          'ul',
          data.cards.map((c) => h('li', { key: c.id }, c.title)),
        ),
      ])
    }
  },
})

/** A button running `fn` with `args`, showing pending, error and result. */
export const Action = defineComponent({
  props: { fn: String, args: Object, label: String },
  setup(props) {
    const { mutate, isPending, error, data } = useMutation(props.fn)
    return () =>
      h('div', [
        h('button', { onClick: () => mutate(props.args) }, props.label),
        isPending.value ? h('span', 'Saving…') : null,
        error.value ? h('span', { role: 'alert' }, `Failed: ${error.value.code}`) : null,
        data.value ? h('span', `Saved #${data.value.id}`) : null,
      ])
  },
})
