// Auth.js's own endpoints (session, CSRF token, credentials callback, sign-out). The credentials
// callback authenticates, throttles and records every attempt itself (lib/auth/auth.ts).
import { type NextRequest, NextResponse } from 'next/server';
import { handlers } from '@/lib/auth/auth';
import { getViewer } from '@/lib/auth/viewer';

export const { POST } = handlers;

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/**
 * Auth.js answers /api/auth/session from the JWT alone: a session ended on the server (signed out
 * elsewhere, a password reset, a deactivation) would still read as signed in there, with the
 * user's name and email, and get its cookie renewed. The session row decides here as it does for
 * every page: an ended session is no session (`null`, as Auth.js answers a visitor), and its
 * cookie is cleared.
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (request.nextUrl.pathname !== '/api/auth/session' || (await getViewer())) return handlers.GET(request);
  const response = NextResponse.json(null, { headers: { 'Cache-Control': 'no-store' } });
  for (const { name } of request.cookies.getAll())
    if (SESSION_COOKIE.test(name))
      response.cookies.set(name, '', {
        path: '/',
        maxAge: 0,
        httpOnly: true,
        sameSite: 'lax',
        secure: name.startsWith('__Secure-'),
      });
  return response;
}
