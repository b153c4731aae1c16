import { BulkWriter } from './bulk';
import { DAY, type SeedContext } from './context';
import { ACTIVITY_SUBJECTS } from './names';

const COLUMNS = [
  'id',
  'type',
  'subject',
  'body',
  'occurred_at',
  'due_at',
  'completed_at',
  'owner_id',
  'customer_id',
  'contact_id',
  'created_by',
  'created_at',
  'updated_at',
] as const;

/** Calls, emails, meetings, notes and tasks on customers, owned by the customer's rep (or an agent). */
export async function seedActivities(ctx: SeedContext): Promise<number> {
  const { rng, anchor, scale } = ctx;
  const w = new BulkWriter(ctx.exec, 'activities', COLUMNS, 4000);
  const today = anchor.getTime();
  for (let i = 0; i < scale.activities; i++) {
    const customer = ctx.customers[rng.int(0, ctx.customers.length - 1)];
    const type = rng.weighted([
      ['call', 30],
      ['email', 25],
      ['meeting', 10],
      ['note', 15],
      ['task', 20],
    ] as const);
    const ownerId = rng.chance(0.85) ? customer.ownerId : rng.pick(ctx.users.agents);
    // Never before the customer existed.
    const occurredAt = new Date(Math.max(customer.createdAt.getTime() + DAY, today - rng.next() ** 1.5 * 365 * DAY));
    let dueAt: Date | null = null;
    let completedAt: Date | null = null;
    if (type === 'task') {
      // Tasks fall from a month ago to a month ahead; most past ones are done, some are overdue.
      dueAt = new Date(today + rng.int(-30, 30) * DAY + rng.int(9, 17) * 3_600_000);
      if (dueAt.getTime() < today && rng.chance(0.75))
        completedAt = new Date(dueAt.getTime() - rng.int(0, 48) * 3_600_000);
    }
    await w.push([
      rng.uuid(),
      type,
      rng.pick(ACTIVITY_SUBJECTS[type]),
      type === 'note' ? 'Noted during the last conversation.' : null,
      type === 'task' ? new Date(Math.min(dueAt!.getTime() - 5 * DAY, today - 3_600_000)) : occurredAt,
      dueAt,
      completedAt,
      ownerId,
      customer.id,
      customer.contactId,
      ownerId,
      occurredAt,
      occurredAt,
    ]);
  }
  // Every rep has something due today, so "My day" is never empty in the demo.
  for (const repId of ctx.users.reps) {
    const mine = ctx.customers.filter((c) => c.ownerId === repId).slice(0, 3);
    for (const customer of mine) {
      await w.push([
        rng.uuid(),
        'task',
        rng.pick(ACTIVITY_SUBJECTS.task),
        null,
        new Date(today - DAY),
        new Date(today + 15 * 3_600_000),
        null,
        repId,
        customer.id,
        customer.contactId,
        repId,
        new Date(today - DAY),
        new Date(today - DAY),
      ]);
    }
  }
  await w.flush();
  return w.count;
}
