// Compiled by `tsc` in the test command: the shipped .d.ts must type what
// the README shows, and refuse what it should.
import {
  createKernel,
  deriveCacheKey,
  formatInvalidateHeader,
  init,
  MizanError,
  parseCallResponse,
  parseInvalidateHeader,
  stableKey,
} from 'mizan-kernel'

export async function usage(): Promise<string> {
  await init()
  const key: string = deriveCacheKey('test-secret', 'user', { user_id: 42 }, '42', 3)
  const identity: string = stableKey({ user_id: 5, filters: { tags: ['a'] } })
  const targets = parseInvalidateHeader('user;user_id=5, notifications')
  const firstError: number | undefined = targets.errors[0]?.index
  const header: string = formatInvalidateHeader(['user', { context: 'board', params: { board_id: 1 } }])
  const response = parseCallResponse<{ id: number }>(200, '{"result": {"id": 1}}')
  const id: number = response.result.id
  try {
    stableKey({})
  } catch (e) {
    if (e instanceof MizanError) return `${e.code} ${e.status}`
  }
  // @ts-expect-error cache-key params are flat
  deriveCacheKey('s', 'c', { nested: { no: 1 } })
  // @ts-expect-error the secret is a string
  deriveCacheKey(1, 'c')
  return `${key}${identity}${firstError}${header}${id}`
}

export async function kernelUsage(): Promise<number> {
  const kernel = createKernel({ baseUrl: '/api/mizan', session: false, csrf: false, getHeaders: async () => ({ 'X-Mizan-Token': 't' }) })
  const ctx = kernel.registerContext<{ user_profile: { name: string } }>('user', { user_id: 5 })
  const off = ctx.subscribe(() => {})
  const state = await ctx.refetch()
  const name: string | undefined = state.data?.user_profile.name
  const saved = await kernel.call<{ id: number }>('update_profile', { user_id: 5, name })
  kernel.invalidate(['user', { context: 'user', params: { user_id: 5 } }, { function: 'user_profile' }])
  const save = kernel.mutation<{ user_id: number; name: string }, { id: number }>('update_profile', {
    onError: (error, args) => console.log(error.code, args.user_id),
  })
  const stop = save.subscribe(() => save.getState().data?.id)
  save.mutate({ user_id: 5, name: 'A' }, { onSuccess: (profile) => console.log(profile.id) })
  const again: { id: number } = await save.mutateAsync({ user_id: 5, name: 'B' })
  // @ts-expect-error args are typed
  save.mutate({ user_id: '5' })
  stop()
  const busy: number = kernel.isFetching({ context: 'user' }) + kernel.isMutating({ fn: 'update_profile' }) + again.id
  const quiet = kernel.subscribeActivity(() => kernel.isFetching())
  quiet()
  createKernel({
    onError: (error, source) => console.log(error.code, 'context' in source ? source.context : source.fn),
  })
  off()
  ctx.unregister()
  kernel.dispose()
  return saved.id + kernel.stats.entries + busy
}
