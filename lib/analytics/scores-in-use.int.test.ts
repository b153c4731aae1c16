import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { activities, analyticsBasketRules, auditLog, customerScores, customers, orderItems, orders } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { listCustomers } from '@/lib/customers/customers';
import { exportCustomers } from '@/lib/customers/export';
import { CustomerFilterSchema } from '@/lib/customers/filters';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { getCustomerAnalytics, listAlsoBought } from './customer-analytics';
import { createFollowUpTasksAction } from './dashboard-actions';
import { FOLLOW_UP_ORIGIN } from './dashboards/churn-risk';
import { refreshAnalytics } from './refresh';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let manager: Viewer, marketer: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer;
let runId: string;
const filter = (params: Record<string, string> = {}) => CustomerFilterSchema.parse({ size: '100', ...params });

/** Scored live customers (id, owner, segment) of the run. */
async function scored() {
  return db
    .select({
      id: customers.id,
      ownerId: customers.ownerId,
      segment: customerScores.rfmSegment,
      clv: customerScores.predictedClv,
    })
    .from(customerScores)
    .innerJoin(customers, eq(customers.id, customerScores.customerId))
    .where(and(eq(customerScores.runId, runId), isNull(customers.deletedAt)))
    .orderBy(customers.id);
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

describe('customer list: analytics filters, columns and sorts', () => {
  it('a segment filter lists exactly the customers of that segment (in the list and its export)', async () => {
    const all = await scored();
    const champions = all.filter((c) => c.segment === 'Champions').map((c) => c.id);
    expect(champions.length).toBeGreaterThan(0);
    const list = await listCustomers(manager, filter({ segment: 'champions' }));
    expect(list.rows.map((r) => r.id).sort()).toEqual([...champions].sort());
    expect(list.total).toBe(champions.length);
    expect(list.rows.every((r) => r.segment === 'Champions')).toBe(true);

    const exported = await exportCustomers(manager, { filter: filter({ segment: 'champions', sort: 'clv' }) });
    if (exported === 'forbidden') throw new Error('forbidden');
    expect(exported.rowCount).toBe(champions.length);
  });

  it('a narrow segment, started from its scores, pages and sorts like any list, with field filters', async () => {
    const all = await scored();
    const segment = all.find((c) => c.segment === 'Loyal Customers') ? 'Loyal Customers' : 'Champions';
    const ids = new Set(all.filter((c) => c.segment === segment).map((c) => c.id));
    const expected = (
      await db
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(and(inArray(customers.id, [...ids]), eq(customers.kind, 'company')))
        .orderBy(sql`lower(${customers.name})`, customers.id)
    ).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(3);
    const slug = segment === 'Champions' ? 'champions' : 'loyal';
    const params = { segment: slug, kind: 'company', sort: 'name', dir: 'asc', size: '25' };
    const first = await listCustomers(manager, filter({ ...params }));
    expect(first.total).toBe(expected.length);
    const pages = [first.rows.map((r) => r.id)];
    for (let page = 2; (page - 1) * 25 < expected.length; page++)
      pages.push((await listCustomers(manager, filter({ ...params, page: String(page) }))).rows.map((r) => r.id));
    expect(pages.flat()).toEqual(expected);
  });

  it('a rep filtering by segment gets their own customers only, and sees scores of their own only', async () => {
    const all = await scored();
    const mine = all.filter((c) => c.segment === 'Champions' && c.ownerId === rep.userId).map((c) => c.id);
    const list = await listCustomers(rep, filter({ segment: 'champions' }));
    expect(list.rows.map((r) => r.id).sort()).toEqual([...mine].sort());
    const unfiltered = await listCustomers(rep, filter());
    const others = unfiltered.rows.filter((r) => r.ownerId !== rep.userId);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((r) => r.segment === null && r.predictedClv === null && r.pAlive === null)).toBe(true);
    expect(unfiltered.rows.some((r) => r.ownerId === rep.userId && r.segment !== null)).toBe(true);
  });

  it('a service agent gets no scores, and an analytics filter gives them nothing', async () => {
    const list = await listCustomers(agent, filter());
    expect(list.scores).toBe(false);
    expect(list.rows.every((r) => r.segment === null)).toBe(true);
    expect((await listCustomers(agent, filter({ segment: 'champions' }))).rows).toEqual([]);
    // Their export ignores a segment in the URL (as their list page does) instead of exporting nothing.
    const [everyone, segmented] = await Promise.all([
      exportCustomers(agent, { filter: filter() }),
      exportCustomers(agent, { filter: filter({ segment: 'champions', sort: 'clv' }) }),
    ]);
    if (everyone === 'forbidden' || segmented === 'forbidden') throw new Error('forbidden');
    expect(everyone.rowCount).toBeGreaterThan(0);
    expect(segmented.rowCount).toBe(everyone.rowCount);
  });

  it('sorting by predicted CLV lists scored customers, highest first; bands, P(alive), R×F and cluster filter', async () => {
    const list = await listCustomers(marketer, filter({ sort: 'clv', dir: 'desc' }));
    const values = list.rows.map((r) => Number(r.predictedClv));
    expect(values.length).toBeGreaterThan(0);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const top = (await scored()).map((c) => Number(c.clv)).sort((a, b) => b - a)[0];
    expect(values[0]).toBe(top);

    const band5 = await listCustomers(manager, filter({ clvBand: '5' }));
    expect(band5.rows.length).toBeGreaterThan(0);
    const [{ n: inBand }] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${customerScores} where ${customerScores.runId} = ${runId} and ${customerScores.clvBand} = 5`,
    );
    expect(band5.total).toBe(inBand);
    const likely = await listCustomers(manager, filter({ alive: 'likely' }));
    expect(likely.rows.every((r) => (r.pAlive ?? 0) >= 0.5)).toBe(true);
    const cell = await listCustomers(manager, filter({ r: '5', f: '5' }));
    const [{ n: inCell }] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${customerScores} where ${customerScores.runId} = ${runId} and ${customerScores.rScore} = 5 and ${customerScores.fScore} = 5`,
    );
    expect(cell.total).toBe(inCell);
    const cluster = await listCustomers(manager, filter({ cluster: '0' }));
    expect(cluster.rows.every((r) => r.cluster === 0)).toBe(true);
  });
});

