import 'server-only';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { customerScores, customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import type { ScoreFilter, ScoreSort } from '@/lib/customers/filters';
import { ALIVE_BANDS, segmentName } from './labels';
import { currentRunId } from './runs';
import { analyticsVisible } from './scope';

// The customer list's analytics filters and sorts, on the current run's customer_scores. Every
// one is limited to the customers whose analytics the viewer may see (a rep: their own), so a
// filter never tells a rep anything about another rep's customers.

/** Conditions on customer_scores for the filters that are set (empty when none is). */
export function scoreConditions(f: Partial<ScoreFilter>): SQL[] {
  const cs = customerScores;
  const out: SQL[] = [];
  if (f.segment) out.push(eq(cs.rfmSegment, segmentName(f.segment)));
  if (f.valueClass) out.push(eq(cs.valueClass, f.valueClass));
  if (f.clvBand) out.push(eq(cs.clvBand, f.clvBand));
  if (f.clvMin !== undefined) out.push(sql`${cs.predictedClv} >= ${f.clvMin}`);
  if (f.clvMax !== undefined) out.push(sql`${cs.predictedClv} < ${f.clvMax}`);
  if (f.alive) {
    const [from, to] = ALIVE_BANDS[f.alive];
    out.push(sql`${cs.pAlive} >= ${from} and ${cs.pAlive} < ${to}`);
  }
  if (f.cluster !== undefined) out.push(eq(cs.cluster, f.cluster));
  if (f.r) out.push(eq(cs.rScore, f.r));
  if (f.f) out.push(eq(cs.fScore, f.f));
  if (f.cohort) {
    const start = `${f.cohort}-01`;
    out.push(
      sql`${cs.firstOrderOn} >= ${start}::date and ${cs.firstOrderOn} < (${start}::date + interval '1 month')::date`,
    );
  }
  if (f.active) out.push(sql`${cs.recencyDays} < 365`);
  return out;
}

/**
 * The customer (the outer query's `customers` row) has a score in the current run that the viewer
 * may see and that passes `conditions`.
 */
export function hasVisibleScore(viewer: Viewer, conditions: SQL[]): SQL {
  return sql`exists (select 1 from ${customerScores} where ${customerScores.runId} = ${currentRunId}
    and ${customerScores.customerId} = ${customers.id} and ${and(analyticsVisible(viewer), ...conditions)})`;
}

/** The join of the list to the current run's score of each row, when the viewer may see it. */
export function visibleScoreJoin(viewer: Viewer): SQL {
  return and(
    sql`${customerScores.runId} = ${currentRunId}`,
    eq(customerScores.customerId, customers.id),
    analyticsVisible(viewer),
  ) as SQL;
}

/** The list's analytics sorts: a column of customer_scores each (nulls last). */
export const SCORE_SORT_COLUMNS: Record<ScoreSort, SQL> = {
  clv: sql`${customerScores.predictedClv}`,
  alive: sql`${customerScores.pAlive}`,
  churn: sql`${customerScores.churnRisk}`,
  segment: sql`${customerScores.rfmSegment}`,
  valueClass: sql`${customerScores.valueClass}`,
  cluster: sql`${customerScores.cluster}`,
};
