// mizan-kernel/react/channels: a live channel (mizan-kernel/channels) as
// React state.
import { useMemo, useSyncExternalStore } from 'react'
import { stableKey } from '../../js/index.js'
import '../../js/channels.js'
import { useMizan } from './provider.js'

/**
 * Channel `name` with `params` over the nearest <MizanContext>'s socket:
 * `{ status, messages, lastMessage, error, send }`. Subscribed while the
 * component is mounted (components on the same channel and params share
 * one subscription); new params (by value) subscribe anew. A server render
 * shows `connecting` and opens nothing.
 *
 * @example
 * const { status, messages, send } = useChannel('board_chat', { board_id: 1 })
 * messages.map((m) => <p key={m.at}>{m.author}: {m.text}</p>)
 * <button disabled={status !== 'open'} onClick={() => send({ author: 'Ann', text: 'hi' })}>Send</button>
 *
 * @param {string} name
 * @param {Record<string, unknown>} [params]
 * @param {import('../../js/channels.js').ChannelOptions} [options] read when the params change
 */
export function useChannel(name, params, options) {
  const { kernel } = useMizan()
  const key = stableKey(params) // the same params in any key order are the same subscription
  const channel = useMemo(() => kernel.channel(name, params, options), [kernel, name, key])
  const state = useSyncExternalStore(channel.subscribe, channel.getState, channel.getState)
  return useMemo(() => ({ ...state, send: channel.send }), [state, channel])
}
