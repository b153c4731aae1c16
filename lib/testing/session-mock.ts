import { vi } from 'vitest';
import { createTestSession } from './factories';

/**
 * Who the mocked Auth.js session says is signed in. Action tests call `signInAs(viewer)` and then
 * call server actions directly, as a crafted request would: the real requireViewer, permission and
 * database checks run; only the cookie → session step is replaced.
 *
 * The session carries a session id like the real JWT. Without `sid`, a fresh session row is made
 * on first use (as if the user had just signed in); pass the `sid` of an earlier session to act
 * with it, e.g. after it was signed out or its user's password was reset.
 */
export const session = { userId: null as string | null, sid: undefined as string | undefined };

export function signInAs(user: { userId: string; sid?: string } | null): void {
  session.userId = user?.userId ?? null;
  session.sid = user?.sid;
}

export const authMock = {
  auth: vi.fn(async () => {
    if (!session.userId) return null;
    session.sid ??= await createTestSession(session.userId);
    return { user: { id: session.userId, sid: session.sid } };
  }),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
};
