/**
 * mizan-kernel/react/channels — live channels in React (imports
 * 'mizan-kernel/channels' itself).
 */
import type { AnyParams } from '../../js/index.js'
import type { ChannelOptions, ChannelState } from '../../js/channels.js'

export type { ChannelOptions, ChannelState } from '../../js/channels.js'

/** useChannel()'s result: the channel's state and `send`. */
export interface UseChannelResult<Message = unknown, Send = unknown> extends ChannelState<Message> {
  /** Sends a payload on the subscription; throws NOT_OPEN (nothing sent) unless `status` is `open`. */
  send(payload: Send): void
}

/**
 * Channel `name` with `params` over the nearest <MizanContext>'s socket.
 *
 * @example
 * const { status, messages, send } = useChannel('board_chat', { board_id: 1 })
 */
export declare function useChannel<Message = unknown, Send = unknown>(
  name: string,
  params?: AnyParams,
  options?: ChannelOptions,
): UseChannelResult<Message, Send>
