import adapter from '@sveltejs/adapter-node'

/** @type {import('@sveltejs/kit').Config} */
export default {
  // `npm run build` writes a Node server to build/; `npm start` runs it
  // (PORT, HOST and the other variables of adapter-node apply).
  kit: { adapter: adapter() },
}
