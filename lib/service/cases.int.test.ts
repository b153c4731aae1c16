import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, cases, customers, mailMessages, settings, users } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { getCaseSettings, reassignAgentCases, updateCaseSettings } from './assignment';
import {
  addCaseCommentAction,
  bulkAssignCasesAction,
  bulkCaseStatusAction,
  changeCaseStatusAction,
} from './case-actions';
import {
  addCaseComment,
  bulkAssignCases,
  bulkChangeCaseStatus,
  changeCaseAssignee,
  changeCasePriority,
  changeCaseStatus,
  createCase,
  createCaseFromMessage,
  recordCustomerReply,
} from './case-write';
import { getCase, getCaseCustomer, listCaseComments, listCaseHistory } from './cases';
import { countQueueViews, listQueue } from './queue';
import { QueueFilterSchema } from './queue-filters';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let admin: Viewer, manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, agent2: Viewer, marketer: Viewer;
let repCustomer: string, otherCustomer: string;

const queue = (view: string, extra: Record<string, string> = {}) =>
  QueueFilterSchema.parse({ view, size: '100', ...extra });

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

async function newCase(by: Viewer, changes: Partial<Parameters<typeof createCase>[1]> = {}) {
  const r = await createCase(by, {
    customerId: otherCustomer,
    contactId: null,
    subject: 'Printer on fire',
    description: null,
    priority: 'normal',
    channel: 'phone',
    assigneeId: null,
    ...changes,
  });
  if (!r.ok) throw new Error(`createCase: ${r.reason}`);
  return r;
}

const versionOf = async (id: string) =>
  (await db.select({ v: cases.version }).from(cases).where(eq(cases.id, id)))[0].v;

const setRule = (caseAssignment: 'manual' | 'round_robin' | 'least_loaded', byLanguage = false) =>
  db
    .update(settings)
    .set({ caseAssignment, caseAssignmentByLanguage: byLanguage, caseRoundRobinLast: null })
    .where(eq(settings.id, 1));

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [admin, manager, rep, rep2, agent, agent2, marketer] = await Promise.all(
    ['admin', 'manager', 'rep', 'rep2', 'agent', 'agent2', 'marketer'].map((n) => seededViewer(`${n}@lodestar.test`)),
  );
  const [a] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.ownerId, rep.userId), sql`${customers.deletedAt} is null`))
    .limit(1);
  const [b] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.ownerId, rep2.userId), sql`${customers.deletedAt} is null`))
    .limit(1);
  repCustomer = a.id;
  otherCustomer = b.id;
}, 120_000);

beforeEach(() => setRule('manual'));

