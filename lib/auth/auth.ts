import 'server-only';
import { eq, sql } from 'drizzle-orm';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { authConfig } from './auth.config';
import { TIMING_DUMMY_HASH, verifyPassword } from './password';
import { LoginSchema } from './schemas';
import { isLoginThrottled, recordLoginAttempt } from './throttle';

/** Raised when an account or address has too many recent failures. */
export class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
}

export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
}

/** Checks email + password; returns the user or null. Every outcome is recorded for throttling. */
export async function authenticate(input: unknown, ip: string): Promise<{ id: string; name: string; email: string } | null> {
  const parsed = LoginSchema.safeParse(input);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  if (await isLoginThrottled(email, ip)) throw new ThrottledSignin();

  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  // Verify even when the user is missing so the response time does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? TIMING_DUMMY_HASH, parsed.data.password);
  const success = Boolean(user && ok && user.active);
  await recordLoginAttempt(email, ip, success);
  if (!success || !user) return null;
  await db.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, user.id));
  return { id: user.id, name: user.name, email: user.email };
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
