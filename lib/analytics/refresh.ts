import 'server-only';
import { and, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { getDatabase } from '@/db/client';
import * as schema from '@/db/schema';
import { type AnalyticsTrigger, analyticsCurrent, analyticsRuns, customerScores } from '@/db/schema';
import type { DatabaseHandle, Db, Tx } from '@/db/types';
import { computeSnapshot, type Snapshot } from './compute';
import { loadBaskets, loadOrderHistory, readAnalyticsSettings, windowStart } from './load';
import { tryRefreshLock } from './lock';
import { insertBasketRules, insertClusters, insertScores } from './write';

/** The kind of snapshot this job writes (analytics_runs.kind, analytics_current.kind). */
export const SCORES_KIND = 'customer_scores';
/** Runs whose rows are kept: the current one and the two before it (comparisons, a look back). */
export const KEEP_RUNS = 3;

/** Order history is read by this many queries at once on PostgreSQL (one per core of a small server). */
const LOAD_PARTS = 2;

export type RefreshStep = 'load' | 'analyze' | 'write' | 'publish' | 'prune';

export type RefreshOptions = {
  trigger: AnalyticsTrigger;
  userId?: string | null;
  /** 'YYYY-MM-DD'; default today in the company time zone. */
  asOf?: string;
  /** Told each step as it starts (the CLI prints them). Inside the write transaction for 'publish'. */
  onStep?: (step: RefreshStep) => void | Promise<void>;
};

export type RefreshResult =
  | { ok: true; runId: string; customers: number; orders: number; ms: number; timings: Record<string, number> }
  | { ok: false; reason: 'alreadyRunning' }
  | { ok: false; reason: 'failed'; runId: string; error: string };

/** Today's date ('YYYY-MM-DD') in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Recomputes the analytics snapshot: reads order history, runs the analytics library and writes
 * the run's rows, then makes it the current run, all in one transaction, so readers see the
 * previous complete snapshot until the new one is complete. Progress is on the run row (status,
 * step) from the start. A failure marks the run failed with its error and leaves the previous
 * snapshot current. Refused (no run row) while another refresh holds the lock.
 */
export async function refreshAnalytics(options: RefreshOptions, handle?: DatabaseHandle): Promise<RefreshResult> {
  const database = handle ?? (await getDatabase());
  const lock = await tryRefreshLock(database);
  if (!lock) return { ok: false, reason: 'alreadyRunning' };
  try {
    // On PostgreSQL the snapshot is written through the lock's own connection (COPY needs one).
    const writer = lock.connection ? (drizzlePg({ client: lock.connection, schema }) as unknown as Db) : database.db;
    const parts = database.driver === 'pg' ? LOAD_PARTS : 1;
    return await run(database.db, { writer, copy: lock.connection, parts }, options);
  } finally {
    await lock.release();
  }
}

async function run(
  db: Db,
  { writer, copy, parts }: { writer: Db; copy?: pg.Client; parts: number },
  options: RefreshOptions,
): Promise<RefreshResult> {
  const started = performance.now();
  // Holding the lock, any run still 'running' was cut off (a process stopped mid-run).
  await db
    .update(analyticsRuns)
    .set({
      status: 'failed',
      finishedAt: sql`now()`,
      error: 'Interrupted: the process stopped before the run finished.',
    })
    .where(and(eq(analyticsRuns.kind, SCORES_KIND), eq(analyticsRuns.status, 'running')));

  const { settings, timeZone } = await readAnalyticsSettings(db);
  const asOf = options.asOf ?? todayIn(timeZone);
  const [{ id: runId }] = await db
    .insert(analyticsRuns)
    .values({
      kind: SCORES_KIND,
      status: 'running',
      step: 'load',
      trigger: options.trigger,
      triggeredBy: options.userId ?? null,
      asOf: new Date(),
      inputs: { ...settings, asOf, holdoutFrom: null, basketOrders: 0 },
    })
    .returning({ id: analyticsRuns.id });

  let step: RefreshStep = 'load';
  const enter = async (next: RefreshStep, executor: Db | null) => {
    step = next;
    if (executor) await executor.update(analyticsRuns).set({ step: next }).where(eq(analyticsRuns.id, runId));
    await options.onStep?.(next);
  };
  const timings: Record<string, number> = {};
  const lap = (() => {
    let last = performance.now();
    return (name: string) => {
      const now = performance.now();
      timings[name] = Math.round(now - last);
      last = now;
    };
  })();

  try {
    await options.onStep?.('load');
    const range = { asOf, from: windowStart(asOf, settings.windowMonths), timeZone };
    // Two queries at once: on PostgreSQL two connections, on PGlite one after the other.
    const [history, baskets] = await Promise.all([loadOrderHistory(db, range, parts), loadBaskets(db, range)]);
    lap('load');

    await enter('analyze', db);
    lap('progress');
    const snapshot = computeSnapshot({
      table: history.table,
      asOf,
      settings,
      baskets,
      clock: () => performance.now(),
    });
    Object.assign(timings, snapshot.timings);
    lap('analyze');

    await enter('write', db);
    const customers = snapshot.scores.customerId.length;
    await writer.transaction(async (tx) => {
      await writeSnapshot(tx, runId, snapshot, copy);
      lap('write');
      await enter('publish', null);
      await publish(tx, runId, snapshot, history.orderCount, customers, {
        ...timings,
        total: Math.round(performance.now() - started),
      });
    });
    lap('publish');

    await enter('prune', null);
    await pruneRuns(db);
    lap('prune');
    const ms = Math.round(performance.now() - started);
    timings.total = ms;
    await db.update(analyticsRuns).set({ timings, step: null }).where(eq(analyticsRuns.id, runId));
    return { ok: true, runId, customers, orders: history.orderCount, ms, timings };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(analyticsRuns)
      .set({ status: 'failed', step, finishedAt: sql`now()`, error: message.slice(0, 2000), timings })
      .where(eq(analyticsRuns.id, runId));
    return { ok: false, reason: 'failed', runId, error: message };
  }
}

async function writeSnapshot(tx: Tx, runId: string, snapshot: Snapshot, copy?: pg.Client): Promise<void> {
  await insertScores(tx, runId, snapshot.scores, copy);
  await insertClusters(tx, runId, snapshot.clusters);
  await insertBasketRules(tx, runId, snapshot.basketRules);
}

/** Completes the run row and points analytics_current at it (the previous current run becomes previous). */
async function publish(
  tx: Tx,
  runId: string,
  snapshot: Snapshot,
  orders: number,
  customers: number,
  timings: Record<string, number>,
): Promise<void> {
  await tx
    .update(analyticsRuns)
    .set({
      status: 'succeeded',
      step: null,
      finishedAt: sql`now()`,
      inputs: snapshot.inputs,
      parameters: snapshot.parameters,
      metrics: snapshot.metrics,
      timings,
      orderCount: orders,
      customerCount: customers,
    })
    .where(eq(analyticsRuns.id, runId));
  await tx
    .insert(analyticsCurrent)
    .values({ kind: SCORES_KIND, runId })
    .onConflictDoUpdate({
      target: analyticsCurrent.kind,
      set: { previousRunId: sql`${analyticsCurrent.runId}`, runId, updatedAt: sql`now()` },
    });
}

/**
 * Deletes runs (and, by cascade, their rows) beyond the newest KEEP_RUNS succeeded ones, and failed
 * runs older than those; never the current or previous run. After the publishing transaction, so
 * the new snapshot is visible without waiting for the deletes.
 */
async function pruneRuns(db: Db): Promise<void> {
  const keep = await db
    .select({ id: analyticsRuns.id, startedAt: analyticsRuns.startedAt })
    .from(analyticsRuns)
    .where(and(eq(analyticsRuns.kind, SCORES_KIND), eq(analyticsRuns.status, 'succeeded')))
    .orderBy(sql`${analyticsRuns.startedAt} desc`)
    .limit(KEEP_RUNS);
  const [pointer] = await db.select().from(analyticsCurrent).where(eq(analyticsCurrent.kind, SCORES_KIND));
  const ids = [...keep.map((r) => r.id), pointer?.runId, pointer?.previousRunId].filter((v): v is string => !!v);
  const oldestKept = keep.length === KEEP_RUNS ? keep[KEEP_RUNS - 1].startedAt : null;
  if (!oldestKept) return;
  await db.transaction(async (tx) => {
    const gone = await tx
      .select({ id: analyticsRuns.id })
      .from(analyticsRuns)
      .where(
        and(
          eq(analyticsRuns.kind, SCORES_KIND),
          notInArray(analyticsRuns.id, ids),
          // Succeeded runs beyond the kept ones; failed runs once older than the oldest kept run.
          lt(analyticsRuns.startedAt, oldestKept),
          inArray(analyticsRuns.status, ['succeeded', 'failed']),
        ),
      );
    if (gone.length === 0) return;
    const runIds = gone.map((r) => r.id);
    // customer_scores has no foreign key to cascade (see its schema comment); clusters and rules do.
    await tx.delete(customerScores).where(inArray(customerScores.runId, runIds));
    await tx.delete(analyticsRuns).where(inArray(analyticsRuns.id, runIds));
  });
}
