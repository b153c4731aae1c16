import 'server-only';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { SESSION_MAX_AGE_SECONDS } from './auth.config';

/** Expired session rows deleted per sign-in at most: the work stays small however many piled up. */
export const PRUNE_BATCH = 500;

/**
 * Starts a session for a user whose password was just verified against `passwordHash`, and returns
 * its id (the `sid` the JWT carries), or null when the user was deactivated or their password
 * changed since it was read. The UPDATE takes the user's row lock and re-checks both on the latest
 * row, so a sign-in racing a password reset or a deactivation either fails here or commits first
 * and is then revoked by it.
 */
export async function startSession(
  user: { id: string; passwordHash: string },
  meta: { ip: string; userAgent?: string | null },
): Promise<string | null> {
  const sid = await db.transaction(async (tx) => {
    const [current] = await tx
      .update(users)
      .set({ lastLoginAt: sql`now()` })
      .where(and(eq(users.id, user.id), eq(users.active, true), eq(users.passwordHash, user.passwordHash)))
      .returning({ id: users.id });
    if (!current) return null;
    const [row] = await tx
      .insert(userSessions)
      .values({
        userId: user.id,
        expiresAt: sql`now() + ${SESSION_MAX_AGE_SECONDS} * interval '1 second'`,
        ip: meta.ip.slice(0, 64),
        userAgent: meta.userAgent?.slice(0, 300) || null,
      })
      .returning({ id: userSessions.id });
    return row.id;
  });
  await pruneExpiredSessions();
  return sid;
}

/** Ends one session of a user (sign-out). Revoking twice, or someone else's session id, changes nothing. */
export async function revokeSession(userId: string, sid: string): Promise<void> {
  await db
    .update(userSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(userSessions.id, sid), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
}

/** Ends every session of a user, inside the caller's transaction (password reset, deactivation). */
export async function revokeUserSessions(tx: Tx, userId: string): Promise<void> {
  await tx
    .update(userSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
}

/**
 * Deletes up to `limit` expired sessions (revoked ones included: they are kept until they would
 * have expired). Rows another sign-in is deleting are skipped, not waited for. Returns how many went.
 */
export async function pruneExpiredSessions(limit = PRUNE_BATCH): Promise<number> {
  const expired = db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(lt(userSessions.expiresAt, sql`now()`))
    .limit(limit)
    .for('update', { skipLocked: true });
  const deleted = await db
    .delete(userSessions)
    .where(inArray(userSessions.id, expired))
    .returning({ id: userSessions.id });
  return deleted.length;
}
