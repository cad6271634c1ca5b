// The browser talks to Mizan on this app's own origin (/api/mizan/...), so
// its cookies (session, csrftoken) are first-party; Next forwards those
// requests to the Mizan server as they are — path with its trailing slash,
// query, cookies, X-CSRFToken — and passes Set-Cookie back.
import { NextResponse } from 'next/server'

export function proxy(request) {
  const { pathname, search } = request.nextUrl
  return NextResponse.rewrite(new URL(pathname + search, process.env.MIZAN_API ?? 'http://127.0.0.1:8000'))
}

export const config = { matcher: '/api/mizan/:path*' }
