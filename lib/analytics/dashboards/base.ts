import 'server-only';
import { eq, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import {
  type AnalyticsRunInputs,
  type AnalyticsRunMetrics,
  type AnalyticsRunParameters,
  analyticsClusters,
  analyticsCurrent,
  analyticsRuns,
  customerScores,
  customers,
} from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { deletedCustomer } from '@/lib/customers/visibility';
import type { AnalyticsFilter } from '../filters';
import { SCORES_KIND } from '../refresh';
import { currentRunId } from '../runs';
import { isWholeScope, scopeWhere } from '../scope';

/** The snapshot a dashboard reads: the current (last complete) run. */
export type CurrentRun = {
  id: string;
  /** The run the current one replaced (for "P(alive) fell since the last refresh"). */
  previousId: string | null;
  /** 'YYYY-MM-DD'. */
  asOf: string;
  finishedAt: Date | null;
  customerCount: number;
  inputs: AnalyticsRunInputs;
  parameters: AnalyticsRunParameters;
  metrics: AnalyticsRunMetrics;
};

/** The current run with its settings, fitted parameters and metrics; null before the first complete run. */
export async function getCurrentRun(): Promise<CurrentRun | null> {
  const [row] = await db
    .select({
      id: analyticsRuns.id,
      previousId: analyticsCurrent.previousRunId,
      finishedAt: analyticsRuns.finishedAt,
      customerCount: analyticsRuns.customerCount,
      inputs: analyticsRuns.inputs,
      parameters: analyticsRuns.parameters,
      metrics: analyticsRuns.metrics,
    })
    .from(analyticsCurrent)
    .innerJoin(analyticsRuns, eq(analyticsRuns.id, analyticsCurrent.runId))
    .where(eq(analyticsCurrent.kind, SCORES_KIND))
    .limit(1);
  if (!row?.inputs || !row.parameters || !row.metrics) return null;
  return {
    id: row.id,
    previousId: row.previousId,
    asOf: row.inputs.asOf,
    finishedAt: row.finishedAt,
    customerCount: row.customerCount ?? 0,
    inputs: row.inputs,
    parameters: row.parameters,
    metrics: row.metrics,
  };
}

/**
 * FROM … WHERE of a dashboard aggregate: the run's scores of the customers in scope (visible to
 * the viewer, narrowed by the filters, live now). Select from `customer_scores` columns.
 */
export function scoredCustomers(viewer: Viewer, filter: AnalyticsFilter, runId: string): SQL {
  return sql`from ${customerScores} join ${customers} on ${customers.id} = ${customerScores.customerId}
    where ${customerScores.runId} = ${runId} and ${scopeWhere(viewer, filter)}`;
}

// Whole-company numbers (a manager's, admin's or marketer's view without filters) are the same for
// every such viewer of a run, so each is computed once per run and process and kept in memory.
// Runs change a few times a day; entries of older runs are dropped when a newer run is read. They
// count live customers only, so a customer deleted, restored or merged away since they were
// computed must change them at once: the key also holds a mark of the set of deleted customers,
// read from the database on each request (any app server sees every other's deletions).
type Global = { __lodestarDashboardCache?: { key: string; entries: Map<string, Promise<unknown>> } };
const g = globalThis as Global;

/**
 * Which customers are deleted, in a few bytes: how many, and the newest deletion. Deleting one sets
 * a newer deleted_at (so the newest changes); restoring one lowers the count; a delete undone
 * returns to the same set and the same mark. Reads the few deleted rows by the partial index
 * customers_deleted_idx.
 */
export async function deletedCustomersMark(): Promise<string> {
  const [r] = await rows<{ n: number; at: string | null }>(
    db,
    sql`select count(*)::int as n, max(${customers.deletedAt})::text as at from ${customers}
        where ${deletedCustomer()}`,
  );
  return `${r?.n ?? 0}/${r?.at ?? ''}`;
}

/**
 * `compute()` for this viewer and filter, shared across requests when the scope is the whole
 * company (then keyed by run, the deleted customers' mark and `key`); computed per request
 * otherwise (a rep, a filter).
 */
export async function perRun<T>(
  viewer: Viewer,
  filter: AnalyticsFilter,
  runId: string,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  if (!isWholeScope(viewer, filter)) return compute();
  const generation = `${runId}|${await deletedCustomersMark()}`;
  if (g.__lodestarDashboardCache?.key !== generation)
    g.__lodestarDashboardCache = { key: generation, entries: new Map() };
  const entries = g.__lodestarDashboardCache.entries;
  let hit = entries.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = compute();
    entries.set(key, hit);
    // A failure is not kept: the next request tries again.
    hit.catch(() => entries.delete(key));
  }
  return hit;
}

/**
 * ORDER BY of a sample of scored customers: customer ids are random uuids, so the first N in id
 * order are a random sample. For every customer the primary key's order serves it without reading
 * the rest; for a narrower scope (a rep's customers) an index walk in id order would visit most of
 * the run to find the scope's rows, so the scope's rows are sorted instead (same order as text).
 */
export function sampleOrder(viewer: Viewer, filter: AnalyticsFilter): SQL {
  return isWholeScope(viewer, filter) ? sql`${customerScores.customerId}` : sql`${customerScores.customerId}::text`;
}

/**
 * ORDER BY "most valuable first" for a dashboard's list of customers that passed its filters (a
 * scope, at-risk or valuable conditions). `+ 0` keeps the planner off customer_scores_clv_idx, the
 * customer list's index of every scored customer in that order: walking it to find a rep's few
 * hundred customers among 87k (0.2–0.4 s) is slower than sorting the rows the filters leave.
 */
export const mostValuableFirst = sql`${customerScores.predictedClv} + 0 desc nulls last, ${customerScores.customerId}`;

/** numeric text → number (null stays null). */
export const num = (v: string | number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

/** The current run's number of clusters (0 before the first run), for the customer list's cluster filter. */
export async function currentClusterCount(): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(analyticsClusters)
    .where(sql`${analyticsClusters.runId} = ${currentRunId}`);
  return r?.n ?? 0;
}
