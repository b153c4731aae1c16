import 'server-only';
import { getDatabase } from '@/db/client';
import type { Tx } from '@/db/types';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { enqueue, prepareQueue } from '@/lib/jobs/queues';
import { isRefreshLocked } from './lock';
import { analyticsRefreshJob } from './refresh-job';

/**
 * Queues a refresh for a person ("Refresh now"), with its audit row in the same transaction.
 * Refused while a refresh runs (whoever started it); a second request while one is only waiting
 * is absorbed by the stately queue and reported as queued.
 */
export async function requestAnalyticsRefresh(
  viewer: Viewer,
): Promise<Result<{ jobId: string | null }, 'forbidden' | 'alreadyRunning'>> {
  if (!can(viewer, 'analytics:refresh')) return { ok: false, reason: 'forbidden' };
  const handle = await getDatabase();
  if (await isRefreshLocked(handle)) return { ok: false, reason: 'alreadyRunning' };
  await prepareQueue(analyticsRefreshJob);
  return handle.db.transaction(async (tx) => {
    const jobId = await enqueue(analyticsRefreshJob, { trigger: 'manual', userId: viewer.userId }, { tx });
    await audit(tx, viewer, { action: 'refresh', entity: 'analytics', entityId: jobId ?? 'queued' });
    return { ok: true, jobId } as const;
  });
}

/** Call before a transaction that may ask for a refresh: queues are created outside transactions. */
export async function prepareRefreshQueue(): Promise<void> {
  await prepareQueue(analyticsRefreshJob);
}

/** Seconds a refresh waits after an order import: the chunks of one import then share one refresh. */
export const REFRESH_AFTER_IMPORT_SECONDS = 60;

/**
 * Inside a write that changed orders (an import chunk): asks for a refresh a minute after it
 * commits. The queue keeps one waiting job, so the chunks of an import, and imports close together,
 * share it; nothing is queued if the write rolls back.
 */
export async function refreshAfterOrderChanges(tx: Tx): Promise<void> {
  await enqueue(analyticsRefreshJob, { trigger: 'import' }, { tx, startAfterSeconds: REFRESH_AFTER_IMPORT_SECONDS });
}
