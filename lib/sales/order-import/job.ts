import 'server-only';
import { inArray } from 'drizzle-orm';
import { db } from '@/db/client';
import { orderImports } from '@/db/schema';
import { enqueue, type JobDefinition, prepareQueue } from '@/lib/jobs/queues';
import { runOrderImport } from './runner';

export const ORDER_IMPORT_QUEUE = 'order-import';

type Global = { __lodestarImportShutdown?: AbortController };
const g = globalThis as Global;
const shutdown = () => {
  g.__lodestarImportShutdown ??= new AbortController();
  return g.__lodestarImportShutdown;
};

/**
 * Runs one import to its end (or until the process stops). Delivery is at least once and an
 * import may be queued twice (at upload and again at a restart): the import's lease lets one
 * worker run it, and a duplicate finds it finished or running and does nothing.
 */
export const orderImportJob: JobDefinition<{ importId: string }> = {
  name: ORDER_IMPORT_QUEUE,
  policy: 'standard',
  // A 1.5M-line file on the embedded database takes a while; a lost worker's job is retried after this.
  expireInSeconds: 6 * 3600,
  retryLimit: 2,
  handler: async ({ importId }) => {
    const outcome = await runOrderImport(importId, { signal: shutdown().signal, waitForLease: true });
    console.log(`[order import ${importId}] ${outcome}`);
  },
};

/**
 * At start-up: queue every import a stopped process left unfinished (queued, running, cancelling),
 * so a restart continues them from their checkpoints without anyone clicking anything.
 */
export async function resumeOrderImports(): Promise<number> {
  await prepareQueue(orderImportJob);
  const unfinished = await db
    .select({ id: orderImports.id })
    .from(orderImports)
    .where(inArray(orderImports.status, ['queued', 'running', 'cancelling']));
  for (const { id } of unfinished) await enqueue(orderImportJob, { importId: id }, { tx: null });
  return unfinished.length;
}

/** On shutdown: running imports stop at their next chunk (rolled back) and give their lease back. */
export function stopOrderImports(): void {
  shutdown().abort(new Error('shutting down'));
}
