import 'server-only';
import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { db } from '@/db/client';
import { customers, users } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { CSV_BOM, csvRecord } from '@/lib/csv/write';
import { customerOrder, customerWhere, SORTS } from '@/lib/customers/customers';
import { EXPORT_FIELDS } from '@/lib/customers/fields';
import {
  type CustomerFilter,
  CustomerFilterSchema,
  type CustomerSort,
  isScoreSort,
  withoutScores,
} from '@/lib/customers/filters';

export type ExportSelection = { filter: CustomerFilter; ids?: string[] };

/** The most customers one selection may name (the list's "select all matching" stops here). */
export const MAX_EXPORT_IDS = 1000;
/** A POSTed selection's body limit: 1,000 uuids, comma-separated and form-encoded, are about 39 kB. */
export const EXPORT_FORM_BYTES = 64 * 1024;

const IdsSchema = z.array(z.uuid()).min(1).max(MAX_EXPORT_IDS);

/**
 * A GET's search params (the list's filter and sort) → what to export. A selection of ids does
 * not fit in a URL (431 from about 420 ids), so it comes by POST; an `ids` param here is refused
 * (null, a 400) rather than silently exporting everything.
 */
export function parseExportParams(params: Record<string, string | undefined>): ExportSelection | null {
  if ('ids' in params) return null;
  return { filter: CustomerFilterSchema.parse(params) };
}

/**
 * A POSTed form (`ids=a,b,c`, or `ids` repeated) → the selected customers, in the list's default
 * order. Null for a missing, malformed or too long id list.
 */
export function parseExportForm(form: URLSearchParams): ExportSelection | null {
  const ids = [
    ...new Set(
      form
        .getAll('ids')
        .flatMap((v) => v.split(','))
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  const parsed = IdsSchema.safeParse(ids);
  return parsed.success ? { filter: CustomerFilterSchema.parse({}), ids: parsed.data } : null;
}

/**
 * The exported fields (lib/customers/fields.ts) under their column names, the owner as their email
 * and name. Header names are stable English keys, which the importer recognises, so an export
 * re-imports as is.
 */
export const EXPORT_COLUMNS: Record<string, AnyPgColumn> = Object.fromEntries(
  EXPORT_FIELDS.flatMap((field): [string, AnyPgColumn][] =>
    field === 'ownerId'
      ? [
          ['owner_email', users.email],
          ['owner_name', users.name],
        ]
      : field === 'emailConsent'
        ? // Consent with what withdraws it: a tool reading the file must not mail someone who
          // unsubscribed or whose address bounced (email_consent stays as given; the import never
          // reads these two back).
          [
            [customers.emailConsent.name, customers.emailConsent],
            [customers.unsubscribedAt.name, customers.unsubscribedAt],
            [customers.bouncedAt.name, customers.bouncedAt],
          ]
        : [[customers[field].name, customers[field]]],
  ),
);
export const EXPORT_HEADERS = Object.keys(EXPORT_COLUMNS);

/**
 * The next batch's condition in the list's order (`key <dir> nulls last, id <dir>`, from the
 * list's own SORTS), as two plain keyset phases: rows with a value, then rows where it is null.
 * Each phase is a row comparison on the same expressions the list orders by, which its index can
 * serve. The last row's key is recomputed in SQL from its id, so timestamps keep their microseconds
 * and lower(name) is compared as lower(name).
 */
type ListOrder = { sort: CustomerSort; dir: 'asc' | 'desc' };

function keyset(phase: 'values' | 'nulls', lastId: string | null, f: ListOrder): SQL {
  const { expr, nullable } = SORTS[f.sort];
  const cmp = sql.raw(f.dir === 'asc' ? '>' : '<');
  if (phase === 'nulls')
    return lastId ? sql`${expr} is null and ${customers.id} ${cmp} ${lastId}::uuid` : sql`${expr} is null`;
  const present = nullable ? sql`${expr} is not null` : sql`true`;
  if (!lastId) return present;
  // Not correlated: inside the subquery "customers" names the subquery's own row.
  const last = sql`(select ${expr} from ${customers} where ${customers.id} = ${lastId}::uuid)`;
  return sql`${present} and (${expr}, ${customers.id}) ${cmp} (${last}, ${lastId}::uuid)`;
}

/**
 * Exports the customers a list shows (same WHERE with the viewer's visibility, same order) as a
 * CSV stream: UTF-8 with a BOM, every cell neutralised against formula injection, read in keyset
 * batches so 100k rows never sit in memory. The export is audited (filter and row count) before
 * the first row leaves.
 */
export async function exportCustomers(
  viewer: Viewer,
  selection: ExportSelection,
  batchSize = 1000,
): Promise<{ rowCount: number; stream: ReadableStream<Uint8Array> } | 'forbidden'> {
  if (!can(viewer, 'customers:read')) return 'forbidden';
  const { ids } = selection;
  // Like the list: analytics filters count only for a viewer who has customer analytics.
  if (!can(viewer, 'analytics:read')) selection = { ...selection, filter: withoutScores(selection.filter) };
  // The export reads customers alone: a sort on an analytics score becomes the default order (the
  // score filters still apply, through customerWhere).
  const sort = selection.filter.sort;
  const order: ListOrder = isScoreSort(sort) ? { sort: 'createdAt', dir: 'desc' } : { sort, dir: selection.filter.dir };
  const where = ids
    ? (and(customerWhere(viewer, {}), inArray(customers.id, ids)) as SQL)
    : customerWhere(viewer, selection.filter);
  const [{ rowCount }] = await db.select({ rowCount: count() }).from(customers).where(where);
  const { page: _p, size: _s, ...described } = selection.filter;
  await audit(db, viewer, {
    action: 'export',
    entity: 'customer',
    entityId: 'list',
    diff: { ...(ids ? { ids: ids.length } : { filter: described }), rows: rowCount },
  });

  const encoder = new TextEncoder();
  let phase: 'values' | 'nulls' = 'values';
  let lastId: string | null = null;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRecord(EXPORT_HEADERS)));
    },
    async pull(controller) {
      // Repeat until something is sent or the stream ends: a pull that enqueues nothing is not
      // called again, so an empty batch at the end of the values phase would stall the download.
      for (;;) {
        const batch = await db
          .select(EXPORT_COLUMNS)
          .from(customers)
          .leftJoin(users, eq(users.id, customers.ownerId))
          .where(and(where, keyset(phase, lastId, order)))
          .orderBy(...customerOrder(order))
          .limit(batchSize);
        let done = false;
        if (batch.length === batchSize) lastId = String(batch[batch.length - 1].id);
        else if (phase === 'values' && SORTS[order.sort].nullable) {
          phase = 'nulls';
          lastId = null;
        } else done = true;
        if (batch.length)
          controller.enqueue(
            encoder.encode(
              batch.map((row) => csvRecord(EXPORT_HEADERS.map((h) => row[h as keyof typeof row]))).join(''),
            ),
          );
        if (done) controller.close();
        if (batch.length || done) return;
      }
    },
  });
  return { rowCount, stream };
}
