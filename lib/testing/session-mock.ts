import { eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { db } from '@/db/client';
import { users } from '@/db/schema';

/**
 * Who the mocked Auth.js session says is signed in. Action tests call `signInAs(viewer)` and then
 * call server actions directly, as a crafted request would: the real requireViewer, permission and
 * database checks run; only the cookie → session step is replaced.
 *
 * The session carries a session version like the real JWT. Without `sv` it is the user's current
 * one (as if they had just signed in); pass an older `sv` to act with a session from before a
 * password reset or deactivation.
 */
export const session = { userId: null as string | null, sv: undefined as number | undefined };

export function signInAs(user: { userId: string; sv?: number } | null): void {
  session.userId = user?.userId ?? null;
  session.sv = user?.sv;
}

async function currentSessionVersion(userId: string): Promise<number | undefined> {
  const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.sv;
}

export const authMock = {
  auth: vi.fn(async () => {
    if (!session.userId) return null;
    return { user: { id: session.userId, sv: session.sv ?? (await currentSessionVersion(session.userId)) } };
  }),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
};