describe('who reads and changes which case', () => {
  it("an agent cannot read or change another agent's case, through the data functions or a crafted action", async () => {
    const theirs = await newCase(agent2, { assigneeId: agent2.userId });
    expect(await getCase(agent, theirs.id)).toBeNull();
    expect(await listCaseComments(agent, theirs.id)).toEqual([]);
    expect(await listCaseHistory(agent, theirs.id)).toEqual([]);
    expect(await getCaseCustomer(agent, theirs.id)).toBeNull();
    const v = await versionOf(theirs.id);
    expect(await addCaseComment(agent, { caseId: theirs.id, body: 'mine now', kind: 'reply' })).toMatchObject({
      ok: false,
      reason: 'notFound',
    });
    expect(await changeCaseStatus(agent, { id: theirs.id, version: v, status: 'resolved' })).toMatchObject({
      reason: 'notFound',
    });
    expect(await changeCaseAssignee(agent, { id: theirs.id, version: v, assigneeId: agent.userId })).toMatchObject({
      reason: 'notFound',
    });
    signInAs(agent);
    expect(await addCaseCommentAction(null, form({ caseId: theirs.id, body: 'x', kind: 'note' }))).toMatchObject({
      ok: false,
      reason: 'notFound',
    });
    expect(
      await changeCaseStatusAction(null, form({ id: theirs.id, version: String(v), status: 'closed' })),
    ).toMatchObject({ ok: false, reason: 'notFound' });
    const [after] = await db.select().from(cases).where(eq(cases.id, theirs.id));
    expect(after).toMatchObject({ status: 'new', assigneeId: agent2.userId, version: v });
    const mine = await listQueue(agent, queue('mine'));
    expect(mine.rows.every((r) => r.assigneeId === agent.userId)).toBe(true);
    expect(mine.rows.some((r) => r.id === theirs.id)).toBe(false);
    // The manager's own views: an agent asking for "team" or "all" gets their default view.
    const asked = await listQueue(agent, queue('all'));
    expect(asked.view).toBe('mine');
  });

  it('an agent takes an unassigned case before working it; only for themselves', async () => {
    const c = await newCase(manager);
    expect(c.assigneeId).toBeNull();
    expect(await getCase(agent, c.id)).toMatchObject({ canEdit: false, canTake: true });
    expect(await addCaseComment(agent, { caseId: c.id, body: 'hi', kind: 'reply' })).toMatchObject({
      reason: 'forbidden',
    });
    const v = await versionOf(c.id);
    expect(await changeCaseAssignee(agent, { id: c.id, version: v, assigneeId: agent2.userId })).toMatchObject({
      reason: 'forbidden',
    });
    expect(await changeCaseAssignee(agent, { id: c.id, version: v, assigneeId: agent.userId })).toMatchObject({
      ok: true,
    });
    expect(await getCase(agent, c.id)).toMatchObject({ canEdit: true, assigneeId: agent.userId });
    expect(await getCase(agent2, c.id)).toBeNull();
  });

  it('a rep reads only the cases of customers they own, and changes none; a marketer sees nothing', async () => {
    const own = await newCase(manager, { customerId: repCustomer });
    const other = await newCase(manager, { customerId: otherCustomer });
    expect(await getCase(rep, own.id)).toMatchObject({ id: own.id, canEdit: false });
    expect(await getCase(rep, other.id)).toBeNull();
    const list = await listQueue(rep, queue('all'));
    expect(list.view).toBe('all');
    expect(list.rows.length).toBeGreaterThan(0);
    const owners = await db
      .selectDistinct({ ownerId: customers.ownerId })
      .from(customers)
      .where(
        inArray(
          customers.id,
          list.rows.map((r) => r.customerId),
        ),
      );
    expect(owners).toEqual([{ ownerId: rep.userId }]);
    expect(await addCaseComment(rep, { caseId: own.id, body: 'x', kind: 'note' })).toMatchObject({
      reason: 'forbidden',
    });
    expect(await listQueue(marketer, queue('all'))).toMatchObject({ rows: [], total: 0 });
    expect(await countQueueViews(marketer, {})).toEqual([]);
    expect(await getCase(marketer, own.id)).toBeNull();
    signInAs(marketer);
    expect(await addCaseCommentAction(null, form({ caseId: own.id, body: 'x', kind: 'note' }))).toMatchObject({
      reason: 'forbidden',
    });
  });
});

