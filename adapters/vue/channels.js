// mizan-kernel/vue/channels: a live channel (mizan-kernel/channels) as Vue
// refs.
import { computed, shallowReadonly, shallowRef, toValue, watch } from 'vue'
import { stableKey } from '../../js/index.js'
import '../../js/channels.js'
import { MizanError } from '../../js/errors.js'
import { provided } from './plugin.js'

// What the composable shows before its kernel exists (and in a server render).
const CONNECTING = Object.freeze({ status: 'connecting', messages: Object.freeze([]), lastMessage: undefined, error: null })

/**
 * Channel `name` with `params` over the plugin's kernel's socket: `status`,
 * `messages`, `lastMessage` and `error` as refs (`state` the whole), and
 * `send(payload)`. Subscribed while the component lives; `params` may be an
 * object, a ref or a getter, and a change of value subscribes anew. A
 * server render shows `connecting` and opens nothing.
 *
 * @example
 * const { status, messages, send } = useChannel('board_chat', () => ({ board_id: props.boardId }))
 * // <p v-for="m in messages" :key="m.at">{{ m.author }}: {{ m.text }}</p>
 * // <button :disabled="status !== 'open'" @click="send({ author: 'Ann', text: 'hi' })">Send</button>
 *
 * @param {string} name
 * @param {import('vue').MaybeRefOrGetter<Record<string, unknown> | undefined>} [params]
 * @param {import('../../js/channels.js').ChannelOptions} [options]
 */
export function useChannel(name, params, options) {
  const { kernel, server } = provided('useChannel')
  const state = shallowRef(CONNECTING)
  let channel = null
  if (!server) {
    watch(
      () => (kernel.value ? stableKey(toValue(params)) : ''),
      (key, _, onCleanup) => {
        if (!key) return
        const c = (channel = kernel.value.channel(name, toValue(params), options))
        const read = () => (state.value = c.getState())
        onCleanup(c.subscribe(read))
        read()
      },
      { immediate: true },
    )
  }
  return {
    state: shallowReadonly(state),
    ...Object.fromEntries(Object.keys(CONNECTING).map((key) => [key, computed(() => state.value[key])])),
    send: (payload) => {
      if (!channel) throw new MizanError('NOT_OPEN', `send(): the channel "${name}" has no kernel yet, nothing was sent`)
      channel.send(payload)
    },
  }
}
