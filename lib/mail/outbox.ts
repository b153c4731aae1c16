import 'server-only';
import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { z } from 'zod';
import { db } from '@/db/client';
import { cases, mailAttachments, mailMessages } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { visibleCases } from '@/lib/service/visibility';
import { mailConfig } from './config';
import { newMessageId } from './headers';
import { AnswerRefused, ingestInboundMail } from './inbound';

export type MailDirection = 'out' | 'in';

/**
 * Mail the viewer may read: admins and managers all of it (ignored messages, which belong to no
 * case, included); service agents the mail of cases they may see (lib/service/visibility.ts).
 */
function visibleMail(viewer: Viewer): SQL {
  if (!can(viewer, 'mail:read')) return sql`false`;
  if (viewer.role === 'admin' || viewer.role === 'manager') return sql`true`;
  return sql`exists (select 1 from ${cases} where ${cases.id} = ${mailMessages.caseId} and ${visibleCases(viewer)})`;
}

export type MailListRow = {
  id: string;
  seq: number;
  direction: MailDirection;
  status: 'queued' | 'sent' | 'failed' | 'received' | 'ignored';
  fromAddress: string;
  toAddresses: string[];
  subject: string;
  caseId: string | null;
  caseNumber: number | null;
  createdAt: Date;
  error: string | null;
};

/** Newest first, keyset-paged by `seq` (`before`), 50 a page. */
export async function listMail(
  viewer: Viewer,
  filter: { direction?: MailDirection; before?: number; limit?: number } = {},
): Promise<{ rows: MailListRow[]; nextBefore: number | null }> {
  if (!can(viewer, 'mail:read')) return { rows: [], nextBefore: null };
  const limit = filter.limit ?? 50;
  const conditions: SQL[] = [visibleMail(viewer)];
  if (filter.direction) conditions.push(eq(mailMessages.direction, filter.direction));
  if (filter.before) conditions.push(lt(mailMessages.seq, filter.before));
  const found = await db
    .select({
      id: mailMessages.id,
      seq: mailMessages.seq,
      direction: mailMessages.direction,
      status: mailMessages.status,
      fromAddress: mailMessages.fromAddress,
      toAddresses: mailMessages.toAddresses,
      subject: mailMessages.subject,
      caseId: mailMessages.caseId,
      caseNumber: cases.number,
      createdAt: mailMessages.createdAt,
      error: mailMessages.error,
    })
    .from(mailMessages)
    .leftJoin(cases, eq(cases.id, mailMessages.caseId))
    .where(and(...conditions))
    .orderBy(desc(mailMessages.seq))
    .limit(limit + 1);
  const more = found.length > limit;
  const page = more ? found.slice(0, limit) : found;
  return { rows: page, nextBefore: more ? page[page.length - 1].seq : null };
}

export type MailDetail = MailListRow & {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  fromName: string | null;
  text: string | null;
  sentAt: Date | null;
  attempts: number;
  attachments: { id: string; filename: string; contentType: string; size: number; skipped: string | null }[];
};

