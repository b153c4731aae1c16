import 'server-only';
import { and, eq, getTableColumns, getTableName, inArray, lt, notInArray, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { getDatabase } from '@/db/client';
import { rows } from '@/db/rows';
import * as schema from '@/db/schema';
import { type AnalyticsTrigger, analyticsCurrent, analyticsRuns, customerScores, orders } from '@/db/schema';
import type { DatabaseHandle, Db, Tx } from '@/db/types';
import { computeScores, finishSnapshot, holdoutStart, type Snapshot } from './compute';
import { copyOrderHistory, loadBaskets, loadOrderHistory, readAnalyticsSettings, windowStart } from './load';
import { connectRefreshClient, tryRefreshLock } from './lock';
import { dropScoresTables, isLockNotAvailable, scoresPartition } from './partitions';
import { INTERRUPTED } from './run-status';
import { type AnalysisInput, type AnalysisTasks, type BasketText, inThreadTasks } from './tasks';
import { workerTasks } from './worker-tasks';
import { insertBasketRules, insertClusters, insertScores } from './write';

/** The kind of snapshot this job writes (analytics_runs.kind, analytics_current.kind). */
export const SCORES_KIND = 'customer_scores';
/** Runs whose rows are kept: the current one and the two before it (comparisons, a look back). */
export const KEEP_RUNS = 3;

/** From this many orders (the planner's estimate) a refresh uses worker threads by default. */
export const WORKER_MIN_ORDERS = 100_000;

export type RefreshStep = 'load' | 'analyze' | 'write' | 'publish' | 'prune';

export type RefreshOptions = {
  trigger: AnalyticsTrigger;
  userId?: string | null;
  /** 'YYYY-MM-DD'; default today in the company time zone. */
  asOf?: string;
  /** Told each step as it starts (the CLI prints them). Inside the write transaction for 'publish'. */
  onStep?: (step: RefreshStep) => void | Promise<void>;
  /**
   * true: churn, k-means, standard errors, the holdout check, cohorts and basket rules run in two
   * worker threads beside the main analysis; false: all on this thread. The snapshot is the same
   * either way. Default: ANALYTICS_WORKERS (on, off), else true from WORKER_MIN_ORDERS orders on
   * (below, starting threads costs more than it saves).
   */
  workers?: boolean;
};

export type RefreshResult =
  | {
      ok: true;
      runId: string;
      customers: number;
      orders: number;
      /** From the start to the new snapshot being current (committed), and to the end (old runs pruned). */
      visibleMs: number;
      ms: number;
      timings: Record<string, number>;
    }
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
    // On PostgreSQL the history is read and the snapshot written through the lock's own connection
    // (COPY needs one).
    const writer = lock.connection ? (drizzlePg({ client: lock.connection, schema }) as unknown as Db) : database.db;
    return await run(database.db, { writer, copy: lock.connection, url: database.url }, options);
  } finally {
    await lock.release();
  }
}

async function run(
  db: Db,
  { writer, copy, url }: { writer: Db; copy?: pg.Client; url?: string },
  options: RefreshOptions,
): Promise<RefreshResult> {
  const started = performance.now();
  const clock = () => performance.now();
  // The worker thread starts loading now, while the history loads.
  const workers = options.workers ?? workersFromEnv() ?? (await estimatedOrders(db)) >= WORKER_MIN_ORDERS;
  const tasks = workers ? workerTasks(clock) : inThreadTasks(clock);
  try {
    return await runWith(db, { writer, copy, url, tasks, started }, options);
  } finally {
    tasks.close();
  }
}

/** Connections the history is read through on PostgreSQL (the lock's and the rest of the refresh's own). */
export const LOAD_CONNECTIONS = 2;

/**
 * Connections of the refresh's own for the load, opened while it starts; one that cannot be opened
 * is done without (the load then reads through fewer). close() ends them, once.
 */
function openExtraConnections(url: string, count: number) {
  const opened = Array.from({ length: count }, () => connectRefreshClient(url).catch(() => null));
  const clients = Promise.all(opened).then((all) => all.filter((c): c is pg.Client => c !== null));
  let closed = false;
  return {
    clients,
    close() {
      if (closed) return;
      closed = true;
      void clients.then((all) => Promise.all(all.map((c) => c.end().catch(() => {}))));
    },
  };
}

/** ANALYTICS_WORKERS=on|off overrides the default (from WORKER_MIN_ORDERS orders on). */
export function workersFromEnv(env = process.env): boolean | undefined {
  const value = env.ANALYTICS_WORKERS?.trim().toLowerCase();
  if (value === 'on') return true;
  if (value === 'off') return false;
  return undefined;
}

