import 'server-only';
import { eq, sql } from 'drizzle-orm';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { authConfig } from './auth.config';
import { clientAddress } from './client-address';
import { TIMING_DUMMY_HASH, verifyPassword } from './password';
import { LoginSchema } from './schemas';
import { beginLoginAttempt, recordLoginSuccess } from './throttle';

/** Raised when an account or address has too many recent failures. */
export class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
}

/** Checks email + password; returns the user (with their session version) or null. Every attempt is recorded for throttling. */
export async function authenticate(
  input: unknown,
  ip: string,
): Promise<{ id: string; name: string; email: string; sv: number } | null> {
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
      sv: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  // Verify even when the user is missing so the response time does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? TIMING_DUMMY_HASH, parsed.data.password);
  if (!user || !ok || !user.active) return null;
  await recordLoginSuccess(attemptId, email);
  await db.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, user.id));
  return { id: user.id, name: user.name, email: user.email, sv: user.sv };
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: (credentials, request) => authenticate(credentials, clientAddress(request.headers)),
    }),
  ],
});
