import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { caseComments, cases, contacts, customers, mailMessages, users } from '@/db/schema';
import { DEFAULT_LOCALE, negotiateLocale } from '@/lib/i18n/config';
import { enqueue, enqueueMany, type JobDefinition } from '@/lib/jobs/queues';
import { mailConfig } from './config';
import { caseMailFooter } from './footer';
import { caseSubject, newMessageId } from './headers';
import { getTransport } from './transport';

/** Mail to a customer (replies, surveys) is sent before notices to colleagues queued earlier. */
export const CUSTOMER_MAIL_PRIORITY = 10;

/** Tries per message before it is marked failed (the job retries every 30 s in between). */
export const MAX_SEND_ATTEMPTS = 5;

/** Sends one queued outbound message (`deliverMail`); retried by pg-boss while it fails. */
export const mailSendJob: JobDefinition<{ mailId: string }> = {
  name: 'mail-send',
  policy: 'standard',
  expireInSeconds: 120,
  retryLimit: MAX_SEND_ATTEMPTS - 1,
  // A burst (an SLA sweep's escalations to every manager) must not hold a customer's reply back
  // for minutes: twenty messages a poll, and customer mail first (CUSTOMER_MAIL_PRIORITY).
  batchSize: 20,
  handler: async ({ mailId }) => {
    await deliverMail(mailId);
  },
};

export type QueueReplyResult =
  | { queued: true; mailId: string; messageId: string; to: string; subject: string }
  | { queued: false; reason: 'notFound' | 'notPublic' | 'noRecipient' };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * Queues the email of a public reply (a case comment) to the case's contact, or the customer's
 * email when the contact has none, inside the caller's transaction: the message row and its send
 * job exist only if the reply is saved. The subject is `[#<case number>] <case subject>`
 * (lib/mail/headers.ts caseSubject); a new Message-ID is stored; In-Reply-To and References point
 * at the case's last inbound message (or, on a case that never received mail, its last outbound
 * one) so the customer's mail client threads the conversation.
 *
 * Internal notes and cases without any recipient address queue nothing (`queued: false`).
 * Needs `prepareQueue(mailSendJob)` first (startWorkers does it at start-up).
 */
export async function queueCaseReplyMail(
  tx: Tx,
  { caseId, commentId }: { caseId: string; commentId: string },
): Promise<QueueReplyResult> {
  const [comment] = await tx
    .select({ body: caseComments.body, isPublic: caseComments.isPublic, authorName: users.name })
    .from(caseComments)
    .leftJoin(users, eq(users.id, caseComments.authorId))
    .where(and(eq(caseComments.id, commentId), eq(caseComments.caseId, caseId)));
  if (!comment) return { queued: false, reason: 'notFound' };
  if (!comment.isPublic) return { queued: false, reason: 'notPublic' };
  return queueCaseMail(tx, { caseId, commentId, text: comment.body, senderName: comment.authorName });
}

/**
 * Queues any email about a case to its customer (a reply, the CSAT survey, a notice), with the
 * same recipient, subject and threading rules as queueCaseReplyMail, inside the caller's
 * transaction. `text` is the body (plain text; an HTML version is made from it, escaped); a footer
 * with the case number is added, in the contact's (else the customer's) language. `subject`
 * replaces the case's subject (the survey's own); either way it starts with the `[#number]` tag
 * that threads the customer's answer back to the case. Needs `prepareQueue(mailSendJob)` first.
 */
export async function queueCaseMail(
  tx: Tx,
  {
    caseId,
    text: body,
    commentId = null,
    senderName = null,
    subject: ownSubject = null,
  }: {
    caseId: string;
    text: string;
    commentId?: string | null;
    senderName?: string | null;
    subject?: string | null;
  },
): Promise<QueueReplyResult> {
  const [row] = await tx
    .select({
      number: cases.number,
      subject: cases.subject,
      contactEmail: contacts.email,
      customerEmail: customers.email,
      locale: sql<string | null>`coalesce(${contacts.locale}, ${customers.locale})`,
    })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(contacts, and(eq(contacts.id, cases.contactId), isNull(contacts.deletedAt)))
    .where(eq(cases.id, caseId));
  if (!row) return { queued: false, reason: 'notFound' };
  const to = (row.contactEmail || row.customerEmail || '').trim().toLowerCase();
  if (!to) return { queued: false, reason: 'noRecipient' };

  const [previous] = await tx
    .select({ messageId: mailMessages.messageId, references: mailMessages.references })
    .from(mailMessages)
    .where(and(eq(mailMessages.caseId, caseId), sql`${mailMessages.status} <> 'ignored'`))
    .orderBy(sql`(${mailMessages.direction} = 'in') desc`, desc(mailMessages.seq))
    .limit(1);

  const config = mailConfig();
  const messageId = newMessageId(config.domain);
  const subject = caseSubject(row.number, ownSubject?.trim() || row.subject);
  const footer = caseMailFooter(row.locale ? negotiateLocale(row.locale) : DEFAULT_LOCALE, row.number);
  const text = `${body}\n\n-- \n${footer}\n`;
  const html = `${body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n')}\n<p style="color:#64748b;font-size:12px">${escapeHtml(footer)}</p>`;
  const [mail] = await tx
    .insert(mailMessages)
    .values({
      direction: 'out',
      status: 'queued',
      messageId,
      inReplyTo: previous?.messageId ?? null,
      references: previous ? [...previous.references, previous.messageId].slice(-20) : [],
      fromAddress: config.from.address,
      fromName: senderName ? `${senderName} (${config.from.name || config.from.address})` : config.from.name,
      toAddresses: [to],
      subject,
      text,
      html,
      caseId,
      commentId,
    })
    .returning({ id: mailMessages.id });
  await enqueue(mailSendJob, { mailId: mail.id }, { tx, singletonKey: mail.id, priority: CUSTOMER_MAIL_PRIORITY });
  return { queued: true, mailId: mail.id, messageId, to, subject };
}

