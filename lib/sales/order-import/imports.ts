import 'server-only';
import { randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { orderImportRejections, orderImports, settings, users } from '@/db/schema';
import type { OrderImportSettings } from '@/db/schema/order-imports';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { enqueue, prepareQueue } from '@/lib/jobs/queues';
import { visibleOrderImports } from '@/lib/sales/visibility';
import { zeroCounts } from './chunk';
import type { Mapping } from './fields';
import { orderImportJob } from './job';
import type { ReportRow } from './report';
import type { CreateOrderImportInput } from './schemas';

/**
 * Order imports as the people who run them see them: create one (the browser then uploads the
 * file in parts; the CLI names a file on the server), finish the upload (which queues the job),
 * cancel, retry a failed one, follow its progress.
 */

/** Uploads a user may leave unfinished at once (each holds up to 200 MB of disk until finished or cancelled). */
export const MAX_OPEN_UPLOADS = 3;

/** Where uploaded files wait for their import. Several app servers need it on shared storage (a volume). */
export function importDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.IMPORT_DIR?.trim() || '.data/imports');
}

export type OrderImportView = {
  id: string;
  fileName: string;
  fileSize: number;
  bytesReceived: number;
  status: (typeof orderImports.$inferSelect)['status'];
  byteOffset: number;
  rowsDone: number;
  counts: (typeof orderImports.$inferSelect)['counts'];
  rowsPerSecond: number | null;
  bytesPerSecond: number | null;
  error: string | null;
  createdBy: string | null;
  createdByName: string | null;
  mine: boolean;
  preset: string | null;
  guestOrders: boolean;
  createCustomers: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

const viewColumns = {
  id: orderImports.id,
  fileName: orderImports.fileName,
  fileSize: orderImports.fileSize,
  bytesReceived: orderImports.bytesReceived,
  status: orderImports.status,
  byteOffset: orderImports.byteOffset,
  rowsDone: orderImports.rowsDone,
  counts: orderImports.counts,
  rowsPerSecond: orderImports.rowsPerSecond,
  bytesPerSecond: orderImports.bytesPerSecond,
  error: orderImports.error,
  createdBy: orderImports.createdBy,
  createdByName: users.name,
  settings: orderImports.settings,
  createdAt: orderImports.createdAt,
  startedAt: orderImports.startedAt,
  finishedAt: orderImports.finishedAt,
};

function toView(
  viewer: Viewer,
  row: { settings: OrderImportSettings } & Omit<OrderImportView, 'mine' | 'preset' | 'guestOrders' | 'createCustomers'>,
): OrderImportView {
  const { settings: s, ...rest } = row;
  return {
    ...rest,
    mine: row.createdBy === viewer.userId,
    preset: s.preset,
    guestOrders: s.guestOrders,
    createCustomers: s.createCustomers,
  };
}

/** One import the viewer may follow, or null (missing or not theirs). */
export async function getOrderImport(viewer: Viewer, id: string): Promise<OrderImportView | null> {
  const [row] = await db
    .select(viewColumns)
    .from(orderImports)
    .leftJoin(users, eq(users.id, orderImports.createdBy))
    .where(and(eq(orderImports.id, id), visibleOrderImports(viewer)));
  return row ? toView(viewer, row) : null;
}

export async function listOrderImports(viewer: Viewer, limit = 20): Promise<OrderImportView[]> {
  const found = await db
    .select(viewColumns)
    .from(orderImports)
    .leftJoin(users, eq(users.id, orderImports.createdBy))
    .where(visibleOrderImports(viewer))
    .orderBy(desc(orderImports.createdAt), desc(orderImports.id))
    .limit(limit);
  return found.map((r) => toView(viewer, r));
}

/**
 * Creates an import. From the browser (`file` absent): an empty file in IMPORT_DIR that the upload
 * fills; from the CLI: a file of the server's, queued at once. Guest orders are for those who see
 * every order (a rep imports only for customers of their own). Money without a currency is in the
 * company's.
 */
export async function createOrderImport(
  viewer: Viewer,
  input: CreateOrderImportInput,
  /** A file of the server's; `queue: false` when the caller runs the import itself (the CLI). */
  file?: { path: string; queue: boolean },
): Promise<Result<{ id: string }, 'forbidden' | 'tooManyUploads'>> {
  if (!can(viewer, 'orders:import')) return { ok: false, reason: 'forbidden' };
  if (input.options.guestOrders && !can(viewer, 'customers:reassign')) return { ok: false, reason: 'forbidden' };
  // Each unfinished upload may grow to 200 MB on the server's disk: a few per user at a time.
  if (!file) {
    const [open] = await db
      .select({ n: count() })
      .from(orderImports)
      .where(and(eq(orderImports.createdBy, viewer.userId), eq(orderImports.status, 'uploading')));
    if ((open?.n ?? 0) >= MAX_OPEN_UPLOADS) return { ok: false, reason: 'tooManyUploads' };
  }
  const id = randomUUID();
  const filePath = file ? path.resolve(file.path) : path.join(importDir(), `${id}.csv`);
  if (!file) {
    await mkdir(importDir(), { recursive: true });
    await (await open(filePath, 'w')).close();
  }
  if (file?.queue) await prepareQueue(orderImportJob);
  const [company] = await db.select({ currency: settings.currency }).from(settings).limit(1);
  const stored: OrderImportSettings = { ...input.options, currency: company?.currency ?? 'USD' };
  await db.transaction(async (tx) => {
    await tx.insert(orderImports).values({
      id,
      createdBy: viewer.userId,
      source: file ? 'cli' : 'upload',
      fileName: input.fileName,
      filePath,
      fileSize: input.fileSize,
      bytesReceived: file ? input.fileSize : 0,
      encoding: input.encoding,
      delimiter: input.delimiter,
      headers: input.headers,
      settings: stored,
      status: file ? 'queued' : 'uploading',
      counts: zeroCounts(),
    });
    await audit(tx, viewer, {
      action: 'create',
      entity: 'order_import',
      entityId: id,
      diff: { fileName: input.fileName, fileSize: input.fileSize, source: file ? 'cli' : 'upload', settings: stored },
    });
    if (file?.queue) await enqueue(orderImportJob, { importId: id }, { tx });
  });
  return { ok: true, id };
}

/**
 * Writes one part of an upload at `offset`, which must be where the file stands (a part sent
 * twice, or out of order, is refused with the current size so the browser resumes from there).
 */
export async function appendUpload(
  viewer: Viewer,
  id: string,
  offset: number,
  bytes: Uint8Array,
): Promise<Result<{ received: number }, 'notFound' | 'stale' | 'invalid'> & { received?: number }> {
  const [job] = await db
    .select({ filePath: orderImports.filePath, fileSize: orderImports.fileSize, received: orderImports.bytesReceived })
    .from(orderImports)
    .where(
      and(eq(orderImports.id, id), eq(orderImports.createdBy, viewer.userId), eq(orderImports.status, 'uploading')),
    );
  if (!job || !can(viewer, 'orders:import')) return { ok: false, reason: 'notFound' };
  if (offset !== job.received) return { ok: false, reason: 'stale', received: job.received };
  if (bytes.byteLength === 0 || offset + bytes.byteLength > job.fileSize) return { ok: false, reason: 'invalid' };
  const handle = await open(job.filePath, 'r+');
  try {
    await handle.write(bytes, 0, bytes.byteLength, offset);
  } finally {
    await handle.close();
  }
  // Conditional on the size read above: two tabs uploading the same import cannot both advance it.
  const [saved] = await db
    .update(orderImports)
    .set({ bytesReceived: offset + bytes.byteLength, updatedAt: sql`now()` })
    .where(and(eq(orderImports.id, id), eq(orderImports.bytesReceived, offset), eq(orderImports.status, 'uploading')))
    .returning({ received: orderImports.bytesReceived });
  if (!saved) return { ok: false, reason: 'stale', received: job.received };
  return { ok: true, received: saved.received };
}

/** The whole file is there: the import is queued (the job is written in the same transaction). */
export async function completeUpload(viewer: Viewer, id: string): Promise<Result<object, 'notFound' | 'invalid'>> {
  await prepareQueue(orderImportJob);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(orderImports)
      .set({ status: 'queued', updatedAt: sql`now()` })
      .where(
        and(
          eq(orderImports.id, id),
          eq(orderImports.createdBy, viewer.userId),
          eq(orderImports.status, 'uploading'),
          eq(orderImports.bytesReceived, orderImports.fileSize),
        ),
      )
      .returning({ id: orderImports.id });
    if (!row) return { ok: false, reason: 'invalid' } as const;
    await audit(tx, viewer, { action: 'upload', entity: 'order_import', entityId: id });
    await enqueue(orderImportJob, { importId: id }, { tx });
    return { ok: true } as const;
  });
}

