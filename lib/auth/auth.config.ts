import type { NextAuthConfig } from 'next-auth';

/** Paths anyone may open. Everything else needs a session (and each page checks it again). */
export const PUBLIC_PATHS = ['/login', '/api/auth', '/api/public', '/lead-thanks', '/csat', '/help', '/unsubscribe'];

/**
 * Route handlers other sites may POST to: the web-to-lead form embedded on a company's site, the
 * RFC 8058 one-click unsubscribe a mailbox provider posts, the unsubscribe page's re-subscribe
 * button and the CSAT survey's answer (the token in their address is the authority; no cookie is
 * read, so a post from elsewhere can do nothing the token's holder could not). The unsubscribe and
 * survey pages send no referrer (their address holds the token), so their own forms post with
 * `Origin: null`.
 */
export const CROSS_ORIGIN_POST_PATHS = ['/api/public/leads', '/api/public/unsubscribe', '/api/public/resubscribe'];
const CROSS_ORIGIN_POST_PREFIXES = ['/api/public/csat/'];

export function acceptsCrossOriginPost(pathname: string): boolean {
  return CROSS_ORIGIN_POST_PATHS.includes(pathname) || CROSS_ORIGIN_POST_PREFIXES.some((p) => pathname.startsWith(p));
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** How long a sign-in lasts: the JWT's lifetime and its session row's (lib/auth/sessions.ts). */
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 12;

/** The part of the Auth.js config that needs no database: shared by proxy.ts and lib/auth/auth.ts. */
export const authConfig = {
  trustHost: true,
  // Production needs AUTH_SECRET (the demo starter makes and keeps one in .data/); dev gets a fixed one.
  secret:
    process.env.AUTH_SECRET ?? (process.env.NODE_ENV === 'production' ? undefined : 'lodestar-development-only-secret'),
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login' },
  // A wrong password is an expected outcome (shown to the user, recorded for throttling), not a
  // server error: keep it out of the error log.
  logger: {
    error(error: Error) {
      if (error.name === 'CredentialsSignin' || error.name === 'ThrottledSignin') return;
      console.error('[auth]', error);
    },
  },
  providers: [],
  callbacks: {
    // The token keeps the user id and the id of the session row made at sign-in; getViewer serves
    // a request only while that row is live, so sign-out, a password reset or a deactivation end it.
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sid = user.sid;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid;
      if (typeof token.sid === 'string') session.user.sid = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;

declare module '@auth/core/types' {
  interface User {
    /** The user_sessions row made at sign-in (lib/auth/sessions.ts startSession). */
    sid?: string;
  }
}
