import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, TEST_PASSWORD } from '@/lib/testing/factories';
import { form, initial } from '@/lib/testing/forms';
import { session, signInAs } from '@/lib/testing/session-mock';
import { resetPasswordAction, updateUserAction } from '@/lib/users/user-actions';
import { authenticate } from './auth';
import { SESSION_MAX_AGE_SECONDS } from './auth.config';
import { loginAction, logoutAction } from './session-actions';
import { PRUNE_BATCH, pruneExpiredSessions, startSession } from './sessions';
import { loadViewer } from './viewer';

// Only the cookie → session step is mocked; `authenticate` (password check, session row) is real.
vi.mock('@/lib/auth/auth', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./auth')>();
  return { ...(await import('@/lib/testing/session-mock')).authMock, authenticate: actual.authenticate };
});
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

/** Signs in for real (password check, session row) and returns the session id the JWT would carry. */
async function signIn(email: string, ip = '10.20.0.1'): Promise<string> {
  const result = await authenticate({ email, password: TEST_PASSWORD }, ip, 'Mozilla/5.0 (test)');
  if (!result) throw new Error(`sign-in of ${email} failed`);
  return result.sid;
}

const sessionRow = async (sid: string) =>
  (await db.select().from(userSessions).where(eq(userSessions.id, sid)))[0] ?? null;

describe('a sign-in is a session row', () => {
  beforeEach(() => signInAs(null));

  it('records the user, the address and browser, and an expiry of the session lifetime', async () => {
    const user = await createTestUser('sales_rep', { email: 'row@example.com' });
    const sid = await signIn('row@example.com', '198.51.100.7');
    const row = await sessionRow(sid);
    expect(row).toMatchObject({ userId: user.userId, ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (test)' });
    expect(row?.revokedAt).toBeNull();
    const lifetime = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 1000;
    expect(lifetime).toBe(SESSION_MAX_AGE_SECONDS);
    expect(await loadViewer(user.userId, sid)).toMatchObject({ userId: user.userId, role: 'sales_rep' });
  });

  it('loadViewer refuses a session id of another user, an unknown one and an expired one', async () => {
    const ana = await createTestUser('sales_rep', { email: 'ana.s@example.com' });
    const bo = await createTestUser('manager', { email: 'bo.s@example.com' });
    const anaSid = await signIn('ana.s@example.com');
    expect(await loadViewer(bo.userId, anaSid)).toBeNull();
    expect(await loadViewer(ana.userId, '00000000-0000-4000-8000-000000000000')).toBeNull();
    await db
      .update(userSessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(userSessions.id, anaSid));
    expect(await loadViewer(ana.userId, anaSid)).toBeNull();
  });

  it('a sign-in that loses a race with a password reset gets no session', async () => {
    const user = await createTestUser('marketer', { email: 'race.s@example.com' });
    // The hash the sign-in verified against is no longer the user's when the session is made.
    expect(await startSession({ id: user.userId, passwordHash: 'an-older-hash' }, { ip: '10.0.0.9' })).toBeNull();
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, user.userId))).toHaveLength(0);
  });
});

