// Two things a Mizan backend needs from Next.js, and one for this repo:
// - skipTrailingSlashRedirect: Mizan's endpoints end in a slash
//   (/api/mizan/ctx/board/, /api/mizan/call/); without it Next answers
//   them with a 308 to the slashless path.
// - the API itself is proxied by proxy.js (at run time, so MIZAN_API can
//   change without a rebuild).
// - distDir from NEXT_DIST_DIR: the test builds the app twice, with
//   Turbopack (the default) and with webpack, side by side; the root is
//   examples/ because the stylesheet is shared with the other examples.
import { join } from 'node:path'

/** @type {import('next').NextConfig} */
export default {
  skipTrailingSlashRedirect: true,
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  turbopack: { root: join(import.meta.dirname, '..') },
  outputFileTracingRoot: join(import.meta.dirname, '..'),
}
