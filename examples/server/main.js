// The demo's entry (the README's first command ends here): the reference
// Mizan server with the three example apps, on 127.0.0.1 until Ctrl-C.
// PORT picks the port (default 5173; 0 for any free one).
import { APPS, startDemo } from './demo.js'

const demo = await startDemo({ port: Number(process.env.PORT ?? 5173) })
console.log(`mizan-kernel demo: the same team board in three frameworks, one Mizan server`)
for (const app of APPS) console.log(`  ${app.padEnd(7)} ${demo.url}/${app}/`)
console.log(`  API     ${demo.url}/api/mizan/  (data in memory: a restart resets it)`)
console.log('Ctrl-C stops the server.')

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await demo.close()
  console.log('demo stopped')
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
