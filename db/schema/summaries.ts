import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { id, money, ts } from './columns';
import { customers } from './customers';
import { users } from './users';

/**
 * Per-person workload for the manager's home page, recomputed by a job every few minutes
 * (lib/home/team-counts.ts): counting 100k customers, 200k cases and 300k activities per page view
 * is what made the page slow. `computed_at` is shown next to the numbers.
 */
export const teamCounts = pgTable('team_counts', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  customers: integer('customers').notNull(),
  openDeals: integer('open_deals').notNull(),
  openDealValue: money('open_deal_value').notNull(),
  openCases: integer('open_cases').notNull(),
  openTasks: integer('open_tasks').notNull(),
  overdueTasks: integer('overdue_tasks').notNull(),
  computedAt: ts('computed_at').notNull(),
});

/**
 * Likely duplicate customers, each pair once (customer_a < customer_b), the strongest few thousand
 * kept. A job (lib/customers/duplicates/scan.ts) replaces the whole set in one transaction;
 * the duplicates page reads it. A merge deletes the pairs of the customer merged away.
 */
export const duplicateCandidates = pgTable(
  'duplicate_candidates',
  {
    customerA: uuid('customer_a')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    customerB: uuid('customer_b')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** 0–100: the sum of the matching signals' points (see scan.ts). */
    strength: smallint('strength').notNull(),
    /** Which signals matched: DUPLICATE_REASONS (lib/customers/duplicates/schemas.ts). */
    reasons: text('reasons').array().notNull(),
    /** pg_trgm similarity of the two names (1 for the same name). */
    nameSimilarity: real('name_similarity').notNull(),
    computedAt: ts('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerA, t.customerB] }),
    // A merge deletes the loser's pairs from either side; the primary key serves customer_a.
    index('duplicate_candidates_b_idx').on(t.customerB),
    check('duplicate_candidates_order_ck', sql`${t.customerA} < ${t.customerB}`),
  ],
);

/** One row per duplicate scan: when, over how many customers, what it found and how long it took. */
export const duplicateScans = pgTable('duplicate_scans', {
  id: id(),
  computedAt: ts('computed_at').notNull(),
  /** Live customers scanned. */
  customers: integer('customers').notNull(),
  /** Pairs compared (the blocks' pairs, each once). */
  compared: integer('compared').notNull(),
  /** Pairs that met the bar; at most MAX_PAIRS of them are kept. */
  found: integer('found').notNull(),
  kept: integer('kept').notNull(),
  /** Blocks (one shared email, phone, domain, address or name token) too large to pair in full. */
  largeBlocks: integer('large_blocks').notNull(),
  durationMs: integer('duration_ms').notNull(),
});

/**
 * A team dashboard's figures as last computed (lib/dashboards/snapshots.ts): the service and sales
 * dashboards of everyone aggregate every case or deal of the window (0.3–0.6 s at 200k cases), the
 * same for every manager, so they are computed by a job (every 5 minutes for the default views, on
 * demand for the others) and a page view reads one row. `key` names the dashboard and its filters.
 */
export const dashboardSnapshots = pgTable('dashboard_snapshots', {
  key: varchar('key', { length: 300 }).primaryKey(),
  payload: jsonb('payload').notNull(),
  computedAt: ts('computed_at').notNull(),
});
