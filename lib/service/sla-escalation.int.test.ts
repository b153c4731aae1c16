import type { AddressInfo } from 'node:net';
import { eq, like } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { cases, mailMessages, slaPolicies, users } from '@/db/schema';
import { stopBoss } from '@/lib/jobs/boss';
import { work } from '@/lib/jobs/queues';
import { mailSendJob } from '@/lib/mail/outbound';
import { closeTransport } from '@/lib/mail/transport';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { listCaseHistory } from './cases';
import { refreshCaseSla } from './sla';
import { runSlaBreachCheck } from './sla-breaches';

setupTestDatabase();

// The escalation of an SLA breach: the job queues an email to each active manager (in their
// language) through the mail queue; a real SMTP server in the test process receives them.
const Z = (iso: string) => new Date(`${iso}:00Z`);
let mailbox: { server: SMTPServer; received: ParsedMail[] };
let customerId: string;
let policyId: string;
let agent: Awaited<ReturnType<typeof createTestUser>>;
let anna: Awaited<ReturnType<typeof createTestUser>>;
let wei: Awaited<ReturnType<typeof createTestUser>>;
let gone: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push(parsed);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mailbox = { server, received };
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  process.env.APP_URL = 'https://desk.example.com/';

  customerId = (await insertCustomer({ ownerId: null, name: 'Acme Printing' })).id;
  [{ id: policyId }] = await db
    .insert(slaPolicies)
    .values({ name: 'Normal', priority: 'normal', firstResponseMinutes: 60, resolutionMinutes: 480 }) // 24/7
    .returning({ id: slaPolicies.id });
  agent = await createTestUser('service_agent', { name: 'Agent Smith' });
  anna = await createTestUser('manager', { name: 'Anna Manager' });
  wei = await createTestUser('manager', { name: '王伟' });
  await db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, wei.userId));
  gone = await createTestUser('manager', { name: 'Former Manager', active: false });
  await work(mailSendJob, { pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.APP_URL;
  closeTransport();
  await new Promise<void>((resolve) => mailbox?.server.close(() => resolve()));
  await stopBoss(2_000);
});

async function newCase(createdAt: Date, subject = 'Printer on fire') {
  const [row] = await db
    .insert(cases)
    .values({ customerId, subject, priority: 'normal', createdAt, assigneeId: agent.userId })
    .returning({ id: cases.id, number: cases.number });
  await db.transaction((tx) => refreshCaseSla(tx, row.id, { now: createdAt }));
  return row;
}

/** The escalation emails of a case (they belong to no case: found by their Message-ID). */
const mailsOf = (caseId: string) =>
  db
    .select()
    .from(mailMessages)
    .where(like(mailMessages.messageId, `%.${caseId}.%`))
    .orderBy(mailMessages.seq);

const until = async (check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

const receivedFor = (messageIds: string[]) => mailbox.received.filter((m) => messageIds.includes(m.messageId ?? ''));
const addressOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0].address : null);

describe('SLA breach escalation email', () => {
  it('emails every active manager once per breach kind, in their language, and the history names them', async () => {
    const c = await newCase(Z('2026-12-08T09:00')); // first response due 10:00, resolution 17:00
    await runSlaBreachCheck(Z('2026-12-08T10:01'));

    const queued = await mailsOf(c.id);
    expect(queued.map((m) => m.toAddresses[0]).sort()).toEqual([anna.email, wei.email].sort());
    expect(queued.every((m) => m.direction === 'out' && m.caseId === null)).toBe(true);
    await until(() => receivedFor(queued.map((m) => m.messageId)).length === 2);
    const got = receivedFor(queued.map((m) => m.messageId));
    const toAnna = got.find((m) => addressOf(m) === anna.email)!;
    const toWei = got.find((m) => addressOf(m) === wei.email)!;
    expect(toAnna.subject).toBe(`SLA breached: first response of case #${c.number}`);
    expect(toAnna.text).toContain('Hello Anna Manager,');
    expect(toAnna.text).toContain(
      `The first response of case #${c.number} "Printer on fire" was due 2026-12-08 10:00 UTC and is overdue.`,
    );
    expect(toAnna.text).toContain('Customer: Acme Printing');
    expect(toAnna.text).toContain('Assigned to: Agent Smith');
    expect(toAnna.text).toContain(`https://desk.example.com/cases/${c.id}`);
    expect(toWei.subject).toBe(`SLA 已超时：工单 #${c.number} 的首次响应`);
    expect(toWei.text).toContain('王伟，您好：');
    expect(toWei.text).toContain(
      `工单 #${c.number}「Printer on fire」的首次响应应于 2026-12-08 10:00 UTC 完成，现已超时。`,
    );
    expect(toWei.text).toContain('处理人：Agent Smith');
    expect(got.some((m) => addressOf(m) === gone.email)).toBe(false);
    await until(async () => (await mailsOf(c.id)).every((m) => m.status === 'sent'));

    // The case history shows the breach and whom it was escalated to.
    const history = await listCaseHistory(await createTestUser('admin'), c.id); // not a manager: no email
    const breach = history.find((h) => h.action === 'sla_breach');
    expect(breach?.diff).toMatchObject({ kind: 'firstResponse', notified: [anna.email, wei.email].sort() });

    // A re-run sends nothing more; nor does the breach marked again after its marker was withdrawn
    // (a priority change and back): the Message-ID (case, kind, recipient) is already in the outbox.
    await runSlaBreachCheck(Z('2026-12-08T10:02'));
    await db.update(cases).set({ firstResponseBreachedAt: null }).where(eq(cases.id, c.id));
    const again = await runSlaBreachCheck(Z('2026-12-08T10:03'));
    expect(again.filter((b) => b.caseId === c.id).map((b) => b.kind)).toEqual(['firstResponse']);
    expect(await mailsOf(c.id)).toHaveLength(2);

    // The resolution breach is its own escalation: two more emails, then nothing more.
    await runSlaBreachCheck(Z('2026-12-08T17:01'));
    await runSlaBreachCheck(Z('2026-12-08T17:02'));
    const all = await mailsOf(c.id);
    expect(all).toHaveLength(4);
    await until(() => receivedFor(all.map((m) => m.messageId)).length === 4);
    expect(
      receivedFor(all.map((m) => m.messageId))
        .map((m) => m.subject)
        .sort(),
    ).toEqual(
      [
        `SLA breached: first response of case #${c.number}`,
        `SLA breached: resolution of case #${c.number}`,
        `SLA 已超时：工单 #${c.number} 的首次响应`,
        `SLA 已超时：工单 #${c.number} 的解决`,
      ].sort(),
    );
    await new Promise((r) => setTimeout(r, 1_500)); // a duplicate delivery would have arrived by now
    expect(receivedFor(all.map((m) => m.messageId))).toHaveLength(4);
  });

  it('a policy that does not notify emails no one', async () => {
    await db.update(slaPolicies).set({ escalateNotify: false }).where(eq(slaPolicies.id, policyId));
    try {
      const c = await newCase(Z('2026-12-09T09:00'));
      const marked = await runSlaBreachCheck(Z('2026-12-09T10:01'));
      expect(marked.filter((b) => b.caseId === c.id)).toHaveLength(1);
      expect(await mailsOf(c.id)).toEqual([]);
    } finally {
      await db.update(slaPolicies).set({ escalateNotify: true }).where(eq(slaPolicies.id, policyId));
    }
  });
});
