/** The messages between a refresh and its worker thread (worker-tasks.ts ⇄ analysis-worker.ts). */
import type { Clustering, FeatureName, GroupedTransactions } from '@/analytics';
import type { AnalysisInput, LateResults, TableColumns } from './tasks';

export type ToWorker =
  | { type: 'start'; grouped: GroupedTransactions; input: AnalysisInput }
  /** The k-means features row-major (n × dim). */
  | { type: 'features'; data: Float64Array; dim: number; names: FeatureName[] }
  | { type: 'baskets'; baskets: readonly (readonly string[])[] };

export type FromWorker =
  | { type: 'tableColumns'; result: TableColumns }
  | { type: 'clustering'; result: Clustering }
  | { type: 'late'; result: LateResults }
  | { type: 'error'; message: string; stack?: string };
