import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { customerScores, customers, segments } from '@/db/schema';
import type { JobDefinition } from '@/lib/jobs/queues';
import { scoreJoin } from './compile';
import { EMPTY_RULE, memberCondition, storedRule } from './segments';
import { recordSegmentSize } from './size-history';

// The daily job of segment sizes (size-history.ts keeps them): every segment counted once a day;
// a dynamic segment's member count is refreshed with it.

/** The segment's members now (live customers; a static segment's frozen ones, a dynamic one's rule). */
async function currentSize(segment: { id: string; kind: string; definition: unknown }): Promise<number> {
  const rule = storedRule(segment.definition);
  const condition = memberCondition({
    id: segment.id,
    kind: segment.kind,
    rule: rule ?? EMPTY_RULE,
    readable: rule !== null,
  });
  const base = db.select({ n: sql<number>`count(*)::int` }).from(customers).$dynamic();
  const [{ n }] = await (condition.join ? base.leftJoin(customerScores, scoreJoin()) : base).where(condition.where);
  return n;
}

/**
 * Every segment's size, recorded; a dynamic segment's member_count and last_computed_at follow it
 * (its version is left alone: someone editing it must not get a conflict from the job). A static
 * segment keeps its freeze time.
 */
export async function recordAllSegmentSizes(): Promise<number> {
  const all = await db
    .select({ id: segments.id, kind: segments.kind, definition: segments.definition })
    .from(segments)
    .orderBy(asc(segments.id));
  // One count at a time: each is a pass over the customers; together they would only compete.
  for (const segment of all) {
    const count = await currentSize(segment);
    await db.transaction(async (tx) => {
      if (segment.kind !== 'static')
        await tx
          .update(segments)
          .set({ memberCount: count, lastComputedAt: sql`now()` })
          .where(eq(segments.id, segment.id));
      await recordSegmentSize(tx, segment.id, count, 'daily');
    });
  }
  return all.length;
}

export const segmentSizesJob: JobDefinition<object> = {
  name: 'segment-sizes',
  policy: 'stately',
  expireInSeconds: 30 * 60,
  handler: async () => {
    await recordAllSegmentSizes();
  },
};
