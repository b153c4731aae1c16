import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AddressObject, ParsedMail } from 'mailparser';
import { db, type Tx } from '@/db/client';
import { fromTable } from '@/db/rows';
import { caseComments, cases, contacts, customers, mailAttachments, mailMessages } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { liveCustomer } from '@/lib/customers/visibility';
import { pickCaseAssignee } from '@/lib/service/assignment';
import { refreshCaseSla } from '@/lib/service/sla';
import { mailConfig } from './config';
import {
  caseNumberInSubject,
  type IgnoreReason,
  ignoreReason,
  messageIdList,
  normalizeMessageId,
  replyText,
  sanitizeFilename,
} from './headers';

const otherContact = alias(contacts, 'other_contact');

/** Attachment limits: a larger file is skipped (recorded without content, with a note on the case). */
export const ATTACHMENT_LIMITS = { perFile: 10 * 1024 * 1024, perMessage: 25 * 1024 * 1024 };
/** Longer bodies are cut (a case description or comment is read by people). */
const MAX_BODY_CHARS = 100_000;

/** What ingestInboundMail reads of a message: mailparser's ParsedMail (simpleParser's result). */
export type InboundMail = Pick<ParsedMail, 'headers' | 'subject' | 'from' | 'to' | 'messageId' | 'text' | 'html'> & {
  inReplyTo?: string;
  references?: string | string[];
  attachments?: Pick<ParsedMail['attachments'][number], 'filename' | 'contentType' | 'content' | 'size'>[];
};

export type IngestResult =
  | { outcome: 'created'; mailId: string; caseId: string; caseNumber: number }
  | { outcome: 'commented'; mailId: string; caseId: string; caseNumber: number; commentId: string; reopened: boolean }
  | { outcome: 'ignored'; mailId: string; reason: IgnoreReason }
  | { outcome: 'duplicate'; mailId: string; caseId: string | null; caseNumber: number | null };

