import { and, eq, inArray, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, customers, deals, pipelineStages, salesQuotas, users } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { addMonths, ForecastFilterSchema, getForecast } from './forecast';
import { setQuotaAction } from './quota-actions';
import { setQuota } from './quotas';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;
const FROM = '2026-04';
const filter = (params: Record<string, string> = {}) =>
  ForecastFilterSchema.parse({ from: FROM, months: '6', ...params });
const months = Array.from({ length: 6 }, (_, i) => addMonths(FROM, i));

/** The forecast's numbers recomputed from the deal rows (the test settings' time zone is UTC). */
async function expected(owner?: string) {
  const rows = await db
    .select({
      ownerId: deals.ownerId,
      status: deals.status,
      amount: deals.amount,
      close: deals.expectedCloseDate,
      closedAt: deals.closedAt,
      category: deals.forecastCategory,
      probability: pipelineStages.probability,
    })
    .from(deals)
    .innerJoin(pipelineStages, eq(pipelineStages.id, deals.stageId))
    .where(and(isNull(deals.deletedAt), owner ? eq(deals.ownerId, owner) : undefined));
  return months.map((m) => {
    const open = rows.filter((d) => d.status === 'open' && d.category !== 'omitted' && d.close?.startsWith(m));
    const won = rows.filter((d) => d.status === 'won' && d.closedAt?.toISOString().startsWith(m));
    const total = (list: typeof rows) => list.reduce((s, d) => s + Number(d.amount), 0);
    return {
      won: total(won),
      pipeline: total(open),
      commit: total(open.filter((d) => d.category === 'commit')),
      bestCase: total(open.filter((d) => d.category === 'commit' || d.category === 'best_case')),
      // As the server rounds it: Σ amount × probability / 100, to the cent (half up), computed
      // exactly in whole cents × percent (a float sum can land a hair under a half cent).
      weighted:
        Math.round(open.reduce((s, d) => s + Math.round(Number(d.amount) * 100) * d.probability, 0) / 100) / 100,
    };
  });
}

function pick(cells: { won: string; pipeline: string; commit: string; bestCase: string; weighted: string }[]) {
  return cells.map((c) => ({
    won: Number(c.won),
    pipeline: Number(c.pipeline),
    commit: Number(c.commit),
    bestCase: Number(c.bestCase),
    weighted: Number(c.weighted),
  }));
}

function expectCells(actual: ReturnType<typeof pick>, wanted: ReturnType<typeof pick>) {
  expect(actual.length).toBe(wanted.length);
  actual.forEach((a, i) => {
    for (const key of Object.keys(a) as (keyof typeof a)[])
      expect(a[key], `${months[i]} ${key}`).toBeCloseTo(wanted[i][key], 2);
  });
}

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [manager, rep, rep2, agent, marketer] = await Promise.all([
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
  ]);
  // Some calls of the rep's: commit, best case, omitted.
  const open = await db
    .select({ id: deals.id })
    .from(deals)
    .where(and(eq(deals.ownerId, rep.userId), eq(deals.status, 'open'), isNull(deals.deletedAt)))
    .orderBy(deals.id)
    .limit(9);
  const ids = open.map((d) => d.id);
  await db
    .update(deals)
    .set({ forecastCategory: 'commit' })
    .where(inArray(deals.id, ids.slice(0, 3)));
  await db
    .update(deals)
    .set({ forecastCategory: 'best_case' })
    .where(inArray(deals.id, ids.slice(3, 6)));
  await db
    .update(deals)
    .set({ forecastCategory: 'omitted' })
    .where(inArray(deals.id, ids.slice(6, 9)));
}, 120_000);

