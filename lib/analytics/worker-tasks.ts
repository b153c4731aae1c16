import 'server-only';
import { Worker } from 'node:worker_threads';
import type { Clustering, CoreAnalysis, TransactionTable } from '@/analytics';
import {
  type AnalysisInput,
  type AnalysisTasks,
  type LateResults,
  mergeLate,
  runTask,
  type StandardErrors,
  type TableColumns,
  type TaskName,
} from './tasks';
import type { FromWorker, ToWorker } from './worker-messages';

/**
 * Starts a worker thread of the refresh (analysis-worker.ts). Inside Next (the server bundle, and
 * `next dev`) the bundler turns this `new Worker(new URL(…))` into the worker's own compiled entry;
 * from source (tsx: `npm run worker`, the CLI, benches; Vitest) the new thread first registers
 * tsx's loader, which a worker does not inherit, and then imports the TypeScript file.
 */
function spawnAnalysisWorker(): Worker {
  // A larger young generation than the default: the library allocates many short-lived objects,
  // and scavenging them is a good part of its time.
  const resourceLimits = { maxYoungGenerationSizeMb: 96 };
  if (process.env.NEXT_RUNTIME) return new Worker(new URL('./analysis-worker.ts', import.meta.url), { resourceLimits });
  // Not `new URL(…, import.meta.url)`: the bundler would copy the .ts file into the build as an asset.
  const entry = import.meta.url.replace(/[^/]*$/, 'analysis-worker.ts');
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, resourceLimits },
  );
}

type Request = { task: TaskName; args: unknown; resolve(value: unknown): void; reject(error: Error): void };

/** A worker thread idle this long after a refresh is ended (the next refresh starts a new one). */
export const IDLE_WORKER_MS = 5 * 60_000;

/**
 * Idle worker threads kept for the next refresh, so that one does not pay their start again (in
 * the server bundle a start is cheap; from source under tsx it costs about a second of CPU each).
 * They do not keep the process alive.
 */
const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];

function acquireWorker(): Worker {
  const kept = idle.pop();
  if (kept) {
    clearTimeout(kept.timer);
    kept.worker.ref();
    return kept.worker;
  }
  return spawnAnalysisWorker();
}

function releaseWorker(worker: Worker): void {
  worker.postMessage({ type: 'release' } satisfies ToWorker);
  worker.unref();
  const timer = setTimeout(() => {
    const at = idle.findIndex((k) => k.worker === worker);
    if (at >= 0) idle.splice(at, 1);
    void worker.terminate();
  }, IDLE_WORKER_MS);
  timer.unref();
  idle.push({ worker, timer });
}

/**
 * One worker thread and the requests sent to it. Should the thread fail (it cannot start, or it
 * dies), its unanswered requests, and any later ones, run on this thread instead, from the same
 * inputs: a refresh never depends on the thread and never differs by it. A task's own error is
 * the request's error, with the worker's stack.
 */
class Lane {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Request>();
  private nextId = 1;
  private closed = false;
  down = false;
  private readonly onMessage = (message: FromWorker) => {
    const request = this.pending.get(message.id);
    if (!request) return;
    this.pending.delete(message.id);
    if (message.type === 'result') request.resolve(message.result);
    else request.reject(Object.assign(new Error(message.message), { stack: message.stack }));
  };
  private readonly onError = (error: Error) => this.fail(error);
  private readonly onExit = (code: number) => this.fail(new Error(`the worker thread exited (code ${code})`));

  constructor(
    private readonly local: (task: TaskName, args: unknown) => unknown,
    private readonly input: () => AnalysisInput | null,
  ) {
    try {
      const worker = acquireWorker();
      worker.on('message', this.onMessage);
      worker.on('error', this.onError);
      worker.on('exit', this.onExit);
      this.worker = worker;
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  send(message: ToWorker): void {
    if (!this.worker) return;
    try {
      this.worker.postMessage(message);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  run<T>(task: TaskName, args: unknown, transferable?: unknown): Promise<T> {
    const answer = new Promise<T>((resolve, reject) => {
      const request: Request = { task, args, resolve: resolve as (value: unknown) => void, reject };
      if (this.down || !this.worker) return this.runHere(request);
      const id = this.nextId++;
      this.pending.set(id, request);
      this.send({ type: 'run', id, task, args: transferable ?? args, input: this.input()! });
    });
    // A result nobody awaits (the refresh failed first) must not be an unhandled rejection.
    answer.catch(() => {});
    return answer;
  }

  private runHere(request: Request): void {
    try {
      request.resolve(this.local(request.task, request.args));
    } catch (error) {
      request.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private detach(): Worker | null {
    const worker = this.worker;
    this.worker = null;
    worker?.off('message', this.onMessage);
    worker?.off('error', this.onError);
    worker?.off('exit', this.onExit);
    return worker;
  }

  private fail(error: Error): void {
    if (this.closed || this.down) return;
    this.down = true;
    void this.detach()?.terminate();
    if (this.pending.size > 0)
      console.warn(`[analytics] a worker thread failed (${error.message}); computing on this thread`);
    const requests = [...this.pending.values()];
    this.pending.clear();
    for (const request of requests) this.runHere(request);
  }

  /** Back to the idle threads when done; ended if a task is still running (the refresh failed). */
  close(): void {
    this.closed = true;
    const worker = this.detach();
    if (!worker) return;
    if (this.pending.size > 0) void worker.terminate();
    else releaseWorker(worker);
  }
}

/**
 * The tasks of tasks.ts in two worker threads, so they run beside the main analysis: one has the
 * table (churn and active months, then the holdout check, cohorts and basket rules), the other
 * k-means and the standard errors, which need only what they are sent. The threads are spawned at
 * once (they load while the history loads); the table goes as the grouped arrays (shared memory
 * when they live in SharedArrayBuffers), the features as one Float64Array.
 */
export function workerTasks(clock?: () => number): AnalysisTasks {
  const context: { table: TransactionTable | null; input: AnalysisInput | null } = { table: null, input: null };
  const local = (task: TaskName, args: unknown) => runTask(task, args, context, clock);
  const input = () => context.input;
  const tableLane = new Lane(local, input);
  const otherLane = new Lane(local, input);
  let columns: Promise<TableColumns> | null = null;
  return {
    get threads() {
      return 1 + (tableLane.down ? 0 : 1) + (otherLane.down ? 0 : 1);
    },
    start(table, analysisInput) {
      context.table = table;
      context.input = analysisInput;
      tableLane.send({ type: 'table', grouped: table.group(), input: analysisInput });
    },
    tableColumns() {
      columns ??= tableLane.run<TableColumns>('tableColumns', null);
      return columns;
    },
    clustering(features: Pick<CoreAnalysis['features'], 'data' | 'names'>) {
      // The features' one Float64Array (n × dim), which the thread uses as it is (chooseKMeans takes it).
      return otherLane.run<Clustering>('clustering', features, { data: features.data, names: features.names });
    },
    standardErrors: (request) => otherLane.run<StandardErrors>('standardErrors', request),
    // The holdout check, tracking curve and cohorts need the table; the basket rules only the
    // baskets: on the other thread, which is done with k-means by then, so both finish sooner.
    late: (baskets) => {
      const late = Promise.all([
        tableLane.run<Omit<LateResults, 'basketRules'>>('late', null),
        otherLane.run<Pick<LateResults, 'basketRules' | 'timings'>>('basketRules', baskets),
      ]).then(([table, rules]) => mergeLate(table, rules));
      late.catch(() => {});
      return late;
    },
    close() {
      tableLane.close();
      otherLane.close();
    },
  };
}