/** The planner's estimate of the orders table's rows (no scan): enough to choose whether to use workers. */
async function estimatedOrders(db: Db): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = to_regclass(${getTableName(orders)})`,
  );
  return row?.n ?? 0;
}

async function runWith(
  db: Db,
  {
    writer,
    copy,
    url,
    tasks,
    started,
  }: { writer: Db; copy?: pg.Client; url?: string; tasks: AnalysisTasks; started: number },
  options: RefreshOptions,
): Promise<RefreshResult> {
  // Holding the lock, any run still 'running' was cut off (a process stopped mid-run).
  await db
    .update(analyticsRuns)
    .set({
      status: 'failed',
      finishedAt: sql`now()`,
      error: `${INTERRUPTED} the process stopped before the run finished.`,
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

  // The history streams through the lock's connection and LOAD_CONNECTIONS − 1 more of the
  // refresh's own, each over a share of the customers: the server scans the shares side by side.
  const extra = copy && url ? openExtraConnections(url, LOAD_CONNECTIONS - 1) : null;
  // Settled whatever happens, so a failure elsewhere leaves no unhandled rejection behind.
  let basketsLoaded: Promise<BasketText> | null = null;
  try {
    await options.onStep?.('load');
    const range = { asOf, from: windowStart(asOf, settings.windowMonths), timeZone };
    // The baskets on a pool connection while the history streams through the lock's connection
    // (PGlite runs them one after the other); the analysis starts when the history is in.
    basketsLoaded = loadBaskets(db, range);
    basketsLoaded.catch(() => {});
    const history = copy
      ? await copyOrderHistory(db, [copy, ...(await extra!.clients)], range, { shared: tasks.threads > 1 })
      : await loadOrderHistory(db, range);
    extra?.close();
    const table = history.table;
    const input: AnalysisInput = { asOf, settings, holdoutFrom: holdoutStart(table, asOf) };
    tasks.start(table, input);
    lap('load');

    await enter('analyze', db);
    const phase = await computeScores(table, input, tasks, () => performance.now());
    Object.assign(timings, phase.timings);
    // The worker's last tasks (the holdout check, cohorts, basket rules: only the run row needs
    // them) once the score rows are computed: they run beside the write, which waits on the
    // server, instead of taking one of the two cores from the analysis the rows wait for. Awaited
    // (and an error met) after the write.
    const late = basketsLoaded.then((baskets) => tasks.late(baskets));
    late.catch(() => {});
    lap('analyze');

    await enter('write', db);
    const customers = phase.scores.customerId.length;
    await writer.transaction(async (tx) => {
      // The score rows first: the worker finishes the run's metrics meanwhile.
      await insertScores(tx, runId, phase.scores, copy);
      await insertClusters(tx, runId, phase.clusters);
      lap('write');
      // Planner statistics of the run's table, committed with it: a reader of the run plans on that
      // table's own statistics (its rows alone, see partitions.ts), and a table never analysed
      // would be planned from defaults until autovacuum (which may be minutes away, or off) got to
      // it: a rep's dashboards and the customer list's drill-downs 3 to 10 times slower. The columns
      // readers filter, group and sort on (STATS_COLUMNS), from a sample of 300 ×
      // STATS_TARGET rows: the default target, 100, samples 30,000 and takes three times as long;
      // a run's few-valued columns (segment, scores, class, band, cluster) need only their
      // frequencies, the others a coarser histogram.
      await tx.execute(sql.raw(`set local default_statistics_target = ${STATS_TARGET}`));
      await tx.execute(
        sql`analyze ${sql.identifier(scoresPartition(runId))} (${sql.join(
          STATS_COLUMNS.map((c) => sql.identifier(c.name)),
          sql`, `,
        )})`,
      );
      lap('statistics');
      const baskets = await basketsLoaded!;
      const snapshot = finishSnapshot(table, phase, await phase.standardErrors, await late, baskets.orders);
      Object.assign(timings, snapshot.timings, phase.timings);
      await insertBasketRules(tx, runId, snapshot.basketRules);
      lap('finish');
      await enter('publish', null);
      await publish(tx, runId, snapshot, history.orderCount, customers, {
        ...timings,
        threads: tasks.threads,
        total: Math.round(performance.now() - started),
      });
    });
    lap('publish');
    const visibleMs = Math.round(performance.now() - started);

    await enter('prune', null);
    // The run is published: a prune that cannot finish (readers held customer_scores through every
    // try, see pruneRuns) is left to the next refresh, which prunes the same runs.
    await pruneRuns(db).catch((error) =>
      console.warn(`[analytics] old runs not pruned this time: ${error instanceof Error ? error.message : error}`),
    );
    lap('prune');
    const ms = Math.round(performance.now() - started);
    Object.assign(timings, { threads: tasks.threads, visible: visibleMs, total: ms });
    await db.update(analyticsRuns).set({ timings, step: null }).where(eq(analyticsRuns.id, runId));
    return { ok: true, runId, customers, orders: history.orderCount, visibleMs, ms, timings };
  } catch (error) {
    extra?.close();
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(analyticsRuns)
      .set({ status: 'failed', step, finishedAt: sql`now()`, error: message.slice(0, 2000), timings })
      .where(eq(analyticsRuns.id, runId));
    return { ok: false, reason: 'failed', runId, error: message };
  }
}

/** default_statistics_target of the statistics a refresh gathers (see the write). */
const STATS_TARGET = 30;
/**
 * The run table's columns with statistics: all but the churn reasons (json) and active months
 * (an array), which readers only read out, never filter on, and which took 40 % of the time.
 */
const STATS_COLUMNS = Object.values(getTableColumns(customerScores)).filter(
  (c) => c.name !== customerScores.churnReasons.name && c.name !== customerScores.activeMonths.name,
);

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
  // Readers hold customer_scores for a moment each: a few tries, a moment apart, before leaving the
  // prune to the next refresh (dropScoresTables never waits in the lock queue).
  for (let attempt = 1; ; attempt++) {
    try {
      return await pruneOnce(db, ids, oldestKept);
    } catch (error) {
      if (attempt >= PRUNE_ATTEMPTS || !isLockNotAvailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, PRUNE_RETRY_MS));
    }
  }
}

/** Tries of the prune while readers hold customer_scores, PRUNE_RETRY_MS apart. */
const PRUNE_ATTEMPTS = 5;
const PRUNE_RETRY_MS = 200;

async function pruneOnce(db: Db, ids: string[], oldestKept: Date): Promise<void> {
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
    // A run's scores are its own table (partitions.ts): dropped, not deleted row by row.
    await dropScoresTables(tx, runIds);
    await tx.delete(analyticsRuns).where(inArray(analyticsRuns.id, runIds));
  });
}
