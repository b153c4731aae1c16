import { count, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { caseComments, cases, mailMessages } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { prepareQueue } from '@/lib/jobs/queues';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCase, insertCustomer } from '@/lib/testing/fixtures';
import { ingestInboundMail } from './inbound';
import { mailSendJob, queueCaseMail, queueCaseReplyMail } from './outbound';
import { getMail, listMail, recentOutbound, SimulateInboundSchema, simulateInboundMail } from './outbox';

// The simulator's audit row can be made to fail, to prove it shares the message's transaction.
const auditFault = vi.hoisted(() => ({ on: false }));
vi.mock('@/lib/audit/audit', async (original) => {
  const real = await original<typeof import('@/lib/audit/audit')>();
  return {
    ...real,
    audit: (...args: Parameters<typeof real.audit>) => {
      if (auditFault.on && args[2].action === 'simulateInbound') throw new Error('audit store down');
      return real.audit(...args);
    },
  };
});

setupTestDatabase();
let admin: Viewer;
let agent: Viewer;
let otherAgent: Viewer;
let rep: Viewer;

beforeAll(async () => {
  delete process.env.SMTP_URL;
  admin = await createTestUser('admin');
  agent = await createTestUser('service_agent');
  otherAgent = await createTestUser('service_agent');
  rep = await createTestUser('sales_rep');
  await prepareQueue(mailSendJob);
});
afterAll(() => stopBoss(2_000));

const raw = (lines: string[]) => simpleParser(Buffer.from(lines.join('\r\n')));