describe('sessions end on the server', () => {
  beforeEach(() => signInAs(null));

  it('after sign-out the same token is refused; the user’s other sessions and other users are untouched', async () => {
    const user = await createTestUser('sales_rep', { email: 'leave@example.com' });
    const other = await createTestUser('sales_rep', { email: 'stay@example.com' });
    const laptop = await signIn('leave@example.com');
    const phone = await signIn('leave@example.com');
    const otherSid = await signIn('stay@example.com');

    signInAs({ userId: user.userId, sid: laptop });
    await logoutAction();
    expect(await loadViewer(user.userId, laptop)).toBeNull();
    expect((await sessionRow(laptop))?.revokedAt).toBeInstanceOf(Date);
    expect(await loadViewer(user.userId, phone)).not.toBeNull();
    expect(await loadViewer(other.userId, otherSid)).not.toBeNull();

    // The copied cookie calling an action afterwards is sent to /login.
    signInAs({ userId: user.userId, sid: laptop });
    const { createCustomerAction } = await import('@/lib/customers/customer-actions');
    await expect(createCustomerAction(initial, form({ kind: 'person', name: 'After sign-out' }))).rejects.toThrow(
      /NEXT_REDIRECT/,
    );
  });

  it('a password reset refuses every token of that user, and only of that user; a new sign-in works', async () => {
    const admin = await createTestUser('admin');
    const target = await createTestUser('sales_rep', { email: 'reset.s@example.com' });
    const bystander = await createTestUser('sales_rep', { email: 'by.s@example.com' });
    const sids = [await signIn('reset.s@example.com'), await signIn('reset.s@example.com')];
    const bystanderSid = await signIn('by.s@example.com');

    signInAs(admin);
    const reset = await resetPasswordAction(initial, form({ id: target.userId, password: 'velvet-harbor-quartz-58' }));
    expect(reset.ok).toBe(true);
    const adminSid = session.sid; // the admin's own session, made when the action checked it
    for (const sid of sids) expect(await loadViewer(target.userId, sid)).toBeNull();
    expect(await loadViewer(bystander.userId, bystanderSid)).not.toBeNull();
    expect(await loadViewer(admin.userId, adminSid!)).not.toBeNull();

    const fresh = await authenticate({ email: 'reset.s@example.com', password: 'velvet-harbor-quartz-58' }, '10.0.0.1');
    expect(await loadViewer(target.userId, fresh!.sid)).not.toBeNull();
  });

  it('a deactivation refuses every token of that user, and they stay dead after reactivation', async () => {
    const admin = await createTestUser('admin');
    const target = await createTestUser('service_agent', { email: 'off.s@example.com' });
    const bystander = await createTestUser('service_agent', { email: 'on.s@example.com' });
    const sids = [await signIn('off.s@example.com'), await signIn('off.s@example.com')];
    const bystanderSid = await signIn('on.s@example.com');

    signInAs(admin);
    const off = await updateUserAction(
      initial,
      form({ id: target.userId, version: '1', name: target.name, role: 'service_agent' }),
    );
    expect(off.ok).toBe(true);
    for (const sid of sids) expect(await loadViewer(target.userId, sid)).toBeNull();
    expect(await loadViewer(bystander.userId, bystanderSid)).not.toBeNull();

    const on = await updateUserAction(
      initial,
      form({ id: target.userId, version: '2', name: target.name, role: 'service_agent', active: 'on' }),
    );
    expect(on.ok).toBe(true);
    for (const sid of sids) expect(await loadViewer(target.userId, sid)).toBeNull();
    expect(await loadViewer(target.userId, await signIn('off.s@example.com'))).not.toBeNull();
  });

  it('a rename or role change keeps the user signed in (the role is read fresh anyway)', async () => {
    const admin = await createTestUser('admin');
    const target = await createTestUser('marketer', { email: 'promoted.s@example.com' });
    const sid = await signIn('promoted.s@example.com');
    signInAs(admin);
    const result = await updateUserAction(
      initial,
      form({ id: target.userId, version: '1', name: 'Renamed', role: 'manager', active: 'on' }),
    );
    expect(result.ok).toBe(true);
    expect(await loadViewer(target.userId, sid)).toMatchObject({ name: 'Renamed', role: 'manager' });
  });
});

describe('the sign-in action', () => {
  it('a crafted call whose second argument is not a form is refused like a wrong password, not a crash (HTTP 500)', async () => {
    signInAs(null);
    for (const body of ['a string', null, undefined, 42, { email: 'someone@example.com', password: TEST_PASSWORD }, []])
      await expect(loginAction(initial, body as unknown as FormData)).resolves.toMatchObject({
        ok: false,
        message: 'invalidCredentials',
      });
  });
});

describe('old session rows do not pile up', () => {
  it(`a sign-in deletes expired rows, ${PRUNE_BATCH} at most; live and recently revoked rows stay`, async () => {
    const user = await createTestUser('sales_rep', { email: 'prune@example.com' });
    await db.delete(userSessions);
    const expired = sql`now() - interval '1 minute'`;
    await db
      .insert(userSessions)
      .values(Array.from({ length: PRUNE_BATCH + 20 }, () => ({ userId: user.userId, expiresAt: expired })));
    const live = await signIn('prune@example.com'); // prunes PRUNE_BATCH
    const revoked = await signIn('prune@example.com'); // prunes the remaining 20
    await db.update(userSessions).set({ revokedAt: sql`now()` }).where(eq(userSessions.id, revoked));

    const rows = await db.select({ id: userSessions.id }).from(userSessions);
    expect(rows.map((r) => r.id).sort()).toEqual([live, revoked].sort());
    expect(await pruneExpiredSessions()).toBe(0);
  });

  it('deleting a user deletes their sessions', async () => {
    const user = await createTestUser('marketer', { email: 'deleted.s@example.com' });
    const sid = await signIn('deleted.s@example.com');
    await db.delete(users).where(eq(users.id, user.userId));
    expect(await sessionRow(sid)).toBeNull();
  });
});
