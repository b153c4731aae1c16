import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts, updatedAt, version } from './columns';
import { customers } from './customers';
import { campaignStatusEnum, memberSkipReasonEnum, memberStatusEnum, segmentKindEnum } from './enums';
import { orders } from './sales';
import { users } from './users';

export const segments = pgTable(
  'segments',
  {
    id: id(),
    name: varchar('name', { length: 120 }).notNull(),
    description: text('description'),
    kind: segmentKindEnum('kind').notNull(),
    /** Rules (field/operator/value) or the analytics selector (segment name, cluster, CLV band). */
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    memberCount: integer('member_count'),
    lastComputedAt: ts('last_computed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('segments_owner_idx').on(t.ownerId)],
);

/** A static segment's members, frozen from its rule (lib/marketing/segments/members.ts). */
export const segmentMembers = pgTable(
  'segment_members',
  {
    segmentId: uuid('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.customerId] }), index('segment_members_customer_idx').on(t.customerId)],
);

/**
 * An email campaign (lib/marketing/campaigns). The counters are kept as sends happen, in the
 * statement that changes a member, so the stats page reads one row and never scans members.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    name: varchar('name', { length: 120 }).notNull(),
    subject: varchar('subject', { length: 200 }).notNull(),
    /** Null: the mail configuration's MAIL_FROM. */
    fromName: varchar('from_name', { length: 120 }),
    fromAddress: varchar('from_address', { length: 254 }),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    /** The http(s) URLs of the bodies, found at save: the only targets the click redirect follows. */
    links: text('links').array().notNull().default(sql`'{}'::text[]`),
    segmentId: uuid('segment_id').references(() => segments.id, { onDelete: 'set null' }),
    status: campaignStatusEnum('status').notNull().default('draft'),
    scheduledAt: ts('scheduled_at'),
    /** When sending started (members materialised) and when the last member was done. */
    startedAt: ts('started_at'),
    sentAt: ts('sent_at'),
    cost: money('cost').notNull().default('0'),
    ratePerMinute: integer('rate_per_minute').notNull().default(600),
    /** Share of the audience kept unsent (0–50 %), chosen by md5(seed || customer id): the same seed, the same group. */
    holdoutPercent: integer('holdout_percent').notNull().default(0),
    holdoutSeed: varchar('holdout_seed', { length: 64 }).notNull().default(sql`gen_random_uuid()::text`),
    /** Orders within this many days after the send or a click count towards the campaign. */
    attributionDays: integer('attribution_days').notNull().default(7),
    /** The rate limiter's fixed window: its start and the members claimed in it (all workers share it). */
    windowStart: ts('window_start'),
    windowCount: integer('window_count').notNull().default(0),
    audienceCount: integer('audience_count').notNull().default(0),
    sentCount: integer('sent_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    holdoutCount: integer('holdout_count').notNull().default(0),
    /** Members who opened / clicked / unsubscribed at least once (bot opens apart). */
    openedCount: integer('opened_count').notNull().default(0),
    clickedCount: integer('clicked_count').notNull().default(0),
    unsubscribedCount: integer('unsubscribed_count').notNull().default(0),
    bouncedCount: integer('bounced_count').notNull().default(0),
    /** Opens by known prefetchers and scanners, kept apart from the opens. */
    botOpenCount: integer('bot_open_count').notNull().default(0),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('campaigns_status_idx').on(t.status, t.scheduledAt),
    check('campaigns_holdout_ck', sql`${t.holdoutPercent} between 0 and 50`),
    check('campaigns_rate_ck', sql`${t.ratePerMinute} between 1 and 100000`),
    check('campaigns_attribution_ck', sql`${t.attributionDays} between 1 and 365`),
  ],
);

/**
 * One row per customer of the audience, written by one INSERT … SELECT when the send starts. A
 * worker claims queued rows (FOR UPDATE SKIP LOCKED) and commits them as 'sending' with a lease and
 * a send key before talking SMTP; the Message-ID is made from the send key.
 */
export const campaignMembers = pgTable(
  'campaign_members',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** The address at materialisation, trimmed and lower-cased ('' when the customer had none). */
    email: varchar('email', { length: 254 }).notNull(),
    status: memberStatusEnum('status').notNull().default('queued'),
    skipReason: memberSkipReasonEnum('skip_reason'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    leaseUntil: ts('lease_until'),
    sendKey: uuid('send_key'),
    sentAt: ts('sent_at'),
    openedAt: ts('opened_at'),
    clickedAt: ts('clicked_at'),
    openCount: integer('open_count').notNull().default(0),
    botOpenCount: integer('bot_open_count').notNull().default(0),
    clickCount: integer('click_count').notNull().default(0),
    unsubscribedAt: ts('unsubscribed_at'),
    convertedOrderId: uuid('converted_order_id').references(() => orders.id, { onDelete: 'set null' }),
    error: varchar('error', { length: 300 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('campaign_members_uq').on(t.campaignId, t.customerId),
    index('campaign_members_customer_idx').on(t.customerId),
    index('campaign_members_claim_idx').on(t.campaignId, t.status, t.nextAttemptAt),
    // The stats page's member list (lib/marketing/campaigns/members.ts): pages in customer order
    // (campaign_members_uq), of one status, or by address prefix, reading ~50 entries at 1M members.
    index('campaign_members_status_page_idx').on(t.campaignId, t.status, t.customerId),
    index('campaign_members_email_idx').on(t.campaignId, t.email.op('varchar_pattern_ops')),
  ],
);

/**
 * The last complete attribution of a campaign (lib/marketing/attribution): revenue, ROI and lift,
 * written in one statement by the attribution job, so the dashboard reads one small row per
 * campaign and never joins members with orders. Replaced whole on each computation.
 */
export const campaignResults = pgTable('campaign_results', {
  campaignId: uuid('campaign_id')
    .primaryKey()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  computedAt: ts('computed_at').notNull(),
  durationMs: integer('duration_ms').notNull().default(0),
  /** The campaign's cost when computed (ROI's denominator). */
  cost: money('cost').notNull(),
  /** Net revenue (returns netted) of the sent members' orders in their windows. */
  revenue: money('revenue').notNull(),
  holdoutRevenue: money('holdout_revenue').notNull(),
  /** Sent members with a sale in their window (their first one is the member's converted order). */
  convertedCount: integer('converted_count').notNull(),
  holdoutConvertedCount: integer('holdout_converted_count').notNull(),
  sentMembers: integer('sent_members').notNull(),
  holdoutMembers: integer('holdout_members').notNull(),
  sentMean: doublePrecision('sent_mean'),
  sentVariance: doublePrecision('sent_variance'),
  holdoutMean: doublePrecision('holdout_mean'),
  holdoutVariance: doublePrecision('holdout_variance'),
  roi: doublePrecision('roi'),
  incrementalPerMember: doublePrecision('incremental_per_member'),
  ciLow: doublePrecision('ci_low'),
  ciHigh: doublePrecision('ci_high'),
  relativeLift: doublePrecision('relative_lift'),
  /** analytics/lift.ts caveats ('holdoutTooSmall', …): no lift is claimed when any is set. */
  caveats: text('caveats').array().notNull().default(sql`'{}'::text[]`),
  /** When the last member's window ends (the nightly job stops recomputing once it has passed). */
  windowClosesAt: ts('window_closes_at'),
  /** The campaign's click counter when computed: a later click opens a new window. */
  clickedCountSeen: integer('clicked_count_seen').notNull().default(0),
});

/** A segment's size each time it is computed (save, freeze) and once a day, for the dashboard's chart. */
export const segmentSizes = pgTable(
  'segment_sizes',
  {
    id: id(),
    segmentId: uuid('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    memberCount: integer('member_count').notNull(),
    /** 'save' | 'freeze' | 'daily'. */
    source: varchar('source', { length: 16 }).notNull(),
  },
  (t) => [index('segment_sizes_segment_at_idx').on(t.segmentId, t.at), index('segment_sizes_at_idx').on(t.at)],
);
