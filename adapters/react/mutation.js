// Server-function calls as React state.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useMizan } from './provider.js'

const IDLE = { isPending: false, error: null, data: undefined }
const PENDING = { isPending: true, error: null, data: undefined }

/**
 * Calls server function `fn`: `mutate(args)` resolves with its result (or
 * rejects with the MizanError, also put in `error`). Merges and
 * invalidations in the response are the kernel's job. Only the latest
 * mutate of a mounted component updates its state.
 *
 * @example
 * const { mutate, isPending, error } = useMutation('add_card')
 * <button disabled={isPending} onClick={() => mutate({ board_id: 1, title }).catch(() => {})}>Add</button>
 */
export function useMutation(fn) {
  const { kernel } = useMizan()
  const [state, setState] = useState(IDLE)
  const latest = useRef(0)
  // Unmounting supersedes whatever is in flight.
  useEffect(() => () => void latest.current++, [])
  const mutate = useCallback(
    async (args) => {
      const run = ++latest.current
      const settle = (next) => run === latest.current && setState(next)
      settle(PENDING)
      try {
        const data = await kernel.call(fn, args)
        settle({ isPending: false, error: null, data })
        return data
      } catch (error) {
        settle({ isPending: false, error, data: undefined })
        throw error
      }
    },
    [kernel, fn],
  )
  const reset = useCallback(() => {
    latest.current++
    setState(IDLE)
  }, [])
  return { ...state, mutate, reset }
}

/**
 * A hook bound to server function `fn`, for generated code.
 *
 * @example
 * export const useAddCard = defineMutation('add_card')
 * const { mutate } = useAddCard()
 */
export const defineMutation = (fn) => () => useMutation(fn)
