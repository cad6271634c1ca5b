// mizan-kernel/vue: the kernel's contexts as Vue refs. The state logic is the
// kernel's; these files only move its snapshots into shallowRefs.
export { createMizan, MIZAN_KEY, useMizan } from './plugin.js'
export { useMizanContext } from './use_context.js'
export { skipToken } from '../../js/context_options.js'
export { useIsFetching, useIsMutating, useMutation } from './use_mutation.js'
