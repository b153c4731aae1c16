import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { customers, orderItems } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCase, insertCustomer, insertDeal, insertOrder, insertStage } from '@/lib/testing/fixtures';
import { getCustomerSummary, listCustomerCases, listCustomerDeals, listCustomerOrders } from './customer-360';

setupTestDatabase();

let rep: Viewer, rep2: Viewer, manager: Viewer, agent: Viewer, agent2: Viewer, marketer: Viewer;
let stageId: string;
beforeAll(async () => {
  [rep, rep2, manager, agent, agent2, marketer] = await Promise.all(
    (['sales_rep', 'sales_rep', 'manager', 'service_agent', 'service_agent', 'marketer'] as const).map((role) =>
      createTestUser(role),
    ),
  );
  stageId = await insertStage();
});

const ids = (list: { id: string }[]) => list.map((x) => x.id).sort();
const day = (d: number) => new Date(Date.UTC(2026, 0, d));

describe('customer 360: what each role sees of a customer', () => {
  it('a rep sees only their own deals of a customer, and orders they own or of customers they own', async () => {
    const theirs = await insertCustomer({ ownerId: rep2.userId });
    const mine = await insertCustomer({ ownerId: rep.userId });
    const myDeal = await insertDeal(theirs.id, rep.userId, stageId);
    await insertDeal(theirs.id, rep2.userId, stageId);
    expect(ids(await listCustomerDeals(rep, theirs.id))).toEqual([myDeal.id]);
    expect(await listCustomerDeals(rep2, theirs.id)).toHaveLength(1);
    expect(await listCustomerDeals(manager, theirs.id)).toHaveLength(2);

    const soldByMe = await insertOrder(theirs.id, '10.00', day(2), 'paid', rep.userId);
    await insertOrder(theirs.id, '20.00', day(3), 'paid', rep2.userId);
    const onMine = await insertOrder(mine.id, '30.00', day(4), 'paid', null);
    expect(ids((await listCustomerOrders(rep, theirs.id)).rows)).toEqual([soldByMe.id]);
    expect(await listCustomerOrders(rep, theirs.id)).toMatchObject({ total: 1 });
    expect(ids((await listCustomerOrders(rep, mine.id)).rows)).toEqual([onMine.id]);
    expect((await listCustomerOrders(manager, theirs.id)).total).toBe(2);
  });

  it('a marketer gets no deals, no cases and no order lines (customer-level totals only)', async () => {
    const c = await insertCustomer({ ownerId: rep.userId });
    await insertDeal(c.id, rep.userId, stageId);
    await insertCase(c.id, null);
    await insertOrder(c.id, '99.50', day(5));
    expect(await listCustomerDeals(marketer, c.id)).toEqual([]);
    expect(await listCustomerCases(marketer, c.id)).toEqual([]);
    expect(await listCustomerOrders(marketer, c.id)).toEqual({ rows: [], total: 0 });
    expect(await getCustomerSummary(marketer, c.id)).toMatchObject({ lifetimeRevenue: '99.50', orderCount: 1 });
  });

  it('a service agent sees a customer’s deals only while it has a case in their queue (unassigned or theirs)', async () => {
    const noCase = await insertCustomer({ ownerId: rep.userId });
    const othersCase = await insertCustomer({ ownerId: rep.userId });
    const unassigned = await insertCustomer({ ownerId: rep.userId });
    const own = await insertCustomer({ ownerId: rep.userId });
    for (const c of [noCase, othersCase, unassigned, own]) await insertDeal(c.id, rep.userId, stageId);
    await insertCase(othersCase.id, agent2.userId);
    await insertCase(unassigned.id, null);
    await insertCase(own.id, agent.userId);
    expect(await listCustomerDeals(agent, noCase.id)).toEqual([]);
    expect(await listCustomerDeals(agent, othersCase.id)).toEqual([]);
    expect(await listCustomerDeals(agent, unassigned.id)).toHaveLength(1);
    expect(await listCustomerDeals(agent, own.id)).toHaveLength(1);
    expect(await listCustomerCases(agent, othersCase.id)).toEqual([]);
  });

  it('each order line counts its own items (2, 1 and 0 here), with the purchase summary over the orders', async () => {
    const c = await insertCustomer({ ownerId: rep.userId });
    const two = await insertOrder(c.id, '30.00', day(7));
    const one = await insertOrder(c.id, '12.50', day(8));
    const none = await insertOrder(c.id, '7.50', day(9));
    const item = { quantity: '1', unitPrice: '5.00', lineTotal: '5.00' };
    await db.insert(orderItems).values([
      { orderId: two.id, ...item },
      { orderId: two.id, ...item },
      { orderId: one.id, ...item },
    ]);
    const { rows } = await listCustomerOrders(manager, c.id);
    expect(rows.map((r) => [r.id, r.items])).toEqual([
      [none.id, 0],
      [one.id, 1],
      [two.id, 2],
    ]);
    expect(await getCustomerSummary(manager, c.id)).toMatchObject({
      lifetimeRevenue: '50.00',
      orderCount: 3,
      averageOrderValue: '16.67',
    });
  });

  it('a deleted customer has no summary, orders, deals or cases, even for an admin', async () => {
    const admin = await createTestUser('admin');
    const c = await insertCustomer({ ownerId: rep.userId });
    await insertOrder(c.id, '50.00', day(6));
    await insertDeal(c.id, rep.userId, stageId);
    await insertCase(c.id, null);
    expect(await getCustomerSummary(admin, c.id)).toMatchObject({ orderCount: 1 });
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, c.id));
    expect(await getCustomerSummary(admin, c.id)).toBeNull();
    expect(await listCustomerOrders(admin, c.id)).toEqual({ rows: [], total: 0 });
    expect(await listCustomerDeals(admin, c.id)).toEqual([]);
    expect(await listCustomerCases(admin, c.id)).toEqual([]);
  });
});