describe('forecast', () => {
  it("a manager's team totals are the deals' numbers by month, and each person adds up to them", async () => {
    const forecast = await getForecast(manager, filter());
    if (!forecast) throw new Error('no forecast');
    expect(forecast.months).toEqual(months);
    const want = await expected();
    expect(want.some((m) => m.won > 0) && want.some((m) => m.pipeline > 0)).toBe(true);
    expectCells(pick(forecast.totals), want);
    const perPerson = months.map((_, i) => forecast.people.reduce((s, p) => s + Number(p.cells[i].won), 0));
    for (const [i, v] of perPerson.entries()) expect(v).toBeCloseTo(want[i].won, 2);
    expect(forecast.canSetQuotas).toBe(true);
  });

  it("a rep's forecast is their own row, commit and best case from their calls, omitted deals left out", async () => {
    const forecast = await getForecast(rep, filter({ owner: rep2.userId }));
    if (!forecast) throw new Error('no forecast');
    expect(forecast.people.map((p) => p.id)).toEqual([rep.userId]);
    expect(forecast.canSetQuotas).toBe(false);
    expectCells(pick(forecast.totals), await expected(rep.userId));
  });

  it('agents and marketers have no forecast', async () => {
    expect(await getForecast(agent, filter())).toBeNull();
    expect(await getForecast(marketer, filter())).toBeNull();
  });
});

