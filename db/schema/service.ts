import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgSequence,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, version } from './columns';
import { contacts, customers } from './customers';
import { caseChannelEnum, casePriorityEnum, caseStatusEnum } from './enums';
import { businessCalendars } from './sla';
import { users } from './users';

export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1000 });

/** Response and resolution targets per priority, in minutes. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    name: varchar('name', { length: 80 }).notNull(),
    priority: casePriorityEnum('priority').notNull(),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    active: boolean('active').notNull().default(true),
    /** Business hours the targets count in; null = around the clock. */
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'restrict' }),
    /** On a breach: tell the managers (lib/service/sla-breaches.ts escalationRecipients) and/or reassign. */
    escalateNotify: boolean('escalate_notify').notNull().default(true),
    escalateReassignTo: uuid('escalate_reassign_to').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('sla_policies_priority_active_uq').on(t.priority).where(sql`${t.active}`),
    check(
      'sla_policies_minutes_ck',
      sql`${t.firstResponseMinutes} > 0 and ${t.resolutionMinutes} >= ${t.firstResponseMinutes}`,
    ),
  ],
);

export const cases = pgTable(
  'cases',
  {
    id: id(),
    number: bigint('number', { mode: 'number' }).notNull().default(sql`nextval('case_number_seq')`),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    subject: varchar('subject', { length: 200 }).notNull(),
    description: text('description'),
    priority: casePriorityEnum('priority').notNull().default('normal'),
    status: caseStatusEnum('status').notNull().default('new'),
    channel: caseChannelEnum('channel').notNull().default('email'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    slaPolicyId: uuid('sla_policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    firstResponseDueAt: ts('first_response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    firstRespondedAt: ts('first_responded_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    /**
     * When the case next needs attention: the first-response due time while nobody has answered,
     * else the resolution due time (the earlier of the two). The queues sort and filter by it.
     */
    slaDueAt: ts('sla_due_at').generatedAlwaysAs(
      sql`least(case when first_responded_at is null then first_response_due_at end, resolution_due_at)`,
    ),
    /** SLA clock (lib/service/sla.ts): stopped since (pending, resolved, closed); business minutes stopped so far. */
    slaPausedAt: ts('sla_paused_at'),
    slaPausedMinutes: integer('sla_paused_minutes').notNull().default(0),
    /** The part of slaPausedMinutes before the first response (pushes the first-response due time). */
    firstResponsePausedMinutes: integer('first_response_paused_minutes').notNull().default(0),
    firstResponseBreachedAt: ts('first_response_breached_at'),
    resolutionBreachedAt: ts('resolution_breached_at'),
    escalatedAt: ts('escalated_at'),
    reopenedCount: smallint('reopened_count').notNull().default(0),
    csatRating: smallint('csat_rating'),
    csatComment: text('csat_comment'),
    /**
     * The satisfaction survey link (lib/service/csat.ts): SHA-256 (hex) of the random token in the
     * link, never the token itself nor the case id; the link works until csat_token_expires_at and
     * only while csat_answered_at is null.
     */
    csatToken: varchar('csat_token', { length: 64 }),
    csatTokenExpiresAt: ts('csat_token_expires_at'),
    csatAnsweredAt: ts('csat_answered_at'),
    /**
     * Business minutes on the SLA clock (the policy's calendar, pending time left out) from creation
     * to the first response and to the resolution: stored when they happen (lib/service/service-times.ts)
     * so the dashboard takes medians in SQL.
     */
    firstResponseBusinessMinutes: integer('first_response_business_minutes'),
    resolutionBusinessMinutes: integer('resolution_business_minutes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('cases_number_uq').on(t.number),
    uniqueIndex('cases_csat_token_uq').on(t.csatToken),
    index('cases_queue_idx').on(t.status, t.priority, t.createdAt),
    index('cases_assignee_status_idx').on(t.assigneeId, t.status),
    index('cases_customer_idx').on(t.customerId, t.createdAt),
    // The queue views (lib/service/queue.ts): open cases by SLA due time, all of them or one
    // assignee's (assignee_id is null = unassigned); the managers' "all" view over every status.
    index('cases_open_due_idx').on(t.slaDueAt, t.id).where(sql`${t.status} in ('new','open','pending')`),
    index('cases_assignee_open_due_idx')
      .on(t.assigneeId, t.slaDueAt, t.id)
      .where(sql`${t.status} in ('new','open','pending')`),
    index('cases_due_idx').on(t.slaDueAt, t.id),
    index('cases_first_response_due_idx')
      .on(t.firstResponseDueAt)
      .where(sql`${t.status} in ('new','open') and ${t.firstRespondedAt} is null`),
    index('cases_resolution_due_idx').on(t.resolutionDueAt).where(sql`${t.status} in ('new','open','pending')`),
    // The service dashboard's windows (lib/service/dashboard.ts): range on the event time, the rest
    // read from the index (index-only scans at 200k cases).
    index('cases_first_response_window_idx')
      .on(
        t.firstRespondedAt,
        t.assigneeId,
        t.firstResponseDueAt,
        t.firstResponseBreachedAt,
        t.firstResponseBusinessMinutes,
      )
      .where(sql`${t.firstRespondedAt} is not null`),
    index('cases_resolution_window_idx')
      .on(t.resolvedAt, t.assigneeId, t.status, t.resolutionDueAt, t.resolutionBreachedAt, t.resolutionBusinessMinutes)
      .where(sql`${t.resolvedAt} is not null`),
    index('cases_csat_window_idx')
      .on(t.csatAnsweredAt, t.assigneeId, t.csatRating)
      .where(sql`${t.csatAnsweredAt} is not null`),
    index('cases_created_channel_idx').on(t.createdAt, t.channel, t.assigneeId),
    index('cases_subject_trgm').using('gin', sql`${t.subject} gin_trgm_ops`),
    check('cases_csat_ck', sql`${t.csatRating} is null or ${t.csatRating} between 1 and 5`),
    check(
      'cases_business_minutes_ck',
      sql`coalesce(${t.firstResponseBusinessMinutes}, 0) >= 0 and coalesce(${t.resolutionBusinessMinutes}, 0) >= 0`,
    ),
  ],
);

export const caseComments = pgTable(
  'case_comments',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    isPublic: boolean('is_public').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('case_comments_case_idx').on(t.caseId, t.createdAt)],
);
