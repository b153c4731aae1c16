import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  json,
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
import { runStatusEnum } from './enums';
import { products } from './sales';
import { users } from './users';

// The analytics snapshot (lib/analytics/refresh.ts writes it, dashboards and lists read it).
//
// A refresh writes one `analytics_runs` row, one `customer_scores` row per scored customer and the
// small per-run aggregate tables below, all in one transaction, and in that same transaction points
// `analytics_current` at the new run. Readers take the run id from `analytics_current` (never "the
// newest run": a running or failed run is never current), so they always see the last complete
// snapshot. Runs older than the last three are pruned with their rows.
//
// What lives where:
//   analytics_runs.inputs      settings used (AnalyticsRunInputs)
//   analytics_runs.parameters  fitted models with standard errors and log-likelihoods (AnalyticsRunParameters)
//   analytics_runs.metrics     quality checks and small whole-population aggregates (AnalyticsRunMetrics):
//                              holdout check per frequency group and cumulative curve, silhouette per k,
//                              churn-model AUC, RFM breaks and segment counts, the unfiltered cohort matrix
//   customer_scores            per customer; `active_months` makes a filtered or rep-only cohort matrix a
//                              GROUP BY over the viewer's scored customers (no scan of orders):
//                                select date_trunc('month', first_order_on) cohort, m, count(*)
//                                from customer_scores cross join unnest(active_months) m … group by 1, 2
//   analytics_runs.timings     milliseconds per step (load, summary, fits, write, …)
//   analytics_clusters         one row per k-means cluster of the run (size, centroid, words, raw means)
//   analytics_basket_rules     product pairs bought together (support, confidence, lift)

/** What a run was started by. */
export const ANALYTICS_TRIGGERS = ['manual', 'schedule', 'start', 'cli', 'seed', 'import'] as const;
export type AnalyticsTrigger = (typeof ANALYTICS_TRIGGERS)[number];

/** The settings a run used (copied from company settings when it started). */
export type AnalyticsRunInputs = {
  /** The day the models count to ('YYYY-MM-DD' in the company time zone); as_of is the instant the run read the data. */
  asOf: string;
  margin: number;
  /** Derived from the annual rate in settings: (1 + annual)^(1/12) − 1. */
  monthlyDiscountRate: number;
  horizonMonths: number;
  unit: 'day' | 'week';
  /** Months of order history read (null: all of it). */
  windowMonths: number | null;
  acquisitionCost: number;
  /** Calibration end of the holdout check ('YYYY-MM-DD'), null when the history is too short. */
  holdoutFrom: string | null;
  seed: number;
  /** Basket rules read the most recent orders only (see lib/analytics/load.ts). */
  basketOrders: number;
};

export type ParameterEstimate = { value: number; se: number | null };
export type FitStatusJson = { state: 'fitted' | 'limit' | 'failed'; message?: string };

export type AnalyticsRunParameters = {
  bgNbd: {
    status: FitStatusJson;
    r: ParameterEstimate;
    alpha: ParameterEstimate;
    a: ParameterEstimate;
    b: ParameterEstimate;
    logLikelihood: number;
    customers: number;
    iterations: number;
  };
  gammaGamma: {
    status: FitStatusJson;
    p?: ParameterEstimate;
    q?: ParameterEstimate;
    gamma?: ParameterEstimate;
    logLikelihood?: number;
    customers?: number;
    spendFrequencyCorrelation?: number;
  };
  textbook: { retention: number; retentionSource: string; annualDiscountRate: number; years: number };
  churn: {
    status: FitStatusJson;
    features?: string[];
    /** Per standard deviation of each feature. */
    coefficients?: number[];
    intercept?: number;
    windowDays?: number;
  };
  kmeans: { k: number; silhouette: number; features: string[] };
};

