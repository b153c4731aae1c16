import 'server-only';
import { eq, like, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { dashboardSnapshots } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import type { Locale } from '@/lib/i18n/config';
import { enqueue, type JobDefinition } from '@/lib/jobs/queues';
import { getSalesDashboard } from '@/lib/sales/dashboard';
import { getServiceDashboard } from '@/lib/service/dashboard';

// Team dashboards as snapshots. The service and sales dashboards of everyone aggregate every case
// or deal of their window (0.3–0.6 s at 200k cases and 90k deals on two cores), and the answer is
// the same for every manager and admin. So a job computes them (the default views every 5 minutes,
// any other view when it is asked for) into dashboard_snapshots, and a page view reads one row:
// - younger than FRESH_MS: shown as it is;
// - older, but younger than STALE_MS: shown, and the job recomputes it for the next view;
// - missing or older: computed in the request (and stored).
// The page shows when its numbers were computed, with a button that recomputes them at once. A
// person's own dashboard (a rep's, an agent's) is computed live: it is small and fast.

export const FRESH_MS = 5 * 60_000;
export const STALE_MS = 60 * 60_000;

// Only the whole team's views are kept (a few keys in all); one person's view (a manager's pick of
// an agent or a rep) is as small as that person's own dashboard and is computed live.
export type ServiceSnapshotParams = { kind: 'service'; days: 30 | 90; by: 'week' | 'month' };
export type SalesSnapshotParams = { kind: 'sales'; months: 3 | 6 | 12 | 24; locale: Locale };
export type SnapshotParams = ServiceSnapshotParams | SalesSnapshotParams;

/** The key of a view: the dashboard and its filters, each part fixed in order. */
export function snapshotKey(p: SnapshotParams): string {
  return p.kind === 'service' ? `service|${p.days}|${p.by}` : `sales|${p.months}|${p.locale}`;
}

/**
 * Whom a snapshot is computed as: a manager without a user of their own. A team dashboard's figures
 * depend on the role only (managers and admins see every case and deal); filters come with the params.
 */
export const TEAM_VIEWER: Viewer = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: 'manager',
  name: '',
  email: '',
  locale: null,
};

/** Computes the view's figures with the dashboards' own functions. */
function compute(p: SnapshotParams): Promise<unknown> {
  return p.kind === 'service'
    ? getServiceDashboard(TEAM_VIEWER, { days: p.days, by: p.by })
    : getSalesDashboard(TEAM_VIEWER, { months: p.months }, p.locale);
}

/** Computes a view and stores it (replacing the older snapshot); returns what it stored. */
export async function refreshSnapshot<T>(p: SnapshotParams): Promise<{ value: T; computedAt: Date }> {
  const value = (await compute(p)) as T;
  const computedAt = new Date();
  await db
    .insert(dashboardSnapshots)
    .values({ key: snapshotKey(p), payload: value as object, computedAt })
    .onConflictDoUpdate({
      target: dashboardSnapshots.key,
      set: { payload: value as object, computedAt },
      // Two computations racing: the later one's numbers stay.
      setWhere: sql`${dashboardSnapshots.computedAt} < excluded.computed_at`,
    });
  return { value, computedAt };
}

/** The view's figures from its snapshot (see the top of the file for when it is recomputed). */
export async function readSnapshot<T>(p: SnapshotParams): Promise<{ value: T; computedAt: Date }> {
  const key = snapshotKey(p);
  const [row] = await db
    .select({ payload: dashboardSnapshots.payload, computedAt: dashboardSnapshots.computedAt })
    .from(dashboardSnapshots)
    .where(eq(dashboardSnapshots.key, key))
    .limit(1);
  const age = row ? Date.now() - row.computedAt.getTime() : Number.POSITIVE_INFINITY;
  if (row && age < STALE_MS) {
    if (age >= FRESH_MS) {
      // One waiting job per view, however many people look at it meanwhile.
      await enqueue(dashboardSnapshotJob, p, { tx: null, singletonKey: key }).catch((error) =>
        console.error('[dashboards] could not ask for a new snapshot:', (error as Error).message),
      );
    }
    return { value: row.payload as T, computedAt: row.computedAt };
  }
  return refreshSnapshot<T>(p);
}

/** Drops the snapshots of one dashboard ("Recompute now"): the next view computes its figures. */
export async function dropSnapshots(kind: SnapshotParams['kind']): Promise<void> {
  await db.delete(dashboardSnapshots).where(like(dashboardSnapshots.key, `${kind}|%`));
}

/** Recomputes one view (asked for by a page view that found its snapshot old). */
export const dashboardSnapshotJob: JobDefinition<SnapshotParams> = {
  name: 'dashboard-snapshot',
  policy: 'standard',
  expireInSeconds: 5 * 60,
  retryLimit: 1,
  handler: async (params) => {
    await refreshSnapshot(params);
  },
};

/** The views managers open first: the service dashboard's and the sales dashboard's defaults, in each language. */
export const DEFAULT_VIEWS: SnapshotParams[] = [
  { kind: 'service', days: 30, by: 'week' },
  { kind: 'sales', months: 12, locale: 'en' },
  { kind: 'sales', months: 12, locale: 'zh-CN' },
];

/** Every 5 minutes: the default views recomputed, so the first manager of the morning does not wait. */
export const dashboardWarmJob: JobDefinition<object> = {
  name: 'dashboard-warm',
  policy: 'stately',
  expireInSeconds: 5 * 60,
  handler: async () => {
    for (const view of DEFAULT_VIEWS) await refreshSnapshot(view);
  },
};
