import { asc, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { customers, deals, pipelineStages } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, seededViewer } from '@/lib/testing/factories';
import { getSalesDashboard, monthsFrom, type SalesDashboard, SalesDashboardFilterSchema } from './dashboard';
import { moveDeal } from './deals/board';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer, admin: Viewer;
type Stage = { id: string; name: string; position: number; probability: number; isWon: boolean; isLost: boolean };
let stages: Stage[];
const filter = (params: Record<string, string> = {}) => SalesDashboardFilterSchema.parse({ months: '24', ...params });

/** Every live deal, as the oracle reads them. */
async function allDeals() {
  return db
    .select({
      id: deals.id,
      ownerId: deals.ownerId,
      stageId: deals.stageId,
      furthestStageId: deals.furthestStageId,
      status: deals.status,
      amount: deals.amount,
      lostReason: deals.lostReason,
      createdAt: deals.createdAt,
      closedAt: deals.closedAt,
      version: deals.version,
    })
    .from(deals)
    .where(isNull(deals.deletedAt));
}

/** The dashboard's numbers recomputed in JavaScript from the rows, for the deals `mine` keeps. */
function expected(rows: Awaited<ReturnType<typeof allDeals>>, from: Date, mine: (ownerId: string | null) => boolean) {
  const own = rows.filter((d) => mine(d.ownerId));
  const open = own.filter((d) => d.status === 'open');
  const closed = own.filter((d) => d.status !== 'open' && d.closedAt && d.closedAt >= from);
  const won = closed.filter((d) => d.status === 'won');
  const lost = closed.filter((d) => d.status === 'lost');
  const day = (t: Date) => Math.floor(t.getTime() / 86_400_000);
  const probability = new Map(stages.map((s) => [s.id, s.probability / 100]));
  const reasons = new Map<string | null, number>();
  for (const d of lost) reasons.set(d.lostReason, (reasons.get(d.lostReason) ?? 0) + 1);
  const funnelStages = stages.filter((s) => !s.isLost);
  const positionOf = (id: string | null) => funnelStages.findIndex((s) => s.id === id);
  const created = own.filter((d) => d.createdAt >= from);
  return {
    openCount: open.length,
    openAmount: open.reduce((s, d) => s + Number(d.amount), 0),
    weighted: open.reduce((s, d) => s + Number(d.amount) * (probability.get(d.stageId) ?? 0), 0),
    won: won.length,
    lost: lost.length,
    wonAmount: won.reduce((s, d) => s + Number(d.amount), 0),
    winRate: won.length + lost.length ? won.length / (won.length + lost.length) : null,
    cycleDays: won.length ? won.reduce((s, d) => s + day(d.closedAt!) - day(d.createdAt), 0) / won.length : null,
    reasons: Object.fromEntries(reasons),
    created: created.length,
    reached: funnelStages.map((_, i) => created.filter((d) => Math.max(0, positionOf(d.furthestStageId)) >= i).length),
  };
}

function numbers(d: SalesDashboard) {
  return {
    openCount: d.open.count,
    openAmount: Number(d.open.amount),
    weighted: Number(d.open.weighted),
    won: d.won.count,
    lost: d.lost.count,
    wonAmount: Number(d.won.amount),
    winRate: d.winRate,
    cycleDays: d.cycleDays,
    reasons: Object.fromEntries(d.lostReasons.map((r) => [r.reason, r.count])),
    created: d.created,
    reached: d.funnel.map((f) => f.reached),
  };
}

function expectClose(actual: ReturnType<typeof numbers>, wanted: ReturnType<typeof expected>) {
  const { openAmount, weighted, wonAmount, winRate, cycleDays, ...exact } = actual;
  const { openAmount: oa, weighted: w, wonAmount: wa, winRate: r, cycleDays: c, ...wantedExact } = wanted;
  expect(exact).toEqual(wantedExact);
  expect(openAmount).toBeCloseTo(oa, 2);
  expect(weighted).toBeCloseTo(w, 2);
  expect(wonAmount).toBeCloseTo(wa, 2);
  expect(winRate ?? -1).toBeCloseTo(r ?? -1, 10);
  expect(cycleDays ?? -1).toBeCloseTo(c ?? -1, 10);
}

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [manager, rep, rep2, agent, marketer, admin] = await Promise.all([
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
    seededViewer('admin@lodestar.test'),
  ]);
  stages = await db
    .select({
      id: pipelineStages.id,
      name: pipelineStages.name,
      position: pipelineStages.position,
      probability: pipelineStages.probability,
      isWon: pipelineStages.isWon,
      isLost: pipelineStages.isLost,
    })
    .from(pipelineStages)
    .where(eq(pipelineStages.active, true))
    .orderBy(asc(pipelineStages.position));
}, 120_000);

