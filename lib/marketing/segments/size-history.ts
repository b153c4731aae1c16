import 'server-only';
import { and, gte, inArray, lte, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { segmentSizes } from '@/db/schema';

// A segment's size over time: a row each time it is computed (save, freeze) and one a day from the
// daily job (sizes.ts). The marketing dashboard charts them.

export type SizeSource = 'save' | 'freeze' | 'daily';

/** Records a size just computed (inside the transaction that computed it). */
export async function recordSegmentSize(
  executor: typeof db | Tx,
  segmentId: string,
  count: number,
  source: SizeSource,
) {
  await executor.insert(segmentSizes).values({ segmentId, memberCount: count, source });
}

export type SegmentSizePoint = { segmentId: string; day: string; memberCount: number };

/**
 * The last size of each day (UTC) of the given segments between two days, oldest first: a small
 * read (the history has a row per save and one a day).
 */
export async function segmentSizeSeries(segmentIds: string[], from: Date, to: Date): Promise<SegmentSizePoint[]> {
  if (segmentIds.length === 0) return [];
  const found = await db
    .selectDistinctOn([segmentSizes.segmentId, sql`(${segmentSizes.at} at time zone 'UTC')::date`], {
      segmentId: segmentSizes.segmentId,
      day: sql<string>`to_char((${segmentSizes.at} at time zone 'UTC')::date, 'YYYY-MM-DD')`,
      memberCount: segmentSizes.memberCount,
    })
    .from(segmentSizes)
    .where(and(inArray(segmentSizes.segmentId, segmentIds), gte(segmentSizes.at, from), lte(segmentSizes.at, to)))
    .orderBy(segmentSizes.segmentId, sql`(${segmentSizes.at} at time zone 'UTC')::date`, sql`${segmentSizes.at} desc`);
  return found.sort((a, b) => a.day.localeCompare(b.day) || a.segmentId.localeCompare(b.segmentId));
}
