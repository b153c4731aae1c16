import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import type { Role } from '@/db/schema/enums';
import { hashPassword } from '@/lib/auth/password';
import type { Viewer } from '@/lib/auth/permissions';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A seeded user (manager@lodestar.test, rep2@lodestar.test, …) as a Viewer. */
export async function seededViewer(email: string): Promise<Viewer> {
  const [row] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(eq(users.email, email));
  if (!row) throw new Error(`No seeded user ${email}`);
  return row;
}
let cachedHash: Promise<string> | undefined;

/** Inserts an active user of the role and returns them as a Viewer. */
export async function createTestUser(
  role: Role,
  overrides: { email?: string; name?: string; active?: boolean } = {},
): Promise<Viewer> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@test.example`;
  const name = overrides.name ?? `${role} ${email.slice(0, 6)}`;
  const [row] = await db
    .insert(users)
    .values({ email, name, role, active: overrides.active ?? true, passwordHash: await cachedHash })
    .returning({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale });
  return row;
}

/**
 * Inserts a live session row for a user, as a sign-in would (without the password check), and
 * returns its id: the `sid` a JWT would carry.
 */
export async function createTestSession(userId: string): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, expiresAt: sql`now() + interval '12 hours'`, ip: '127.0.0.1' })
    .returning({ id: userSessions.id });
  return row.id;
}
