import 'server-only';

/**
 * What follows a finished order import: the analytics snapshot should be refreshed so RFM, CLV and
 * churn include the new history.
 *
 * HOOK for the analytics refresh (issue 9, lib/analytics on branch `analytics`): when its
 * `analyticsRefreshJob` is registered in lib/jobs/workers.ts, enqueue it here —
 *   `await enqueue(analyticsRefreshJob, { trigger: 'import' }, { tx: null })`
 * — and return 'queued'. Until then the import's page offers "Refresh analytics" instead.
 */
export type AnalyticsAfterImport = 'queued' | 'notAvailable';

export async function afterOrderImportFinished(_importId: string): Promise<AnalyticsAfterImport> {
  return ANALYTICS_REFRESH_AFTER_IMPORT;
}

/** Whether finishing an import refreshes analytics itself (the page shows the offer when it does not). */
export const ANALYTICS_REFRESH_AFTER_IMPORT: AnalyticsAfterImport = 'notAvailable';
