import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customers, deals, pipelineStages, users } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { CSV_BOM, csvRecord } from '@/lib/csv/write';
import type { Locale } from '@/lib/i18n/config';
import { stageLocale, stageNameSql } from '@/lib/sales/stages/names';
import type { DealFilter } from './deal-filters';
import { dealWhere } from './deals';

export const DEAL_EXPORT_HEADERS = [
  'id',
  'name',
  'customer',
  'stage',
  'status',
  'amount',
  'currency',
  'expected_close_date',
  'forecast_category',
  'owner_email',
  'owner_name',
  'lost_reason',
  'won_reason',
  'created_at',
] as const;

type ExportRow = Record<(typeof DEAL_EXPORT_HEADERS)[number], string | null>;

/**
 * The deals the list shows (the same WHERE, so the viewer's visibility) as a CSV stream, read in
 * keyset batches by id so 150k deals never sit in memory. Audited (filter and row count) before the
 * first row leaves; every cell neutralised against formula injection (csvRecord).
 */
export async function exportDeals(
  viewer: Viewer,
  filter: DealFilter,
  batchSize = 1000,
  locale?: Locale,
): Promise<{ rowCount: number; stream: ReadableStream<Uint8Array> } | 'forbidden'> {
  if (!can(viewer, 'deals:read')) return 'forbidden';
  const where = dealWhere(viewer, filter);
  const stageName = stageNameSql(pipelineStages, stageLocale(viewer, locale));
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${deals} ${filter.customer ? sql`join ${customers} on ${customers.id} = ${deals.customerId}` : sql``} where ${where}`,
  );
  const { page: _p, size: _s, ...described } = filter;
  await audit(db, viewer, { action: 'export', entity: 'deal', entityId: 'list', diff: { filter: described, rows: n } });
  const encoder = new TextEncoder();
  let lastId: string | null = null;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRecord(DEAL_EXPORT_HEADERS)));
    },
    async pull(controller) {
      const batch: ExportRow[] = await rows<ExportRow>(
        db,
        sql`select ${deals.id} as id, ${deals.name} as name, ${customers.name} as customer, ${stageName} as stage,
                   ${deals.status}::text as status, ${deals.amount}::text as amount, ${deals.currency} as currency,
                   ${deals.expectedCloseDate}::text as expected_close_date, ${deals.forecastCategory}::text as forecast_category,
                   ${users.email} as owner_email, ${users.name} as owner_name, ${deals.lostReason} as lost_reason,
                   ${deals.wonReason} as won_reason, to_char(${deals.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at
            from ${deals} join ${customers} on ${customers.id} = ${deals.customerId}
            join ${pipelineStages} on ${pipelineStages.id} = ${deals.stageId}
            left join ${users} on ${users.id} = ${deals.ownerId}
            where ${where} ${lastId ? sql`and ${deals.id} > ${lastId}::uuid` : sql``}
            order by ${deals.id} limit ${batchSize}`,
      );
      if (batch.length)
        controller.enqueue(encoder.encode(batch.map((r) => csvRecord(DEAL_EXPORT_HEADERS.map((h) => r[h]))).join('')));
      if (batch.length < batchSize) controller.close();
      else lastId = batch[batch.length - 1].id;
    },
  });
  return { rowCount: n, stream };
}