describe('sales dashboard', () => {
  it("a manager's numbers are the team's deals, as recomputed from the rows", async () => {
    const dashboard = await getSalesDashboard(manager, filter());
    if (!dashboard) throw new Error('no dashboard');
    const from = new Date(`${dashboard.from}T00:00:00Z`); // the test settings' time zone is UTC
    const want = expected(await allDeals(), from, () => true);
    expect(want.won + want.lost).toBeGreaterThan(0);
    expect(want.created).toBeGreaterThan(0);
    expectClose(numbers(dashboard), want);
    expect(dashboard.trend.map((m) => m.month)).toEqual(monthsFrom(dashboard.from, 24));
    expect(dashboard.trend.reduce((s, m) => s + m.wonCount, 0)).toBe(want.won);
    // Every person's row adds up to the team.
    expect(dashboard.people?.reduce((s, p) => s + p.won, 0)).toBe(want.won);
    expect(dashboard.people?.reduce((s, p) => s + p.openCount, 0)).toBe(want.openCount);
  });

  it('a rep sees their own deals only, whatever owner the URL names, and no team table', async () => {
    const dashboard = await getSalesDashboard(rep, filter({ owner: rep2.userId }));
    if (!dashboard) throw new Error('no dashboard');
    const from = new Date(`${dashboard.from}T00:00:00Z`);
    const want = expected(await allDeals(), from, (owner) => owner === rep.userId);
    expect(want.openCount).toBeGreaterThan(0);
    expectClose(numbers(dashboard), want);
    expect(dashboard.people).toBeNull();
  });

  it("a manager's owner filter shows that rep's numbers", async () => {
    const [asManager, asRep] = await Promise.all([
      getSalesDashboard(manager, filter({ owner: rep.userId })),
      getSalesDashboard(rep, filter()),
    ]);
    expect(asManager && numbers(asManager)).toEqual(asRep && numbers(asRep));
    expect(asManager?.people).toBeNull();
  });

  it('service agents and marketers have no sales dashboard; admins see the team', async () => {
    expect(await getSalesDashboard(agent, filter())).toBeNull();
    expect(await getSalesDashboard(marketer, filter())).toBeNull();
    expect((await getSalesDashboard(admin, filter()))?.people?.length).toBeGreaterThan(0);
  });

  it('a bad period or owner in the URL falls back to the defaults', () => {
    expect(SalesDashboardFilterSchema.parse({ months: '7', owner: "x' or 1=1" })).toEqual({ months: 12 });
    expect(SalesDashboardFilterSchema.parse({})).toEqual({ months: 12 });
  });

  it('the furthest stage follows moves forward, and neither a step back nor a loss lowers it', async () => {
    const open = stages.filter((s) => !s.isWon && !s.isLost);
    const lostStage = stages.find((s) => s.isLost)!;
    const deal = (await allDeals()).find(
      (d) => d.status === 'open' && d.ownerId === rep.userId && d.stageId === open[0].id,
    );
    if (!deal) throw new Error('no open deal of the rep in the first stage');
    const furthest = async () =>
      (await db.select({ f: deals.furthestStageId, v: deals.version }).from(deals).where(eq(deals.id, deal.id)))[0];
    expect((await furthest()).f).toBe(open[0].id);
    const move = async (stageId: string, reason?: string) => {
      const { v } = await furthest();
      const result = await moveDeal(rep, { dealId: deal.id, toStageId: stageId, version: v, afterId: null, reason });
      expect(result.ok).toBe(true);
    };
    await move(open[2].id);
    expect((await furthest()).f).toBe(open[2].id);
    await move(open[1].id);
    expect((await furthest()).f).toBe(open[2].id);
    await move(lostStage.id, 'No budget');
    expect((await furthest()).f).toBe(open[2].id);
  });
});

describe('exact money', () => {
  it('sums cents in SQL: open 0.10 + 0.20 in two stages is "0.30" (not 0.30000000000000004), won too, weighted to the cent', async () => {
    const seller = await createTestUser('sales_rep');
    const open = stages.filter((s) => !s.isWon && !s.isLost);
    const won = stages.find((s) => s.isWon)!;
    const [customer] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(isNull(customers.deletedAt))
      .limit(1);
    const now = Date.now();
    const base = {
      customerId: customer.id,
      ownerId: seller.userId,
      name: 'Cents',
      createdAt: new Date(now - 60 * 86_400_000),
    };
    await db.insert(deals).values([
      { ...base, stageId: open[0].id, amount: '0.10' },
      { ...base, stageId: open[1].id, amount: '0.20' },
      // Won in two different months of the period: the total adds two groups.
      { ...base, stageId: won.id, amount: '0.10', status: 'won', closedAt: new Date(now - 40 * 86_400_000) },
      { ...base, stageId: won.id, amount: '0.20', status: 'won', closedAt: new Date(now) },
    ]);
    const d = await getSalesDashboard(manager, filter({ owner: seller.userId }));
    if (!d) throw new Error('no dashboard');
    expect(d.open).toMatchObject({ count: 2, amount: '0.30' });
    expect(d.won).toEqual({ count: 2, amount: '0.30' });
    // Σ amount × probability in cents·percent, rounded once: (10 p0 + 20 p1) / 100 cents.
    const cents = Math.round((10 * open[0].probability + 20 * open[1].probability) / 100);
    expect(d.open.weighted).toBe((cents / 100).toFixed(2));
    expect(d.stages.slice(0, 2).map((s) => s.amount)).toEqual(['0.10', '0.20']);
    const team = await getSalesDashboard(manager, filter());
    expect(team?.people?.find((p) => p.ownerId === seller.userId)).toMatchObject({
      openAmount: '0.30',
      wonAmount: '0.30',
    });
  });

  it('a won deal closed before it was created (imported) gives no velocity, not a broken dashboard', async () => {
    const seller = await createTestUser('sales_rep');
    const won = stages.find((s) => s.isWon)!;
    const lost = stages.find((s) => s.isLost)!;
    const [customer] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(isNull(customers.deletedAt))
      .limit(1);
    const now = Date.now();
    const base = { customerId: customer.id, ownerId: seller.userId, name: 'Imported', amount: '100.00' };
    await db.insert(deals).values([
      { ...base, stageId: won.id, status: 'won', createdAt: new Date(now), closedAt: new Date(now - 30 * 86_400_000) },
      { ...base, stageId: lost.id, status: 'lost', createdAt: new Date(now - 9e6), closedAt: new Date(now) },
    ]);
    const d = await getSalesDashboard(manager, filter({ owner: seller.userId }));
    expect(d?.won).toEqual({ count: 1, amount: '100.00' });
    expect(d?.velocity ?? null).toBeNull();
  });
});
