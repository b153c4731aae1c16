import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { seedDatabase } from '@/db/seed';
import { setupTestDatabase } from '@/lib/testing/db';
import { connectRefreshClient } from './lock';
import { KEEP_RUNS, refreshAnalytics } from './refresh';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
const asOf = '2026-06-30';

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
});

const scoreTables = async () =>
  (
    await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_inherits where inhparent = 'customer_scores'::regclass`,
    )
  )[0].n;

describe.runIf(process.env.TEST_DRIVER === 'pg')('pruning old runs while a reader reads customer_scores', () => {
  it('never queues a lock that holds up the other readers; the next refresh prunes', async () => {
    for (let i = 0; i < KEEP_RUNS; i++)
      expect(await refreshAnalytics({ trigger: 'manual', asOf })).toMatchObject({ ok: true });
    expect(await scoreTables()).toBe(KEEP_RUNS);
    // A long report: a transaction that has read customer_scores and is still open.
    const reader = await connectRefreshClient(ctx.handle.url!);
    const watcher = await connectRefreshClient(ctx.handle.url!);
    let queued = 0;
    let refreshing = true;
    try {
      await reader.query('begin');
      await reader.query('select count(*) from customer_scores');
      // Any lock on customer_scores waiting behind the reader: every new reader would queue behind it.
      const watch = (async () => {
        while (refreshing) {
          const { rows: waiting } = await watcher.query<{ n: number }>(
            `select count(*)::int as n from pg_locks where not granted and relation = 'customer_scores'::regclass`,
          );
          queued += waiting[0].n;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const result = await refreshAnalytics({ trigger: 'manual', asOf });
      refreshing = false;
      await watch;
      expect(result).toMatchObject({ ok: true });
      expect(queued).toBe(0);
      // The old run could not be dropped under the reader: it is left to the next refresh.
      expect(await scoreTables()).toBe(KEEP_RUNS + 1);
    } finally {
      refreshing = false;
      await reader.query('rollback').catch(() => {});
      await reader.end();
      await watcher.end();
    }
    expect(await refreshAnalytics({ trigger: 'manual', asOf })).toMatchObject({ ok: true });
    expect(await scoreTables()).toBe(KEEP_RUNS);
  });
});
