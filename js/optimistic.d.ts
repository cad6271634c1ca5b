/**
 * mizan-kernel/optimistic — kernel.call()'s `optimistic` option (its own
 * entry point: apps without optimistic updates load none of it, nor the
 * wasm that has them). Import it once, at the top of the app's entry,
 * before the kernel loads: browsers then load
 * `mizan_kernel_browser_optimistic.wasm` instead of the base browser build
 * (Node's full build has optimistic updates already, but the option's
 * checks come from here, so Node apps import it too). Without it, call()
 * with options throws `NOT_IN_BUILD` and sends nothing. The option's types
 * are CallOptions and OptimisticTarget in 'mizan-kernel'.
 *
 * @example
 * import 'mizan-kernel/optimistic'
 * import { init, createKernel } from 'mizan-kernel'
 * await init()
 * const kernel = createKernel()
 * kernel.call('add_card', { title: 'Ship' }, { optimistic: [{ context: 'board', slot: 'cards', value: { id: -1, title: 'Ship' } }] })
 */
export {}
