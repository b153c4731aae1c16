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
  secret: process.env.AUTH_SECRET ?? (process.env.NODE_ENV === 'production' ? undefined : 'lodestar-development-only-secret'),
  session: { strategy: 'jwt', maxAge: 60 * 60 * 12 },
  pages: { signIn: '/login' },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      return Boolean(auth?.user) || isPublicPath(request.nextUrl.pathname);
    },
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid;
      return session;
    },
  },
} satisfies NextAuthConfig;
