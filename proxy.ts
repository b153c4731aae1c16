import { type NextRequest, NextResponse } from 'next/server';
import { isPublicPath } from './lib/auth/auth.config';

// Redirects visitors without a session cookie to /login early. It only looks for the cookie (it
// does not decode or refresh it, so it never re-sets a cookie that sign-out is deleting) and it
// protects no data: every page, action and route handler checks the session and role itself.
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname)) return NextResponse.next();
  const hasSession = request.cookies
    .getAll()
    .some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
  if (hasSession) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)'],
};
