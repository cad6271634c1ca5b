// Compiled by `tsc` in the test command: mizan-kernel/devtools as the README
// shows it — inspect() on the kernel once the entry is imported, the
// element, and the React wrapper's props.
import 'mizan-kernel/devtools'
import { createKernel } from 'mizan-kernel'
import { defineDevtools, refetchEntry, type InspectedContext, type KernelInspection } from 'mizan-kernel/devtools'
import { MizanDevtools } from 'mizan-kernel/react/devtools'

const kernel = createKernel()
const picture: KernelInspection = kernel.inspect()
const first: InspectedContext | undefined = picture.contexts[0]
if (first) refetchEntry(kernel, first.id)
const sizes: number[] = Object.values(first?.slots ?? {})
const kinds: Array<'fetch' | 'call'> = picture.requests.map((r) => r.kind)
const sources: string[] = picture.timeline.map((e) => `${e.source} ${e.fn ?? ''}`)
const off: () => void = kernel.subscribeInspect(() => {})
off()

defineDevtools()
const panel = document.createElement('mizan-devtools')
panel.kernel = kernel
panel.open = true
// @ts-expect-error the panel shows a kernel, nothing else
panel.kernel = 'kernel'

const element = MizanDevtools({ open: true })
// @ts-expect-error open is a boolean
MizanDevtools({ open: 'yes' })

export { element, kinds, sizes, sources }
