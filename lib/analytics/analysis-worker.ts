/**
 * A worker thread of a refresh (worker-tasks.ts starts it, and keeps it a while for the next
 * refresh): rebuilds the order table from the arrays it is handed (shared memory, no copy) and runs
 * the tasks of tasks.ts it is asked for, one after the other in the order asked, answering each
 * with its result or its error.
 */
import { parentPort } from 'node:worker_threads';
import { TransactionTable } from '@/analytics';
import { type AnalysisInput, runTask } from './tasks';
import type { FromWorker, ToWorker } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('analysis-worker runs in a worker thread');

const context: { table: TransactionTable | null; input: AnalysisInput | null } = { table: null, input: null };
const clock = () => performance.now();

port.on('message', (message: ToWorker) => {
  if (message.type === 'table') {
    context.table = TransactionTable.fromGrouped(message.grouped);
    context.input = message.input;
    return;
  }
  if (message.type === 'release') {
    context.table = null;
    context.input = null;
    return;
  }
  let answer: FromWorker;
  try {
    const result = runTask(message.task, message.args, { table: context.table, input: message.input }, clock);
    answer = { type: 'result', id: message.id, result };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer = { type: 'error', id: message.id, message: e.message, stack: e.stack };
  }
  port.postMessage(answer);
});
