import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';
import { mailDirectionEnum, mailStatusEnum } from './enums';
import { caseComments, cases } from './service';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Every email the service desk sends or receives (lib/mail). Outbound rows are written in the
 * transaction of the reply and sent by the `mail-send` job (status queued → sent | failed); without
 * SMTP_URL they are "sent" to the local catch-all, which is this table as the Outbox page shows it.
 * Inbound rows are received (attached to a case) or ignored (auto-replies, loops: `error` says why).
 * Message-ID is stored with its angle brackets, exactly as the header carries it, and is unique:
 * the same message received twice is one row.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: id(),
    /** Keyset order of the Outbox (newest first). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    direction: mailDirectionEnum('direction').notNull(),
    status: mailStatusEnum('status').notNull(),
    messageId: varchar('message_id', { length: 998 }).notNull(),
    inReplyTo: varchar('in_reply_to', { length: 998 }),
    /** The References header's ids, oldest first. */
    references: text('references').array().notNull().default(sql`'{}'::text[]`),
    fromAddress: varchar('from_address', { length: 254 }).notNull(),
    fromName: varchar('from_name', { length: 200 }),
    toAddresses: text('to_addresses').array().notNull().default(sql`'{}'::text[]`),
    subject: varchar('subject', { length: 998 }).notNull(),
    text: text('text'),
    html: text('html'),
    caseId: uuid('case_id').references(() => cases.id, { onDelete: 'set null' }),
    commentId: uuid('comment_id').references(() => caseComments.id, { onDelete: 'set null' }),
    /** Why a send failed, or why an inbound message was ignored. */
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    /** Outbound: when the SMTP server (or the catch-all) accepted it; inbound: when it was received. */
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('mail_messages_message_id_uq').on(t.messageId),
    uniqueIndex('mail_messages_seq_uq').on(t.seq),
    index('mail_messages_case_idx').on(t.caseId, t.seq),
    index('mail_messages_direction_idx').on(t.direction, t.seq),
    check('mail_messages_attempts_ck', sql`${t.attempts} >= 0`),
  ],
);

/**
 * Files that came with an inbound message. Over the size limits (lib/mail/inbound.ts) a file is
 * recorded without its content (`skipped`) and the case gets an internal note.
 */
export const mailAttachments = pgTable(
  'mail_attachments',
  {
    id: id(),
    mailId: uuid('mail_id')
      .notNull()
      .references(() => mailMessages.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id').references(() => cases.id, { onDelete: 'set null' }),
    /** Sanitised: no path, no control or reserved characters, at most 200 characters. */
    filename: varchar('filename', { length: 200 }).notNull(),
    contentType: varchar('content_type', { length: 200 }).notNull(),
    size: integer('size').notNull(),
    /** Null when skipped for its size. */
    content: bytea('content'),
    skipped: varchar('skipped', { length: 40 }),
    createdAt: createdAt(),
  },
  (t) => [index('mail_attachments_mail_idx').on(t.mailId), index('mail_attachments_case_idx').on(t.caseId)],
);
