import 'server-only';
import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { currentDriver, db, type Tx } from '@/db/client';
import { columnName, rows } from '@/db/rows';
import { orderImportLineCounts, orderImports, orderItems, orders, products, users } from '@/db/schema';
import type { OrderImportCarry, OrderImportCounts } from '@/db/schema/order-imports';
import { prepareRefreshQueue, refreshAfterOrderChanges } from '@/lib/analytics/refresh-request';
import { audit } from '@/lib/audit/audit';
import type { Viewer } from '@/lib/auth/permissions';
import { assemble, orderNumbers, parseRecords } from './assemble';
import { emptyCaches, writeChunk } from './chunk';
import { FileProblem, readRecordBatches } from './file-reader';
import { lineReader } from './lines';
import { columnList, unnestColumns } from './sql';

/**
 * Runs an import from its checkpoint to the end, a chunk per transaction. Each chunk's rows, the
 * counts, the line numbers reached and the new checkpoint commit together, so whatever stops the
 * process (a restart, a crash, a cancel) the import continues from the last commit with the same
 * result as an uninterrupted run. Only the lease holder may commit: a worker that lost its lease
 * (it stalled past the lease and another took over) stops at its next chunk.
 */

export type RunOptions = {
  /** Stops the run at the next chunk, which is rolled back (shutdown); the import stays resumable. */
  signal?: AbortSignal;
  chunkRows?: number;
  leaseSeconds?: number;
  /** Wait for a lease held by a worker that may have died (start-up resume) instead of giving up. */
  waitForLease?: boolean;
  /** Called inside each chunk's transaction just before it commits (1-based). */
  beforeCommit?: (chunk: number) => void | Promise<void>;
  /** Called after each chunk commits (the CLI's progress line). */
  onChunk?: (progress: {
    byteOffset: number;
    fileSize: number;
    counts: OrderImportCounts;
    rowsPerSecond: number;
  }) => void;
};

export type RunOutcome = 'done' | 'cancelled' | 'failed' | 'interrupted' | 'busy' | 'notRunnable';

/** Rows per chunk: PGlite runs on the app's event loop, so its chunks are smaller (shorter stalls). */
export const defaultChunkRows = () => (currentDriver() === 'pg' ? 5000 : 2000);

class LeaseLost extends Error {}

type ImportRow = typeof orderImports.$inferSelect;

