// mizan-kernel/react: the kernel's contexts and calls as React hooks.
export { MizanContext, useMizan } from './provider.js'
export { defineContext, useMizanContext } from './context.js'
export { defineMutation, useMutation } from './mutation.js'
