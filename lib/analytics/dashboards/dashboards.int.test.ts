import { and, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { analyticsCurrent, customerScores, customers } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { deleteCustomer, restoreCustomer } from '@/lib/customers/customers';
import { mergeCustomers } from '@/lib/customers/duplicates/merge';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { analyticsStatusAction } from '../dashboard-actions';
import { segmentKey } from '../labels';
import { refreshAnalytics, SCORES_KIND } from '../refresh';
import { getCurrentRun } from './base';
import { getChurnRiskDashboard, listMyValuableAtRisk } from './churn-risk';
import { getLifetimeDashboard } from './lifetime';
import { getRetentionDashboard } from './retention';
import { getSegmentsDashboard } from './segments';
import { getValueDashboard } from './value';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let manager: Viewer, marketer: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer;
let runId: string;

/** Segment counts and spend straight from customer_scores for live customers (optionally one owner's). */
async function segmentTruth(ownerId?: string) {
  return rows<{ segment: string; n: number; spend: string }>(
    db,
    sql`select ${customerScores.rfmSegment} as segment, count(*)::int as n, sum(${customerScores.monetary})::text as spend
        from ${customerScores} join ${customers} on ${customers.id} = ${customerScores.customerId}
        where ${customerScores.runId} = ${runId} and ${customers.deletedAt} is null
          ${ownerId ? sql`and ${customers.ownerId} = ${ownerId}` : sql``}
        group by 1`,
  );
}

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  const result = await refreshAnalytics({ trigger: 'cli', asOf: '2026-06-30' });
  if (!result.ok) throw new Error(`refresh failed: ${JSON.stringify(result)}`);
  runId = result.runId;
  [manager, marketer, rep, rep2, agent] = await Promise.all([
    seededViewer('manager@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
  ]);
}, 120_000);

describe('customer value dashboard', () => {
  it("a manager's segment counts and spend are customer_scores' sums over all live customers", async () => {
    const data = await getValueDashboard(manager, {});
    if (!data?.run) throw new Error('no dashboard');
    expect(data.run.id).toBe(runId);
    const truth = await segmentTruth();
    const total = truth.reduce((s, r) => s + r.n, 0);
    expect(data.kpis.customers).toBe(total);
    for (const r of truth) {
      const row = data.segments.find((s) => s.key === segmentKey(r.segment));
      expect({ segment: r.segment, customers: row?.customers, spend: row?.spend }).toEqual({
        segment: r.segment,
        customers: r.n,
        spend: r.spend,
      });
    }
    expect(data.segments.reduce((s, r) => s + r.customers, 0)).toBe(total);
    expect(data.grid.reduce((s, c) => s + c.customers, 0)).toBe(total);
    expect(data.classes.reduce((s, c) => s + c.customers, 0)).toBe(total);
    expect(data.segments.reduce((s, r) => s + r.spendShare, 0)).toBeCloseTo(1, 6);
    const [sums] = await rows<{ rev: string; clv: string; active: number }>(
      db,
      sql`select sum(${customerScores.revenue12m})::text as rev, sum(${customerScores.predictedClv})::text as clv,
                 (count(*) filter (where ${customerScores.recencyDays} < 365))::int as active
          from ${customerScores} where ${customerScores.runId} = ${runId}`,
    );
    expect(data.kpis.revenue12m).toBe(sums.rev);
    expect(data.kpis.predictedClv).toBe(sums.clv);
    expect(data.kpis.active).toBe(sums.active);
    expect(Number(sums.rev)).toBeGreaterThan(0);
  });

  it('a marketer sees the same whole-company numbers as a manager', async () => {
    const [m, k] = await Promise.all([getValueDashboard(manager, {}), getValueDashboard(marketer, {})]);
    expect(k).toEqual(m);
  });

  it("a rep's numbers are those of the customers they own only", async () => {
    const data = await getValueDashboard(rep, {});
    if (!data?.run) throw new Error('no dashboard');
    const truth = await segmentTruth(rep.userId);
    const own = truth.reduce((s, r) => s + r.n, 0);
    const all = (await segmentTruth()).reduce((s, r) => s + r.n, 0);
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(all);
    expect(data.kpis.customers).toBe(own);
    expect(data.grid.reduce((s, c) => s + c.customers, 0)).toBe(own);
    // An owner filter cannot widen a rep's view to another rep's customers.
    const widened = await getValueDashboard(rep, { owner: rep2.userId });
    if (!widened?.run) throw new Error('no dashboard');
    expect(widened.kpis.customers).toBe(own);
  });

  it("filters narrow the numbers: an owner filter for a manager equals that rep's own view", async () => {
    const [byOwner, asRep] = await Promise.all([
      getValueDashboard(manager, { owner: rep.userId }),
      getValueDashboard(rep, {}),
    ]);
    if (!byOwner?.run || !asRep?.run) throw new Error('no dashboard');
    expect(byOwner.kpis).toEqual(asRep.kpis);
    expect(byOwner.segments).toEqual(asRep.segments);
    const [person, company, all] = await Promise.all([
      getValueDashboard(manager, { kind: 'person' }),
      getValueDashboard(manager, { kind: 'company' }),
      getValueDashboard(manager, {}),
    ]);
    if (!person?.run || !company?.run || !all?.run) throw new Error('no dashboard');
    expect(person.kpis.customers + company.kpis.customers).toBe(all.kpis.customers);
  });

  it('a service agent gets no dashboard, and the status poll refuses them', async () => {
    expect(await getValueDashboard(agent, {})).toBeNull();
    expect(await getLifetimeDashboard(agent, {})).toBeNull();
    expect(await getSegmentsDashboard(agent, {})).toBeNull();
    expect(await getRetentionDashboard(agent, {})).toBeNull();
    expect(await getChurnRiskDashboard(agent, {})).toBeNull();
    signInAs(agent);
    expect(await analyticsStatusAction({})).toMatchObject({ ok: false, reason: 'forbidden' });
    signInAs(manager);
    expect(await analyticsStatusAction({})).toMatchObject({ ok: true, data: { current: { id: runId } } });
  });
});