export async function runOrderImport(importId: string, options: RunOptions = {}): Promise<RunOutcome> {
  const leaseSeconds = options.leaseSeconds ?? 30;
  const token = randomUUID();
  let claimed = await claim(importId, token, leaseSeconds);
  if (claimed === 'busy' && options.waitForLease) {
    const [row] = await db
      .select({ until: orderImports.leaseUntil })
      .from(orderImports)
      .where(eq(orderImports.id, importId));
    const wait = Math.min(Math.max((row?.until?.getTime() ?? 0) - Date.now() + 1000, 0), (leaseSeconds + 5) * 1000);
    await new Promise((resolve) => setTimeout(resolve, wait));
    claimed = await claim(importId, token, leaseSeconds);
  }
  if (claimed === 'busy' || claimed === 'notRunnable') return claimed;
  let job: ImportRow = claimed;
  let stopReading = () => {};
  if (job.status === 'cancelling') return finish(job, token, 'cancelled');

  try {
    const viewer = await creator(job.createdBy);
    if (!viewer) return fail(job, token, 'creatorInactive');
    const size = await stat(job.filePath).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== job.fileSize) return fail(job, token, 'fileMissing');

    const read = lineReader(job.settings);
    const ctx = { importId, viewer, settings: job.settings, caches: emptyCaches() };
    const counts: OrderImportCounts = { ...job.counts };
    let carry: OrderImportCarry = job.carry ?? null;
    let chunk = 0;
    let rate: { rows: number; bytes: number } | null = null;
    const batches = readRecordBatches(job.filePath, {
      start: job.byteOffset,
      rowsBefore: job.rowsDone,
      encoding: job.encoding,
      delimiter: job.delimiter,
      batchRows: options.chunkRows ?? defaultChunkRows(),
    });
    const load = async () => {
      const next = await batches.next();
      if (next.done) return null;
      // The header is row 1 of the file; a run from the start skips it.
      const records = next.value.records.filter((r) => r.row > 1);
      return { batch: next.value, records, ...(await parseRecords(records, read)) };
    };
    let pending = load();
    let lastChunkAt = performance.now();
    // A read that fails after the run stopped early must not go unhandled.
    stopReading = () => {
      pending.catch(() => {});
      void batches.return(undefined).catch(() => {});
    };
    for (;;) {
      const current = await pending;
      if (!current) break;
      // The next chunk is read and parsed while this one is written: the file, the CPU and the
      // database work side by side (the parse runs whenever the transaction waits for the database).
      pending = load();
      const { batch, records, parsed, rowsRead } = current;
      if (options.signal?.aborted) return interrupted(job, token);
      const numbers = orderNumbers(parsed);
      chunk++;
      const outcome = await db.transaction(async (tx) => {
        const lineCounts = await loadLineCounts(tx, importId, numbers);
        const assembled = await assemble(parsed, carry, lineCounts);
        const delta = await writeChunk(tx, ctx, assembled.lines, assembled.rejected);
        await saveLineCounts(tx, importId, numbers, lineCounts);
        const next: OrderImportCounts = { ...counts, rowsRead: counts.rowsRead + rowsRead };
        for (const k of Object.keys(delta) as (keyof typeof delta)[]) next[k] += delta[k];
        await audit(tx, viewer, {
          action: 'import',
          entity: 'order_import',
          entityId: importId,
          diff: { rows: [records[0]?.row ?? null, batch.endRow], ...delta },
        });
        // Speed over wall time since the last chunk ended (reading, parsing and writing overlap).
        const seconds = Math.max((performance.now() - lastChunkAt) / 1000, 0.001);
        const now = { rows: rowsRead / seconds, bytes: (batch.endOffset - job.byteOffset) / seconds };
        const smoothed = rate
          ? { rows: rate.rows * 0.7 + now.rows * 0.3, bytes: rate.bytes * 0.7 + now.bytes * 0.3 }
          : now;
        const [saved] = await tx
          .update(orderImports)
          .set({
            byteOffset: batch.endOffset,
            rowsDone: batch.endRow,
            counts: next,
            carry: assembled.carry,
            rowsPerSecond: smoothed.rows,
            bytesPerSecond: smoothed.bytes,
            leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
            updatedAt: sql`now()`,
          })
          .where(and(eq(orderImports.id, importId), eq(orderImports.leaseToken, token)))
          .returning({ status: orderImports.status });
        if (!saved) throw new LeaseLost();
        await options.beforeCommit?.(chunk);
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
        return { next, carry: assembled.carry, status: saved.status, smoothed };
      });
      lastChunkAt = performance.now();
      Object.assign(counts, outcome.next);
      carry = outcome.carry;
      rate = outcome.smoothed;
      job = { ...job, byteOffset: batch.endOffset, rowsDone: batch.endRow, counts, carry };
      await options.onChunk?.({
        byteOffset: batch.endOffset,
        fileSize: job.fileSize,
        counts,
        rowsPerSecond: rate.rows,
      });
      if (outcome.status === 'cancelling') return finish(job, token, 'cancelled');
      await yieldToEventLoop(); // let requests through between chunks (PGlite shares the event loop)
    }
    return finish(job, token, 'done');
  } catch (error) {
    if (error instanceof LeaseLost) return 'busy';
    if (options.signal?.aborted) return interrupted(job, token);
    if (error instanceof FileProblem) return fail(job, token, error.message);
    console.error(`[order import ${importId}]`, error);
    return fail(job, token, error instanceof Error ? error.message.slice(0, 500) : 'failed');
  } finally {
    stopReading();
  }
}

