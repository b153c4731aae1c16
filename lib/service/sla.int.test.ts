import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, businessCalendars, caseComments, cases, slaPolicies } from '@/db/schema';
import { stopBoss } from '@/lib/jobs/boss';
import { enqueue, work } from '@/lib/jobs/queues';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { refreshCaseSla } from './sla';
import { runSlaBreachCheck, slaBreachJob } from './sla-breaches';

setupTestDatabase();
afterAll(() => stopBoss(2_000));

const Z = (iso: string) => new Date(`${iso}:00Z`);
let customerId: string;
let calendarId: string;
let policy: Record<'low' | 'normal' | 'high' | 'urgent', string>;

beforeAll(async () => {
  customerId = (await insertCustomer({ ownerId: null })).id;
  const nine5 = [{ start: '09:00', end: '17:00' }];
  [{ id: calendarId }] = await db
    .insert(businessCalendars)
    .values({ name: 'Office', timeZone: 'UTC', periods: [nine5, nine5, nine5, nine5, nine5, [], []], holidays: [] })
    .returning({ id: businessCalendars.id });
  const made = await db
    .insert(slaPolicies)
    .values([
      { name: 'Urgent', priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 }, // 24/7
      { name: 'High', priority: 'high', firstResponseMinutes: 240, resolutionMinutes: 1440, calendarId },
      { name: 'Normal', priority: 'normal', firstResponseMinutes: 60, resolutionMinutes: 480, calendarId },
    ])
    .returning({ id: slaPolicies.id, priority: slaPolicies.priority });
  policy = Object.fromEntries(made.map((p) => [p.priority, p.id])) as typeof policy;
});

async function newCase(priority: 'low' | 'normal' | 'high' | 'urgent', createdAt: Date) {
  const [row] = await db
    .insert(cases)
    .values({ customerId, subject: 'Printer on fire', priority, createdAt })
    .returning({ id: cases.id });
  await db.transaction((tx) => refreshCaseSla(tx, row.id, { now: createdAt }));
  return row.id;
}

async function change(id: string, values: Partial<typeof cases.$inferInsert>, now: Date) {
  await db.transaction(async (tx) => {
    await tx.update(cases).set(values).where(eq(cases.id, id));
    await refreshCaseSla(tx, id, { now });
  });
}

