import type { NextAuthConfig } from 'next-auth';

/** Paths anyone may open. Everything else needs a session (and each page checks it again). */
export const PUBLIC_PATHS = ['/login', '/api/auth'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** The part of the Auth.js config that needs no database: shared by proxy.ts and lib/auth/auth.ts. */
export const authConfig = {
  trustHost: true,
  // Production needs AUTH_SECRET (the demo starter makes and keeps one in .data/); dev gets a fixed one.
  secret:
    process.env.AUTH_SECRET ?? (process.env.NODE_ENV === 'production' ? undefined : 'lodestar-development-only-secret'),
  session: { strategy: 'jwt', maxAge: 60 * 60 * 12 },
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
    // The token keeps the user id and the session version from sign-in; getViewer compares the
    // version with the user's current one, so a password reset or deactivation ends old sessions.
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = user.sv;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid;
      if (typeof token.sv === 'number') session.user.sv = token.sv;
      return session;
    },
  },
} satisfies NextAuthConfig;

declare module '@auth/core/types' {
  interface User {
    /** users.session_version at sign-in (lib/auth/auth.ts authenticate). */
    sv?: number;
  }
}