describe('quotas', () => {
  it('a manager sets a quota: the forecast shows it with the attainment, and it is audited', async () => {
    const result = await setQuota(manager, { userId: rep.userId, month: '2026-05', amount: '50000.00', version: 0 });
    expect(result).toEqual({ ok: true, version: 1 });
    const forecast = await getForecast(manager, filter({ owner: rep.userId }));
    const cell = forecast!.people.find((p) => p.id === rep.userId)!.cells[months.indexOf('2026-05')];
    expect(cell.quota).toBe('50000.00');
    expect(cell.attainment).toBeCloseTo(Number(cell.won) / 50000, 10);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'sales_quota'), eq(auditLog.entityId, `${rep.userId}:2026-05`)));
    expect(entry).toMatchObject({ action: 'create', actorId: manager.userId });
  });

  it('a quota changed since it was read is not overwritten; clearing removes it', async () => {
    await setQuota(manager, { userId: rep2.userId, month: '2026-06', amount: '1000', version: 0 });
    expect(await setQuota(manager, { userId: rep2.userId, month: '2026-06', amount: '2000', version: 1 })).toEqual({
      ok: true,
      version: 2,
    });
    // A second manager still holding version 1.
    expect(await setQuota(manager, { userId: rep2.userId, month: '2026-06', amount: '3000', version: 1 })).toEqual({
      ok: false,
      reason: 'stale',
    });
    // Two first quotas for the same month at once: one wins.
    const both = await Promise.all([
      setQuota(manager, { userId: rep2.userId, month: '2026-07', amount: '10', version: 0 }),
      setQuota(manager, { userId: rep2.userId, month: '2026-07', amount: '20', version: 0 }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await setQuota(manager, { userId: rep2.userId, month: '2026-06', amount: '', version: 2 })).toEqual({
      ok: true,
      version: null,
    });
    const left = await db
      .select({ month: salesQuotas.month, amount: salesQuotas.amount })
      .from(salesQuotas)
      .where(eq(salesQuotas.userId, rep2.userId));
    expect(left).toHaveLength(1);
    expect(left[0].month).toBe('2026-07-01');
  });

  it('reps cannot set quotas, even by a crafted request; a marketer cannot be given one; bad input is refused', async () => {
    signInAs(rep);
    const form = new FormData();
    for (const [k, v] of Object.entries({ userId: rep.userId, month: '2026-05', amount: '1', version: '1' }))
      form.set(k, v);
    expect(await setQuotaAction(null, form)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await setQuota(rep, { userId: rep.userId, month: '2026-05', amount: '1', version: 1 })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(await setQuota(manager, { userId: marketer.userId, month: '2026-05', amount: '1', version: 0 })).toEqual({
      ok: false,
      reason: 'notFound',
    });
    signInAs(manager);
    for (const [amount, month] of [
      ['-5', '2026-05'],
      ['12abc', '2026-05'],
      ['1', '2026-13'],
      ['1e9', '2026-05'],
    ]) {
      const bad = new FormData();
      for (const [k, v] of Object.entries({ userId: rep.userId, month, amount, version: '1' })) bad.set(k, v);
      expect(await setQuotaAction(null, bad), `${amount} ${month}`).toMatchObject({ ok: false, reason: 'invalid' });
    }
    const [quota] = await db
      .select({ amount: salesQuotas.amount })
      .from(salesQuotas)
      .innerJoin(users, eq(users.id, salesQuotas.userId))
      .where(and(eq(salesQuotas.userId, rep.userId), eq(salesQuotas.month, '2026-05-01')));
    expect(quota.amount).toBe('50000.00');
  });
});

describe('exact money', () => {
  it('sums cents in SQL: 0.10 + 0.20 in two stages of one month is "0.30" in the cell, the month and the period', async () => {
    const seller = await createTestUser('sales_rep');
    const stages = await db
      .select({ id: pipelineStages.id })
      .from(pipelineStages)
      .where(and(eq(pipelineStages.isWon, false), eq(pipelineStages.isLost, false)))
      .orderBy(pipelineStages.position);
    const [customer] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(isNull(customers.deletedAt))
      .limit(1);
    const base = {
      customerId: customer.id,
      ownerId: seller.userId,
      name: 'Cents',
      forecastCategory: 'commit' as const,
      expectedCloseDate: `${months[1]}-15`,
    };
    await db.insert(deals).values([
      { ...base, stageId: stages[0].id, amount: '0.10' },
      { ...base, stageId: stages[1].id, amount: '0.20' },
      // And one more in the next month: the period's total adds two months.
      { ...base, stageId: stages[0].id, amount: '0.20', expectedCloseDate: `${months[2]}-15` },
    ]);
    const f = await getForecast(manager, filter({ owner: seller.userId }));
    if (!f) throw new Error('no forecast');
    const cell = f.people.find((p) => p.id === seller.userId)!.cells[1];
    expect(cell).toMatchObject({ pipeline: '0.30', commit: '0.30', bestCase: '0.30', openCount: 2 });
    expect(f.totals[1]).toMatchObject({ pipeline: '0.30', commit: '0.30' });
    expect(f.whole).toMatchObject({ pipeline: '0.50', commit: '0.50', openCount: 3 });
    // The person's period (the team table's row over several months) adds their months exactly.
    expect(f.people.find((p) => p.id === seller.userId)!.period).toMatchObject({ pipeline: '0.50', openCount: 3 });
  });

  it("each person's period is their months added up: won, pipeline, weighted and quota, with its attainment", async () => {
    const seller = await createTestUser('sales_rep');
    for (const [month, amount] of [
      [months[0], '1000.10'],
      [months[1], '2000.20'],
    ])
      expect(await setQuota(manager, { userId: seller.userId, month, amount, version: 0 })).toMatchObject({ ok: true });
    const f = await getForecast(manager, filter());
    if (!f) throw new Error('no forecast');
    expect(f.people.length).toBeGreaterThan(2);
    for (const p of f.people) {
      for (const key of ['won', 'pipeline', 'commit', 'bestCase'] as const)
        expect(Number(p.period[key]), `${p.name} ${key}`).toBeCloseTo(
          p.cells.reduce((sum, c) => sum + Number(c[key]), 0),
          2,
        );
      // Weighted is rounded to the cent once per cell: the months' roundings may differ by up to half a cent each.
      const weighted = p.cells.reduce((sum, c) => sum + Number(c.weighted), 0);
      expect(Math.abs(Number(p.period.weighted) - weighted), p.name ?? '').toBeLessThanOrEqual(
        0.005 * months.length + 1e-9,
      );
    }
    const theirs = f.people.find((p) => p.id === seller.userId)!;
    expect(theirs.period.quota).toBe('3000.30');
    expect(theirs.period.attainment).toBe(0);
    // Each period quota is that person's months' quotas; a person without quotas has none.
    for (const p of f.people) {
      const set = p.cells.filter((c) => c.quota !== null);
      if (set.length === 0) expect(p.period.quota, p.name ?? '').toBeNull();
      else
        expect(Number(p.period.quota)).toBeCloseTo(
          set.reduce((sum, c) => sum + Number(c.quota), 0),
          2,
        );
    }
  });
});
