import { eq } from 'drizzle-orm';
import { db } from '../db/client';
import { users } from '../db/schema';
import type { Viewer } from '../lib/auth/permissions';

/** The demo user as a Viewer, for scripts that call data functions directly. */
export async function loadViewerByEmail(email: string): Promise<Viewer> {
  const [row] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(eq(users.email, email));
  if (!row) throw new Error(`No user ${email}: seed the database first (npm run db:seed).`);
  return row;
}
