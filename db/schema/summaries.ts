import { integer, pgTable, uuid } from 'drizzle-orm/pg-core';
import { money, ts } from './columns';
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
