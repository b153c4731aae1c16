import { type NextRequest, NextResponse } from 'next/server';
import { isPublicPath } from './lib/auth/auth.config';
import { bodyExceeds, MAX_BODY_BYTES, payloadTooLarge } from './lib/http';
import { contentSecurityPolicy, makeNonce, servedOverHttps } from './lib/security-headers';

// Redirects visitors without a session cookie to /login early. It only looks for the cookie (it
// does not decode or refresh it, so it never re-sets a cookie that sign-out is deleting) and it
// protects no data: every page, action and route handler checks the session and role itself.
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

// It also gives every response a Content-Security-Policy with a fresh nonce. Next.js reads the
// policy from the request headers and puts the nonce on its scripts, which is why every page must
// render dynamically (a prerendered page has no nonce and would not hydrate). The other security
// headers come from next.config.ts.
export default async function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy({
    nonce: makeNonce(),
    dev: process.env.NODE_ENV === 'development',
    https: servedOverHttps(request.headers),
  });
  const response = await route(request, csp);
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

async function route(request: NextRequest, csp: string): Promise<Response> {
  // A body over the server-action limit would otherwise reach Next's action handler, which
  // answers 500 for it. Checked here for every request with a body (server actions, the login
  // form, route handlers), by Content-Length or, for a chunked body, by counting its bytes.
  if (request.method !== 'GET' && request.method !== 'HEAD' && (await bodyExceeds(request, MAX_BODY_BYTES)))
    return payloadTooLarge(MAX_BODY_BYTES);

  const { pathname, search } = request.nextUrl;
  const hasSession = request.cookies
    .getAll()
    .some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
  if (isPublicPath(pathname) || hasSession) {
    const headers = new Headers(request.headers);
    headers.set('Content-Security-Policy', csp);
    return NextResponse.next({ request: { headers } });
  }
  const login = new URL('/login', request.url);
  login.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)'],
};
