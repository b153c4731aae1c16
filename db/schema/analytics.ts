import {
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts } from './columns';
import { customers } from './customers';
import { runStatusEnum } from './enums';
import { users } from './users';

/** One refresh of the analytics snapshot: inputs, fitted parameters and quality metrics. */
export const analyticsRuns = pgTable(
  'analytics_runs',
  {
    id: id(),
    kind: varchar('kind', { length: 40 }).notNull().default('customer_scores'),
    status: runStatusEnum('status').notNull().default('running'),
    asOf: ts('as_of').notNull(),
    startedAt: createdAt(),
    finishedAt: ts('finished_at'),
    triggeredBy: uuid('triggered_by').references(() => users.id, { onDelete: 'set null' }),
    inputs: jsonb('inputs').$type<Record<string, unknown>>(),
    parameters: jsonb('parameters').$type<Record<string, unknown>>(),
    metrics: jsonb('metrics').$type<Record<string, unknown>>(),
    error: text('error'),
  },
  (t) => [index('analytics_runs_kind_started_idx').on(t.kind, t.startedAt.desc())],
);

/** Per-customer results of one analytics run; dashboards read the latest succeeded run. */
export const customerScores = pgTable(
  'customer_scores',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => analyticsRuns.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    recencyDays: integer('recency_days'),
    frequency: integer('frequency').notNull(),
    monetary: money('monetary').notNull(),
    rScore: smallint('r_score'),
    fScore: smallint('f_score'),
    mScore: smallint('m_score'),
    rfmSegment: varchar('rfm_segment', { length: 40 }),
    valueClass: varchar('value_class', { length: 20 }),
    historicalClv: money('historical_clv'),
    predictedClv: money('predicted_clv'),
    pAlive: doublePrecision('p_alive'),
    expectedPurchases: doublePrecision('expected_purchases'),
    churnRisk: doublePrecision('churn_risk'),
    cluster: smallint('cluster'),
    weightedScore: numeric('weighted_score', { precision: 6, scale: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.customerId] }),
    index('customer_scores_segment_idx').on(t.runId, t.rfmSegment),
    index('customer_scores_cluster_idx').on(t.runId, t.cluster),
    index('customer_scores_customer_idx').on(t.customerId),
  ],
);
