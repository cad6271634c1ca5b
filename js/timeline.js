// Where a kernel's invalidations and merges come from, for the devtools'
// timeline (js/devtools.js registers a reporter per kernel; without it
// reports go nowhere). Capability entries that bring changes from outside
// the kernel's own calls report them here: js/channels.js (pushed by the
// server), js/tabs.js (from another tab).
const reporters = new WeakMap()

/**
 * Makes `reporter` receive `kernel`'s reports (one per kernel; devtools).
 * @example
 * setReporter(kernel, (event) => timeline.push(event))
 * @param {object} kernel
 * @param {(event: TimelineEvent) => void} reporter
 */
export const setReporter = (kernel, reporter) => void reporters.set(kernel, reporter)

/**
 * Reports an event of `kernel`'s (nothing happens unless devtools listens).
 * @example
 * report(kernel, { kind: 'invalidate', source: 'push', targets })
 * @param {object} kernel
 * @param {TimelineEvent} event
 */
export const report = (kernel, event) => reporters.get(kernel)?.(event)

/**
 * @typedef {{ kind: 'invalidate' | 'merge', source: 'call' | 'header' | 'push' | 'tab', targets: unknown[], fn?: string }} TimelineEvent
 */