describe('customer 360 analytics', () => {
  it("shows a customer's scores to a manager and to its owner, not to another rep or an agent", async () => {
    const [own] = (await scored()).filter((c) => c.ownerId === rep.userId);
    const customer = { id: own.id, ownerId: own.ownerId };
    const asManager = await getCustomerAnalytics(manager, customer);
    expect(asManager).toMatchObject({ segment: own.segment, predictedClv: own.clv, asOf: '2026-06-30' });
    expect(await getCustomerAnalytics(rep, customer)).toEqual(asManager);
    expect(await getCustomerAnalytics(rep2, customer)).toBeNull();
    expect(await getCustomerAnalytics(agent, customer)).toBeNull();
    expect(await listAlsoBought(rep2, customer)).toBeNull();
  });

  it('"also bought" suggests products the customer has not bought, from rules on products they have', async () => {
    const buyers = await rows<{ customer_id: string; owner_id: string | null }>(
      db,
      sql`select ${orders.customerId} as customer_id, ${customers.ownerId} as owner_id
          from ${orders} join ${orderItems} on ${orderItems.orderId} = ${orders.id}
          join ${customers} on ${customers.id} = ${orders.customerId}
          join ${analyticsBasketRules} on ${analyticsBasketRules.antecedentId} = ${orderItems.productId}
                                      and ${analyticsBasketRules.runId} = ${runId}
          where ${orders.status} not in ('cancelled', 'refunded') limit 1`,
    );
    expect(buyers).toHaveLength(1);
    const customer = { id: buyers[0].customer_id, ownerId: buyers[0].owner_id };
    const suggestions = await listAlsoBought(manager, customer);
    expect(suggestions?.length).toBeGreaterThan(0);
    const bought = await db
      .selectDistinct({ id: orderItems.productId })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .where(and(eq(orders.customerId, customer.id), sql`${orders.status} not in ('cancelled', 'refunded')`));
    const boughtIds = new Set(bought.map((b) => b.id));
    for (const s of suggestions ?? []) {
      expect(boughtIds.has(s.productId)).toBe(false);
      expect(boughtIds.has(s.becauseId)).toBe(true);
    }
    const lifts = (suggestions ?? []).map((s) => s.lift);
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a));
  });
});