function headerText(mail: InboundMail, name: string): string | undefined {
  const value = mail.headers?.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

function firstAddress(field: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  for (const group of list)
    for (const a of group.value)
      if (a.address) return { address: a.address.trim().toLowerCase(), name: a.name?.trim() ?? '' };
  return null;
}

function allAddresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((g) => g.value.map((a) => a.address?.toLowerCase()).filter((a): a is string => Boolean(a)));
}

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** A stable id for a message that came without Message-ID, so receiving it twice is still one message. */
function syntheticMessageId(mail: InboundMail, from: string | null): string {
  const hash = createHash('sha256')
    .update([from ?? '', mail.subject ?? '', headerText(mail, 'date') ?? '', mail.text ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return `<${hash}@no-message-id.invalid>`;
}

/**
 * Turns one received email into service-desk work, in one transaction, idempotent by Message-ID:
 *
 * 1. A Message-ID already stored → `duplicate` (nothing changes). Auto-replies, bounces, list
 *    traffic and mail from our own addresses → stored as `ignored` (lib/mail/headers.ts ignoreReason).
 * 2. An answer to an existing case: In-Reply-To / References naming a message we stored on a case;
 *    else a `[#number]` in the subject, only when the sender's address is the case's contact, its
 *    customer's, or another live contact's of that customer (anyone else gets a new case: a stranger
 *    cannot write into someone's case by guessing its number). The message becomes a public comment
 *    from the customer (no author); a resolved or closed case reopens (status open, reopened_count
 *    + 1), a pending one (waiting on the customer) goes back to open; SLA refreshed; audited.
 * 3. Otherwise a new case (channel email, priority normal, the subject, the text body as
 *    description) for the contact or customer with the sender's address (case-insensitive); an
 *    unknown sender becomes a new person customer and contact. The system is the audited actor.
 *
 * Attachments are stored (bytea) up to ATTACHMENT_LIMITS; larger ones are recorded as skipped and
 * an internal note on the case lists them.
 */
export async function ingestInboundMail(
  mail: InboundMail,
  {
    now = new Date(),
    limits = ATTACHMENT_LIMITS,
    mayAnswer,
    inTransaction,
  }: {
    now?: Date;
    limits?: typeof ATTACHMENT_LIMITS;
    /**
     * Whether the message may land on the case it answers (the demo simulator: only a case its user
     * may see). When not, nothing is written and this throws AnswerRefused.
     */
    mayAnswer?: (tx: Tx, caseId: string) => Promise<boolean>;
    /** Runs in the message's transaction after it is stored (the simulator's audit row): both or neither. */
    inTransaction?: (tx: Tx, result: IngestResult) => Promise<void>;
  } = {},
): Promise<IngestResult> {
  const config = mailConfig();
  const sender = firstAddress(mail.from);
  const messageId = normalizeMessageId(mail.messageId) ?? syntheticMessageId(mail, sender?.address ?? null);
  const inReplyTo = messageIdList(mail.inReplyTo)[0] ?? null;
  const references = messageIdList(mail.references).slice(-50);
  const subject = cut((mail.subject ?? '').trim(), 998);
  const text = cut((mail.text ?? '').trim(), MAX_BODY_CHARS);
  const ignored = ignoreReason((name) => headerText(mail, name), sender?.address ?? null, [
    config.from.address,
    ...config.supportAddresses,
  ]);

  const ingest = async (tx: Tx): Promise<IngestResult> => {
    const [row] = await tx
      .insert(mailMessages)
      .values({
        direction: 'in',
        status: ignored ? 'ignored' : 'received',
        messageId,
        inReplyTo,
        references,
        fromAddress: cut(sender?.address ?? '', 254),
        fromName: sender?.name ? cut(sender.name, 200) : null,
        toAddresses: allAddresses(mail.to),
        subject,
        text,
        html: typeof mail.html === 'string' ? cut(mail.html, MAX_BODY_CHARS * 2) : null,
        error: ignored,
        createdAt: now,
        sentAt: now,
      })
      .onConflictDoNothing({ target: mailMessages.messageId })
      .returning({ id: mailMessages.id });
    if (!row) {
      const [existing] = await tx
        .select({ id: mailMessages.id, caseId: mailMessages.caseId, caseNumber: cases.number })
        .from(mailMessages)
        .leftJoin(cases, eq(cases.id, mailMessages.caseId))
        .where(eq(mailMessages.messageId, messageId));
      return { outcome: 'duplicate', mailId: existing.id, caseId: existing.caseId, caseNumber: existing.caseNumber };
    }
    if (ignored || !sender) return { outcome: 'ignored', mailId: row.id, reason: ignored ?? 'noSender' };

    const body = text || (subject ? `(${subject})` : '(empty message)');
    const existing = await matchCase(tx, {
      ids: [inReplyTo, ...[...references].reverse()],
      subject,
      sender: sender.address,
    });
    if (existing && mayAnswer && !(await mayAnswer(tx, existing.id))) throw new AnswerRefused();
    let result: IngestResult;
    if (existing) {
      const [comment] = await tx
        .insert(caseComments)
        // The new part of the reply: the quoted history is already on the case (the full text stays on the message).
        .values({ caseId: existing.id, authorId: null, body: replyText(body), isPublic: true, createdAt: now })
        .returning({ id: caseComments.id });
      await audit(tx, null, {
        action: 'create',
        entity: 'case_comment',
        entityId: comment.id,
        diff: { caseId: existing.id, isPublic: true, channel: 'email', messageId },
      });
      const reopen = existing.status === 'resolved' || existing.status === 'closed';
      if (reopen || existing.status === 'pending') {
        await tx
          .update(cases)
          .set({
            status: 'open',
            ...(reopen ? { reopenedCount: sql`${cases.reopenedCount} + 1`, resolvedAt: null, closedAt: null } : {}),
            updatedAt: now,
            version: sql`${cases.version} + 1`,
          })
          .where(eq(cases.id, existing.id));
        await refreshCaseSla(tx, existing.id, { now });
        await audit(tx, null, {
          action: reopen ? 'reopen' : 'update',
          entity: 'case',
          entityId: existing.id,
          diff: {
            status: [existing.status, 'open'],
            ...(reopen ? { reopenedCount: [existing.reopenedCount, existing.reopenedCount + 1] } : {}),
            cause: 'customerEmail',
          },
        });
      }
      await tx
        .update(mailMessages)
        .set({ caseId: existing.id, commentId: comment.id })
        .where(eq(mailMessages.id, row.id));
      result = {
        outcome: 'commented',
        mailId: row.id,
        caseId: existing.id,
        caseNumber: existing.number,
        commentId: comment.id,
        reopened: reopen,
      };
    } else {
      const party = await findOrCreateParty(tx, sender, now);
      // The case assignment rule (Settings) picks the agent, as for a case opened on the screen.
      const pick = await pickCaseAssignee(tx, { customerId: party.customerId, contactId: party.contactId });
      const values = {
        assigneeId: pick?.assigneeId ?? null,
        customerId: party.customerId,
        contactId: party.contactId,
        subject: cut(subject || body.split('\n')[0] || '(no subject)', 200),
        description: text || null,
        channel: 'email' as const,
        priority: 'normal' as const,
        status: 'new' as const,
        createdAt: now,
        updatedAt: now,
      };
      const [created] = await tx.insert(cases).values(values).returning({ id: cases.id, number: cases.number });
      await refreshCaseSla(tx, created.id, { now });
      await audit(tx, null, {
        action: 'create',
        entity: 'case',
        entityId: created.id,
        diff: {
          number: created.number,
          subject: values.subject,
          customerId: values.customerId,
          contactId: values.contactId,
          channel: 'email',
          priority: 'normal',
          assigneeId: values.assigneeId,
          messageId,
        },
      });
      await tx.update(mailMessages).set({ caseId: created.id }).where(eq(mailMessages.id, row.id));
      result = { outcome: 'created', mailId: row.id, caseId: created.id, caseNumber: created.number };
    }
    await storeAttachments(tx, mail, { mailId: row.id, caseId: result.caseId, limits, now });
    return result;
  };
  return db.transaction(async (tx) => {
    const result = await ingest(tx);
    await inTransaction?.(tx, result);
    return result;
  });
}

/** ingestInboundMail's `mayAnswer` said no: the transaction rolled back, nothing was stored. */
export class AnswerRefused extends Error {
  constructor() {
    super('inbound message answers a case it may not land on');
    this.name = 'AnswerRefused';
  }
}

type MatchedCase = { id: string; number: number; status: string; reopenedCount: number };

async function matchCase(
  tx: Tx,
  { ids, subject, sender }: { ids: (string | null)[]; subject: string; sender: string },
): Promise<MatchedCase | null> {
  const caseFields = {
    id: cases.id,
    number: cases.number,
    status: cases.status,
    reopenedCount: cases.reopenedCount,
  };
  const known = ids.filter((id): id is string => Boolean(id));
  if (known.length) {
    const [byHeader] = await tx
      .select(caseFields)
      .from(mailMessages)
      .innerJoin(cases, eq(cases.id, mailMessages.caseId))
      .where(and(inArray(mailMessages.messageId, known), isNotNull(mailMessages.caseId)))
      .orderBy(desc(mailMessages.seq))
      .limit(1);
    if (byHeader) return byHeader;
  }
  const number = caseNumberInSubject(subject);
  if (number === null) return null;
  const [bySubject] = await tx
    .select(caseFields)
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(contacts, eq(contacts.id, cases.contactId))
    .where(
      and(
        eq(cases.number, number),
        liveCustomer(customers),
        sql`(lower(${contacts.email}) = ${sender} or lower(${customers.email}) = ${sender} or exists (
          select 1 from ${fromTable(otherContact)} where ${otherContact.customerId} = ${cases.customerId}
          and ${isNull(otherContact.deletedAt)} and lower(${otherContact.email}) = ${sender}))`,
      ),
    );
  return bySubject ?? null;
}

/** The contact (then customer) with the sender's address; an unknown sender becomes a person customer and contact. */
async function findOrCreateParty(
  tx: Tx,
  sender: { address: string; name: string },
  now: Date,
): Promise<{ customerId: string; contactId: string | null }> {
  const [contact] = await tx
    .select({ id: contacts.id, customerId: contacts.customerId })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(sql`lower(${contacts.email}) = ${sender.address}`, isNull(contacts.deletedAt), liveCustomer(customers)))
    .orderBy(desc(contacts.isPrimary), contacts.createdAt)
    .limit(1);
  if (contact) return { customerId: contact.customerId, contactId: contact.id };
  const [customer] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(sql`lower(${customers.email}) = ${sender.address}`, liveCustomer(customers)))
    .orderBy(customers.createdAt)
    .limit(1);
  if (customer) return { customerId: customer.id, contactId: null };

  const display = sender.name.replace(/["<>]/g, '').trim() || sender.address.split('@')[0];
  const values = {
    kind: 'person' as const,
    name: cut(display, 200),
    email: sender.address,
    source: 'email',
    createdAt: now,
    updatedAt: now,
  };
  const [created] = await tx.insert(customers).values(values).returning({ id: customers.id });
  await audit(tx, null, { action: 'create', entity: 'customer', entityId: created.id, diff: values });
  const [first, ...rest] = display.split(/\s+/);
  const contactValues = {
    customerId: created.id,
    firstName: cut(first || display, 100),
    lastName: rest.length ? cut(rest.join(' '), 100) : null,
    email: sender.address,
    isPrimary: true,
    createdAt: now,
    updatedAt: now,
  };
  const [createdContact] = await tx.insert(contacts).values(contactValues).returning({ id: contacts.id });
  await audit(tx, null, { action: 'create', entity: 'contact', entityId: createdContact.id, diff: contactValues });
  return { customerId: created.id, contactId: createdContact.id };
}

const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

async function storeAttachments(
  tx: Tx,
  mail: InboundMail,
  { mailId, caseId, limits, now }: { mailId: string; caseId: string; limits: typeof ATTACHMENT_LIMITS; now: Date },
): Promise<void> {
  let total = 0;
  const skipped: string[] = [];
  for (const a of mail.attachments ?? []) {
    const content = a.content as Buffer | undefined;
    const size = content?.length ?? a.size ?? 0;
    const filename = sanitizeFilename(a.filename);
    let reason: string | null = null;
    if (size > limits.perFile) reason = 'fileTooLarge';
    else if (total + size > limits.perMessage) reason = 'messageTooLarge';
    else total += size;
    await tx.insert(mailAttachments).values({
      mailId,
      caseId,
      filename,
      contentType: cut(a.contentType || 'application/octet-stream', 200),
      size,
      content: reason ? null : new Uint8Array(content ?? []),
      skipped: reason,
      createdAt: now,
    });
    if (reason) skipped.push(`${filename} (${megabytes(size)})`);
  }
  if (skipped.length) {
    const [note] = await tx
      .insert(caseComments)
      .values({
        caseId,
        authorId: null,
        isPublic: false,
        createdAt: now,
        body: `Attachments not stored (over the limits of ${megabytes(limits.perFile)} per file and ${megabytes(limits.perMessage)} per message): ${skipped.join(', ')}. Ask the customer for another way to send them.`,
      })
      .returning({ id: caseComments.id });
    await audit(tx, null, {
      action: 'create',
      entity: 'case_comment',
      entityId: note.id,
      diff: { caseId, isPublic: false, skippedAttachments: skipped },
    });
  }
}
