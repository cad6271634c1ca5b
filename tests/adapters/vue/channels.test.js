// mizan-kernel/vue/channels (useChannel) over the real wasm kernel and real
// sockets to the reference board server's channel `board_chat`
// (examples/server/live.js), in mounted components and in a server render:
// the scenarios all adapters share are in ../channel_cases.js, run with
// params as a getter over a prop, as a Vue app passes them.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/vue'
import { describe } from 'vitest'
import { createSSRApp, defineComponent, h, nextTick, ref } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { useChannel } from '../../../adapters/vue/channels.js'
import { createMizan } from '../../../adapters/vue/index.js'
import { useBoardServer } from '../board_server.js'
import { channelCases } from '../channel_cases.js'
import { useLiveKernels } from '../live_support.js'
import { clientKernel } from './helpers.js'

const server = useBoardServer()
const live = useLiveKernels(server, clientKernel, cleanup)

/** A board's chat as an app would write it (params a getter over the prop); `statuses` records each status it rendered. */
const Chat = defineComponent({
  props: { boardId: { type: Number, default: 1 }, author: { type: String, default: 'Ann' }, statuses: { type: Array, default: null } },
  setup(props) {
    const { status, messages, lastMessage, error, send } = useChannel('board_chat', () => ({ board_id: props.boardId }))
    return () => {
      if (props.statuses && props.statuses.at(-1) !== status.value) props.statuses.push(status.value)
      return h('section', { 'aria-label': `chat ${props.boardId}` }, [
        h('p', `status: ${status.value}`),
        error.value ? h('p', { role: 'alert' }, `${error.value.code}: ${error.value.message}`) : null,
        h(
          'ul',
          messages.value.map((m, i) => h('li', { key: i }, `${m.author}: ${m.text}`)),
        ),
        h('p', `last: ${lastMessage.value ? lastMessage.value.text : 'none'}`),
        h('button', { disabled: status.value !== 'open', onClick: () => send({ author: props.author, text: 'from the composable' }) }, 'Send'),
      ])
    }
  },
})

const withKernel = (props = {}, k = live.kernel) => ({ props, global: { plugins: [createMizan({ kernel: k })] } })

describe('useChannel (shared cases)', () => {
  channelCases({
    server,
    live,
    testing: { fireEvent, screen, waitFor, within },
    via: 'composable',
    chat: (props, k) => render(Chat, withKernel(props, k)),
    pair: () => {
      const both = ref(true)
      const mounted = ref(true)
      const Two = defineComponent(
        () => () => (mounted.value ? h('div', [h(Chat, { boardId: 1 }), both.value ? h(Chat, { boardId: 1 }) : null]) : null),
      )
      render(Two, withKernel())
      return {
        setBoth: (value) => ((both.value = value), nextTick()),
        unmount: () => ((mounted.value = false), nextTick()),
      }
    },
    serverRender: (k) => renderToString(createSSRApp(Chat, { boardId: 1 }).use(createMizan({ kernel: k }))),
    clientKernel: (options) => clientKernel(server, options),
    settle: nextTick,
  })
})
