// The contexts this page shows, loaded on the server for the user asking:
// the HTML arrives with the boards in it.
import { prefetch } from '$lib/server/mizan.js'

/** @type {import('./$types').PageServerLoad} */
export async function load(event) {
  return { state: await prefetch(event, [['session'], ['board', { board_id: 1 }], ['board', { board_id: 2 }]]) }
}
