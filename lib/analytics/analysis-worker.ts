/**
 * The worker thread of a refresh (worker-tasks.ts starts it): rebuilds the order table
 * from the arrays it is handed (shared memory, no copy), then runs the table-only tasks of tasks.ts
 * in the order the main thread needs their results: churn and active months, k-means (once the
 * features arrive), then the holdout check, cohorts and basket rules (once the baskets arrive).
 */
import { parentPort } from 'node:worker_threads';
import { type GroupedTransactions, TransactionTable } from '@/analytics';
import { type AnalysisInput, clusterTask, lateResults, tableColumns } from './tasks';
import type { ToWorker } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('analysis-worker runs in a worker thread');

const waiting = new Map<string, (message: ToWorker) => void>();
const arrived = new Map<string, ToWorker>();
port.on('message', (message: ToWorker) => {
  const resolve = waiting.get(message.type);
  if (resolve) {
    waiting.delete(message.type);
    resolve(message);
  } else arrived.set(message.type, message);
});
function next<T extends ToWorker['type']>(type: T): Promise<Extract<ToWorker, { type: T }>> {
  const message = arrived.get(type);
  if (message) {
    arrived.delete(type);
    return Promise.resolve(message as Extract<ToWorker, { type: T }>);
  }
  return new Promise((resolve) => waiting.set(type, resolve as (message: ToWorker) => void));
}

const clock = () => performance.now();

async function main() {
  const start = await next('start');
  const grouped: GroupedTransactions = start.grouped;
  const table = TransactionTable.fromGrouped(grouped);
  const input: AnalysisInput = start.input;

  const columns = tableColumns(table, input, clock);
  port!.postMessage({ type: 'tableColumns', result: columns }, [columns.churnRisk.buffer as ArrayBuffer]);

  const { data, dim, names } = await next('features');
  const rows = new Array<number[]>(data.length / dim);
  for (let i = 0; i < rows.length; i++) rows[i] = Array.from(data.subarray(i * dim, (i + 1) * dim));
  const clustering = clusterTask({ data: rows, names }, input, clock);
  port!.postMessage({ type: 'clustering', result: clustering });

  const { baskets } = await next('baskets');
  port!.postMessage({ type: 'late', result: lateResults(table, input, baskets, clock) });
}

main().catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ type: 'error', message: e.message, stack: e.stack });
});