describe('the case workflow', () => {
  it('reply, pending, resolved, closed, reopen: each recorded, first response set once by a public reply', async () => {
    const c = await newCase(agent, { assigneeId: agent.userId, priority: 'high' });
    let detail = (await getCase(agent, c.id))!;
    expect(detail).toMatchObject({ status: 'new', firstRespondedAt: null });
    expect(detail.firstResponseDueAt).not.toBeNull();
    expect(detail.dueAt).toEqual(detail.firstResponseDueAt);
    expect(await addCaseComment(agent, { caseId: c.id, body: 'Checked the logs.', kind: 'note' })).toMatchObject({
      ok: true,
      isPublic: false,
    });
    expect((await getCase(agent, c.id))!.firstRespondedAt).toBeNull();
    await addCaseComment(agent, { caseId: c.id, body: 'We are on it.', kind: 'reply' });
    detail = (await getCase(agent, c.id))!;
    expect(detail.status).toBe('open');
    expect(detail.firstRespondedAt).not.toBeNull();
    // Answered: the queue's due time is now the resolution due time.
    expect(detail.dueAt).toEqual(detail.resolutionDueAt);
    const first = detail.firstRespondedAt;
    await addCaseComment(agent, { caseId: c.id, body: 'Another reply.', kind: 'reply' });
    expect((await getCase(agent, c.id))!.firstRespondedAt).toEqual(first);

    const move = async (status: 'pending' | 'resolved' | 'closed' | 'open') => {
      const r = await changeCaseStatus(agent, { id: c.id, version: await versionOf(c.id), status });
      expect(r).toMatchObject({ ok: true });
    };
    await move('pending');
    await move('resolved');
    expect((await getCase(agent, c.id))!.resolvedAt).not.toBeNull();
    await move('closed');
    await move('open');
    detail = (await getCase(agent, c.id))!;
    expect(detail).toMatchObject({ status: 'open', reopenedCount: 1, resolvedAt: null, closedAt: null });
    expect(await changeCaseStatus(agent, { id: c.id, version: await versionOf(c.id), status: 'closed' })).toMatchObject(
      { ok: false, reason: 'statusMove' },
    );

    const comments = await listCaseComments(agent, c.id);
    expect(comments.map((x) => [x.isPublic, x.authorName])).toEqual([
      [false, agent.name],
      [true, agent.name],
      [true, agent.name],
    ]);
    const history = await listCaseHistory(agent, c.id);
    expect(history.map((h) => h.action)).toEqual([
      'reopen',
      'status',
      'status',
      'csatSurveyIssued',
      'status',
      'reply',
      'reply',
      'note',
      'create',
    ]);
  });

  it('a message from a customer opens a case by the assignment rule, without a staff author', async () => {
    await setRule('round_robin');
    const r = await createCaseFromMessage({
      customerId: repCustomer,
      contactId: null,
      subject: 'Invoice question',
      description: 'Hello, my invoice…',
      priority: 'normal',
      channel: 'email',
    });
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.assigneeId).not.toBeNull();
    const [row] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'case'), eq(auditLog.entityId, r.id)));
    expect(row).toMatchObject({ action: 'create', actorId: null });
    expect(row.diff).toMatchObject({ rule: 'round_robin', channel: 'email' });
  });

  it('a customer reply reopens a resolved case and counts the reopen', async () => {
    const c = await newCase(agent, { assigneeId: agent.userId });
    await changeCaseStatus(agent, { id: c.id, version: await versionOf(c.id), status: 'resolved' });
    expect(await recordCustomerReply({ caseId: c.id, body: 'Still broken.' })).toMatchObject({ reopened: true });
    expect(await getCase(agent, c.id)).toMatchObject({ status: 'open', reopenedCount: 1 });
    const comments = await listCaseComments(agent, c.id);
    expect(comments.at(-1)).toMatchObject({ authorId: null, isPublic: true, body: 'Still broken.' });
  });

  it('a change made on an old version is refused as stale; priority recomputes the due times', async () => {
    const c = await newCase(manager, { assigneeId: agent.userId, priority: 'low' });
    const v = await versionOf(c.id);
    const before = (await getCase(manager, c.id))!;
    expect(await changeCasePriority(manager, { id: c.id, version: v, priority: 'urgent' })).toMatchObject({ ok: true });
    expect(await changeCasePriority(agent, { id: c.id, version: v, priority: 'high' })).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(await changeCaseStatus(agent, { id: c.id, version: v, status: 'open' })).toMatchObject({ reason: 'stale' });
    const after = (await getCase(manager, c.id))!;
    expect(after.priority).toBe('urgent');
    // Urgent targets are shorter than low ones (in the policy's business hours, lib/service/sla.ts).
    expect(after.firstResponseDueAt!.getTime()).toBeLessThan(before.firstResponseDueAt!.getTime());
  });
});

