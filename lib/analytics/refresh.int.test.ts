import { and, asc, eq, getTableColumns, getTableName, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeCustomers, TransactionTable, toDay, VALUE_CLASS_LIST } from '@/analytics';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import {
  analyticsBasketRules,
  analyticsClusters,
  analyticsCurrent,
  analyticsRuns,
  customerScores,
  customers,
  orders,
  settings,
} from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import { getBoss, stopBoss } from '@/lib/jobs/boss';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { withDatabase } from '@/lib/testing/global-setup';
import { signInAs } from '@/lib/testing/session-mock';
import { holdoutStart, pipelineOptions } from './compute';
import { copyOrderHistory, loadOrderHistory, readAnalyticsSettings } from './load';
import { connectRefreshClient, isRefreshLocked, REFRESH_LOCK, tryRefreshLock } from './lock';
import { scoresPartition } from './partitions';
import { refreshAnalytics, SCORES_KIND } from './refresh';
import { refreshAnalyticsAction } from './refresh-actions';
import { ANALYTICS_REFRESH_QUEUE } from './refresh-job';
import { getAnalyticsStatus } from './runs';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
const anchor = new Date('2026-06-30T00:00:00Z');
const asOf = '2026-06-30';

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor });
});
afterAll(() => stopBoss(2_000));

const currentRunId = async () =>
  (await db.select().from(analyticsCurrent).where(eq(analyticsCurrent.kind, SCORES_KIND)))[0]?.runId ?? null;

/** Everything a reader sees of a run's snapshot, without the run id. */
async function snapshotOf(runId: string) {
  const { runId: _, ...scoreColumns } = getTableColumns(customerScores);
  const scores = await db
    .select(scoreColumns)
    .from(customerScores)
    .where(eq(customerScores.runId, runId))
    .orderBy(asc(customerScores.customerId));
  const clusters = await db
    .select()
    .from(analyticsClusters)
    .where(eq(analyticsClusters.runId, runId))
    .orderBy(asc(analyticsClusters.cluster));
  const rules = await db
    .select()
    .from(analyticsBasketRules)
    .where(eq(analyticsBasketRules.runId, runId))
    .orderBy(asc(analyticsBasketRules.antecedentId), asc(analyticsBasketRules.consequentId));
  const [run] = await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, runId));
  const strip = <T extends { runId: string }>(list: T[]) => list.map(({ runId: _r, ...rest }) => rest);
  return {
    scores,
    clusters: strip(clusters),
    rules: strip(rules),
    inputs: run.inputs,
    parameters: run.parameters,
    metrics: run.metrics,
    counts: [run.orderCount, run.customerCount],
  };
}

