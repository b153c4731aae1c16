import NextAuth from 'next-auth';
import { authConfig } from './lib/auth/auth.config';

// Redirects signed-out visitors to /login early. It protects no data: every page, action and
// route handler checks the session and role itself.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)'],
};