describe('assignment rules', () => {
  it('round robin hands new cases to active agents in turn', async () => {
    await setRule('round_robin');
    const agents = (
      await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'service_agent'), eq(users.active, true)))
    ).map((a) => a.id);
    const got: string[] = [];
    for (let i = 0; i < agents.length * 3; i++) got.push((await newCase(manager)).assigneeId!);
    const counts = agents.map((a) => got.filter((g) => g === a).length);
    expect(counts).toEqual(agents.map(() => 3));
    // In turn: no agent twice in a row.
    expect(got.every((g, i) => i === 0 || g !== got[i - 1])).toBe(true);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'case'), eq(auditLog.action, 'create')));
    expect(audits.some((a) => (a.diff as { rule?: string }).rule === 'round_robin')).toBe(true);
  });

  it('round robin stays fair when cases arrive at once (the settings row is locked, not memory)', async () => {
    await setRule('round_robin');
    const agents = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'service_agent'), eq(users.active, true)));
    const got = await Promise.all(Array.from({ length: agents.length * 2 }, () => newCase(manager)));
    const counts = agents.map((a) => got.filter((g) => g.assigneeId === a.id).length);
    expect(counts).toEqual(agents.map(() => 2));
  });

  it('least loaded gives the case to the agent with fewest open cases', async () => {
    await setRule('least_loaded');
    const fresh = await createTestUser('service_agent');
    expect((await newCase(manager)).assigneeId).toBe(fresh.userId);
    await db.update(users).set({ active: false }).where(eq(users.id, fresh.userId));
    const loads = await db
      .select({
        id: users.id,
        n: sql<number>`(select count(*)::int from cases where assignee_id = ${users.id} and status in ('new','open','pending'))`,
      })
      .from(users)
      .where(and(eq(users.role, 'service_agent'), eq(users.active, true)))
      .orderBy(sql`2`, users.id);
    expect((await newCase(manager)).assigneeId).toBe(loads[0].id);
  });

  it('by language: a case of a customer who writes Chinese goes to an agent who does, when there is one', async () => {
    await setRule('round_robin', true);
    const zh = await createTestUser('service_agent');
    await db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, zh.userId));
    await db.update(customers).set({ locale: 'zh' }).where(eq(customers.id, repCustomer));
    expect((await newCase(manager, { customerId: repCustomer })).assigneeId).toBe(zh.userId);
    expect((await newCase(manager, { customerId: repCustomer })).assigneeId).toBe(zh.userId);
    // Nobody speaks Korean: everyone is eligible rather than nobody.
    await db.update(customers).set({ locale: 'ko' }).where(eq(customers.id, repCustomer));
    expect((await newCase(manager, { customerId: repCustomer })).assigneeId).not.toBeNull();
    await db.update(customers).set({ locale: null }).where(eq(customers.id, repCustomer));
    await db.update(users).set({ active: false }).where(eq(users.id, zh.userId));
  });

  it("an absent agent's open cases go to the others by the rule, audited; agents may not do it", async () => {
    await setRule('round_robin');
    const absent = await createTestUser('service_agent');
    const a = await newCase(manager, { assigneeId: absent.userId });
    const b = await newCase(manager, { assigneeId: absent.userId });
    expect(await reassignAgentCases(agent, absent.userId)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await reassignAgentCases(manager, absent.userId)).toMatchObject({ ok: true, changed: 2 });
    const after = await db
      .select({ assigneeId: cases.assigneeId })
      .from(cases)
      .where(inArray(cases.id, [a.id, b.id]));
    expect(after.every((r) => r.assigneeId && r.assigneeId !== absent.userId)).toBe(true);
    expect(new Set(after.map((r) => r.assigneeId)).size).toBe(2);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'case'), eq(auditLog.entityId, a.id), eq(auditLog.action, 'assign')));
    expect(audits[0].diff).toMatchObject({ rule: 'round_robin', reason: 'agentAbsent' });
  });
});

