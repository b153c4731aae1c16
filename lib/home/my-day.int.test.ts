import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { activities, cases, customers, deals, leads, teamCounts, users } from '@/db/schema';
import { stopBoss } from '@/lib/jobs/boss';
import { prepareQueue, work } from '@/lib/jobs/queues';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCase, insertCustomer, insertDeal, insertStage } from '@/lib/testing/fixtures';
import { getOwnedCounts, listMyRecentCustomers } from './my-day';
import { getTeamCounts, refreshTeamCounts, teamCountsJob } from './team-counts';

setupTestDatabase();
afterAll(() => stopBoss(2_000));

const HOUR = 3_600_000;
const deleteCustomer = (id: string) => db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, id));

/**
 * One rep's records, each kind once counted and once not: live and deleted customers, open, lost
 * and deleted deals, open and resolved cases, open, converted and deleted leads, and tasks that are
 * open (one overdue, one without a customer), done, deleted, or on a deleted customer.
 */
async function seedRep() {
  const rep = await createTestUser('sales_rep');
  const me = rep.userId;
  const live = await insertCustomer({ ownerId: me, name: 'Live' });
  const gone = await insertCustomer({ ownerId: me, name: 'Gone' });
  const stage = await insertStage();
  const open = await insertDeal(live.id, me, stage);
  await db.update(deals).set({ amount: '250.50' }).where(eq(deals.id, open.id));
  const lost = await insertDeal(live.id, me, stage);
  await db.update(deals).set({ status: 'lost', closedAt: new Date() }).where(eq(deals.id, lost.id));
  const deletedDeal = await insertDeal(live.id, me, stage);
  await db.update(deals).set({ deletedAt: new Date() }).where(eq(deals.id, deletedDeal.id));
  await insertCase(live.id, me);
  const resolved = await insertCase(live.id, me);
  await db.update(cases).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(cases.id, resolved.id));
  await db.insert(leads).values([
    { firstName: 'Open', status: 'contacted', ownerId: me },
    { firstName: 'Unqualified', status: 'unqualified', ownerId: me },
    { firstName: 'Deleted', status: 'new', ownerId: me, deletedAt: new Date() },
  ]);
  const task = { type: 'task' as const, ownerId: me };
  await db.insert(activities).values([
    { ...task, subject: 'Overdue', customerId: live.id, dueAt: new Date(Date.now() - HOUR) },
    { ...task, subject: 'Later', customerId: null, dueAt: new Date(Date.now() + HOUR) },
    { ...task, subject: 'Done', customerId: live.id, dueAt: new Date(), completedAt: new Date() },
    { ...task, subject: 'Deleted', customerId: live.id, dueAt: new Date(), deletedAt: new Date() },
    { ...task, subject: 'On a deleted customer', customerId: gone.id, dueAt: new Date(Date.now() - HOUR) },
    { type: 'call', subject: 'Call', ownerId: me, customerId: live.id, occurredAt: new Date(Date.now() - HOUR) },
    { type: 'call', subject: 'Call', ownerId: me, customerId: gone.id, occurredAt: new Date() },
  ]);
  await deleteCustomer(gone.id);
  return { rep, live };
}

describe('home: what the viewer owns', () => {
  it('counts only live and open records: customers, leads, deals (and their value), cases, tasks, overdue tasks', async () => {
    const { rep } = await seedRep();
    expect(await getOwnedCounts(rep)).toEqual({
      customers: 1,
      leads: 1,
      openDeals: 1,
      openDealValue: '250.50',
      openCases: 1,
      openTasks: 2,
      overdueTasks: 1,
    });
  });

  it('recent customers are the live ones the viewer touched, newest first', async () => {
    const { rep, live } = await seedRep();
    const recent = await listMyRecentCustomers(rep);
    expect(recent.map((r) => r.id)).toEqual([live.id]);
    expect(recent[0].lastTouch).toBeInstanceOf(Date);
  });
});

describe('home: team counts', () => {
  it('are null for reps, service agents and marketers; managers and admins see each rep and agent', async () => {
    const rep = await createTestUser('sales_rep');
    await insertCustomer({ ownerId: rep.userId });
    await refreshTeamCounts(db);
    for (const role of ['sales_rep', 'service_agent', 'marketer'] as const)
      expect(await getTeamCounts(await createTestUser(role)), role).toBeNull();
    for (const role of ['manager', 'admin'] as const) {
      const team = await getTeamCounts(await createTestUser(role));
      expect(team?.rows.find((r) => r.userId === rep.userId)).toMatchObject({ customers: 1 });
      expect(team?.computedAt).toBeInstanceOf(Date);
    }
  });

  it('count per person what My day counts for them', async () => {
    const { rep } = await seedRep();
    await refreshTeamCounts(db);
    const team = await getTeamCounts(await createTestUser('manager'));
    expect(team?.rows.find((r) => r.userId === rep.userId)).toEqual({
      userId: rep.userId,
      name: rep.name,
      role: 'sales_rep',
      customers: 1,
      openDeals: 1,
      openCases: 1,
      openTasks: 2,
      overdueTasks: 1,
    });
  });

  it('are a snapshot: new work shows after the next refresh, and a deactivated rep drops out', async () => {
    const rep = await createTestUser('sales_rep');
    const manager = await createTestUser('manager');
    await refreshTeamCounts(db);
    await insertCustomer({ ownerId: rep.userId });
    const before = await getTeamCounts(manager);
    expect(before?.rows.find((r) => r.userId === rep.userId)?.customers).toBe(0);
    await refreshTeamCounts(db);
    expect((await getTeamCounts(manager))?.rows.find((r) => r.userId === rep.userId)?.customers).toBe(1);
    await db.update(users).set({ active: false }).where(eq(users.id, rep.userId));
    await refreshTeamCounts(db);
    expect((await getTeamCounts(manager))?.rows.some((r) => r.userId === rep.userId)).toBe(false);
  });

  it('a missing snapshot asks the job, which fills it', async () => {
    await db.delete(teamCounts);
    const manager = await createTestUser('manager');
    await prepareQueue(teamCountsJob);
    expect(await getTeamCounts(manager)).toEqual({ rows: [], computedAt: null });
    await work(teamCountsJob, { pollingIntervalSeconds: 0.5 });
    const deadline = Date.now() + 20_000;
    while ((await db.select().from(teamCounts)).length === 0) {
      if (Date.now() > deadline) throw new Error('the team counts job did not run');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await getTeamCounts(manager))?.computedAt).toBeInstanceOf(Date);
  });
});
