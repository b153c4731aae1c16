import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customerScores as cs } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { AnalyticsFilter } from '../filters';
import { type CohortRow, type MonthPoint, monthlySeries } from '../retention-series';
import { isWholeScope } from '../scope';
import { type CurrentRun, getCurrentRun, scoredCustomers } from './base';

export type RetentionDashboard = {
  run: CurrentRun;
  /** Acquisition cohorts, oldest first: size and customers who bought in each month since. */
  cohorts: CohortRow[];
  months: MonthPoint[];
  /** Customers counted (the cohorts' sizes summed). */
  customers: number;
};

/**
 * Monthly acquisition cohorts of the customers in scope, from customer_scores.active_months (the
 * months since acquisition with a purchase): a GROUP BY over the scores, no scan of orders. The
 * whole company's matrix is the one the run stored (metrics.cohorts), the same counting.
 */
export async function getRetentionDashboard(
  viewer: Viewer,
  filter: AnalyticsFilter,
): Promise<RetentionDashboard | { run: null } | null> {
  if (!can(viewer, 'analytics:read')) return null;
  const run = await getCurrentRun();
  if (!run) return { run: null };
  const cohorts = isWholeScope(viewer, filter)
    ? run.metrics.cohorts.map(({ cohort, size, active }) => ({ cohort, size, active }))
    : await scopedCohorts(viewer, filter, run);
  return { run, cohorts, months: monthlySeries(cohorts), customers: cohorts.reduce((s, c) => s + c.size, 0) };
}

async function scopedCohorts(viewer: Viewer, filter: AnalyticsFilter, run: CurrentRun): Promise<CohortRow[]> {
  const found = await rows<{ cohort: string; m: number; n: number }>(
    db,
    sql`select to_char(s.first_order_on, 'YYYY-MM') as cohort, m::int as m, count(*)::int as n
        from (select ${cs.firstOrderOn} as first_order_on, ${cs.activeMonths} as active_months
              ${scoredCustomers(viewer, filter, run.id)} and ${cs.firstOrderOn} is not null) as s
        cross join unnest(s.active_months) as m
        group by 1, 2 order by 1, 2`,
  );
  // Each cohort runs to the run's as-of month (as the stored matrix does).
  const asOfMonth = Number(run.asOf.slice(0, 4)) * 12 + Number(run.asOf.slice(5, 7)) - 1;
  const byCohort = new Map<string, CohortRow>();
  for (const r of found) {
    let c = byCohort.get(r.cohort);
    if (!c) {
      const start = Number(r.cohort.slice(0, 4)) * 12 + Number(r.cohort.slice(5, 7)) - 1;
      c = { cohort: r.cohort, size: 0, active: new Array<number>(Math.max(1, asOfMonth - start + 1)).fill(0) };
      byCohort.set(r.cohort, c);
    }
    if (r.m < c.active.length) c.active[r.m] = r.n;
    if (r.m === 0) c.size = r.n;
  }
  return [...byCohort.values()];
}
