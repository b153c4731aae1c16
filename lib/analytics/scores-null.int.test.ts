import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { analyticsRuns } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import { setupTestDatabase } from '@/lib/testing/db';
import { refreshAnalytics } from './refresh';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
const asOf = '2026-06-30';

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  // Every customer keeps one counted order: nobody bought on two days, so BG/NBD cannot be fitted.
  await db.execute(sql`update orders set status = 'cancelled' where id not in (
      select distinct on (customer_id) id from orders where customer_id is not null
      order by customer_id, ordered_at, id)`);
});

describe('a refresh whose BG/NBD model fails', () => {
  it('writes NULL (not 0, not NaN) for the probabilistic columns on both drivers', async () => {
    const result = await refreshAnalytics({ trigger: 'manual', asOf, workers: false });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const [run] = await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, result.runId));
    expect(run.parameters?.bgNbd.status.state).toBe('failed');
    const [counts] = await rows<Record<string, number>>(
      db,
      sql`select count(*)::int as "all",
        count(predicted_clv)::int as "predictedClv", count(clv_band)::int as "clvBand",
        count(expected_value)::int as "expectedValue", count(p_alive)::int as "pAlive",
        count(expected_purchases)::int as "expectedPurchases",
        count(expected_purchases_30)::int as "expectedPurchases30",
        count(expected_purchases_90)::int as "expectedPurchases90",
        count(expected_purchases_365)::int as "expectedPurchases365",
        count(*) filter (where p_alive = 'NaN' or expected_purchases_30 = 'NaN' or churn_risk = 'NaN'
          or p_alive = 'Infinity' or expected_purchases_30 = 'Infinity')::int as "notANumber",
        count(*) filter (where recency_days is null or frequency is null or monetary is null
          or r_score is null)::int as "rfmNull"
        from customer_scores where run_id = ${result.runId}`,
    );
    expect(counts.all).toBeGreaterThan(10);
    expect(counts).toMatchObject({
      predictedClv: 0,
      clvBand: 0,
      expectedValue: 0,
      pAlive: 0,
      expectedPurchases: 0,
      expectedPurchases30: 0,
      expectedPurchases90: 0,
      expectedPurchases365: 0,
      notANumber: 0,
      rfmNull: 0,
    });
  });
});
