import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { type AnalyticsTrigger, analyticsCurrent } from '@/db/schema';
import type { JobDefinition } from '@/lib/jobs/queues';
import { refreshAnalytics, SCORES_KIND } from './refresh';

export const ANALYTICS_REFRESH_QUEUE = 'analytics-refresh';

/** Nightly at 02:30 (UTC) unless ANALYTICS_REFRESH_CRON says otherwise ('off' disables the schedule). */
export function analyticsRefreshCron(env = process.env): string | undefined {
  const value = env.ANALYTICS_REFRESH_CRON?.trim();
  if (value === 'off') return undefined;
  return value || '30 2 * * *';
}

export type RefreshJobData = { trigger?: AnalyticsTrigger; userId?: string | null };

/**
 * The refresh as a queued job: stately (at most one waiting, one running) and idempotent (a
 * redelivered job just refreshes again). A refresh already running elsewhere (the CLI) makes the
 * job a no-op rather than a failure to retry.
 */
export const analyticsRefreshJob: JobDefinition<RefreshJobData> = {
  name: ANALYTICS_REFRESH_QUEUE,
  policy: 'stately',
  expireInSeconds: 30 * 60,
  retryLimit: 0,
  handler: async (data) => {
    const result = await refreshAnalytics({ trigger: data.trigger ?? 'schedule', userId: data.userId ?? null });
    if (result.ok)
      console.log(
        `[analytics] refreshed: ${result.customers} customers, ${result.orders} orders in ${(result.ms / 1000).toFixed(1)} s`,
      );
    else if (result.reason === 'alreadyRunning') console.log('[analytics] refresh skipped: another one is running');
    else console.error(`[analytics] refresh failed: ${result.error}`);
  },
};

/** At start-up, refresh only when there is no snapshot yet (pages need one from the first view). */
export async function needsFirstRefresh(): Promise<boolean> {
  const found = await db.select().from(analyticsCurrent).where(eq(analyticsCurrent.kind, SCORES_KIND)).limit(1);
  return found.length === 0;
}
