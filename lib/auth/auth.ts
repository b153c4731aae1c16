import 'server-only';
import { eq } from 'drizzle-orm';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { authConfig } from './auth.config';
import { clientAddress } from './client-address';
import { TIMING_DUMMY_HASH, verifyPassword } from './password';
import { LoginSchema } from './schemas';
import { revokeSession, startSession } from './sessions';
import { beginLoginAttempt, recordLoginSuccess } from './throttle';

/** Raised when an account or address has too many recent failures. */
export class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
}

/**
 * Checks email + password; on success starts a session and returns the user with its id `sid`,
 * else null. Every attempt is recorded for throttling.
 */
export async function authenticate(
  input: unknown,
  ip: string,
  userAgent?: string | null,
): Promise<{ id: string; name: string; email: string; sid: string } | null> {
  const parsed = LoginSchema.safeParse(input);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  // Recorded as a failure before the password is checked, so parallel guesses cannot all get a check.
  const { attemptId, throttled } = await beginLoginAttempt(email, ip);
  if (throttled) throw new ThrottledSignin();

  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      passwordHash: users.passwordHash,
      active: users.active,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  // Verify even when the user is missing so the response time does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? TIMING_DUMMY_HASH, parsed.data.password);
  if (!user || !ok || !user.active) return null;
  const sid = await startSession(user, { ip, userAgent });
  if (!sid) return null; // deactivated or password changed while checking
  await recordLoginSuccess(attemptId, email);
  return { id: user.id, name: user.name, email: user.email, sid };
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: (credentials, request) =>
        authenticate(credentials, clientAddress(request.headers), request.headers.get('user-agent')),
    }),
  ],
  events: {
    // Any Auth.js sign-out (logoutAction revokes first, so this is for /api/auth/signout) ends the
    // session row too. Auth.js logs and swallows errors thrown here.
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      if (typeof token?.uid === 'string' && typeof token.sid === 'string') await revokeSession(token.uid, token.sid);
    },
  },
});