/**
 * Cancels an import: at once when nothing runs it (uploading, queued, or its worker is gone);
 * otherwise it is marked cancelling and its worker stops after the chunk it is writing. Rows
 * already imported stay (a re-run of the same file would find them unchanged).
 */
export async function cancelOrderImport(viewer: Viewer, id: string): Promise<Result<object, 'notFound'>> {
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(orderImports)
      .set({
        status: sql`case when ${orderImports.status} = 'running' and ${orderImports.leaseUntil} > now()
                    then 'cancelling'::order_import_status else 'cancelled'::order_import_status end`,
        finishedAt: sql`case when ${orderImports.status} = 'running' and ${orderImports.leaseUntil} > now() then null else now() end`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(orderImports.id, id),
          visibleOrderImports(viewer),
          sql`${orderImports.status} in ('uploading', 'queued', 'running', 'failed')`,
        ),
      )
      .returning({ status: orderImports.status, filePath: orderImports.filePath, source: orderImports.source });
    if (!row) return null;
    await audit(tx, viewer, { action: 'cancel', entity: 'order_import', entityId: id });
    return row;
  });
  if (!result) return { ok: false, reason: 'notFound' };
  if (result.status === 'cancelled' && result.source === 'upload') await rm(result.filePath, { force: true });
  return { ok: true };
}

