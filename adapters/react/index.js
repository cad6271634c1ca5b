// mizan-kernel/react: the kernel's contexts and calls as React hooks.
export { MizanContext, useMizan } from './provider.js'
export { defineContext, useMizanContext } from './context.js'
export { defineMutation, useIsFetching, useIsMutating, useMutation } from './mutation.js'
export { skipToken } from '../../js/context_options.js'
