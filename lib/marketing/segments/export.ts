import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { customerScores, customers, users } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { CSV_BOM, csvRecord } from '@/lib/csv/write';
import { EXPORT_COLUMNS, EXPORT_HEADERS } from '@/lib/customers/export';
import { scoreJoin } from './compile';
import { getSegment, memberCondition } from './segments';

/**
 * A segment's members as CSV, in the customer export's columns (so it re-imports as is): UTF-8
 * with a BOM, cells neutralised against formula injection, read in keyset batches on the primary
 * key so 100k members never sit in memory. Audited (segment and row count) before the first row.
 */
export async function exportSegmentMembers(
  viewer: Viewer,
  segmentId: string,
  batchSize = 1000,
): Promise<{ name: string; rowCount: number; stream: ReadableStream<Uint8Array> } | 'forbidden' | 'notFound'> {
  if (!can(viewer, 'marketing:read')) return 'forbidden';
  const segment = await getSegment(viewer, segmentId);
  if (!segment) return 'notFound';
  const { join, where } = memberCondition(segment);
  const from = () => {
    const q = db.select(EXPORT_COLUMNS).from(customers).leftJoin(users, eq(users.id, customers.ownerId)).$dynamic();
    return join ? q.leftJoin(customerScores, scoreJoin()) : q;
  };
  const counted = db.select({ id: customers.id }).from(customers).$dynamic();
  const [{ rowCount }] = await db
    .select({ rowCount: sql<number>`count(*)::int` })
    .from((join ? counted.leftJoin(customerScores, scoreJoin()) : counted).where(where).as('m'));
  await audit(db, viewer, {
    action: 'export',
    entity: 'segment',
    entityId: segment.id,
    diff: { name: segment.name, kind: segment.kind, rows: rowCount },
  });

  const encoder = new TextEncoder();
  let lastId: string | null = null;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRecord(EXPORT_HEADERS)));
    },
    async pull(controller) {
      const batch = await from()
        .where(and(where, lastId ? sql`${customers.id} > ${lastId}::uuid` : undefined))
        .orderBy(asc(customers.id))
        .limit(batchSize);
      if (batch.length)
        controller.enqueue(
          encoder.encode(batch.map((row) => csvRecord(EXPORT_HEADERS.map((h) => row[h as keyof typeof row]))).join('')),
        );
      if (batch.length < batchSize) controller.close();
      else lastId = String(batch[batch.length - 1].id);
    },
  });
  return { name: segment.name, rowCount, stream };
}
