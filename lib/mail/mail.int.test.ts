import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, caseComments, cases, contacts, customers, mailAttachments, mailMessages } from '@/db/schema';
import { stopBoss } from '@/lib/jobs/boss';
import { prepareQueue, work } from '@/lib/jobs/queues';
import { refreshCaseSla } from '@/lib/service/sla';
import { setupTestDatabase } from '@/lib/testing/db';
import { type MailListener, startMailListener } from './listener';
import { deliverMail, mailSendJob, queueCaseReplyMail } from './outbound';
import { closeTransport } from './transport';

setupTestDatabase();

const SUPPORT = 'support@lodestar.test';

/** The customers' side: a real SMTP server that keeps every message it receives (the "mailbox"). */
let mailbox: { server: SMTPServer; port: number; received: ParsedMail[] };
/** Our inbound listener, and a client that sends to it as a customer's mail server would. */
let listener: MailListener;
let toListener: Transporter;

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
  mailbox = { server, port: (server.server.address() as AddressInfo).port, received };
  listener = await startMailListener({ port: 0 });
  toListener = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  await prepareQueue(mailSendJob);
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  closeTransport();
  toListener?.close();
  await listener?.close();
  await new Promise<void>((resolve) => mailbox?.server.close(() => resolve()));
  await stopBoss(2_000);
});

let n = 0;
const uniq = () => `${Date.now().toString(36)}${(++n).toString(36)}`;

/** Sends a message to the listener over SMTP, as a customer's mail server would. */
async function sendIn(mail: SendMailOptions) {
  return toListener.sendMail({ to: SUPPORT, text: 'Hello', ...mail });
}

async function mailRow(messageId: string) {
  const [row] = await db.select().from(mailMessages).where(eq(mailMessages.messageId, messageId));
  return row;
}

async function caseOf(messageId: string) {
  const row = await mailRow(messageId);
  expect(row?.caseId, `case of ${messageId}`).toBeTruthy();
  const [c] = await db.select().from(cases).where(eq(cases.id, row.caseId!));
  return c;
}

