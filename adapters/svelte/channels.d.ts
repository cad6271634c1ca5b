/**
 * mizan-kernel/svelte/channels — live channels as Svelte stores (imports
 * 'mizan-kernel/channels' itself).
 */
import type { Readable } from 'svelte/store'
import type { AnyParams, Kernel } from '../../js/index.js'
import type { ChannelOptions, ChannelState } from '../../js/channels.js'

export type { ChannelOptions, ChannelState } from '../../js/channels.js'

export interface ChannelStore<Message = unknown, Send = unknown> extends Readable<ChannelState<Message>> {
  /** Sends a payload on the subscription; throws NOT_OPEN (nothing sent) unless it is open. */
  send(payload: Send): void
}

/**
 * A readable store of channel `name` with `params` over the kernel's socket.
 *
 * @example
 * const chat = mizanChannel(kernel, 'board_chat', { board_id: 1 })
 */
export declare function mizanChannel<Message = unknown, Send = unknown>(
  kernel: Kernel,
  name: string,
  params?: AnyParams,
  options?: ChannelOptions,
): ChannelStore<Message, Send>
