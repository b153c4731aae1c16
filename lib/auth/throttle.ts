import 'server-only';
import { and, count, eq, gt } from 'drizzle-orm';
import { db } from '@/db/client';
import { loginAttempts } from '@/db/schema';
import { UNKNOWN_ADDRESS } from './client-address';

/** Failed sign-ins allowed per account and per address inside the window before refusing. */
export const THROTTLE = { windowMinutes: 15, maxPerAccount: 5, maxPerAddress: 30 } as const;

/**
 * Records a sign-in attempt as a failure before the password is checked, then counts the
 * account's and the address's failures in the window, this one included. Recording first is what
 * makes the limit hold under concurrency: of any number of parallel attempts, the k-th to be
 * recorded counts at least k, so at most `maxPerAccount` of them go on to a password check.
 * Counts live in the database so that every app server sees the same numbers.
 */
export async function beginLoginAttempt(
  email: string,
  ip: string,
  now = new Date(),
): Promise<{ attemptId: number; throttled: boolean }> {
  const [{ id }] = await db
    .insert(loginAttempts)
    .values({ email: email.slice(0, 254), ip: ip.slice(0, 64), success: false })
    .returning({ id: loginAttempts.id });
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [byAccount, byAddress] = await Promise.all([
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.email, email.slice(0, 254)),
          eq(loginAttempts.success, false),
          gt(loginAttempts.at, since),
        ),
      ),
    // An unknown address is not one client: counting it would let anyone lock everyone out.
    ip === UNKNOWN_ADDRESS
      ? [{ n: 0 }]
      : db
          .select({ n: count() })
          .from(loginAttempts)
          .where(
            and(eq(loginAttempts.ip, ip.slice(0, 64)), eq(loginAttempts.success, false), gt(loginAttempts.at, since)),
          ),
  ]);
  return {
    attemptId: id,
    throttled: byAccount[0].n > THROTTLE.maxPerAccount || byAddress[0].n > THROTTLE.maxPerAddress,
  };
}

/** Marks the attempt successful and clears the account's failures, so a user who remembers their password is not locked. */
export async function recordLoginSuccess(attemptId: number, email: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(loginAttempts).set({ success: true }).where(eq(loginAttempts.id, attemptId));
    await tx
      .delete(loginAttempts)
      .where(and(eq(loginAttempts.email, email.slice(0, 254)), eq(loginAttempts.success, false)));
  });
}