describe('analytics refresh', () => {
  let firstRun: string;

  it('writes one row per customer that equals what analyzeCustomers returns for the same orders', async () => {
    // Worker threads: the test seed is below the size from which a refresh starts them by itself.
    const result = await refreshAnalytics({ trigger: 'cli', asOf, workers: true });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    firstRun = result.runId;
    expect(await currentRunId()).toBe(firstRun);

    // The same orders, read independently: counted (not cancelled or refunded) orders of live
    // customers, by customer id and time, each on its UTC day (the seed's time zone is UTC).
    const found = await db
      .select({ customerId: orders.customerId, orderedAt: orders.orderedAt, total: orders.total })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(and(isNull(customers.deletedAt), notInArray(orders.status, ['cancelled', 'refunded'])))
      .orderBy(asc(orders.customerId), asc(orders.orderedAt), asc(orders.id));
    const table = new TransactionTable();
    // The inner join leaves out guest orders (no customer).
    for (const o of found) table.addDay(o.customerId!, toDay(o.orderedAt), Number(o.total));
    const { settings } = await readAnalyticsSettings(db);
    const expected = analyzeCustomers(table, pipelineOptions(settings, asOf, holdoutStart(table, asOf)));

    const written = await db
      .select()
      .from(customerScores)
      .where(eq(customerScores.runId, firstRun))
      .orderBy(asc(customerScores.customerId));
    expect(written.length).toBe(expected.customers.length);
    expect(written.length).toBeGreaterThan(100);
    const key = new Map(VALUE_CLASS_LIST.map((c) => [c.zh, c.key]));
    const money = (v: number | null | undefined) => (v === null || v === undefined ? null : v.toFixed(2));
    const byId = new Map(expected.customers.map((c) => [c.customerId, c]));
    for (const row of written) {
      const c = byId.get(row.customerId)!;
      expect(row).toMatchObject({
        firstOrderOn: c.firstPurchase,
        lastOrderOn: c.lastPurchase,
        recencyDays: c.recencyDays,
        frequency: c.orders,
        monetary: money(c.revenue),
        purchaseDays: c.purchaseDays,
        rScore: c.r,
        fScore: c.f,
        mScore: c.m,
        rfmSegment: c.segment,
        valueClass: key.get(c.valueClass),
        weightedScore: c.weightedScore.toFixed(3),
        historicalClv: money(c.historicalClv),
        textbookClv: money(c.textbookClv),
        predictedClv: money(c.probabilistic?.clv),
        expectedValue: money(c.probabilistic?.expectedValue),
        pAlive: c.probabilistic?.pAlive ?? null,
        expectedPurchases: c.probabilistic?.expectedPurchases ?? null,
        cluster: c.cluster,
      });
    }
    const run = (await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, firstRun)))[0];
    expect(run).toMatchObject({ status: 'succeeded', step: null, trigger: 'cli', customerCount: written.length });
    // Churn, k-means, standard errors, the holdout check, cohorts and basket rules ran in the two
    // worker threads.
    expect(run.timings).toMatchObject({ threads: 3 });
    expect(run.parameters?.bgNbd.r.value).toBe(expected.model.bgNbd.params.r);
    expect(run.parameters?.bgNbd.r.se).toBeGreaterThan(0);
    expect(run.metrics?.kmeansCandidates).toEqual(expected.model.kmeans.candidates);
    expect(run.metrics?.holdout?.byFrequency).toEqual(expected.model.holdout?.check?.byFrequency);
    expect(run.metrics?.holdout?.cumulative?.length).toBeGreaterThan(10);
    expect(await db.select().from(analyticsClusters).where(eq(analyticsClusters.runId, firstRun))).toHaveLength(
      expected.model.kmeans.k,
    );
  });

  it("customers' active months give the cohort matrix, and every scored customer has a churn risk with reasons", async () => {
    const snap = await snapshotOf(firstRun);
    const cells = await rows<{ cohort: string; m: number; n: number }>(
      db,
      sql`select to_char(date_trunc('month', ${customerScores.firstOrderOn}), 'YYYY-MM') as cohort, m::int as m, count(*)::int as n
          from ${customerScores} cross join unnest(${customerScores.activeMonths}) m
          where ${customerScores.runId} = ${firstRun} group by 1, 2`,
    );
    const fromScores = Object.fromEntries(cells.map((c) => [`${c.cohort}+${c.m}`, c.n]));
    const fromMetrics: Record<string, number> = {};
    for (const c of snap.metrics!.cohorts)
      c.active.forEach((n, m) => {
        if (n > 0) fromMetrics[`${c.cohort}+${m}`] = n;
      });
    expect(fromScores).toEqual(fromMetrics);
    expect(Object.keys(fromMetrics).length).toBeGreaterThan(50);
    expect(snap.scores.every((s) => s.churnRisk !== null && s.churnRisk >= 0 && s.churnRisk <= 1)).toBe(true);
    expect(snap.scores.some((s) => (s.churnReasons ?? []).length > 0)).toBe(true);
    expect(snap.rules.length).toBeGreaterThan(0);
  });

  it('a second refresh of unchanged data changes nothing but the run, computed on one thread or two', async () => {
    const before = await snapshotOf(firstRun);
    const result = await refreshAnalytics({ trigger: 'schedule', asOf, workers: false });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.runId).not.toBe(firstRun);
    expect(await currentRunId()).toBe(result.runId);
    expect(await snapshotOf(result.runId)).toEqual(before);
    const [pointer] = await db.select().from(analyticsCurrent).where(eq(analyticsCurrent.kind, SCORES_KIND));
    expect(pointer.previousRunId).toBe(firstRun);
  });

  it("the planner knows the new run's size as soon as it is published (statistics gathered with the write)", async () => {
    // Two runs: the statistics of the first would put the second at almost no rows.
    const result = await refreshAnalytics({ trigger: 'cli', asOf });
    expect(result.ok).toBe(true);
    const runId = (await currentRunId())!;
    const [{ n }] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${customerScores} where ${customerScores.runId} = ${runId}`,
    );
    const [plan] = await rows<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      db,
      sql`explain (format json) select * from ${customerScores} where ${customerScores.runId} = ${sql.raw(`'${runId}'`)}`,
    );
    const estimate = plan['QUERY PLAN'][0].Plan['Plan Rows'];
    expect(estimate).toBeGreaterThan(n / 2);
    expect(estimate).toBeLessThan(n * 2);
  });

  it('a refresh started while one runs is refused, and nothing is written', async () => {
    const runsBefore = await db.$count(analyticsRuns);
    const held = await tryRefreshLock(ctx.handle);
    expect(held).not.toBeNull();
    try {
      expect(await refreshAnalytics({ trigger: 'manual', asOf })).toEqual({ ok: false, reason: 'alreadyRunning' });
      expect(await db.$count(analyticsRuns)).toBe(runsBefore);
    } finally {
      await held!.release();
    }
  });

  it.runIf(process.env.TEST_DRIVER === 'pg')(
    'the COPY loader gives the table the SQL aggregate gives, in a time zone with summer time and a window',
    async () => {
      const client = await connectRefreshClient(ctx.handle.url!);
      const second = await connectRefreshClient(ctx.handle.url!);
      // A return (negative total, on a purchase day of its customer's) and a guest order (no customer).
      const [buyer] = await db
        .select({ id: orders.customerId, at: orders.orderedAt })
        .from(orders)
        .where(eq(orders.status, 'paid'))
        .limit(1);
      const extra = await db
        .insert(orders)
        .values([
          { number: 'T-RET-1', kind: 'return', customerId: buyer.id, orderedAt: buyer.at, total: '-12.34' },
          { number: 'T-GUEST-1', customerId: null, orderedAt: new Date('2026-05-05T10:00:00Z'), total: '4321.09' },
        ])
        .returning({ id: orders.id });
      try {
        for (const range of [
          { asOf, from: null, timeZone: 'UTC' },
          { asOf: '2026-03-08', from: '2025-11-02', timeZone: 'America/New_York' }, // both ends on a DST change
          { asOf: '2026-06-30', from: '2025-07-01', timeZone: 'Asia/Kathmandu' }, // +05:45
        ]) {
          const copied = await copyOrderHistory(db, client, range);
          const aggregated = await loadOrderHistory(db, range);
          // Read in shares of the table's pages over two connections in one snapshot (as a refresh
          // does): the same table, and both connections are out of their transactions afterwards.
          expect((await copyOrderHistory(db, [client, second], range)).grouped).toEqual(copied.grouped);
          for (const c of [client, second])
            expect((await c.query('select now() = statement_timestamp() as idle')).rows[0].idle).toBe(true);
          expect(copied.orderCount).toBeGreaterThan(100);
          expect(copied.orderCount).toBe(aggregated.orderCount);
          expect(copied.grouped).toEqual(aggregated.grouped);
        }
        // A share that cannot get its lock (a schema change holds customers, which it reads) gives up after the lock
        // timeout, and leaves both connections out of their transactions.
        const ddl = await connectRefreshClient(ctx.handle.url!);
        try {
          await ddl.query('begin');
          await ddl.query('lock table customers in access exclusive mode');
          await expect(
            copyOrderHistory(db, [client, second], { asOf, from: null, timeZone: 'UTC' }, { lockTimeout: '300ms' }),
          ).rejects.toThrow(/lock timeout/);
          for (const c of [client, second])
            expect((await c.query('select now() = statement_timestamp() as idle')).rows[0].idle).toBe(true);
        } finally {
          await ddl.query('rollback');
          await ddl.end();
        }
        const all = await copyOrderHistory(db, client, { asOf, from: null, timeZone: 'UTC' });
        expect(Array.from(all.grouped.amounts)).toContain(-12.34);
        expect(Array.from(all.grouped.amounts)).not.toContain(4321.09);
      } finally {
        await client.end();
        await second.end();
        await db.delete(orders).where(
          inArray(
            orders.id,
            extra.map((o) => o.id),
          ),
        );
      }
    },
  );

  it('of two refreshes started together, one runs and the other is refused', async () => {
    const results = await Promise.all([
      refreshAnalytics({ trigger: 'manual', asOf }),
      refreshAnalytics({ trigger: 'manual', asOf }),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['alreadyRunning', 'ok']);
  });

  it('a refresh that fails while publishing leaves the previous snapshot current and readable, and records the error', async () => {
    const current = (await currentRunId())!;
    const before = await snapshotOf(current);
    const result = await refreshAnalytics({
      trigger: 'manual',
      asOf,
      onStep: (step) => {
        if (step === 'publish') throw new Error('disk full');
      },
    });
    expect(result).toMatchObject({ ok: false, reason: 'failed', error: 'disk full' });
    if (result.ok || result.reason !== 'failed') return;
    expect(await currentRunId()).toBe(current);
    expect(await snapshotOf(current)).toEqual(before);
    expect(await db.$count(customerScores, eq(customerScores.runId, result.runId))).toBe(0);
    // Its table of scores went with the transaction.
    const [{ table }] = await rows<{ table: string | null }>(
      db,
      sql`select to_regclass(${scoresPartition(result.runId)})::text as "table"`,
    );
    expect(table).toBeNull();
    const [failed] = await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, result.runId));
    expect(failed).toMatchObject({ status: 'failed', step: 'publish', error: 'disk full' });
    expect(failed.finishedAt).toBeInstanceOf(Date);
  });

  it('a refresh that cannot analyse the data (one customer left) fails in words and keeps the previous snapshot', async () => {
    const current = (await currentRunId())!;
    const before = await snapshotOf(current);
    const [keep] = await db.select({ id: orders.customerId }).from(orders).limit(1);
    const hidden = await db
      .update(customers)
      .set({ deletedAt: new Date() })
      .where(and(ne(customers.id, keep.id!), isNull(customers.deletedAt)))
      .returning({ id: customers.id });
    try {
      const result = await refreshAnalytics({ trigger: 'manual', asOf });
      expect(result).toMatchObject({
        ok: false,
        reason: 'failed',
        error: expect.stringContaining('at least two customers'),
      });
      if (result.ok || result.reason !== 'failed') return;
      const [failed] = await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, result.runId));
      expect(failed).toMatchObject({ status: 'failed', step: 'analyze' });
      expect(await currentRunId()).toBe(current);
      expect(await snapshotOf(current)).toEqual(before);
    } finally {
      await db
        .update(customers)
        .set({ deletedAt: null })
        .where(
          inArray(
            customers.id,
            hidden.map((h) => h.id),
          ),
        );
    }
  });

  it('keeps the rows of the last three succeeded runs only', async () => {
    for (let i = 0; i < 2; i++)
      expect(await refreshAnalytics({ trigger: 'schedule', asOf })).toMatchObject({ ok: true });
    const runs = await db
      .select({ id: analyticsRuns.id, status: analyticsRuns.status })
      .from(analyticsRuns)
      .where(eq(analyticsRuns.status, 'succeeded'));
    expect(runs).toHaveLength(3);
    const withScores = await db.selectDistinct({ runId: customerScores.runId }).from(customerScores);
    expect(withScores.map((r) => r.runId).sort()).toEqual(runs.map((r) => r.id).sort());
    // Each kept run's scores are a table of customer_scores; a pruned run's table is dropped.
    const tables = await rows<{ name: string }>(
      db,
      sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = ${getTableName(customerScores)}::regclass`,
    );
    expect(tables.map((t) => t.name).sort()).toEqual(runs.map((r) => scoresPartition(r.id)).sort());
    const [{ gone }] = await rows<{ gone: string | null }>(
      db,
      sql`select to_regclass(${scoresPartition(firstRun)})::text as gone`,
    );
    expect(gone).toBeNull();
    expect(runs.map((r) => r.id)).not.toContain(firstRun);
    const status = await getAnalyticsStatus(await createTestUser('marketer'));
    expect(status?.current?.id).toBe(await currentRunId());
    expect(status?.canRefresh).toBe(false);
  });

  it('a 12-month history window scores only customers who bought in it, from orders in it', async () => {
    await db.update(settings).set({ rfmWindowMonths: 12 });
    try {
      const result = await refreshAnalytics({ trigger: 'manual', asOf });
      expect(result).toMatchObject({ ok: true });
      if (!result.ok) return;
      const [range] = await rows<{ first: string; customers: number; inWindow: number }>(
        db,
        sql`select min(${customerScores.firstOrderOn})::text as first, count(*)::int as customers,
                   (select count(distinct ${orders.customerId})::int from ${orders}
                    where ${orders.orderedAt} >= '2025-07-01' and ${orders.orderedAt} < '2026-07-01'
                      and ${orders.status} not in ('cancelled', 'refunded')) as "inWindow"
            from ${customerScores} where ${customerScores.runId} = ${result.runId}`,
      );
      expect(range.first >= '2025-07-01').toBe(true);
      expect(range.customers).toBe(range.inWindow);
      const [run] = await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, result.runId));
      expect(run.inputs).toMatchObject({ windowMonths: 12, asOf });
    } finally {
      await db.update(settings).set({ rfmWindowMonths: null });
    }
  });

  it('a run left running by a stopped process is marked failed by the next refresh', async () => {
    const [stale] = await db
      .insert(analyticsRuns)
      .values({ status: 'running', step: 'analyze', asOf: new Date(), trigger: 'schedule' })
      .returning({ id: analyticsRuns.id });
    expect(await refreshAnalytics({ trigger: 'manual', asOf })).toMatchObject({ ok: true });
    const [row] = await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, stale.id));
    expect(row).toMatchObject({ status: 'failed', step: 'analyze', error: expect.stringContaining('Interrupted') });
  });

  it('"Refresh now" is refused while a refresh runs, and shows the running one as latest', async () => {
    const manager = await createTestUser('manager');
    signInAs(manager);
    const held = await tryRefreshLock(ctx.handle);
    try {
      expect(await refreshAnalyticsAction({})).toMatchObject({
        ok: false,
        reason: 'alreadyRunning',
        message: 'alreadyRunning',
      });
    } finally {
      await held!.release();
    }
    const [running] = await db
      .insert(analyticsRuns)
      .values({ status: 'running', step: 'write', asOf: new Date(), trigger: 'manual' })
      .returning({ id: analyticsRuns.id });
    const status = await getAnalyticsStatus(manager);
    expect(status).toMatchObject({ latest: { id: running.id, status: 'running', step: 'write' }, canRefresh: true });
    expect(status?.current?.status).toBe('succeeded');
    expect(status?.current?.customers).toBeGreaterThan(0);
    // A rep sees when the numbers are from, not how many customers and orders the company has.
    const repStatus = await getAnalyticsStatus(await createTestUser('sales_rep'));
    expect(repStatus?.current).toMatchObject({ id: status?.current?.id, customers: null, orders: null });
    expect(repStatus?.latest).toMatchObject({ id: running.id, customers: null, orders: null });
    await db.delete(analyticsRuns).where(eq(analyticsRuns.id, running.id));
    expect(await getAnalyticsStatus(await createTestUser('service_agent'))).toBeNull();
  });

  it.runIf(process.env.TEST_DRIVER === 'pg')(
    'a refresh running in another database on the same server does not lock this one',
    async () => {
      const other = new pg.Client({ connectionString: withDatabase(ctx.handle.url!, 'postgres') });
      await other.connect();
      try {
        await other.query('select pg_advisory_lock($1::int, $2::int)', [...REFRESH_LOCK]);
        expect(await isRefreshLocked(ctx.handle)).toBe(false);
        const held = await tryRefreshLock(ctx.handle);
        expect(held).not.toBeNull();
        expect(await isRefreshLocked(ctx.handle)).toBe(true);
        await held!.release();
      } finally {
        await other.end();
      }
    },
  );

  it('a sales rep cannot ask for a refresh; a manager can, and the job is queued', async () => {
    signInAs(await createTestUser('sales_rep'));
    expect(await refreshAnalyticsAction({})).toMatchObject({ ok: false, reason: 'forbidden' });
    const boss = await getBoss();
    expect(await boss.getQueueSize(ANALYTICS_REFRESH_QUEUE)).toBe(0);
    signInAs(await createTestUser('manager'));
    expect(await refreshAnalyticsAction({})).toMatchObject({ ok: true });
    expect(await boss.getQueueSize(ANALYTICS_REFRESH_QUEUE)).toBe(1);
  });
});