async function read(id: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

describe('refreshCaseSla with a business calendar', () => {
  it('created Friday 16:30, high (4 h / 24 h in Mon–Fri 09–17): first response Monday 12:30, resolution Wednesday 16:30', async () => {
    const id = await newCase('high', Z('2026-12-04T16:30'));
    const c = await read(id);
    expect(c.slaPolicyId).toBe(policy.high);
    expect(c.firstResponseDueAt).toEqual(Z('2026-12-07T12:30'));
    expect(c.resolutionDueAt).toEqual(Z('2026-12-09T16:30'));
    expect(c.slaPausedAt).toBeNull();
  });

  it('pending pauses; leaving pending pushes both due times by the business minutes paused', async () => {
    const id = await newCase('high', Z('2026-12-04T16:30'));
    await change(id, { status: 'pending' }, Z('2026-12-07T10:00'));
    let c = await read(id);
    expect(c.slaPausedAt).toEqual(Z('2026-12-07T10:00'));
    expect(c.resolutionDueAt).toEqual(Z('2026-12-09T16:30')); // unchanged while paused
    // Paused Monday 10:00 → Monday 14:00: 240 business minutes.
    await change(id, { status: 'open' }, Z('2026-12-07T14:00'));
    c = await read(id);
    expect(c.slaPausedAt).toBeNull();
    expect(c.slaPausedMinutes).toBe(240);
    expect(c.firstResponsePausedMinutes).toBe(240);
    expect(c.firstResponseDueAt).toEqual(Z('2026-12-07T16:30')); // 12:30 + 4 h
    expect(c.resolutionDueAt).toEqual(Z('2026-12-10T12:30')); // Wed 16:30 + 30 min, Thu 09:00 + 3.5 h
  });

  it('a pause after the first response pushes only the resolution due time; a pause overnight counts only its business part', async () => {
    const id = await newCase('high', Z('2026-12-01T09:00'));
    await change(id, { firstRespondedAt: Z('2026-12-01T10:00') }, Z('2026-12-01T10:00'));
    await change(id, { status: 'pending' }, Z('2026-12-01T16:00'));
    await change(id, { status: 'open' }, Z('2026-12-02T10:00')); // 16–17 + 09–10: 120 min
    const c = await read(id);
    expect(c.slaPausedMinutes).toBe(120);
    expect(c.firstResponsePausedMinutes).toBe(0);
    expect(c.firstResponseDueAt).toEqual(Z('2026-12-01T13:00'));
    expect(c.resolutionDueAt).toEqual(Z('2026-12-04T11:00')); // Tue 09:00 + 3 days = Thu 17:00, + 2 h
  });

  it('a priority change recomputes from creation with the new policy (urgent: 24/7 minutes)', async () => {
    const id = await newCase('high', Z('2026-12-04T16:30'));
    await change(id, { priority: 'urgent' }, Z('2026-12-04T17:00'));
    const c = await read(id);
    expect(c.slaPolicyId).toBe(policy.urgent);
    expect(c.firstResponseDueAt).toEqual(Z('2026-12-04T17:30'));
    expect(c.resolutionDueAt).toEqual(Z('2026-12-05T00:30'));
  });

  it('a priority without an active policy has no due times', async () => {
    const id = await newCase('low', Z('2026-12-04T16:30'));
    const c = await read(id);
    expect(c.slaPolicyId).toBeNull();
    expect(c.firstResponseDueAt).toBeNull();
    expect(c.resolutionDueAt).toBeNull();
  });

  it('resolved and closed cases keep their policy and due times; reopening adds the resolved time as paused', async () => {
    const id = await newCase('high', Z('2026-12-01T09:00'));
    await change(id, { status: 'resolved', resolvedAt: Z('2026-12-01T12:00') }, Z('2026-12-01T12:00'));
    await db.update(slaPolicies).set({ resolutionMinutes: 2880 }).where(eq(slaPolicies.id, policy.high));
    await change(id, { status: 'closed' }, Z('2026-12-01T13:00'));
    let c = await read(id);
    expect(c.resolutionDueAt).toEqual(Z('2026-12-03T17:00')); // as computed with the old 1440
    expect(c.slaPausedAt).toEqual(Z('2026-12-01T12:00'));
    await db.update(slaPolicies).set({ resolutionMinutes: 1440 }).where(eq(slaPolicies.id, policy.high));
    await change(id, { status: 'open', resolvedAt: null }, Z('2026-12-02T12:00')); // resolved for 8 business hours
    c = await read(id);
    expect(c.slaPausedMinutes).toBe(480);
    expect(c.resolutionDueAt).toEqual(Z('2026-12-04T17:00'));
  });

  it('a calendar holiday moves the due time', async () => {
    await db
      .update(businessCalendars)
      .set({ holidays: ['2026-12-07'] })
      .where(eq(businessCalendars.id, calendarId));
    try {
      const id = await newCase('normal', Z('2026-12-04T16:30')); // 60 min: Fri 30, Mon holiday, Tue 30
      expect((await read(id)).firstResponseDueAt).toEqual(Z('2026-12-08T09:30'));
    } finally {
      await db.update(businessCalendars).set({ holidays: [] }).where(eq(businessCalendars.id, calendarId));
    }
  });
});

describe('runSlaBreachCheck', () => {
  it('marks an overdue first response once, with an internal note, an audit row and the escalation', async () => {
    const agent = await createTestUser('service_agent');
    const lead = await createTestUser('service_agent', { name: 'Team Lead' });
    const manager = await createTestUser('manager');
    await db.update(slaPolicies).set({ escalateReassignTo: lead.userId }).where(eq(slaPolicies.id, policy.normal));
    const id = await newCase('normal', Z('2026-12-08T09:00')); // due 10:00, resolution 17:00
    await db.update(cases).set({ assigneeId: agent.userId }).where(eq(cases.id, id));

    const before = await runSlaBreachCheck(Z('2026-12-08T09:59'));
    expect(before.filter((b) => b.caseId === id)).toEqual([]);

    const first = await runSlaBreachCheck(Z('2026-12-08T10:01'));
    expect(first.filter((b) => b.caseId === id).map((b) => b.kind)).toEqual(['firstResponse']);
    let c = await read(id);
    expect(c.firstResponseBreachedAt).toEqual(Z('2026-12-08T10:01'));
    expect(c.resolutionBreachedAt).toBeNull();
    expect(c.escalatedAt).toEqual(Z('2026-12-08T10:01'));
    expect(c.assigneeId).toBe(lead.userId);
    expect(c.version).toBe(2);
    const notes = await db.select().from(caseComments).where(eq(caseComments.caseId, id));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ isPublic: false, authorId: null });
    expect(notes[0].body).toMatch(/^SLA breached: first response was due 2026-12-08 10:00 UTC\./);
    expect(notes[0].body).toContain(manager.email);
    expect(notes[0].body).toContain('Reassigned to Team Lead.');
    const audits = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'case'), eq(auditLog.entityId, id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['reassign', 'sla_breach']);

    // Idempotent: the same minute again (a retried job) marks nothing more.
    expect((await runSlaBreachCheck(Z('2026-12-08T10:02'))).filter((b) => b.caseId === id)).toEqual([]);
    expect(await db.select().from(caseComments).where(eq(caseComments.caseId, id))).toHaveLength(1);

    // Resolution overdue later: its own breach, no second reassignment (already the lead's).
    const later = await runSlaBreachCheck(Z('2026-12-08T17:05'));
    expect(later.filter((b) => b.caseId === id).map((b) => b.kind)).toEqual(['resolution']);
    c = await read(id);
    expect(c.resolutionBreachedAt).toEqual(Z('2026-12-08T17:05'));
    expect(c.version).toBe(2);
    await db.update(slaPolicies).set({ escalateReassignTo: null }).where(eq(slaPolicies.id, policy.normal));
  });

  it('does not mark pending (paused), responded or resolved cases', async () => {
    const pending = await newCase('normal', Z('2026-12-09T09:00'));
    await change(pending, { status: 'pending' }, Z('2026-12-09T09:30'));
    const responded = await newCase('normal', Z('2026-12-09T09:00'));
    await change(responded, { firstRespondedAt: Z('2026-12-09T09:10'), status: 'open' }, Z('2026-12-09T09:10'));
    const resolved = await newCase('normal', Z('2026-12-09T09:00'));
    await change(resolved, { status: 'resolved', resolvedAt: Z('2026-12-09T09:20') }, Z('2026-12-09T09:20'));
    const marked = await runSlaBreachCheck(Z('2026-12-09T12:00'));
    const ids = new Set(marked.map((b) => b.caseId));
    expect([pending, responded, resolved].filter((id) => ids.has(id))).toEqual([]);
  });

  it('a priority change that moves the due time past the breach withdraws the breach marker', async () => {
    const id = await newCase('normal', Z('2026-12-10T09:00'));
    await runSlaBreachCheck(Z('2026-12-10T10:30'));
    expect((await read(id)).firstResponseBreachedAt).toEqual(Z('2026-12-10T10:30'));
    await change(id, { priority: 'high' }, Z('2026-12-10T10:40')); // first response now due 13:00
    expect((await read(id)).firstResponseBreachedAt).toBeNull();
  });

  it('two runs at once mark each breach once', async () => {
    const ids = await Promise.all([1, 2, 3].map(() => newCase('normal', Z('2026-12-11T09:00'))));
    const [a, b] = await Promise.all([
      runSlaBreachCheck(Z('2026-12-11T11:00')),
      runSlaBreachCheck(Z('2026-12-11T11:00')),
    ]);
    const all = [...a, ...b].filter((x) => ids.includes(x.caseId) && x.kind === 'firstResponse');
    expect(all).toHaveLength(3);
    const notes = await db.select().from(caseComments);
    for (const id of ids) expect(notes.filter((n) => n.caseId === id)).toHaveLength(1);
  });
});

describe('slaBreachJob', () => {
  it('runs through pg-boss with the current time and marks a long-overdue case', async () => {
    const id = await newCase('normal', Z('2020-01-06T09:00'));
    expect(await enqueue(slaBreachJob, {}, { tx: null })).toEqual(expect.any(String));
    await work(slaBreachJob, { pollingIntervalSeconds: 0.5 });
    const deadline = Date.now() + 20_000;
    while (!(await read(id)).resolutionBreachedAt) {
      if (Date.now() > deadline) throw new Error('the job did not run');
      await new Promise((r) => setTimeout(r, 200));
    }
    const c = await read(id);
    expect(c.firstResponseBreachedAt).not.toBeNull();
    expect(c.escalatedAt).not.toBeNull();
  });
});
