// A fetch the test answers request by request, in any order: every race
// of responses is the test's choice.
export function scriptedFetch() {
  const requests = []
  const fetch = (url, init) => {
    let respond, fail
    const promise = new Promise((resolve, reject) => {
      respond = resolve
      fail = reject
    })
    const request = {
      url: String(url).replace('/api/mizan/', ''),
      init,
      body: init.body && JSON.parse(init.body),
      reply(body, { status = 200, headers = {} } = {}) {
        respond(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers }))
        return settle()
      },
      fail(error = new TypeError('fetch failed')) {
        fail(error)
        return settle()
      },
    }
    init.signal?.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError')))
    requests.push(request)
    return promise
  }
  return { fetch, requests, open: () => requests.filter((r) => !r.init.signal?.aborted) }
}

// Lets the kernel finish reacting (response body reads, microtask flushes).
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
