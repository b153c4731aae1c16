import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { loginAttempts, userSessions, users } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, TEST_PASSWORD } from '@/lib/testing/factories';
import { authenticate, ThrottledSignin } from './auth';
import { UNKNOWN_ADDRESS } from './client-address';
import { verifyPassword } from './password';
import { THROTTLE } from './throttle';

// Count real password checks while keeping them real.
vi.mock('./password', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./password')>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

setupTestDatabase();

beforeEach(() => vi.mocked(verifyPassword).mockClear());

describe('sign-in', () => {
  it('accepts the right password (email in any case) and records a success', async () => {
    const user = await createTestUser('sales_rep', { email: 'ana@example.com' });
    const result = await authenticate({ email: 'ANA@example.com', password: TEST_PASSWORD }, '10.0.0.1');
    expect(result).toEqual({ id: user.userId, name: user.name, email: 'ana@example.com', sid: expect.any(String) });
    expect((await db.select().from(users).where(eq(users.id, user.userId)))[0].lastLoginAt).not.toBeNull();
  });

  it('gives the same answer (null) for a wrong password, an unknown email and malformed input', async () => {
    await createTestUser('sales_rep', { email: 'bo@example.com' });
    expect(await authenticate({ email: 'bo@example.com', password: 'wrong' }, '10.0.0.2')).toBeNull();
    expect(await authenticate({ email: 'nobody@example.com', password: TEST_PASSWORD }, '10.0.0.2')).toBeNull();
    expect(await authenticate({ email: 'not an email', password: '' }, '10.0.0.2')).toBeNull();
    expect(await authenticate(null, '10.0.0.2')).toBeNull();
  });

  it('refuses a deactivated user with the right password and starts no session', async () => {
    const user = await createTestUser('service_agent', { email: 'gone@example.com', active: false });
    expect(await authenticate({ email: 'gone@example.com', password: TEST_PASSWORD }, '10.0.0.3')).toBeNull();
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, user.userId))).toHaveLength(0);
  });

  it(`throttles an account after ${THROTTLE.maxPerAccount} failures, even from new addresses and with the right password`, async () => {
    await createTestUser('marketer', { email: 'target@example.com' });
    for (let i = 0; i < THROTTLE.maxPerAccount; i++) {
      expect(await authenticate({ email: 'target@example.com', password: `guess-${i}` }, `10.1.0.${i}`)).toBeNull();
    }
    await expect(
      authenticate({ email: 'target@example.com', password: TEST_PASSWORD }, '10.2.0.1'),
    ).rejects.toBeInstanceOf(ThrottledSignin);
  });

  it('failures older than the window no longer count', async () => {
    await createTestUser('marketer', { email: 'old@example.com' });
    const old = new Date(Date.now() - (THROTTLE.windowMinutes + 1) * 60_000);
    await db.insert(loginAttempts).values(
      Array.from({ length: THROTTLE.maxPerAccount }, () => ({
        email: 'old@example.com',
        ip: '10.3.0.1',
        success: false,
        at: old,
      })),
    );
    expect(await authenticate({ email: 'old@example.com', password: TEST_PASSWORD }, '10.3.0.1')).not.toBeNull();
  });

  it(`throttles an address after ${THROTTLE.maxPerAddress} failures across many accounts`, async () => {
    const victim = await createTestUser('manager', { email: 'victim@example.com' });
    await db.insert(loginAttempts).values(
      Array.from({ length: THROTTLE.maxPerAddress }, (_, i) => ({
        email: `spray${i}@example.com`,
        ip: '10.9.9.9',
        success: false,
      })),
    );
    await expect(authenticate({ email: victim.email, password: TEST_PASSWORD }, '10.9.9.9')).rejects.toBeInstanceOf(
      ThrottledSignin,
    );
    expect(await authenticate({ email: victim.email, password: TEST_PASSWORD }, '10.9.9.10')).not.toBeNull();
  });

  it('an unknown address is no one’s: failures recorded under it throttle no address (accounts still are)', async () => {
    const user = await createTestUser('manager', { email: 'nowhere@example.com' });
    await db.insert(loginAttempts).values(
      Array.from({ length: THROTTLE.maxPerAddress + 1 }, (_, i) => ({
        email: `spray${i}@example.com`,
        ip: UNKNOWN_ADDRESS,
        success: false,
      })),
    );
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD }, UNKNOWN_ADDRESS)).not.toBeNull();
  });

  it(`${THROTTLE.maxPerAccount} password checks at most for 20 parallel wrong guesses at one account; the rest and a later right password are throttled`, async () => {
    await createTestUser('manager', { email: 'race@example.com' });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        authenticate({ email: 'race@example.com', password: `guess-${i}` }, `10.4.0.${i}`),
      ),
    );
    expect(vi.mocked(verifyPassword).mock.calls.length).toBeLessThanOrEqual(THROTTLE.maxPerAccount);
    const throttled = results.filter((r) => r.status === 'rejected' && r.reason instanceof ThrottledSignin);
    const refused = results.filter((r) => r.status === 'fulfilled' && r.value === null);
    expect(throttled.length + refused.length).toBe(20);
    expect(throttled.length).toBeGreaterThanOrEqual(20 - THROTTLE.maxPerAccount);
    const checks = vi.mocked(verifyPassword).mock.calls.length;
    await expect(
      authenticate({ email: 'race@example.com', password: TEST_PASSWORD }, '10.4.1.1'),
    ).rejects.toBeInstanceOf(ThrottledSignin);
    expect(vi.mocked(verifyPassword).mock.calls.length).toBe(checks);
  });

  it('a success clears the account’s failures, so a later typo does not lock the user out', async () => {
    await createTestUser('marketer', { email: 'typo@example.com' });
    for (let i = 0; i < THROTTLE.maxPerAccount - 1; i++)
      expect(await authenticate({ email: 'typo@example.com', password: 'nope' }, '10.5.0.1')).toBeNull();
    expect(await authenticate({ email: 'typo@example.com', password: TEST_PASSWORD }, '10.5.0.1')).not.toBeNull();
    const rows = await db.select().from(loginAttempts).where(eq(loginAttempts.email, 'typo@example.com'));
    expect(rows.map((r) => r.success)).toEqual([true]);
    for (let i = 0; i < THROTTLE.maxPerAccount - 1; i++)
      expect(await authenticate({ email: 'typo@example.com', password: 'nope' }, '10.5.0.1')).toBeNull();
    expect(await authenticate({ email: 'typo@example.com', password: TEST_PASSWORD }, '10.5.0.1')).not.toBeNull();
  });
});
