import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { auth } from './auth';
import { can, type Permission, type Viewer } from './permissions';
import { revokeSession } from './sessions';

/**
 * Loads the signed-in user fresh from the database, in one query by primary keys: the session row
 * must be the user's, not revoked (sign-out, password reset, deactivation) and not expired, and the
 * user active. A changed role or name takes effect at once.
 */
export async function loadViewer(userId: string, sid: string): Promise<Viewer | null> {
  const [row] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(
      and(
        eq(userSessions.id, sid),
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        gt(userSessions.expiresAt, sql`now()`),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return row ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user and session ids the request's JWT carries, or null (signed out, or a token from before session rows). */
async function sessionIds(): Promise<{ userId: string; sid: string } | null> {
  const session = await auth();
  const userId = session?.user?.id;
  const sid = session?.user?.sid;
  if (typeof userId !== 'string' || typeof sid !== 'string' || !UUID.test(userId) || !UUID.test(sid)) return null;
  return { userId, sid };
}

/** The viewer of this request, or null when signed out, deactivated or the session ended. Cached per request. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const ids = await sessionIds();
  return ids ? loadViewer(ids.userId, ids.sid) : null;
});

/** Ends the session of this request on the server (the caller then clears the cookie). */
export async function endCurrentSession(): Promise<void> {
  const ids = await sessionIds();
  if (ids) await revokeSession(ids.userId, ids.sid);
}

/** The viewer of this request; signed-out or deactivated users are sent to /login. */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect('/login');
  return viewer;
}

/** For pages only a role may open: everyone else gets a 404, so the page's existence is not revealed. */
export async function requirePermission(permission: Permission): Promise<Viewer> {
  const viewer = await requireViewer();
  if (!can(viewer, permission)) {
    const { notFound } = await import('next/navigation');
    notFound();
  }
  return viewer;
}
