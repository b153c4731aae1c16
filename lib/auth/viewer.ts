import 'server-only';
import { and, eq } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { auth } from './auth';
import { can, type Permission, type Viewer } from './permissions';

/**
 * Loads the signed-in user fresh from the database: a deactivated user or changed role takes
 * effect at once, and a session whose version `sv` is not the user's current one (issued before a
 * password reset or deactivation) is refused.
 */
export async function loadViewer(userId: string, sv: number): Promise<Viewer | null> {
  const [row] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), eq(users.sessionVersion, sv)))
    .limit(1);
  return row ?? null;
}

/** The viewer of this request, or null when signed out or deactivated. Cached per request. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const sv = session?.user?.sv;
  // Sessions from before session versions existed carry none: they must sign in again.
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || typeof sv !== 'number' || !Number.isInteger(sv)) return null;
  return loadViewer(id, sv);
});

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