const until = async (check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('service-desk mail over real SMTP', () => {
  it('a customer email becomes a case; an agent reply goes out by the job with the case number and threading headers; the answer lands on the same case', async () => {
    const from = `Ann Customer <ann.${uniq()}@example.org>`;
    const first = `<first-${uniq()}@example.org>`;
    await sendIn({ from, subject: 'Printer is on fire', text: 'It smokes since this morning.', messageId: first });
    const created = await caseOf(first);
    expect(created).toMatchObject({
      channel: 'email',
      priority: 'normal',
      status: 'new',
      subject: 'Printer is on fire',
      description: 'It smokes since this morning.',
    });
    // The unknown sender became a person customer with a contact.
    const [customer] = await db.select().from(customers).where(eq(customers.id, created.customerId));
    expect(customer).toMatchObject({ kind: 'person', name: 'Ann Customer', email: from.match(/<(.+)>/)![1] });
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, created.contactId!));
    expect(contact).toMatchObject({ firstName: 'Ann', lastName: 'Customer', customerId: customer.id });
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audits).toEqual([expect.objectContaining({ action: 'create', entity: 'case', actorId: null })]);

    // The agent's public reply, queued in the reply's transaction and sent by the job.
    process.env.SMTP_URL = `smtp://127.0.0.1:${mailbox.port}`;
    await work(mailSendJob, { pollingIntervalSeconds: 0.5 });
    const queued = await db.transaction(async (tx) => {
      const [comment] = await tx
        .insert(caseComments)
        .values({ caseId: created.id, body: 'We are on our way.\n\nKeep clear of it.', isPublic: true })
        .returning();
      return queueCaseReplyMail(tx, { caseId: created.id, commentId: comment.id });
    });
    expect(queued.queued).toBe(true);
    if (!queued.queued) return;
    await until(() => mailbox.received.some((m) => m.messageId === queued.messageId));
    const delivered = mailbox.received.find((m) => m.messageId === queued.messageId)!;
    expect(delivered.subject).toBe(`[#${created.number}] Printer is on fire`);
    expect(delivered.inReplyTo).toBe(first);
    expect([delivered.references].flat()).toEqual([first]);
    expect(delivered.to && !Array.isArray(delivered.to) ? delivered.to.value[0].address : null).toBe(customer.email);
    expect(delivered.from?.value[0].address).toBe(SUPPORT);
    expect(delivered.text).toContain('We are on our way.');
    await until(async () => (await mailRow(queued.messageId)).status === 'sent');
    expect(await mailRow(queued.messageId)).toMatchObject({ status: 'sent', attempts: 1, caseId: created.id });

    // A second run of the same job (at-least-once delivery) sends nothing more.
    expect(await deliverMail(queued.mailId)).toBe('skipped');
    expect(mailbox.received.filter((m) => m.messageId === queued.messageId)).toHaveLength(1);

    // The customer answers the reply: In-Reply-To names our message → a comment on the same case.
    const answer = `<answer-${uniq()}@example.org>`;
    await sendIn({
      from,
      subject: 'Re: something else entirely',
      text: `Thanks, the fire is out.\n\nOn Tue, Support <${SUPPORT}> wrote:\n> We are on our way.`,
      messageId: answer,
      inReplyTo: queued.messageId,
      references: [first, queued.messageId],
    });
    const answered = await mailRow(answer);
    expect(answered.caseId).toBe(created.id);
    const [comment] = await db.select().from(caseComments).where(eq(caseComments.id, answered.commentId!));
    expect(comment).toMatchObject({
      caseId: created.id,
      authorId: null,
      isPublic: true,
      body: 'Thanks, the fire is out.',
    });
  });

  it('a reply by the case number in the subject from the contact lands on the case and reopens it when resolved', async () => {
    const sender = `bob.${uniq()}@example.org`;
    const first = `<b-${uniq()}@example.org>`;
    await sendIn({ from: sender, subject: 'Invoice wrong', messageId: first });
    const c = await caseOf(first);
    await db.transaction(async (tx) => {
      await tx.update(cases).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(cases.id, c.id));
      await refreshCaseSla(tx, c.id);
    });
    const [resolved] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect(resolved.slaPausedAt).not.toBeNull();

    const reply = `<b2-${uniq()}@example.org>`;
    // Upper-case address: the sender match is case-insensitive.
    await sendIn({
      from: sender.toUpperCase(),
      subject: `AW: [#${c.number}] Invoice wrong`,
      text: 'Still wrong.',
      messageId: reply,
    });
    expect((await mailRow(reply)).caseId).toBe(c.id);
    const [after] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect(after).toMatchObject({ status: 'open', reopenedCount: 1, resolvedAt: null, version: c.version + 1 });
    // The SLA clock runs again (lib/service/sla.ts ends the pause).
    expect(after.slaPausedAt).toBeNull();
    const reopen = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'reopen')));
    expect(reopen).toHaveLength(1);
    expect(reopen[0].diff).toMatchObject({ status: ['resolved', 'open'], reopenedCount: [0, 1] });
  });

  it('the same message received twice makes one comment', async () => {
    const sender = `carol.${uniq()}@example.org`;
    const first = `<c-${uniq()}@example.org>`;
    await sendIn({ from: sender, subject: 'Login fails', messageId: first });
    const c = await caseOf(first);
    const again = `<c2-${uniq()}@example.org>`;
    for (let i = 0; i < 2; i++)
      await sendIn({ from: sender, subject: `Re: [#${c.number}] Login fails`, messageId: again, inReplyTo: first });
    const comments = await db.select().from(caseComments).where(eq(caseComments.caseId, c.id));
    expect(comments).toHaveLength(1);
    expect(await db.select().from(mailMessages).where(eq(mailMessages.messageId, again))).toHaveLength(1);
    // Delivered twice at the same moment (two MX hosts, a retry racing the first try): one case.
    const raced = `<race-${uniq()}@example.org>`;
    await Promise.all([0, 1].map(() => sendIn({ from: sender, subject: 'Raced', messageId: raced })));
    expect(await db.select().from(mailMessages).where(eq(mailMessages.messageId, raced))).toHaveLength(1);
    expect(await db.select().from(cases).where(eq(cases.subject, 'Raced'))).toHaveLength(1);
    // And the first message again does not make a second case.
    await sendIn({ from: sender, subject: 'Login fails', messageId: first });
    expect(await db.select().from(cases).where(eq(cases.customerId, c.customerId))).toHaveLength(2);
  });

  it('auto-replies, bounces and our own mail are stored as ignored and change no case', async () => {
    const sender = `dave.${uniq()}@example.org`;
    const first = `<d-${uniq()}@example.org>`;
    await sendIn({ from: sender, subject: 'Where is my order', messageId: first });
    const c = await caseOf(first);
    const tag = `Re: [#${c.number}] Where is my order`;
    const loops: [SendMailOptions, string][] = [
      [
        { from: sender, subject: `Out of office: ${tag}`, headers: { 'Auto-Submitted': 'auto-replied' } },
        'autoSubmitted',
      ],
      [{ from: sender, subject: tag, headers: { 'X-Autoreply': 'yes' } }, 'autoReply'],
      [{ from: sender, subject: tag, headers: { 'X-Auto-Response-Suppress': 'All' } }, 'autoReply'],
      [{ from: sender, subject: tag, headers: { Precedence: 'bulk' } }, 'precedence'],
      [{ from: sender, subject: tag, headers: { Precedence: 'auto_reply' } }, 'precedence'],
      [{ from: `MAILER-DAEMON@example.org`, subject: `Undelivered: ${tag}` }, 'bounce'],
      [{ from: SUPPORT, subject: tag }, 'ownAddress'],
    ];
    for (const [mail, reason] of loops) {
      const messageId = `<loop-${uniq()}@example.org>`;
      await sendIn({ ...mail, messageId, inReplyTo: first });
      expect(await mailRow(messageId), reason).toMatchObject({ status: 'ignored', error: reason, caseId: null });
    }
    expect(await db.select().from(caseComments).where(eq(caseComments.caseId, c.id))).toHaveLength(0);
    // Auto-Submitted: no is a person's mail.
    const person = `<p-${uniq()}@example.org>`;
    await sendIn({ from: sender, subject: tag, messageId: person, headers: { 'Auto-Submitted': 'no' } });
    expect((await mailRow(person)).caseId).toBe(c.id);
  });

  it('a known sender (any case of address) gets the case on their customer; a colleague may answer by case number', async () => {
    const [customer] = await db
      .insert(customers)
      .values({ kind: 'company', name: `Acme ${uniq()}`, email: null })
      .returning();
    const tag = uniq();
    const [hal] = await db
      .insert(contacts)
      .values({ customerId: customer.id, firstName: 'Hal', email: `Hal.${tag}@Acme.example` })
      .returning();
    await db.insert(contacts).values({ customerId: customer.id, firstName: 'Ida', email: `ida.${tag}@acme.example` });
    const first = `<h-${uniq()}@acme.example>`;
    await sendIn({ from: `hal.${tag}@acme.example`, subject: 'VPN down', messageId: first });
    const c = await caseOf(first);
    expect(c).toMatchObject({ customerId: customer.id, contactId: hal.id });
    const colleague = `<i-${uniq()}@acme.example>`;
    await sendIn({ from: `ida.${tag}@acme.example`, subject: `Re: [#${c.number}] VPN down`, messageId: colleague });
    expect((await mailRow(colleague)).caseId).toBe(c.id);
    expect(await db.select().from(customers).where(eq(customers.name, customer.name))).toHaveLength(1);
  });

  it('a stranger writing with a case number in the subject gets a new case, not a comment on that one', async () => {
    const first = `<e-${uniq()}@example.org>`;
    await sendIn({ from: `erin.${uniq()}@example.org`, subject: 'Private matter', messageId: first });
    const victim = await caseOf(first);
    const attack = `<x-${uniq()}@evil.example>`;
    await sendIn({
      from: `mallory.${uniq()}@evil.example`,
      subject: `Re: [#${victim.number}] Private matter`,
      messageId: attack,
    });
    const other = await caseOf(attack);
    expect(other.id).not.toBe(victim.id);
    expect(other.customerId).not.toBe(victim.customerId);
    expect(await db.select().from(caseComments).where(eq(caseComments.caseId, victim.id))).toHaveLength(0);
  });

  it('attachments are stored; one over 10 MB is skipped with an internal note, file names sanitised', async () => {
    const messageId = `<f-${uniq()}@example.org>`;
    await sendIn({
      from: `frank.${uniq()}@example.org`,
      subject: 'Logs attached',
      messageId,
      attachments: [
        { filename: '../../etc/passwd\u0007.txt', content: 'small file' },
        { filename: 'huge.bin', content: Buffer.alloc(10 * 1024 * 1024 + 1, 1) },
      ],
    });
    const c = await caseOf(messageId);
    const files = await db.select().from(mailAttachments).where(eq(mailAttachments.caseId, c.id));
    const byName = Object.fromEntries(files.map((f) => [f.filename, f]));
    expect(Object.keys(byName).sort()).toEqual(['huge.bin', 'passwd_.txt']);
    expect(Buffer.from(byName['passwd_.txt'].content!).toString()).toBe('small file');
    expect(byName['huge.bin']).toMatchObject({ skipped: 'fileTooLarge', content: null, size: 10 * 1024 * 1024 + 1 });
    const notes = await db.select().from(caseComments).where(eq(caseComments.caseId, c.id));
    expect(notes).toEqual([expect.objectContaining({ isPublic: false, authorId: null })]);
    expect(notes[0].body).toContain('huge.bin');
  });

  it('the listener accepts mail for the support address only', async () => {
    await expect(
      toListener.sendMail({ from: 'someone@example.org', to: 'ceo@lodestar.test', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('without SMTP_URL the catch-all takes the message: sent, shown on the Outbox', async () => {
    const first = `<g-${uniq()}@example.org>`;
    await sendIn({ from: `gina.${uniq()}@example.org`, subject: 'Question', messageId: first });
    const c = await caseOf(first);
    delete process.env.SMTP_URL;
    const queued = await db.transaction(async (tx) => {
      const [comment] = await tx
        .insert(caseComments)
        .values({ caseId: c.id, body: 'Answer', isPublic: true })
        .returning();
      return queueCaseReplyMail(tx, { caseId: c.id, commentId: comment.id });
    });
    if (!queued.queued) throw new Error('not queued');
    await until(async () => (await mailRow(queued.messageId)).status === 'sent');
    // An internal note queues nothing.
    const note = await db.transaction(async (tx) => {
      const [comment] = await tx
        .insert(caseComments)
        .values({ caseId: c.id, body: 'psst', isPublic: false })
        .returning();
      return queueCaseReplyMail(tx, { caseId: c.id, commentId: comment.id });
    });
    expect(note).toEqual({ queued: false, reason: 'notPublic' });
  });
});