/** Takes the lease of an unfinished import whose lease is free or expired. */
async function claim(
  importId: string,
  token: string,
  leaseSeconds: number,
): Promise<ImportRow | 'busy' | 'notRunnable'> {
  const [row] = await db
    .update(orderImports)
    .set({
      leaseToken: token,
      leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
      status: sql`case when ${orderImports.status} = 'queued' then 'running'::order_import_status else ${orderImports.status} end`,
      startedAt: sql`coalesce(${orderImports.startedAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(orderImports.id, importId),
        inArray(orderImports.status, ['queued', 'running', 'cancelling']),
        sql`(${orderImports.leaseUntil} is null or ${orderImports.leaseUntil} < now())`,
      ),
    )
    .returning();
  if (row) return row;
  const [current] = await db
    .select({ status: orderImports.status })
    .from(orderImports)
    .where(eq(orderImports.id, importId));
  return current && ['queued', 'running', 'cancelling'].includes(current.status) ? 'busy' : 'notRunnable';
}

/** The import's creator as a viewer, with their role now (a demoted manager imports as a rep); null if gone or deactivated. */
async function creator(userId: string | null): Promise<Viewer | null> {
  if (!userId) return null;
  const [u] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  return u ?? null;
}

async function loadLineCounts(tx: Tx, importId: string, numbers: string[]): Promise<Map<string, number>> {
  if (numbers.length === 0) return new Map();
  const found = await rows<{ order_no: string; lines: number }>(
    tx,
    sql`select ${orderImportLineCounts.orderNo} as order_no, ${orderImportLineCounts.lines} as lines
        from ${orderImportLineCounts}
        where ${orderImportLineCounts.importId} = ${importId} and ${orderImportLineCounts.orderNo} = any(${sql.param(numbers)}::text[])`,
  );
  return new Map(found.map((r) => [r.order_no, Number(r.lines)]));
}

async function saveLineCounts(tx: Tx, importId: string, numbers: string[], counts: Map<string, number>) {
  if (numbers.length === 0) return;
  const cols = [orderImportLineCounts.importId, orderImportLineCounts.orderNo, orderImportLineCounts.lines];
  await tx.execute(sql`insert into ${orderImportLineCounts} ${columnList(cols)}
    ${unnestColumns(cols, [numbers.map(() => importId), numbers, numbers.map((n) => counts.get(n) ?? 0)])}
    on conflict (${columnName(orderImportLineCounts.importId)}, ${columnName(orderImportLineCounts.orderNo)})
    do update set ${columnName(orderImportLineCounts.lines)} = excluded.${columnName(orderImportLineCounts.lines)}`);
}

/**
 * Ends the run: done or cancelled; the line numbers and an uploaded file are no longer needed. A
 * finished import that added or changed lines queues the analytics refresh in the same transaction
 * (lib/analytics: it starts a minute later and is shared with other imports finishing meanwhile).
 */
/** Lines created from which a finished import refreshes the planner statistics of the order tables. */
const ANALYZE_AFTER_LINES = 10_000;

async function finish(job: ImportRow, token: string, status: 'done' | 'cancelled'): Promise<RunOutcome> {
  const refresh = status === 'done' && job.counts.linesCreated + job.counts.linesUpdated > 0;
  if (refresh) await prepareRefreshQueue();
  const ended = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(orderImports)
      .set({ status, finishedAt: sql`now()`, leaseToken: null, leaseUntil: null, updatedAt: sql`now()` })
      .where(and(eq(orderImports.id, job.id), eq(orderImports.leaseToken, token)))
      .returning({ id: orderImports.id });
    if (!row) return false;
    await tx.delete(orderImportLineCounts).where(eq(orderImportLineCounts.importId, job.id));
    if (refresh) await refreshAfterOrderChanges(tx);
    return true;
  });
  if (!ended) return 'busy';
  if (job.source === 'upload') await rm(job.filePath, { force: true });
  // A large import changes what the planner should expect of the order tables (customers' order
  // counts, the analytics load): fresh statistics now rather than whenever autovacuum comes by.
  if (job.counts.linesCreated >= ANALYZE_AFTER_LINES)
    await db.execute(sql`analyze ${orders}, ${orderItems}, ${products}`);
  return status;
}

async function fail(job: ImportRow, token: string, error: string): Promise<RunOutcome> {
  await db
    .update(orderImports)
    .set({ status: 'failed', error, leaseToken: null, leaseUntil: null, updatedAt: sql`now()` })
    .where(and(eq(orderImports.id, job.id), eq(orderImports.leaseToken, token)));
  return 'failed';
}

/** Stopped from outside (shutdown): the lease is given back so the next start resumes at once. */
async function interrupted(job: ImportRow, token: string): Promise<RunOutcome> {
  await db
    .update(orderImports)
    .set({ leaseToken: null, leaseUntil: null, updatedAt: sql`now()` })
    .where(and(eq(orderImports.id, job.id), eq(orderImports.leaseToken, token)));
  return 'interrupted';
}
