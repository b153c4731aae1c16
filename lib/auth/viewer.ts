import 'server-only';
import { eq } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { auth } from './auth';
import { can, type Permission, type Viewer } from './permissions';

/** Loads the signed-in user fresh from the database: a deactivated user or changed role takes effect at once. */
export async function loadViewer(userId: string): Promise<Viewer | null> {
  const [row] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale, active: users.active })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || !row.active) return null;
  const { active: _active, ...viewer } = row;
  return viewer;
}

/** The viewer of this request, or null when signed out or deactivated. Cached per request. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return loadViewer(id);
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
