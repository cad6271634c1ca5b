// mizan-kernel/svelte/channels: a live channel (mizan-kernel/channels)
// under the Svelte store contract, with `send` beside `subscribe`.
import '../../js/channels.js'
import { bridge } from './bridge.js'

/**
 * A readable store of channel `name` with `params` over the kernel's socket
 * (`$chat.status`, `$chat.messages`, `$chat.lastMessage`, `$chat.error`),
 * with `send(payload)`. Its first subscriber subscribes on the socket; it
 * leaves a microtask after the last one. A server render shows
 * `connecting` and opens nothing.
 *
 * @example
 * <script>
 *   let { kernel, boardId } = $props()
 *   const chat = $derived(mizanChannel(kernel, 'board_chat', { board_id: boardId }))
 * </script>
 * {#each $chat.messages as m (m.at)}<p>{m.author}: {m.text}</p>{/each}
 * <button disabled={$chat.status !== 'open'} onclick={() => chat.send({ author: 'Ann', text: 'hi' })}>Send</button>
 *
 * @param {import('../../js/index.js').Kernel} kernel
 * @param {string} name
 * @param {Record<string, unknown>} [params]
 * @param {import('../../js/channels.js').ChannelOptions} [options]
 */
export function mizanChannel(kernel, name, params, options) {
  const channel = kernel.channel(name, params, options)
  return { subscribe: bridge(kernel, channel), send: channel.send }
}