export type AnalyticsRunMetrics = {
  customers: number;
  returns: { rows: number; amount: number; customersWithoutPurchase: number };
  rfm: {
    breaks: { recency: number[]; frequency: number[]; monetary: number[] };
    segments: Record<string, number>;
    valueMatrixMeans: { r: number; f: number; m: number };
  };
  clvTotal: number | null;
  /** Silhouette and inertia for every k tried. */
  kmeansCandidates: { k: number; inertia: number; silhouette: number }[];
  /** BG/NBD fitted on (…, calibrationEnd] and checked against (calibrationEnd, asOf]. */
  holdout: {
    calibrationEnd: string;
    status: FitStatusJson;
    params?: { r: number; alpha: number; a: number; b: number };
    customers: number;
    actualTotal?: number;
    predictedTotal?: number;
    mae?: number;
    /** Mean repeat purchases in the holdout per calibration frequency x = 0 … 6, '7+'. */
    byFrequency?: { x: string; customers: number; actualMean: number; predictedMean: number }[];
    /** Cumulative repeat purchases over calendar time (weekly points), actual vs model. */
    cumulative?: { day: string; actual: number; predicted: number }[];
  } | null;
  churn: { testAuc: number; trainChurnRate: number; testChurnRate: number } | null;
  /** All customers' monthly cohorts ('YYYY-MM', size, active per month since acquisition). */
  cohorts: { cohort: string; size: number; active: number[] }[];
  basket: { orders: number; rules: number };
};

/** One refresh of the analytics snapshot: inputs, fitted parameters, quality metrics, progress. */
export const analyticsRuns = pgTable(
  'analytics_runs',
  {
    id: id(),
    kind: varchar('kind', { length: 40 }).notNull().default('customer_scores'),
    status: runStatusEnum('status').notNull().default('running'),
    /** The step running now (progress while status = 'running'), or the step that failed. */
    step: varchar('step', { length: 40 }),
    trigger: varchar('trigger', { length: 20 }).$type<AnalyticsTrigger>().notNull().default('manual'),
    asOf: ts('as_of').notNull(),
    startedAt: createdAt(),
    finishedAt: ts('finished_at'),
    triggeredBy: uuid('triggered_by').references(() => users.id, { onDelete: 'set null' }),
    inputs: jsonb('inputs').$type<AnalyticsRunInputs>(),
    parameters: jsonb('parameters').$type<AnalyticsRunParameters>(),
    metrics: jsonb('metrics').$type<AnalyticsRunMetrics>(),
    timings: jsonb('timings').$type<Record<string, number>>(),
    /** Orders read (after the live-customer and status filters) and customers scored. */
    orderCount: integer('order_count'),
    customerCount: integer('customer_count'),
    error: text('error'),
  },
  (t) => [
    index('analytics_runs_kind_started_idx').on(t.kind, t.startedAt),
    check('analytics_runs_trigger_ck', sql`${t.trigger} in ('manual', 'schedule', 'start', 'cli', 'seed', 'import')`),
  ],
);

/**
 * The run readers use, per kind: set in the transaction that writes a run's rows, so it only ever
 * names a complete (succeeded) run. `previous_run_id` is the run it replaced (kept for comparisons
 * such as "P(alive) fell since the last refresh").
 */
