import 'server-only';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { analyticsCurrent, analyticsRuns } from '@/db/schema';
import type { Db, Tx } from '@/db/types';
import { can, type Viewer } from '@/lib/auth/permissions';
import { SCORES_KIND } from './refresh';
import { seesAllAnalytics } from './scope';

// How readers find the snapshot: analytics_current names the last complete run (the refresh sets
// it in the transaction that writes the run's rows). Never "the newest run": that may be running
// or have failed.

/** The current run's id as a scalar subquery, to put in a query: `where ${customerScores.runId} = ${currentRunId}`. */
export const currentRunId: SQL = sql`(select ${analyticsCurrent.runId} from ${analyticsCurrent} where ${analyticsCurrent.kind} = ${SCORES_KIND})`;

/** The current run's id, or null before the first complete run. */
export async function readCurrentRunId(executor: Db | Tx): Promise<string | null> {
  const [r] = await rows<{ id: string | null }>(executor, sql`select ${currentRunId} as id`);
  return r?.id ?? null;
}

export type RunSummary = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  step: string | null;
  trigger: string;
  asOf: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  customers: number | null;
  orders: number | null;
  error: string | null;
};

const summary = {
  id: analyticsRuns.id,
  status: analyticsRuns.status,
  step: analyticsRuns.step,
  trigger: analyticsRuns.trigger,
  asOf: sql<string | null>`${analyticsRuns.inputs}->>'asOf'`,
  startedAt: analyticsRuns.startedAt,
  finishedAt: analyticsRuns.finishedAt,
  customers: analyticsRuns.customerCount,
  orders: analyticsRuns.orderCount,
  error: analyticsRuns.error,
};

export type AnalyticsStatus = {
  /** The snapshot pages show (null before the first complete run). */
  current: RunSummary | null;
  /** The newest run when it is not the current one: running (with its step) or failed (with its error). */
  latest: RunSummary | null;
  canRefresh: boolean;
};

/**
 * The state of the analytics snapshot, for the "Refresh now" control and its progress: what is
 * shown, and what is running or failed since. Null for roles without customer analytics.
 */
export async function getAnalyticsStatus(viewer: Viewer): Promise<AnalyticsStatus | null> {
  if (!can(viewer, 'analytics:read')) return null;
  const [current] = await db.select(summary).from(analyticsRuns).where(sql`${analyticsRuns.id} = ${currentRunId}`);
  const [latest] = await db
    .select(summary)
    .from(analyticsRuns)
    .where(and(eq(analyticsRuns.kind, SCORES_KIND)))
    .orderBy(desc(analyticsRuns.startedAt))
    .limit(1);
  // How many customers and orders a run covered is the whole company's: only for those who see
  // all customers' analytics (a rep sees the date of the numbers, not the company's size).
  const sized = (run: RunSummary | undefined): RunSummary | null =>
    !run ? null : seesAllAnalytics(viewer) ? run : { ...run, customers: null, orders: null };
  return {
    current: sized(current),
    latest: latest && latest.id !== current?.id ? sized(latest) : null,
    // A rep's and marketer's errors are the same as a manager's: the run row holds no customer data.
    canRefresh: can(viewer, 'analytics:refresh'),
  };
}