describe('the assignment setting', () => {
  it('admins change it (version-locked, audited); managers only read it', async () => {
    const read = (await getCaseSettings(manager))!;
    expect(await updateCaseSettings(manager, { ...read, caseAssignment: 'least_loaded' })).toMatchObject({
      reason: 'forbidden',
    });
    expect(await updateCaseSettings(admin, { ...read, caseAssignment: 'least_loaded' })).toMatchObject({ ok: true });
    expect(await updateCaseSettings(admin, { ...read, caseAssignment: 'round_robin' })).toMatchObject({
      reason: 'stale',
    });
    expect(await getCaseSettings(agent)).toBeNull();
    expect((await getCaseSettings(admin))!.caseAssignment).toBe('least_loaded');
  });
});

describe('bulk actions', () => {
  it('an agent only takes unassigned cases for themselves; giving cases away or bulk status is refused', async () => {
    const free = await newCase(manager);
    const taken = await newCase(manager, { assigneeId: agent2.userId });
    expect(await bulkAssignCases(agent, { ids: [free.id], assigneeId: agent2.userId })).toMatchObject({
      reason: 'forbidden',
    });
    expect(await bulkAssignCases(agent, { ids: [free.id, taken.id], assigneeId: agent.userId })).toMatchObject({
      ok: true,
      changed: 1,
    });
    const rows = await db
      .select({ id: cases.id, a: cases.assigneeId })
      .from(cases)
      .where(inArray(cases.id, [free.id, taken.id]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.a]))).toEqual({
      [free.id]: agent.userId,
      [taken.id]: agent2.userId,
    });
    expect(await bulkChangeCaseStatus(agent, { ids: [free.id], status: 'resolved' })).toMatchObject({
      reason: 'forbidden',
    });
    signInAs(agent);
    expect(await bulkCaseStatusAction({ ids: [free.id], status: 'resolved' })).toMatchObject({ reason: 'forbidden' });
    expect(await bulkAssignCasesAction({ ids: [taken.id], assigneeId: agent.userId })).toMatchObject({
      ok: true,
      data: { count: 0 },
    });
    signInAs(rep);
    expect(await bulkAssignCasesAction({ ids: [free.id], assigneeId: rep.userId })).toMatchObject({
      reason: 'forbidden',
    });
  });

  it('a manager moves many cases; those the workflow does not allow are left alone', async () => {
    const a = await newCase(manager, { assigneeId: agent.userId });
    const b = await newCase(manager, { assigneeId: agent.userId });
    await changeCaseStatus(manager, { id: b.id, version: await versionOf(b.id), status: 'resolved' });
    // new → closed is not a move; resolved → closed is.
    expect(await bulkChangeCaseStatus(manager, { ids: [a.id, b.id], status: 'closed' })).toMatchObject({
      ok: true,
      changed: 1,
    });
    const rows = await db
      .select({ id: cases.id, s: cases.status })
      .from(cases)
      .where(inArray(cases.id, [a.id, b.id]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.s]))).toEqual({ [a.id]: 'new', [b.id]: 'closed' });
    expect(await bulkAssignCases(manager, { ids: [a.id], assigneeId: marketer.userId })).toMatchObject({
      reason: 'assigneeInactive',
    });
    expect(await bulkAssignCases(admin, { ids: [a.id], assigneeId: null })).toMatchObject({ ok: true, changed: 1 });
  });
});

