import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { activities, customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { getOwnedCounts } from '@/lib/home/my-day';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import { listMyOpenTasks } from './activities';
import { logActivityAction, setTaskDoneAction } from './activity-actions';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();
const activitiesOf = (customerId: string) => db.select().from(activities).where(eq(activities.customerId, customerId));

let rep: Viewer, rep2: Viewer, manager: Viewer, agent: Viewer, marketer: Viewer;
beforeAll(async () => {
  [rep, rep2, manager, agent, marketer] = await Promise.all([
    createTestUser('sales_rep'),
    createTestUser('sales_rep'),
    createTestUser('manager'),
    createTestUser('service_agent'),
    createTestUser('marketer'),
  ]);
});

describe('logging activities', () => {
  it('a rep cannot log on another rep’s customer, a marketer on any; nothing is written', async () => {
    const c = await insertCustomer({ ownerId: rep.userId });
    for (const who of [rep2, marketer]) {
      signInAs(who);
      expect(
        await logActivityAction(initial, form({ customerId: c.id, type: 'call', subject: 'Sneaky call' })),
      ).toMatchObject({ ok: false, message: 'forbidden' });
    }
    expect(await activitiesOf(c.id)).toHaveLength(0);
  });

  it('a service agent logs on any customer; the owner rep on their own', async () => {
    const c = await insertCustomer({ ownerId: rep.userId });
    signInAs(agent);
    expect(
      await logActivityAction(initial, form({ customerId: c.id, type: 'note', subject: 'Called about a case' })),
    ).toMatchObject({ ok: true });
    signInAs(rep);
    expect(
      await logActivityAction(initial, form({ customerId: c.id, type: 'meeting', subject: 'Kick-off' })),
    ).toMatchObject({ ok: true });
    expect((await activitiesOf(c.id)).map((a) => a.ownerId).sort()).toEqual([agent.userId, rep.userId].sort());
  });

  it('a manager cannot give a task to a marketer (no activities:write); to a service agent is fine', async () => {
    const c = await insertCustomer({ ownerId: rep.userId });
    signInAs(manager);
    expect(
      await logActivityAction(
        initial,
        form({ customerId: c.id, type: 'task', subject: 'For marketing', dueAt: tomorrow(), ownerId: marketer.userId }),
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { ownerId: ['owner'] },
    });
    expect(await activitiesOf(c.id)).toHaveLength(0);
    expect(
      await logActivityAction(
        initial,
        form({ customerId: c.id, type: 'task', subject: 'For service', dueAt: tomorrow(), ownerId: agent.userId }),
      ),
    ).toMatchObject({ ok: true });
    expect((await activitiesOf(c.id))[0]).toMatchObject({ ownerId: agent.userId, createdBy: manager.userId });
  });
});

describe('completing tasks', () => {
  it('someone else’s task on a customer you cannot edit is refused; its owner and the customer’s owner may complete it', async () => {
    const c = await insertCustomer({ ownerId: rep.userId });
    signInAs(manager);
    const created = await logActivityAction(
      initial,
      form({ customerId: c.id, type: 'task', subject: 'Follow up', dueAt: tomorrow(), ownerId: agent.userId }),
    );
    const id = created.id!;
    for (const who of [rep2, marketer]) {
      signInAs(who);
      expect(await setTaskDoneAction({ id, done: true })).toMatchObject({ ok: false, message: 'forbidden' });
    }
    expect((await db.select().from(activities).where(eq(activities.id, id)))[0].completedAt).toBeNull();
    signInAs(agent);
    expect(await setTaskDoneAction({ id, done: true })).toMatchObject({ ok: true });
    signInAs(rep);
    expect(await setTaskDoneAction({ id, done: false })).toMatchObject({ ok: true });
  });
});

describe('My day', () => {
  it('lists no tasks of deleted customers, and the counts agree', async () => {
    const owner = await createTestUser('sales_rep');
    const live = await insertCustomer({ ownerId: owner.userId, name: 'Live customer' });
    const gone = await insertCustomer({ ownerId: owner.userId, name: 'Deleted customer' });
    const due = new Date(Date.now() + 3_600_000);
    await db.insert(activities).values([
      { type: 'task', subject: 'On live', customerId: live.id, ownerId: owner.userId, dueAt: due },
      { type: 'task', subject: 'On deleted', customerId: gone.id, ownerId: owner.userId, dueAt: due },
      { type: 'task', subject: 'No customer', customerId: null, ownerId: owner.userId, dueAt: due },
    ]);
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, gone.id));
    const tasks = await listMyOpenTasks(owner);
    expect(tasks.map((t) => t.subject).sort()).toEqual(['No customer', 'On live']);
    expect(await getOwnedCounts(owner)).toMatchObject({ openTasks: 2 });
  });
});
