import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { rows } from '@/db/rows';
import { refreshAnalytics } from '@/lib/analytics/refresh';
import { setupTestDatabase } from '@/lib/testing/db';
import { resetDatabase, seedDatabase } from './index';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

describe('resetDatabase', () => {
  it("drops the analytics runs' tables of scores with the runs (none left behind for ever)", async () => {
    await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
    expect(await refreshAnalytics({ trigger: 'manual', asOf: '2026-06-30' }, ctx.handle)).toMatchObject({ ok: true });
    const tables = async () =>
      (
        await rows<{ n: number }>(
          ctx.handle.db,
          sql`select count(*)::int as n from pg_inherits where inhparent = 'customer_scores'::regclass`,
        )
      )[0].n;
    expect(await tables()).toBe(1);
    await resetDatabase(ctx.handle);
    expect(await tables()).toBe(0);
  });
});
