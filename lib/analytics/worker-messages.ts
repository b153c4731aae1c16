/** The messages between a refresh and its worker threads (worker-tasks.ts ⇄ analysis-worker.ts). */
import type { GroupedTransactions } from '@/analytics';
import type { AnalysisInput, TaskName } from './tasks';

export type ToWorker =
  /** The table, for the tasks that read it (the grouped arrays; shared memory when they are shared). */
  | { type: 'table'; grouped: GroupedTransactions; input: AnalysisInput }
  /** Run a task (in the order asked) and answer with its id. */
  | { type: 'run'; id: number; task: TaskName; args: unknown; input: AnalysisInput }
  /** The refresh is over: drop the table (the thread waits, idle, for the next one). */
  | { type: 'release' };

export type FromWorker =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string; stack?: string };