/** One message with its headers, text and attachment list, or null when missing or not visible. */
export async function getMail(viewer: Viewer, id: string): Promise<MailDetail | null> {
  if (!can(viewer, 'mail:read') || !z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select({
      id: mailMessages.id,
      seq: mailMessages.seq,
      direction: mailMessages.direction,
      status: mailMessages.status,
      fromAddress: mailMessages.fromAddress,
      fromName: mailMessages.fromName,
      toAddresses: mailMessages.toAddresses,
      subject: mailMessages.subject,
      caseId: mailMessages.caseId,
      caseNumber: cases.number,
      createdAt: mailMessages.createdAt,
      sentAt: mailMessages.sentAt,
      error: mailMessages.error,
      attempts: mailMessages.attempts,
      messageId: mailMessages.messageId,
      inReplyTo: mailMessages.inReplyTo,
      references: mailMessages.references,
      text: mailMessages.text,
    })
    .from(mailMessages)
    .leftJoin(cases, eq(cases.id, mailMessages.caseId))
    .where(and(eq(mailMessages.id, id), visibleMail(viewer)));
  if (!row) return null;
  const attachments = await db
    .select({
      id: mailAttachments.id,
      filename: mailAttachments.filename,
      contentType: mailAttachments.contentType,
      size: mailAttachments.size,
      skipped: mailAttachments.skipped,
    })
    .from(mailAttachments)
    .where(eq(mailAttachments.mailId, id))
    .orderBy(mailAttachments.createdAt, mailAttachments.id);
  return { ...row, attachments };
}

/** Recent outbound messages the viewer may see, to answer from the simulate form (In-Reply-To). */
export async function recentOutbound(
  viewer: Viewer,
  limit = 20,
): Promise<{ messageId: string; subject: string; to: string }[]> {
  if (!can(viewer, 'mail:read')) return [];
  const found = await db
    .select({ messageId: mailMessages.messageId, subject: mailMessages.subject, to: mailMessages.toAddresses })
    .from(mailMessages)
    .where(and(eq(mailMessages.direction, 'out'), visibleMail(viewer)))
    .orderBy(desc(mailMessages.seq))
    .limit(limit);
  return found.map((r) => ({ messageId: r.messageId, subject: r.subject, to: r.to[0] ?? '' }));
}

/**
 * The demo's inbound mail: only without SMTP_URL, unless MAIL_SIMULATE_INBOUND says otherwise (a
 * real desk receives real mail through `npm run mail:in`; lib/mail/config.ts).
 */
export function canSimulateInbound(viewer: Viewer): boolean {
  return can(viewer, 'mail:read') && mailConfig().simulateInbound;
}

// Messages are "validation" catalog keys (the form shows them by the field, in the viewer's language).
export const SimulateInboundSchema = z.object({
  fromName: z.string().trim().max(100, 'tooLong').optional().default(''),
  fromAddress: z.string().trim().pipe(z.email('email').max(254, 'tooLong')),
  subject: z.string('required').trim().min(1, 'required').max(200, 'tooLong'),
  body: z.string('required').trim().min(1, 'required').max(20_000, 'tooLong'),
  inReplyTo: z
    .string()
    .trim()
    .max(998, 'invalid')
    .regex(/^(<[^<>\s]+>)?$/, 'invalid')
    .optional()
    .default(''),
});

/**
 * Builds a real RFC 5322 message (nodemailer's composer) from the form, parses it with mailparser
 * and ingests it exactly as the SMTP listener would, so the demo shows the whole loop: a new case,
 * or a comment on the case of the message answered (In-Reply-To, or [#number] in the subject).
 */
export async function simulateInboundMail(
  viewer: Viewer,
  input: z.infer<typeof SimulateInboundSchema>,
): Promise<Result<{ outcome: string; caseNumber: number | null; caseId: string | null }, 'forbidden'>> {
  if (!canSimulateInbound(viewer)) return { ok: false, reason: 'forbidden' };
  const config = mailConfig();
  const raw = await new MailComposer({
    from: { name: input.fromName, address: input.fromAddress },
    to: config.supportAddresses[0],
    subject: input.subject,
    text: input.body,
    messageId: newMessageId('simulated.invalid'),
    inReplyTo: input.inReplyTo || undefined,
    references: input.inReplyTo ? [input.inReplyTo] : undefined,
  })
    .compile()
    .build();
  // The simulator acts as a customer but is typed by a user: a message answering a case (by
  // In-Reply-To or "[#number]") lands only on a case that user may see, so an agent cannot comment
  // on, or reopen, another agent's case through it, nor learn that case's number and id.
  const manages = can(viewer, 'cases:reassign');
  let result: Awaited<ReturnType<typeof ingestInboundMail>>;
  try {
    result = await ingestInboundMail(await simpleParser(raw), {
      now: new Date(),
      mayAnswer: manages
        ? undefined
        : async (tx, caseId) =>
            (
              await tx
                .select({ id: cases.id })
                .from(cases)
                .where(and(eq(cases.id, caseId), visibleCases(viewer)))
            ).length > 0,
      // Who typed it, in the message's transaction: the ingest itself is the system's (it creates
      // customers and cases as mail would).
      inTransaction: (tx, stored) =>
        audit(tx, viewer, {
          action: 'simulateInbound',
          entity: 'mail_message',
          entityId: stored.mailId,
          diff: { from: input.fromAddress, subject: input.subject, outcome: stored.outcome },
        }),
    });
  } catch (error) {
    if (error instanceof AnswerRefused) return { ok: false, reason: 'forbidden' };
    throw error;
  }
  const caseNumber = 'caseNumber' in result ? result.caseNumber : null;
  const caseId = 'caseId' in result ? result.caseId : null;
  return {
    ok: true,
    outcome: result.outcome === 'ignored' ? `ignored:${result.reason}` : result.outcome,
    caseNumber,
    caseId,
  };
}