export const analyticsCurrent = pgTable('analytics_current', {
  kind: varchar('kind', { length: 40 }).primaryKey(),
  runId: uuid('run_id')
    .notNull()
    .references(() => analyticsRuns.id, { onDelete: 'restrict' }),
  previousRunId: uuid('previous_run_id').references(() => analyticsRuns.id, { onDelete: 'set null' }),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Top reasons behind a churn-risk score: feature and its push on the log-odds (largest first). */
export type ChurnReason = { feature: string; contribution: number };

/**
 * Per-customer results of one analytics run (customers with at least one purchase on or before
 * the run's as-of date). Money is numeric(14,2); model outputs that are not money are doubles.
 *
 * Written 100k rows at a time, so it carries only its primary key: foreign keys and secondary
 * indexes tripled the time of a refresh's write (COPY of 87k rows: ~1 s bare, ~4 s with two FK
 * checks per row and six indexes). Readers go through the primary key (run_id first) and join
 * customers, which also hides a customer deleted since the run; pruning deletes a run's rows
 * explicitly, and a merge deletes the merged-away customer's (lib/customers/duplicates/merge.ts).
 */
export const customerScores = pgTable(
  'customer_scores',
  {
    runId: uuid('run_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    firstOrderOn: date('first_order_on'),
    lastOrderOn: date('last_order_on'),
    /** Days from the last purchase to the run's as-of date (R). */
    recencyDays: integer('recency_days'),
    /** Orders (rows with a positive amount) in the window (F). */
    frequency: integer('frequency').notNull(),
    /** Spend net of returns in the window (M). */
    monetary: money('monetary').notNull(),
    /** Distinct purchase days (BTYD x + 1). */
    purchaseDays: integer('purchase_days'),
    rScore: smallint('r_score'),
    fScore: smallint('f_score'),
    mScore: smallint('m_score'),
    /** rfm package segment name (Champions … Lost, or Others). */
    rfmSegment: varchar('rfm_segment', { length: 40 }),
    /** Value-matrix class key (VALUE_CLASS_LIST in analytics/rfm-segments.ts, e.g. 'important-value'). */
    valueClass: varchar('value_class', { length: 20 }),
    /** αR + βF + γM over the 1–5 scores. */
    weightedScore: numeric('weighted_score', { precision: 6, scale: 3 }),
    historicalClv: money('historical_clv'),
    /** Spend net of returns in the 365 days up to the as-of date (within the history window). */
    revenue12m: money('revenue_12m'),
    /** Textbook CLV over the horizon in yearly periods, minus acquisition cost. */
    textbookClv: money('textbook_clv'),
    /** BG/NBD × Gamma-Gamma CLV over the horizon (null when a model could not be fitted). */
    predictedClv: money('predicted_clv'),
    /** Quintile of predicted CLV among scored customers, 1 (lowest) … 5 (highest). */
    clvBand: smallint('clv_band'),
    /** Gamma-Gamma expected value of one future purchase. */
    expectedValue: money('expected_value'),
    pAlive: doublePrecision('p_alive'),
    /** Expected purchases over the horizon (settings), then over 30, 90 and 365 days. */
    expectedPurchases: doublePrecision('expected_purchases'),
    expectedPurchases30: doublePrecision('expected_purchases_30'),
    expectedPurchases90: doublePrecision('expected_purchases_90'),
    expectedPurchases365: doublePrecision('expected_purchases_365'),
    /** Probability of no purchase in the churn window (logistic model), with its top three reasons. */
    churnRisk: doublePrecision('churn_risk'),
    // json, not jsonb: the reasons are written once and read whole, never queried inside, and
    // turning their text into jsonb was a fifth of the server's time loading a run's rows.
    churnReasons: json('churn_reasons').$type<ChurnReason[]>(),
    cluster: smallint('cluster'),
    /**
     * Months since the first order's month in which the customer bought (0 = the first month), for
     * cohort retention: the customer is in cohort date_trunc('month', first_order_on).
     */
    activeMonths: smallint('active_months').array(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.customerId] }),
    // The customer list sorted by predicted CLV, highest first (the usual "best customers"): a sort of
    // a run's 87k rows per page view (~120 ms) became a walk of 50 index entries (<1 ms). Its order is
    // the list's exactly (highest first, customers without a prediction last, then id). Costs the
    // refresh's write ~0.3 s per 87k rows; the other sorts stay on the sort.
    index('customer_scores_clv_idx').on(t.runId, sql`${t.predictedClv} desc nulls last`, sql`${t.customerId} desc`),
  ],
);

/** K-means clusters of a run: size, standardised centroid, description in words, raw means. */
export const analyticsClusters = pgTable(
  'analytics_clusters',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => analyticsRuns.id, { onDelete: 'cascade' }),
    cluster: smallint('cluster').notNull(),
    size: integer('size').notNull(),
    /** In standardised log-feature space, in the order of parameters.kmeans.features. */
    centroid: jsonb('centroid').$type<number[]>().notNull(),
    /** English words from the centroid, e.g. "recent, frequent, high spend" (analytics describeCentroid). */
    label: text('label').notNull(),
    meanRecencyDays: doublePrecision('mean_recency_days').notNull(),
    meanFrequency: doublePrecision('mean_frequency').notNull(),
    meanMonetary: money('mean_monetary').notNull(),
    meanPredictedClv: money('mean_predicted_clv'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.cluster] })],
);

/** "Bought together" rules over product pairs of recent orders: antecedent → consequent. */
export const analyticsBasketRules = pgTable(
  'analytics_basket_rules',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => analyticsRuns.id, { onDelete: 'cascade' }),
    antecedentId: uuid('antecedent_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    consequentId: uuid('consequent_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    support: doublePrecision('support').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    lift: doublePrecision('lift').notNull(),
    /** Orders containing both. */
    orders: integer('orders').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.antecedentId, t.consequentId] }),
    index('analytics_basket_rules_lift_idx').on(t.runId, t.antecedentId, t.lift),
  ],
);