describe('bulk follow-up tasks from the churn-risk dashboard', () => {
  const followUps = (ids: string[]) =>
    db
      .select({ customerId: activities.customerId, ownerId: activities.ownerId, createdBy: activities.createdBy })
      .from(activities)
      .where(and(inArray(activities.customerId, ids), eq(activities.origin, FOLLOW_UP_ORIGIN)));

  it('a manager creates one open task per customer for its owner, audited; repeating adds none', async () => {
    // Customers of neither rep the next test uses.
    const picks = (await scored())
      .filter((c) => c.ownerId !== null && c.ownerId !== rep.userId && c.ownerId !== rep2.userId)
      .slice(0, 3);
    expect(picks).toHaveLength(3);
    const ids = picks.map((c) => c.id);
    signInAs(manager);
    const first = await createFollowUpTasksAction({ ids, subject: 'Call them', body: 'At risk' });
    expect(first).toMatchObject({ ok: true, data: { created: 3, alreadyOpen: 0, skipped: 0 } });
    const tasks = await followUps(ids);
    expect(tasks).toHaveLength(3);
    for (const p of picks)
      expect(tasks.find((t) => t.customerId === p.id)).toMatchObject({ ownerId: p.ownerId, createdBy: manager.userId });
    const audited = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.actorId, manager.userId), eq(auditLog.entity, 'activity'), eq(auditLog.action, 'create')));
    expect(audited.length).toBeGreaterThanOrEqual(3);

    const again = await createFollowUpTasksAction({ ids, subject: 'Call them', body: '' });
    expect(again).toMatchObject({ ok: true, data: { created: 0, alreadyOpen: 3, skipped: 0 } });
    expect(await followUps(ids)).toHaveLength(3);

    // Completing one lets the next follow-up for that customer through.
    await db
      .update(activities)
      .set({ completedAt: new Date() })
      .where(and(eq(activities.customerId, ids[0]), eq(activities.origin, FOLLOW_UP_ORIGIN)));
    const third = await createFollowUpTasksAction({ ids, subject: 'Call again', body: '' });
    expect(third).toMatchObject({ ok: true, data: { created: 1, alreadyOpen: 2 } });
  });

  it("a rep cannot create follow-ups for another rep's customers; for their own they can", async () => {
    const all = await scored();
    const theirs = all
      .filter((c) => c.ownerId === rep2.userId)
      .slice(0, 2)
      .map((c) => c.id);
    const mine = all
      .filter((c) => c.ownerId === rep.userId)
      .slice(-1)
      .map((c) => c.id);
    signInAs(rep);
    const refused = await createFollowUpTasksAction({ ids: theirs, subject: 'Mine now', body: '' });
    expect(refused).toMatchObject({ ok: true, data: { created: 0, skipped: 2 } });
    expect(await followUps(theirs)).toEqual([]);
    const own = await createFollowUpTasksAction({ ids: [...mine, ...theirs], subject: 'Call', body: '' });
    expect(own).toMatchObject({ ok: true, data: { created: 1, skipped: 2 } });
    expect(await followUps(mine)).toEqual([{ customerId: mine[0], ownerId: rep.userId, createdBy: rep.userId }]);
  });

  it('a marketer and an agent may not create follow-ups; a formula subject is refused', async () => {
    const [one] = await scored();
    for (const who of [marketer, agent]) {
      signInAs(who);
      expect(await createFollowUpTasksAction({ ids: [one.id], subject: 'x', body: '' })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
    }
    signInAs(manager);
    expect(await createFollowUpTasksAction({ ids: [one.id], subject: '=HYPERLINK("x")', body: '' })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    const formulas = await db
      .select({ id: activities.id })
      .from(activities)
      .where(sql`${activities.subject} like '=%'`);
    expect(formulas).toEqual([]);
  });
});