describe('lifetime value, segments and retention dashboards', () => {
  it('the CLV bins count every customer with a prediction; the top list is sorted and the rep sees only theirs', async () => {
    const data = await getLifetimeDashboard(manager, {});
    if (!data?.run) throw new Error('no dashboard');
    const [{ n }] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${customerScores} where ${customerScores.runId} = ${runId} and ${customerScores.predictedClv} is not null`,
    );
    expect(data.bins.reduce((s, b) => s + b.customers, 0)).toBe(n);
    for (let i = 1; i < data.bins.length; i++) expect(data.bins[i].from).toBe(data.bins[i - 1].to);
    const values = data.top.map((c) => Number(c.predictedClv));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(data.bands.reduce((s, b) => s + b.customers, 0)).toBe(n);

    const mine = await getLifetimeDashboard(rep, {});
    if (!mine?.run) throw new Error('no dashboard');
    const owners = await db
      .select({ id: customers.id, ownerId: customers.ownerId })
      .from(customers)
      .where(sql`${customers.id} in ${mine.top.map((c) => c.id).concat('00000000-0000-0000-0000-000000000000')}`);
    expect(mine.top.length).toBeGreaterThan(0);
    expect(owners.every((o) => o.ownerId === rep.userId)).toBe(true);
  });

  it("cluster sizes add up to the scope's customers, and a rep's to their own", async () => {
    const all = await getSegmentsDashboard(manager, {});
    const mine = await getSegmentsDashboard(rep, {});
    if (!all?.run || !mine?.run) throw new Error('no dashboard');
    const truth = await segmentTruth();
    expect(all.clusters.reduce((s, c) => s + c.customers, 0)).toBe(truth.reduce((s, r) => s + r.n, 0));
    const own = (await segmentTruth(rep.userId)).reduce((s, r) => s + r.n, 0);
    expect(mine.clusters.reduce((s, c) => s + c.customers, 0)).toBe(own);
    expect(all.candidates.length).toBeGreaterThan(0);
    expect(all.clusters.every((c) => c.description.length === 3)).toBe(true);
  });

  it('cohorts counted from customer_scores in SQL (person + company) add up to the matrix the run stored', async () => {
    const [all, person, company, mine] = await Promise.all([
      getRetentionDashboard(manager, {}),
      getRetentionDashboard(manager, { kind: 'person' }),
      getRetentionDashboard(manager, { kind: 'company' }),
      getRetentionDashboard(rep, {}),
    ]);
    if (!all?.run || !person?.run || !company?.run || !mine?.run) throw new Error('no dashboard');
    const summed = new Map<string, number[]>();
    for (const c of [...person.cohorts, ...company.cohorts]) {
      const acc = summed.get(c.cohort) ?? [];
      c.active.forEach((v, m) => {
        acc[m] = (acc[m] ?? 0) + v;
      });
      summed.set(c.cohort, acc);
    }
    for (const c of all.cohorts) expect(summed.get(c.cohort), c.cohort).toEqual(c.active);
    expect(mine.customers).toBe((await segmentTruth(rep.userId)).reduce((s, r) => s + r.n, 0));
    expect(all.months.length).toBeGreaterThan(0);
  });
});

describe('churn risk', () => {
  it('lists valuable customers at risk, most valuable first; a rep only their own', async () => {
    const all = await getChurnRiskDashboard(manager, {});
    if (!all?.run) throw new Error('no dashboard');
    for (const r of all.rows) expect(r.churnRisk !== null && r.churnRisk >= 0.5).toBe(true);
    const clv = all.rows.map((r) => Number(r.predictedClv));
    expect(clv).toEqual([...clv].sort((a, b) => b - a));
    expect(all.summary.customers).toBeGreaterThanOrEqual(all.rows.length);
    const mine = await getChurnRiskDashboard(rep, {});
    if (!mine?.run) throw new Error('no dashboard');
    expect(mine.rows.every((r) => r.ownerId === rep.userId)).toBe(true);
    expect(mine.summary.customers).toBeLessThanOrEqual(all.summary.customers);
    const myDay = await listMyValuableAtRisk(rep, 10);
    expect(myDay?.map((c) => c.id)).toEqual(mine.rows.slice(0, 10).map((r) => r.id));
  });
});

describe('the snapshot a dashboard reads', () => {
  it('without a complete run, every dashboard answers "no run" rather than failing', async () => {
    expect((await getCurrentRun())?.id).toBe(runId);
    const [pointer] = await db.select().from(analyticsCurrent).where(eq(analyticsCurrent.kind, SCORES_KIND));
    await db.delete(analyticsCurrent).where(eq(analyticsCurrent.kind, SCORES_KIND));
    try {
      for (const data of await Promise.all([
        getValueDashboard(manager, {}),
        getLifetimeDashboard(rep, {}),
        getSegmentsDashboard(manager, {}),
        getRetentionDashboard(rep, {}),
        getChurnRiskDashboard(manager, {}),
      ]))
        expect(data).toEqual({ run: null });
      expect(await listMyValuableAtRisk(rep)).toBeNull();
    } finally {
      await db.insert(analyticsCurrent).values(pointer);
    }
  });

  it("a rep's numbers drop a customer deleted since the run at once", async () => {
    const [victim] = await db
      .select({ id: customers.id })
      .from(customers)
      .innerJoin(customerScores, and(eq(customerScores.customerId, customers.id), eq(customerScores.runId, runId)))
      .where(and(eq(customers.ownerId, rep.userId), isNull(customers.deletedAt)))
      .limit(1);
    const before = await getValueDashboard(rep, {});
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, victim.id));
    const after = await getValueDashboard(rep, {});
    if (!before?.run || !after?.run) throw new Error('no dashboard');
    expect(after.kpis.customers).toBe(before.kpis.customers - 1);
    await db.update(customers).set({ deletedAt: null }).where(eq(customers.id, victim.id));
  });

  it("a manager's whole-company numbers (kept per run) drop a customer deleted or merged away at once", async () => {
    const scoredLive = (limit: number) =>
      db
        .select({ id: customers.id, version: customers.version })
        .from(customers)
        .innerJoin(customerScores, and(eq(customerScores.customerId, customers.id), eq(customerScores.runId, runId)))
        .where(isNull(customers.deletedAt))
        .orderBy(customers.id)
        .limit(limit);
    const totals = async () => {
      const [value, segments, lifetime] = await Promise.all([
        getValueDashboard(manager, {}),
        getSegmentsDashboard(marketer, {}),
        getLifetimeDashboard(manager, {}),
      ]);
      if (!value?.run || !segments?.run || !lifetime?.run) throw new Error('no dashboard');
      return {
        value: value.kpis.customers,
        clusters: segments.clusters.reduce((s, c) => s + c.customers, 0),
        withClv: lifetime.bins.reduce((s, b) => s + b.customers, 0),
      };
    };
    const [victim, a, b] = await scoredLive(3);
    const before = await totals(); // now kept for this run
    expect(await deleteCustomer(manager, victim.id)).toMatchObject({ ok: true });
    const deleted = await totals();
    expect(deleted.value).toBe(before.value - 1);
    expect(deleted.clusters).toBe(before.clusters - 1);
    expect(await restoreCustomer(manager, victim.id)).toMatchObject({ ok: true });
    expect(await totals()).toEqual(before);

    // A merge soft-deletes the record merged away: it leaves the numbers too.
    const merged = await mergeCustomers(manager, {
      a: a.id,
      b: b.id,
      aVersion: a.version,
      bVersion: b.version,
      survivor: 'a',
      choices: {},
    });
    expect(merged).toMatchObject({ ok: true });
    expect((await totals()).value).toBe(before.value - 1);
  });
});
