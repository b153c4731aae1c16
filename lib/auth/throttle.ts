import 'server-only';
import { and, count, eq, gt } from 'drizzle-orm';
import { db } from '@/db/client';
import { loginAttempts } from '@/db/schema';

/** Failed sign-ins allowed per account and per address inside the window before refusing. */
export const THROTTLE = { windowMinutes: 15, maxPerAccount: 5, maxPerAddress: 30 } as const;

/**
 * Whether a sign-in for this account from this address is currently refused. Counts are kept in
 * the database so that every app server sees the same numbers.
 */
export async function isLoginThrottled(email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [byAccount, byAddress] = await Promise.all([
    db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false), gt(loginAttempts.at, since))),
    db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.ip, ip), eq(loginAttempts.success, false), gt(loginAttempts.at, since))),
  ]);
  return byAccount[0].n >= THROTTLE.maxPerAccount || byAddress[0].n >= THROTTLE.maxPerAddress;
}

export async function recordLoginAttempt(email: string, ip: string, success: boolean): Promise<void> {
  await db.insert(loginAttempts).values({ email: email.slice(0, 254), ip: ip.slice(0, 64), success });
  // A success clears the account's failures so a user who remembers their password is not locked.
  if (success) await db.delete(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false)));
}
