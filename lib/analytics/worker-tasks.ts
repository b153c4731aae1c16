import 'server-only';
import { Worker } from 'node:worker_threads';
import type { Clustering, CoreAnalysis, TransactionTable } from '@/analytics';
import { type AnalysisInput, type AnalysisTasks, inThreadTasks, type LateResults, type TableColumns } from './tasks';
import type { FromWorker, ToWorker } from './worker-messages';

/**
 * Starts the refresh's worker thread (analysis-worker.ts). Inside Next (the server bundle, and
 * `next dev`) the bundler turns this `new Worker(new URL(…))` into the worker's own compiled entry;
 * from source (tsx: `npm run worker`, the CLI, benches; Vitest) the new thread first registers
 * tsx's loader, which a worker does not inherit, and then imports the TypeScript file.
 */
function spawnAnalysisWorker(): Worker {
  if (process.env.NEXT_RUNTIME) return new Worker(new URL('./analysis-worker.ts', import.meta.url));
  // Not `new URL(…, import.meta.url)`: the bundler would copy the .ts file into the build as an asset.
  const entry = import.meta.url.replace(/[^/]*$/, 'analysis-worker.ts');
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true },
  );
}

type Deferred<T> = { promise: Promise<T>; resolve(value: T | Promise<T>): void; settled: boolean };
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T | Promise<T>) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  // Handled here too: a result nobody awaits (the refresh failed first) must not be an unhandled rejection.
  promise.catch(() => {});
  const d: Deferred<T> = {
    promise,
    settled: false,
    resolve(value) {
      if (d.settled) return;
      d.settled = true;
      resolve(value);
    },
  };
  return d;
}

/**
 * The tasks of tasks.ts in a worker thread, so they run beside the main analysis on another core.
 * The worker is spawned at once (it loads while the history loads); the table goes to it as the
 * grouped arrays (shared memory when they live in SharedArrayBuffers), the features as one
 * Float64Array. Should the thread fail (it cannot start, or it dies), what it had not delivered is
 * computed on this thread instead, from the same inputs, so a refresh never depends on the thread
 * and never differs by it; a task's own error fails the refresh either way.
 */
export function workerTasks(clock?: () => number): AnalysisTasks {
  const local = inThreadTasks(clock);
  const results = {
    tableColumns: deferred<TableColumns>(),
    clustering: deferred<Clustering>(),
    late: deferred<LateResults>(),
  };
  let worker: Worker | null = null;
  let fellBack = false;

  let closed = false;
  const fallBack = (error: Error) => {
    if (closed || fellBack) return;
    void worker?.terminate();
    worker = null;
    if (Object.values(results).every((r) => r.settled)) return;
    fellBack = true;
    console.warn(`[analytics] the worker thread failed (${error.message}); computing on this thread`);
    // A task's own error recurs here, and fails the refresh with this thread's stack.
    if (!results.tableColumns.settled) results.tableColumns.resolve(local.tableColumns());
    if (!results.clustering.settled) results.clustering.resolve(local.clustering());
    if (!results.late.settled) results.late.resolve(local.late());
  };
  try {
    worker = spawnAnalysisWorker();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'error') fallBack(new Error(message.message));
      else if (message.type === 'tableColumns') results.tableColumns.resolve(message.result);
      else if (message.type === 'clustering') results.clustering.resolve(message.result);
      else results.late.resolve(message.result);
    });
    worker.on('error', (error) => fallBack(error));
    worker.on('exit', (code) => fallBack(new Error(`the worker thread exited (code ${code})`)));
  } catch (error) {
    fallBack(error instanceof Error ? error : new Error(String(error)));
  }
  const post = (message: ToWorker) => {
    try {
      worker?.postMessage(message);
    } catch (error) {
      fallBack(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return {
    get threads() {
      return fellBack ? 1 : 2;
    },
    start(table: TransactionTable, input: AnalysisInput) {
      local.start(table, input);
      post({ type: 'start', grouped: table.group(), input });
    },
    features(features: CoreAnalysis['features']) {
      local.features(features);
      const dim = features.names.length;
      const data = new Float64Array(features.data.length * dim);
      for (let i = 0; i < features.data.length; i++) data.set(features.data[i], i * dim);
      post({ type: 'features', data, dim, names: features.names });
    },
    baskets(baskets) {
      local.baskets(baskets);
      post({ type: 'baskets', baskets });
    },
    tableColumns: () => results.tableColumns.promise,
    clustering: () => results.clustering.promise,
    late: () => results.late.promise,
    close() {
      closed = true;
      void worker?.terminate();
      worker = null;
    },
  };
}
