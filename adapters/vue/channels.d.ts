/**
 * mizan-kernel/vue/channels — live channels in Vue (imports
 * 'mizan-kernel/channels' itself).
 */
import type { ComputedRef, MaybeRefOrGetter, ShallowRef } from 'vue'
import type { AnyParams } from '../../js/index.js'
import type { ChannelOptions, ChannelState } from '../../js/channels.js'

export type { ChannelOptions, ChannelState } from '../../js/channels.js'

export interface UseChannelReturn<Message = unknown, Send = unknown> {
  state: Readonly<ShallowRef<ChannelState<Message>>>
  status: ComputedRef<ChannelState<Message>['status']>
  messages: ComputedRef<readonly Message[]>
  lastMessage: ComputedRef<Message | undefined>
  error: ComputedRef<ChannelState<Message>['error']>
  /** Sends a payload on the subscription; throws NOT_OPEN (nothing sent) unless `status` is `open`. */
  send(payload: Send): void
}

/**
 * Channel `name` with `params` (an object, a ref or a getter) over the plugin's kernel's socket.
 *
 * @example
 * const { status, messages, send } = useChannel('board_chat', () => ({ board_id: props.boardId }))
 */
export declare function useChannel<Message = unknown, Send = unknown>(
  name: string,
  params?: MaybeRefOrGetter<AnyParams | undefined>,
  options?: ChannelOptions,
): UseChannelReturn<Message, Send>
