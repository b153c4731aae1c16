import { vi } from 'vitest';

/**
 * Who the mocked Auth.js session says is signed in. Action tests call `signInAs(viewer)` and then
 * call server actions directly, as a crafted request would: the real requireViewer, permission and
 * database checks run; only the cookie → session step is replaced.
 */
export const session = { userId: null as string | null };

export function signInAs(user: { userId: string } | null): void {
  session.userId = user?.userId ?? null;
}

export const authMock = {
  auth: vi.fn(async () => (session.userId ? { user: { id: session.userId } } : null)),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
};
