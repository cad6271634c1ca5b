// The browser's way to the Mizan API: /api/mizan/** on this origin is
// forwarded to the API as is — path with its trailing slash, query,
// method, body, cookies and X-CSRFToken; Set-Cookie comes back (the CSRF
// cookie from /session/). Same origin, so no CORS and the cookies are ours.
// A server route rather than routeRules' proxy: the API's address is read
// at run time (NUXT_MIZAN_API), not baked into the build.
export default defineEventHandler((event) => {
  const { mizanApi } = useRuntimeConfig(event)
  return proxyRequest(event, `${mizanApi}${event.path}`)
})