/** Queues a failed import again: it continues from its checkpoint. */
export async function retryOrderImport(viewer: Viewer, id: string): Promise<Result<object, 'notFound'>> {
  await prepareQueue(orderImportJob);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(orderImports)
      .set({ status: 'queued', error: null, updatedAt: sql`now()` })
      .where(and(eq(orderImports.id, id), visibleOrderImports(viewer), eq(orderImports.status, 'failed')))
      .returning({ id: orderImports.id });
    if (!row) return { ok: false, reason: 'notFound' } as const;
    await audit(tx, viewer, { action: 'retry', entity: 'order_import', entityId: id });
    await enqueue(orderImportJob, { importId: id }, { tx });
    return { ok: true } as const;
  });
}

const REPORT_PAGE = 2000;

/**
 * The rejected and skipped rows of an import the viewer may follow, in row order, read a page at a
 * time (a file with a quarter of guest rows reports hundreds of thousands); null if not theirs.
 */
export async function orderImportReport(
  viewer: Viewer,
  id: string,
): Promise<{ fileName: string; headers: string[]; mapping: Mapping; pages: AsyncGenerator<ReportRow[]> } | null> {
  const [job] = await db
    .select({ fileName: orderImports.fileName, headers: orderImports.headers, settings: orderImports.settings })
    .from(orderImports)
    .where(and(eq(orderImports.id, id), visibleOrderImports(viewer)));
  if (!job) return null;
  async function* pages(): AsyncGenerator<ReportRow[]> {
    let after = 0;
    for (;;) {
      const page = await db
        .select({
          row: orderImportRejections.row,
          skipped: orderImportRejections.skipped,
          reasons: orderImportRejections.reasons,
          cells: orderImportRejections.cells,
        })
        .from(orderImportRejections)
        .where(and(eq(orderImportRejections.importId, id), gt(orderImportRejections.row, after)))
        .orderBy(asc(orderImportRejections.row))
        .limit(REPORT_PAGE);
      if (page.length === 0) return;
      yield page as ReportRow[];
      after = page[page.length - 1].row;
      if (page.length < REPORT_PAGE) return;
    }
  }
  return { fileName: job.fileName, headers: job.headers, mapping: job.settings.mapping, pages: pages() };
}
