import 'server-only';
import { rm } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { orderImports } from '@/db/schema';
import { auditMany } from '@/lib/audit/audit';
import type { JobDefinition } from '@/lib/jobs/queues';

/** An upload that has not moved for this long was abandoned (a closed tab nobody came back to). */
export const ABANDONED_UPLOAD_DAYS = 7;

/**
 * Cancels uploads untouched for ABANDONED_UPLOAD_DAYS and removes their files, which would
 * otherwise hold disk space (and their users' upload slots) for ever. A daily job; returns how many.
 */
export async function cancelAbandonedUploads(): Promise<number> {
  const gone = await db.transaction(async (tx) => {
    const rows = await tx
      .update(orderImports)
      .set({ status: 'cancelled', finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(orderImports.status, 'uploading'),
          sql`${orderImports.updatedAt} < now() - make_interval(days => ${ABANDONED_UPLOAD_DAYS})`,
        ),
      )
      .returning({ id: orderImports.id, filePath: orderImports.filePath, source: orderImports.source });
    if (rows.length)
      await auditMany(
        tx,
        null,
        rows.map((r) => ({ action: 'cancel', entity: 'order_import', entityId: r.id, diff: { abandoned: true } })),
      );
    return rows;
  });
  for (const r of gone) if (r.source === 'upload') await rm(r.filePath, { force: true });
  return gone.length;
}

/** Daily: uploads nobody continued for a week are cancelled and their files removed. */
export const abandonedUploadsJob: JobDefinition<object> = {
  name: 'order-import-abandoned-uploads',
  policy: 'stately',
  expireInSeconds: 15 * 60,
  handler: async () => {
    const n = await cancelAbandonedUploads();
    if (n > 0) console.log(`[order import] cancelled ${n} abandoned upload(s)`);
  },
};
