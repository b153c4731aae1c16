import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts, updatedAt, version } from './columns';
import { customers } from './customers';
import { campaignStatusEnum, memberStatusEnum, segmentKindEnum } from './enums';
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

export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    name: varchar('name', { length: 120 }).notNull(),
    subject: varchar('subject', { length: 200 }).notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    segmentId: uuid('segment_id').references(() => segments.id, { onDelete: 'set null' }),
    status: campaignStatusEnum('status').notNull().default('draft'),
    scheduledAt: ts('scheduled_at'),
    sentAt: ts('sent_at'),
    cost: money('cost').notNull().default('0'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('campaigns_status_idx').on(t.status, t.scheduledAt)],
);

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
    email: varchar('email', { length: 254 }).notNull(),
    status: memberStatusEnum('status').notNull().default('queued'),
    /** Random token for open/click/unsubscribe links. */
    token: varchar('token', { length: 64 }).notNull(),
    sentAt: ts('sent_at'),
    openedAt: ts('opened_at'),
    clickedAt: ts('clicked_at'),
    unsubscribedAt: ts('unsubscribed_at'),
    convertedOrderId: uuid('converted_order_id').references(() => orders.id, { onDelete: 'set null' }),
    error: varchar('error', { length: 300 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('campaign_members_uq').on(t.campaignId, t.customerId),
    uniqueIndex('campaign_members_token_uq').on(t.token),
    index('campaign_members_customer_idx').on(t.customerId),
    index('campaign_members_status_idx').on(t.campaignId, t.status),
  ],
);
