import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts, updatedAt, version } from './columns';
import { contacts, customers } from './customers';
import {
  dealStatusEnum,
  forecastCategoryEnum,
  leadStatusEnum,
  orderKindEnum,
  orderStatusEnum,
  quoteStatusEnum,
} from './enums';
import { users } from './users';

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: id(),
    /** The name in the default locale (English); shown wherever a translation is blank. */
    name: varchar('name', { length: 60 }).notNull(),
    /**
     * The name in the other locales, by locale ({"zh-CN": "初步接洽"}): lib/sales/stages/names.ts
     * picks the viewer's, falling back to `name` when it is missing or blank.
     */
    names: jsonb('names').$type<StageNames>().notNull().default({}),
    position: integer('position').notNull(),
    /** Win probability in percent, used by the weighted forecast. */
    probability: smallint('probability').notNull(),
    isWon: boolean('is_won').notNull().default(false),
    isLost: boolean('is_lost').notNull().default(false),
    /** An open deal that stays longer than this in the stage is "rotting" (highlighted on the board); null: never. */
    rottingDays: smallint('rotting_days'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('pipeline_stages_position_uq').on(t.position),
    check('pipeline_stages_probability_ck', sql`${t.probability} between 0 and 100`),
    check('pipeline_stages_won_lost_ck', sql`not (${t.isWon} and ${t.isLost})`),
  ],
);

/** A stage's translated names, by locale (the default locale's name is the `name` column). */
export type StageNames = Partial<Record<string, string>>;

