import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { quotes } from '@/db/schema';
import { auditMany } from '@/lib/audit/audit';
import type { JobDefinition } from '@/lib/jobs/queues';

/**
 * Writes `expired` on sent quotes whose valid-until date has passed (pages already read them as
 * expired: lib/sales/quotes/quotes.ts effectiveStatus). Idempotent; returns how many changed.
 */
export async function expireQuotes(): Promise<number> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(quotes)
      .set({ status: 'expired', decidedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${quotes.version} + 1` })
      .where(and(eq(quotes.status, 'sent'), sql`${quotes.validUntil} < current_date`))
      .returning({ id: quotes.id });
    if (changed.length)
      await auditMany(
        tx,
        null,
        changed.map((q) => ({
          action: 'expire',
          entity: 'quote',
          entityId: q.id,
          diff: { status: ['sent', 'expired'] },
        })),
      );
    return changed.length;
  });
}

/** Daily, just after midnight UTC: yesterday's last valid quotes become expired. */
export const expireQuotesJob: JobDefinition<object> = {
  name: 'quotes-expire',
  policy: 'stately',
  expireInSeconds: 15 * 60,
  handler: async () => {
    const n = await expireQuotes();
    if (n > 0) console.log(`[quotes] expired ${n} quote(s)`);
  },
};