describe('the queue', () => {
  it('sorts by SLA due time with nulls last, marks breached cases and counts each view', async () => {
    const late = await newCase(manager, { assigneeId: agent.userId, priority: 'urgent' });
    await db.execute(sql`update cases set first_response_due_at = now() - interval '2 hours' where id = ${late.id}`);
    const list = await listQueue(manager, queue('team'));
    const dues = list.rows.map((r) => r.dueAt?.getTime() ?? Number.POSITIVE_INFINITY);
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    expect(list.rows.every((r) => ['new', 'open', 'pending'].includes(r.status) && r.assigneeId)).toBe(true);
    const breaching = await listQueue(agent, queue('breaching'));
    expect(breaching.rows.find((r) => r.id === late.id)).toMatchObject({ breached: true, dueSoon: false });
    expect(breaching.rows.every((r) => r.assigneeId === null || r.assigneeId === agent.userId)).toBe(true);
    const counts = await countQueueViews(manager, {});
    expect(counts.map((c) => c.view)).toEqual(['team', 'mine', 'unassigned', 'breaching', 'all']);
    expect(counts.find((c) => c.view === 'team')!.total.value).toBe(list.total);
    const filtered = await listQueue(
      manager,
      queue('all', { priority: 'urgent', channel: 'phone', customer: otherCustomer }),
    );
    expect(filtered.rows.length).toBeGreaterThan(0);
    expect(
      filtered.rows.every((r) => r.priority === 'urgent' && r.channel === 'phone' && r.customerId === otherCustomer),
    ).toBe(true);
    const byAssignee = await listQueue(manager, queue('all', { assignee: agent.userId }));
    expect(byAssignee.rows.every((r) => r.assigneeId === agent.userId)).toBe(true);
  });
});

describe('replies by email', () => {
  it('a public reply from the case page queues one email to the customer with the case number; a note queues none', async () => {
    await db.update(customers).set({ email: 'buyer@example.com' }).where(eq(customers.id, otherCustomer));
    const c = await newCase(agent, { assigneeId: agent.userId });
    const [{ number }] = await db.select({ number: cases.number }).from(cases).where(eq(cases.id, c.id));
    signInAs(agent);
    expect(
      await addCaseCommentAction(null, form({ caseId: c.id, body: 'Internal only.', kind: 'note' })),
    ).toMatchObject({ ok: true });
    expect(await db.select().from(mailMessages).where(eq(mailMessages.caseId, c.id))).toEqual([]);
    expect(
      await addCaseCommentAction(null, form({ caseId: c.id, body: 'We have refunded you.', kind: 'reply' })),
    ).toMatchObject({ ok: true });
    const mail = await db.select().from(mailMessages).where(eq(mailMessages.caseId, c.id));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ direction: 'out', status: 'queued' });
    expect(mail[0].subject).toContain(`[#${number}]`);
    expect(mail[0].text).toContain('We have refunded you.');
    expect(mail[0].toAddresses).toContain('buyer@example.com');
  });

  it('resolving a case emails the customer a satisfaction survey link and stores the service times', async () => {
    await db.update(customers).set({ email: 'buyer@example.com' }).where(eq(customers.id, otherCustomer));
    const c = await newCase(agent, { assigneeId: agent.userId });
    await addCaseComment(agent, { caseId: c.id, body: 'Fixed.', kind: 'reply' });
    expect(
      await changeCaseStatus(agent, { id: c.id, version: await versionOf(c.id), status: 'resolved' }),
    ).toMatchObject({ ok: true });
    const [row] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect(row.csatToken).not.toBeNull();
    expect(row.csatTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(row.resolutionBusinessMinutes).not.toBeNull();
    const mail = await db.select().from(mailMessages).where(eq(mailMessages.caseId, c.id));
    const surveys = mail.filter((m) => m.text?.includes('/csat/'));
    expect(surveys).toHaveLength(1);
    // The survey's own subject (lib/service/csat-email.ts), with the tag that threads an answer back.
    expect(surveys[0].subject).toBe(`[#${c.number}] How did we do?`);
  });
});

afterAll(() => stopBoss(2_000));
