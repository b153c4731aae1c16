import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { dashboardSnapshots } from '@/db/schema';
import { stopBoss } from '@/lib/jobs/boss';
import { getSalesDashboard, SalesDashboardFilterSchema } from '@/lib/sales/dashboard';
import { getServiceDashboard, ServiceDashboardFilterSchema } from '@/lib/service/dashboard';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCase, insertCustomer, insertDeal, insertStage } from '@/lib/testing/fixtures';
import { signInAs } from '@/lib/testing/session-mock';
import { recomputeSalesDashboardAction, recomputeServiceDashboardAction } from './snapshot-actions';
import { DEFAULT_VIEWS, dashboardSnapshotJob, dashboardWarmJob, FRESH_MS, STALE_MS, snapshotKey } from './snapshots';
import { getSalesDashboardView, getServiceDashboardView } from './views';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();
afterAll(() => stopBoss(2_000));

const serviceFilter = (raw: Record<string, string> = {}) => ServiceDashboardFilterSchema.parse(raw);
const salesFilter = (raw: Record<string, string> = {}) => SalesDashboardFilterSchema.parse(raw);
const SERVICE_KEY = snapshotKey({ kind: 'service', days: 30, by: 'week' });
const age = (key: string, ms: number) =>
  db
    .update(dashboardSnapshots)
    .set({ computedAt: new Date(Date.now() - ms) })
    .where(eq(dashboardSnapshots.key, key));
const stored = async (key: string) =>
  (await db.select().from(dashboardSnapshots).where(eq(dashboardSnapshots.key, key)))[0];

describe('team dashboard snapshots', () => {
  it("a manager's team view is the live figures, kept: later changes show once it is recomputed", async () => {
    const manager = await createTestUser('manager');
    const agent = await createTestUser('service_agent');
    const customer = await insertCustomer({ ownerId: null, name: 'Snapshot Co' });
    await insertCase(customer.id, agent.userId);

    const first = (await getServiceDashboardView(manager, serviceFilter()))!;
    expect(first.computedAt).toBeInstanceOf(Date);
    const { computedAt: _, ...figures } = first;
    // The stored figures are exactly what the dashboard computes (they survive JSON).
    expect(figures).toEqual(await getServiceDashboard(manager, serviceFilter()));
    expect(first.backlog.total).toBe(1);

    await insertCase(customer.id, agent.userId);
    const fresh = (await getServiceDashboardView(manager, serviceFilter()))!;
    expect(fresh.backlog.total).toBe(1);
    expect(fresh.computedAt).toEqual(first.computedAt);

    // Old but within STALE_MS: still shown as it is (the job recomputes it for the next view).
    await age(SERVICE_KEY, FRESH_MS + 60_000);
    expect((await getServiceDashboardView(manager, serviceFilter()))!.backlog.total).toBe(1);
    await dashboardSnapshotJob.handler({ kind: 'service', days: 30, by: 'week' }, { id: 'test' });
    expect((await getServiceDashboardView(manager, serviceFilter()))!.backlog.total).toBe(2);

    // Too old: computed in the request.
    await insertCase(customer.id, agent.userId);
    await age(SERVICE_KEY, STALE_MS + 60_000);
    const recomputed = (await getServiceDashboardView(manager, serviceFilter()))!;
    expect(recomputed.backlog.total).toBe(3);
    expect(Date.now() - recomputed.computedAt!.getTime()).toBeLessThan(60_000);
  });

  it("one person's view is live: an agent's own, a manager's pick of an agent, a rep's sales", async () => {
    const manager = await createTestUser('manager');
    const agent = await createTestUser('service_agent');
    const rep = await createTestUser('sales_rep');
    const customer = await insertCustomer({ ownerId: rep.userId, name: 'Live Co' });
    await insertCase(customer.id, agent.userId);
    const own = (await getServiceDashboardView(agent, serviceFilter()))!;
    expect(own.computedAt).toBeNull();
    const before = own.backlog.total;
    await insertCase(customer.id, agent.userId);
    expect((await getServiceDashboardView(agent, serviceFilter()))!.backlog.total).toBe(before + 1);
    const picked = (await getServiceDashboardView(manager, serviceFilter({ agent: agent.userId })))!;
    expect(picked.computedAt).toBeNull();
    expect(picked.backlog.total).toBe(before + 1);

    const stage = await insertStage();
    await insertDeal(customer.id, rep.userId, stage);
    const repView = (await getSalesDashboardView(rep, salesFilter()))!;
    expect(repView.computedAt).toBeNull();
    expect(repView.open.count).toBe(1);
    // Nothing of theirs was stored under a team key.
    expect(await stored(snapshotKey({ kind: 'sales', months: 12, locale: 'en' }))).toBeUndefined();
  });

  it('roles without the dashboard get nothing, snapshot or not', async () => {
    const rep = await createTestUser('sales_rep');
    const marketer = await createTestUser('marketer');
    const agent = await createTestUser('service_agent');
    expect(await getServiceDashboardView(rep, serviceFilter())).toBeNull();
    expect(await getServiceDashboardView(marketer, serviceFilter())).toBeNull();
    expect(await getSalesDashboardView(agent, salesFilter())).toBeNull();
    expect(await getSalesDashboardView(marketer, salesFilter())).toBeNull();
  });

  it('"Recompute now" drops the team snapshots for managers and admins only', async () => {
    const manager = await createTestUser('manager');
    const agent = await createTestUser('service_agent');
    const rep = await createTestUser('sales_rep');
    await dashboardWarmJob.handler({}, { id: 'test' });
    for (const view of DEFAULT_VIEWS) expect(await stored(snapshotKey(view))).toBeDefined();
    const salesKey = snapshotKey({ kind: 'sales', months: 12, locale: 'en' });

    signInAs(agent);
    expect(await recomputeServiceDashboardAction({})).toMatchObject({ ok: false, reason: 'forbidden' });
    signInAs(rep);
    expect(await recomputeSalesDashboardAction({})).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await stored(SERVICE_KEY)).toBeDefined();
    expect(await stored(salesKey)).toBeDefined();

    signInAs(manager);
    expect(await recomputeServiceDashboardAction({})).toMatchObject({ ok: true });
    expect(await stored(SERVICE_KEY)).toBeUndefined();
    expect(await stored(salesKey)).toBeDefined();
    expect(await recomputeSalesDashboardAction({})).toMatchObject({ ok: true });
    expect(await stored(salesKey)).toBeUndefined();

    // The team's sales snapshot equals the live team figures.
    const { computedAt: _, ...figures } = (await getSalesDashboardView(manager, salesFilter()))!;
    expect(figures).toEqual(await getSalesDashboard(manager, salesFilter()));
    signInAs(null);
  });
});