describe('the Outbox', () => {
  it('agents see the mail of cases in their queue only; managers and admins all; reps none', async () => {
    const mine = await ingestInboundMail(
      await raw([
        'From: a@example.org',
        'To: support@lodestar.test',
        'Subject: Mine',
        'Message-ID: <o1@example.org>',
        '',
        'x',
      ]),
    );
    const theirs = await ingestInboundMail(
      await raw([
        'From: b@example.org',
        'To: support@lodestar.test',
        'Subject: Theirs',
        'Message-ID: <o2@example.org>',
        '',
        'x',
      ]),
    );
    const loop = await ingestInboundMail(
      await raw([
        'From: c@example.org',
        'Auto-Submitted: auto-replied',
        'Subject: OOO',
        'Message-ID: <o3@example.org>',
        '',
        'x',
      ]),
    );
    if (!('caseId' in theirs) || !theirs.caseId || !('caseId' in mine)) throw new Error('no case');
    await db.update(cases).set({ assigneeId: otherAgent.userId }).where(eq(cases.id, theirs.caseId));

    const ids = async (v: Viewer) => (await listMail(v)).rows.map((r) => r.id).sort();
    expect(await ids(agent)).toEqual([mine.mailId].sort());
    expect(await ids(otherAgent)).toEqual([mine.mailId, theirs.mailId].sort());
    expect(await ids(admin)).toEqual([mine.mailId, theirs.mailId, loop.mailId].sort());
    expect(await ids(rep)).toEqual([]);
    expect(await getMail(agent, theirs.mailId)).toBeNull();
    expect(await getMail(agent, mine.mailId)).toMatchObject({ subject: 'Mine', caseNumber: expect.any(Number) });
    expect(await getMail(agent, 'not-a-uuid')).toBeNull();
    // Keyset pages: newest first, no overlap.
    const first = await listMail(admin, { limit: 2 });
    const second = await listMail(admin, { limit: 2, before: first.nextBefore! });
    expect(first.rows.map((r) => r.id)).toEqual([loop.mailId, theirs.mailId]);
    expect(second.rows.map((r) => r.id)).toEqual([mine.mailId]);
    expect(second.nextBefore).toBeNull();
  });

  it('the demo simulator makes a case, then answers a sent reply onto the same case', async () => {
    const created = await simulateInboundMail(agent, {
      fromName: 'Zoe Demo',
      fromAddress: 'zoe@example.org',
      subject: 'Cannot log in',
      body: 'Help please',
      inReplyTo: '',
    });
    expect(created).toMatchObject({ ok: true, outcome: 'created', caseNumber: expect.any(Number) });
    if (!created.ok || !created.caseId) throw new Error('no case');
    const queued = await db.transaction(async (tx) => {
      const [c] = await tx
        .insert(caseComments)
        .values({ caseId: created.caseId!, body: 'Try again', isPublic: true })
        .returning();
      return queueCaseReplyMail(tx, { caseId: created.caseId!, commentId: c.id });
    });
    if (!queued.queued) throw new Error('not queued');
    expect((await recentOutbound(agent)).map((r) => r.messageId)).toContain(queued.messageId);
    const answered = await simulateInboundMail(agent, {
      fromName: '',
      fromAddress: 'zoe@example.org',
      subject: 'Re: whatever',
      body: 'Works now',
      inReplyTo: queued.messageId,
    });
    expect(answered).toMatchObject({ ok: true, outcome: 'commented', caseId: created.caseId });
  });

  it("an agent's simulated message cannot land on another agent's case (by [#number] or In-Reply-To); a manager's can", async () => {
    const customer = await insertCustomer({ ownerId: null, email: 'victim@example.org' });
    const theirs = await db
      .update(cases)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(cases.id, (await insertCase(customer.id, otherAgent.userId)).id))
      .returning();
    const c = theirs[0];
    const queued = await db.transaction(async (tx) => {
      const [comment] = await tx
        .insert(caseComments)
        .values({ caseId: c.id, body: 'Done', isPublic: true })
        .returning();
      return queueCaseReplyMail(tx, { caseId: c.id, commentId: comment.id });
    });
    if (!queued.queued) throw new Error('not queued');
    const mailCount = async () => (await db.select({ n: count() }).from(mailMessages))[0].n;
    const before = {
      mail: await mailCount(),
      comments: await db.select().from(caseComments).where(eq(caseComments.caseId, c.id)),
    };
    const message = { fromName: '', fromAddress: 'victim@example.org', body: 'Reopen it', inReplyTo: '' };
    expect(await simulateInboundMail(agent, { ...message, subject: `Re: [#${c.number}] ${c.subject}` })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(await simulateInboundMail(agent, { ...message, subject: 'Re: hello', inReplyTo: queued.messageId })).toEqual(
      {
        ok: false,
        reason: 'forbidden',
      },
    );
    // Nothing written: no message, no comment, the case still resolved.
    expect(await mailCount()).toBe(before.mail);
    expect(await db.select().from(caseComments).where(eq(caseComments.caseId, c.id))).toEqual(before.comments);
    expect((await db.select().from(cases).where(eq(cases.id, c.id)))[0]).toMatchObject({
      status: 'resolved',
      version: c.version,
    });
    // The case's own agent and a manager (here the admin) may play the customer on it.
    expect(await simulateInboundMail(otherAgent, { ...message, subject: `Re: [#${c.number}]` })).toMatchObject({
      ok: true,
      outcome: 'commented',
      caseId: c.id,
    });
    expect(
      await simulateInboundMail(admin, { ...message, subject: 'Again', inReplyTo: queued.messageId }),
    ).toMatchObject({
      ok: true,
      outcome: 'commented',
      caseId: c.id,
    });
  });

  it('a simulated message and its audit row land together: when the audit fails, no message, case or customer is left', async () => {
    const counts = async () => ({
      mail: (await db.select({ n: count() }).from(mailMessages))[0].n,
      cases: (await db.select({ n: count() }).from(cases))[0].n,
    });
    const before = await counts();
    auditFault.on = true;
    try {
      await expect(
        simulateInboundMail(agent, {
          fromName: 'Half Written',
          fromAddress: 'half.written@example.org',
          subject: 'Nothing should stay',
          body: 'x',
          inReplyTo: '',
        }),
      ).rejects.toThrow('audit store down');
    } finally {
      auditFault.on = false;
    }
    expect(await counts()).toEqual(before);
  });

  it('the simulate form says what is wrong by the field, in catalog keys', () => {
    const parsed = SimulateInboundSchema.safeParse({
      fromAddress: 'not-an-email',
      subject: ' ',
      body: '',
      inReplyTo: '<a b>',
    });
    expect(parsed.success).toBe(false);
    const fields = Object.fromEntries(parsed.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(fields).toEqual({ fromAddress: 'email', subject: 'required', body: 'required', inReplyTo: 'invalid' });
  });

  it('simulating is refused while a real SMTP server is configured', async () => {
    process.env.SMTP_URL = 'smtp://127.0.0.1:1';
    try {
      const refused = await simulateInboundMail(admin, {
        fromName: '',
        fromAddress: 'x@example.org',
        subject: 's',
        body: 'b',
        inReplyTo: '',
      });
      expect(refused).toEqual({ ok: false, reason: 'forbidden' });
    } finally {
      delete process.env.SMTP_URL;
    }
  });

  it('mail about a case goes to the contact, else the customer; nowhere when neither has an address', async () => {
    const customer = await insertCustomer({ ownerId: null, email: 'Billing@Example.org' });
    const c = await insertCase(customer.id, null);
    const queued = await db.transaction((tx) => queueCaseMail(tx, { caseId: c.id, text: 'Your survey' }));
    expect(queued).toMatchObject({ queued: true, to: 'billing@example.org', subject: `[#${c.number}] ${c.subject}` });
    const silent = await insertCustomer({ ownerId: null, email: null });
    const c2 = await insertCase(silent.id, null);
    expect(await db.transaction((tx) => queueCaseMail(tx, { caseId: c2.id, text: 'x' }))).toEqual({
      queued: false,
      reason: 'noRecipient',
    });
  });
});