export const leads = pgTable(
  'leads',
  {
    id: id(),
    firstName: varchar('first_name', { length: 100 }).notNull(),
    lastName: varchar('last_name', { length: 100 }),
    company: varchar('company', { length: 200 }),
    email: varchar('email', { length: 254 }),
    phone: varchar('phone', { length: 40 }),
    source: varchar('source', { length: 60 }),
    /** Scored by lead_score_rules ('industry' rules compare it case-insensitively). */
    industry: varchar('industry', { length: 60 }),
    /** Company size (head count), scored by 'employees' rules. */
    employees: integer('employees'),
    title: varchar('title', { length: 100 }),
    notes: text('notes'),
    status: leadStatusEnum('status').notNull().default('new'),
    score: smallint('score').notNull().default(0),
    /** The rules that made the score, as shown on the lead page (lib/sales/leads/scoring.ts). */
    scoreReasons: jsonb('score_reasons').$type<LeadScoreReason[]>().notNull().default([]),
    /** Last time a rep worked the lead (status change, edit): 'activity' rules score it. */
    lastActivityAt: ts('last_activity_at'),
    /** Existing leads and customers this one looks like (email / phone / name), found when it was saved. */
    duplicates: jsonb('duplicates').$type<LeadDuplicate[]>().notNull().default([]),
    /** How the lead came in: 'manual' (typed in) or 'web_form' (the public capture endpoint). */
    capturedVia: varchar('captured_via', { length: 20 }).notNull().default('manual'),
    /** The client address of a web-form capture, and the page it was sent from (Referer). */
    captureIp: varchar('capture_ip', { length: 64 }),
    capturePage: varchar('capture_page', { length: 500 }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    unqualifiedReason: varchar('unqualified_reason', { length: 200 }),
    convertedCustomerId: uuid('converted_customer_id').references(() => customers.id, { onDelete: 'set null' }),
    convertedContactId: uuid('converted_contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    convertedDealId: uuid('converted_deal_id').references((): AnyPgColumn => deals.id, { onDelete: 'set null' }),
    convertedAt: ts('converted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
    version: version(),
  },
  (t) => [
    index('leads_owner_status_idx').on(t.ownerId, t.status, t.createdAt),
    index('leads_status_idx').on(t.status, t.createdAt),
    index('leads_email_lower_idx').on(sql`lower(${t.email})`),
    // The lead list's sorts over live leads, (key, id) so pages are stable; a backward scan serves desc.
    index('leads_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('leads_score_idx').on(t.score, t.id).where(sql`${t.deletedAt} is null`),
    index('leads_owner_created_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('leads_owner_score_idx').on(t.ownerId, t.score, t.id).where(sql`${t.deletedAt} is null`),
    // The source filter's menu: a skip scan over the distinct sources (a handful) instead of reading every lead.
    index('leads_source_idx').on(t.source).where(sql`${t.deletedAt} is null`),
    index('leads_search_trgm').using('gin', sql`${leadSearchExpr(t)} gin_trgm_ops`),
    index('leads_converted_customer_idx').on(t.convertedCustomerId).where(sql`${t.convertedCustomerId} is not null`),
    check('leads_score_ck', sql`${t.score} between 0 and 100`),
    check('leads_converted_ck', sql`(${t.status} = 'converted') = (${t.convertedAt} is not null)`),
  ],
);

/** One line of a lead's score: which rule gave how many points. */
export type LeadScoreReason = { ruleId: string; kind: string; value: string; points: number };
/** A record a lead looks like, and on what. */
export type LeadDuplicate = { kind: 'lead' | 'customer'; id: string; name: string; match: 'email' | 'phone' | 'name' };

/** The text the lead list's search matches (names, company, email), exactly as leads_search_trgm indexes it. */
export function leadSearchExpr(t: {
  firstName: AnyPgColumn;
  lastName: AnyPgColumn;
  company: AnyPgColumn;
  email: AnyPgColumn;
}) {
  return sql`(${t.firstName} || ' ' || coalesce(${t.lastName}, '') || ' ' || coalesce(${t.company}, '') || ' ' || coalesce(${t.email}, ''))`;
}

/**
 * The explicit, editable rules a lead's score is made of (admins edit them). `kind` says what the
 * rule looks at and `value` what it matches: source / industry (equal, ignoring case), employees
 * (head count at least value), activity (worked within value days), email_domain ('free' for
 * free-mail providers, 'company' for any other domain, or one domain such as 'example.com').
 */
export const leadScoreRules = pgTable(
  'lead_score_rules',
  {
    id: id(),
    kind: varchar('kind', { length: 20 })
      .$type<'source' | 'industry' | 'employees' | 'activity' | 'email_domain'>()
      .notNull(),
    value: varchar('value', { length: 100 }).notNull(),
    points: smallint('points').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('lead_score_rules_kind_value_uq').on(t.kind, sql`lower(${t.value})`),
    check('lead_score_rules_points_ck', sql`${t.points} between -100 and 100`),
    check(
      'lead_score_rules_kind_ck',
      sql`${t.kind} in ('source', 'industry', 'employees', 'activity', 'email_domain')`,
    ),
  ],
);

/** Web-to-lead submissions per client address, for the rate limit every app server shares. */
export const leadCaptureAttempts = pgTable(
  'lead_capture_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ip: varchar('ip', { length: 64 }).notNull(),
    at: createdAt(),
  },
  (t) => [index('lead_capture_attempts_ip_at_idx').on(t.ip, t.at)],
);

export const deals = pgTable(
  'deals',
  {
    id: id(),
    name: varchar('name', { length: 200 }).notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => pipelineStages.id, { onDelete: 'restrict' }),
    amount: money('amount').notNull().default('0'),
    currency: varchar('currency', { length: 3 }).notNull().default('USD'),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    status: dealStatusEnum('status').notNull().default('open'),
    /** The rep's forecast call (commit / best case …), read by the forecast with the stage's probability. */
    forecastCategory: forecastCategoryEnum('forecast_category').notNull().default('pipeline'),
    lostReason: varchar('lost_reason', { length: 200 }),
    /** Why it was won, asked like the lost reason when a deal is moved to a won stage. */
    wonReason: varchar('won_reason', { length: 200 }),
    closedAt: ts('closed_at'),
    /** When the deal entered its current stage (days in stage, rotting), kept with each move. */
    stageEnteredAt: ts('stage_entered_at').notNull().defaultNow(),
    /**
     * The furthest open or won stage the deal has reached (by stage order), for the stage-conversion
     * funnel. Kept by the trigger deals_furthest_stage (migration 0015) on every insert and stage
     * change, whichever code moves the deal; a lost stage never counts as progress.
     */
    furthestStageId: uuid('furthest_stage_id').references(() => pipelineStages.id, { onDelete: 'set null' }),
    /** Kanban order within a stage; fractional so a move rewrites one row. */
    position: doublePrecision('position').notNull().default(0),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
    version: version(),
  },
  (t) => [
    index('deals_board_idx').on(t.stageId, t.status, t.position),
    // A board column's cards in order, for everyone and for one owner: open deals only.
    index('deals_open_column_idx')
      .on(t.stageId, t.position, t.id)
      .where(sql`${t.status} = 'open' and ${t.deletedAt} is null`),
    index('deals_open_owner_column_idx')
      .on(t.ownerId, t.stageId, t.position, t.id)
      .where(sql`${t.status} = 'open' and ${t.deletedAt} is null`),
    index('deals_owner_status_idx').on(t.ownerId, t.status),
    // The board's per-stage count and total (index-only), and the forecast's open deals by close
    // month (index-only: owner, stage, category and amount are all it reads).
    index('deals_open_stage_amount_idx')
      .on(t.stageId, t.amount)
      .where(sql`${t.status} = 'open' and ${t.deletedAt} is null`),
    index('deals_open_close_idx')
      .on(t.expectedCloseDate, t.ownerId, t.stageId, t.forecastCategory, t.amount)
      .where(sql`${t.status} = 'open' and ${t.deletedAt} is null`),
    // The few deleted deals: what the quote list's anti-join looks up (lib/sales/visibility.ts visibleQuotes).
    index('deals_deleted_idx').on(t.id).where(sql`${t.deletedAt} is not null`),
    index('deals_customer_idx').on(t.customerId),
    index('deals_close_date_idx').on(t.expectedCloseDate),
    // The sales dashboard's closed deals of a period (won revenue, win rate, lost reasons, cycle).
    index('deals_closed_idx').on(t.closedAt).where(sql`${t.status} <> 'open' and ${t.deletedAt} is null`),
    index('deals_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    // The deal list's sorts (a manager's list of every deal, paged in SQL): one index per sort column.
    index('deals_list_name_idx').on(t.name, t.id).where(sql`${t.deletedAt} is null`),
    index('deals_list_amount_idx').on(t.amount, t.id).where(sql`${t.deletedAt} is null`),
    index('deals_list_close_idx').on(t.expectedCloseDate, t.id).where(sql`${t.deletedAt} is null`),
    index('deals_list_entered_idx').on(t.stageEnteredAt, t.id).where(sql`${t.deletedAt} is null`),
    check('deals_amount_ck', sql`${t.amount} >= 0`),
    check('deals_closed_ck', sql`(${t.status} = 'open') = (${t.closedAt} is null)`),
  ],
);

export const dealStageHistory = pgTable(
  'deal_stage_history',
  {
    id: id(),
    dealId: uuid('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    fromStageId: uuid('from_stage_id').references(() => pipelineStages.id, { onDelete: 'set null' }),
    toStageId: uuid('to_stage_id')
      .notNull()
      .references(() => pipelineStages.id, { onDelete: 'restrict' }),
    changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [
    index('deal_stage_history_deal_idx').on(t.dealId, t.changedAt),
    index('deal_stage_history_to_idx').on(t.toStageId, t.changedAt),
  ],
);

/** Numbers of quotes made in the app (QT-000001…) and of the orders their acceptance creates (SO-Q000001…). */
export const quoteNumberSeq = pgSequence('quote_number_seq', { startWith: 1 });
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 });

export const products = pgTable(
  'products',
  {
    id: id(),
    sku: varchar('sku', { length: 40 }).notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    description: text('description'),
    category: varchar('category', { length: 60 }),
    unitPrice: money('unit_price').notNull(),
    currency: varchar('currency', { length: 3 }).notNull().default('USD'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('products_sku_uq').on(t.sku),
    index('products_active_name_idx').on(t.active, t.name),
    index('products_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    check('products_price_ck', sql`${t.unitPrice} >= 0`),
  ],
);

export const quotes = pgTable(
  'quotes',
  {
    id: id(),
    number: varchar('number', { length: 20 }).notNull(),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    status: quoteStatusEnum('status').notNull().default('draft'),
    validUntil: date('valid_until', { mode: 'string' }),
    currency: varchar('currency', { length: 3 }).notNull().default('USD'),
    subtotal: money('subtotal').notNull().default('0'),
    discount: money('discount').notNull().default('0'),
    tax: money('tax').notNull().default('0'),
    total: money('total').notNull().default('0'),
    /** What the quote is for, shown on the quote and its print. */
    title: varchar('title', { length: 200 }),
    notes: text('notes'),
    /** The overall discount as a percent of the subtotal; null when it was entered as an amount (`discount`). */
    discountPct: numeric('discount_pct', { precision: 5, scale: 2 }),
    /** Tax in percent of the discounted subtotal (8.875 for 8.875 %). */
    taxRate: numeric('tax_rate', { precision: 6, scale: 3 }).notNull().default('0'),
    sentAt: ts('sent_at'),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('quotes_number_uq').on(t.number),
    index('quotes_deal_idx').on(t.dealId),
    index('quotes_customer_idx').on(t.customerId),
    index('quotes_owner_created_idx').on(t.ownerId, t.createdAt),
    index('quotes_status_created_idx').on(t.status, t.createdAt),
    index('quotes_created_idx').on(t.createdAt, t.id),
    check('quotes_total_ck', sql`${t.total} = ${t.subtotal} - ${t.discount} + ${t.tax}`),
    check('quotes_discount_ck', sql`${t.discount} >= 0 and ${t.discount} <= ${t.subtotal}`),
    check('quotes_discount_pct_ck', sql`${t.discountPct} between 0 and 100`),
    check('quotes_tax_rate_ck', sql`${t.taxRate} between 0 and 100`),
  ],
);

export const quoteItems = pgTable(
  'quote_items',
  {
    id: id(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    description: varchar('description', { length: 200 }).notNull(),
    quantity: numeric('quantity', { precision: 12, scale: 2 }).notNull(),
    unitPrice: money('unit_price').notNull(),
    discountPct: numeric('discount_pct', { precision: 5, scale: 2 }).notNull().default('0'),
    lineTotal: money('line_total').notNull(),
    position: smallint('position').notNull().default(0),
  },
  (t) => [
    index('quote_items_quote_idx').on(t.quoteId),
    check('quote_items_qty_ck', sql`${t.quantity} > 0`),
    check('quote_items_discount_ck', sql`${t.discountPct} between 0 and 100`),
  ],
);

/**
 * Orders are the purchase history that RFM and CLV read. A row is a sale or a return
 * (`kind`): a return (a cancellation, a refund) has a total ≤ 0 and items with negative
 * quantities, so summing `total` over a customer's orders gives revenue net of returns; it is
 * never a purchase (frequency counts sales only). Cancelled and refunded sales count nowhere.
 * A guest order (a walk-in or guest checkout imported from a shop export) has no customer:
 * everything that joins customers (the 360 page, analytics) leaves it out.
 */
export const orders = pgTable(
  'orders',
  {
    id: id(),
    number: varchar('number', { length: 24 }).notNull(),
    kind: orderKindEnum('kind').notNull().default('sale'),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'restrict' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    quoteId: uuid('quote_id').references(() => quotes.id, { onDelete: 'set null' }),
    status: orderStatusEnum('status').notNull().default('paid'),
    orderedAt: ts('ordered_at').notNull(),
    currency: varchar('currency', { length: 3 }).notNull().default('USD'),
    total: money('total').notNull(),
    /** The order number in the system it came from; imports are idempotent on (kind, external id). */
    externalId: varchar('external_id', { length: 100 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orders_number_uq').on(t.number),
    uniqueIndex('orders_kind_external_id_uq').on(t.kind, t.externalId),
    index('orders_customer_time_idx').on(t.customerId, t.orderedAt),
    // Migration 0035 adds INCLUDE (id, customer_id, status, kind): the refresh's recent sales, index-only.
    index('orders_time_idx').on(t.orderedAt),
    index('orders_owner_time_idx').on(t.ownerId, t.orderedAt),
    index('orders_status_time_idx').on(t.status, t.orderedAt),
    // One order per accepted quote: a second acceptance cannot make a second order.
    uniqueIndex('orders_quote_uq').on(t.quoteId).where(sql`${t.quoteId} is not null`),
    index('orders_deal_idx').on(t.dealId).where(sql`${t.dealId} is not null`),
    check(
      'orders_total_ck',
      sql`(${t.kind} = 'sale' and ${t.total} >= 0) or (${t.kind} = 'return' and ${t.total} <= 0)`,
    ),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /**
     * The line's place in its order as the source file lists it (1 = the order number's first
     * line in the file): an import writes each (order, line) once, so re-running a file changes
     * nothing. Null for items entered in the app.
     */
    lineNo: integer('line_no'),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    /** Negative on a return's items. */
    quantity: numeric('quantity', { precision: 12, scale: 2 }).notNull(),
    unitPrice: money('unit_price').notNull(),
    lineTotal: money('line_total').notNull(),
  },
  (t) => [
    // Also the index of an order's items (order_id leads).
    // Migration 0035 adds INCLUDE (product_id): the refresh's basket lines, index-only.
    uniqueIndex('order_items_order_line_uq').on(t.orderId, t.lineNo),
    index('order_items_product_idx').on(t.productId),
    check('order_items_qty_ck', sql`${t.quantity} <> 0`),
  ],
);

/** A rep's sales target for one month (set by a manager), read by the forecast for attainment. */
export const salesQuotas = pgTable(
  'sales_quotas',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The first day of the month the quota is for. */
    month: date('month', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('sales_quotas_user_month_uq').on(t.userId, t.month),
    index('sales_quotas_month_idx').on(t.month),
    check('sales_quotas_month_ck', sql`extract(day from ${t.month}) = 1`),
    check('sales_quotas_amount_ck', sql`${t.amount} >= 0`),
  ],
);