/** A notice to a colleague (not the customer); `messageId` is chosen by the caller to make it idempotent. */
export type StaffMail = { messageId: string; to: string; subject: string; text: string };

/**
 * Queues notices to users of the app (an SLA escalation to the managers) inside the caller's
 * transaction, sent by the same job and shown on the Outbox like every outbound message. They
 * belong to no case on purpose: case mail is what the customer sees and threads with, and an
 * agent's Outbox shows the mail of their cases. Idempotent by Message-ID: a message whose id
 * exists is not queued again. Returns the ids of the messages queued now.
 * Needs `prepareQueue(mailSendJob)` first.
 */
export async function queueStaffMail(tx: Tx, messages: StaffMail[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const config = mailConfig();
  const queued = await tx
    .insert(mailMessages)
    .values(
      messages.map((m) => ({
        direction: 'out' as const,
        status: 'queued' as const,
        messageId: m.messageId,
        fromAddress: config.from.address,
        fromName: config.from.name,
        toAddresses: [m.to.trim().toLowerCase()],
        subject: m.subject,
        text: m.text,
        html: m.text
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
          .join('\n'),
      })),
    )
    .onConflictDoNothing({ target: mailMessages.messageId })
    .returning({ id: mailMessages.id });
  await enqueueMany(
    mailSendJob,
    queued.map((m) => ({ data: { mailId: m.id }, singletonKey: m.id })),
    { tx },
  );
  return queued.map((m) => m.id);
}

export type DeliverOutcome = 'sent' | 'catchAll' | 'skipped' | 'failed' | 'retry';

/**
 * Sends a queued outbound message once. Idempotent by the message row: a message that is no
 * longer queued (sent, or failed for good) is skipped, so a job delivered twice sends once. (A
 * worker that dies between the SMTP server's acceptance and the row update sends it again on the
 * retry, with the same Message-ID, which receiving systems deduplicate.)
 * Without SMTP_URL the catch-all accepts it: the row becomes sent and the Outbox shows it.
 * A failure counts an attempt and throws for pg-boss to retry; after MAX_SEND_ATTEMPTS it is failed.
 */
export async function deliverMail(mailId: string): Promise<DeliverOutcome> {
  const [claimed] = await db
    .update(mailMessages)
    .set({ attempts: sql`${mailMessages.attempts} + 1` })
    .where(and(eq(mailMessages.id, mailId), eq(mailMessages.direction, 'out'), eq(mailMessages.status, 'queued')))
    .returning();
  if (!claimed) return 'skipped';
  const transport = getTransport();
  if (!transport) {
    await db
      .update(mailMessages)
      .set({ status: 'sent', sentAt: sql`now()`, error: null })
      .where(eq(mailMessages.id, mailId));
    return 'catchAll';
  }
  try {
    await transport.sendMail({
      from: { name: claimed.fromName ?? '', address: claimed.fromAddress },
      to: claimed.toAddresses,
      subject: claimed.subject,
      text: claimed.text ?? undefined,
      html: claimed.html ?? undefined,
      messageId: claimed.messageId,
      inReplyTo: claimed.inReplyTo ?? undefined,
      references: claimed.references.length ? claimed.references : undefined,
    });
    await db
      .update(mailMessages)
      .set({ status: 'sent', sentAt: sql`now()`, error: null })
      .where(eq(mailMessages.id, mailId));
    return 'sent';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = claimed.attempts >= MAX_SEND_ATTEMPTS;
    await db
      .update(mailMessages)
      .set({ status: final ? 'failed' : 'queued', error: message.slice(0, 1000) })
      .where(eq(mailMessages.id, mailId));
    if (final) return 'failed';
    throw error;
  }
}
