import { type NextRequest, NextResponse } from 'next/server';
import { acceptsCrossOriginPost, isPublicPath } from './lib/auth/auth.config';
import {
  badRequest,
  bodyExceeds,
  crossSiteRefused,
  fromOtherOrigin,
  isDecodablePath,
  MAX_BODY_BYTES,
  malformedBody,
  payloadTooLarge,
} from './lib/http';
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
  const { pathname, search } = request.nextUrl;
  // Requests that Next itself would answer with a 500, refused before they reach it: a path with
  // an escape that is not UTF-8 (/customers/%FF), a POST from another origin, a body over the
  // server-action limit (counted when chunked), a broken multipart envelope, a server-action call
  // whose body is not JSON.
  if (!isDecodablePath(pathname)) return badRequest('The URL is malformed.');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    // A POST another site's page made (a server action, a plain form): Next refuses server actions
    // from another origin itself, but with a 500 (and logs "Invalid URL" for an unreadable Origin).
    // The public endpoints authorised by a token, not a session, take posts from anywhere.
    if (fromOtherOrigin(request) && !acceptsCrossOriginPost(pathname)) return crossSiteRefused();
    if (await bodyExceeds(request, MAX_BODY_BYTES)) return payloadTooLarge(MAX_BODY_BYTES);
    const malformed = await malformedBody(request);
    if (malformed) return badRequest(malformed);
  }

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
