/**
 * The parts of a refresh's analysis that need only the order table (or only the k-means features),
 * not the main analysis (summaries, RFM, BG/NBD, Gamma-Gamma, CLV): the churn model, each
 * customer's active months, k-means, the holdout check with its tracking curve, cohorts and basket
 * rules. They run in a worker thread while the main thread does the rest (analysis-worker.ts), or
 * in turn on the main thread; either way the same functions on the same inputs, so the same
 * results. No database, no server-only imports: a worker thread loads this file.
 */
import {
  basketRules,
  type ChurnModelReport,
  type Clustering,
  type CoreAnalysis,
  clusterCustomers,
  cohortRetention,
  cumulativeRepeatPurchases,
  holdoutCheck,
  type ModelSummary,
  monthIndex,
  type TransactionTable,
  toDay,
  trainChurnModel,
} from '@/analytics';
import type { AnalyticsRunInputs, AnalyticsRunMetrics, AnalyticsRunParameters } from '@/db/schema/analytics';

/** Settings a run uses, before the run decides its holdout. */
export type AnalyticsSettings = Omit<AnalyticsRunInputs, 'asOf' | 'holdoutFrom' | 'basketOrders'>;

/** Window of the churn label: no purchase in the next 90 days. */
export const CHURN_WINDOW_DAYS = 90;

/** What every task needs besides the table: the day, the settings and the holdout start. */
export type AnalysisInput = { asOf: string; settings: AnalyticsSettings; holdoutFrom: string | null };

/** The options analyzeCustomers is called with for these settings (the test calls it the same way). */
export function pipelineOptions(settings: AnalyticsSettings, asOf: string, holdout: string | null) {
  return {
    asOf,
    unit: settings.unit,
    holdout: holdout ?? undefined,
    horizonMonths: settings.horizonMonths,
    monthlyDiscountRate: settings.monthlyDiscountRate,
    margin: settings.margin,
    acquisitionCost: settings.acquisitionCost,
    seed: settings.seed,
  };
}

type Clock = (() => number) | undefined;
const lapper = (clock: Clock, timings: Record<string, number>) => {
  let last = clock?.() ?? 0;
  return (step: string) => {
    if (!clock) return;
    const now = clock();
    timings[step] = Math.round(now - last);
    last = now;
  };
};

/**
 * Columns per customer of the table, in the table's customer order: churn risk (NaN when the
 * customer has none or the model could not be trained) with its reasons as the JSON text the
 * column stores, and the active months; plus the churn model's parameters and metrics.
 */
export type TableColumns = {
  churnRisk: Float64Array;
  churnReasons: (string | null)[];
  activeMonths: string[];
  churnParameters: AnalyticsRunParameters['churn'];
  churnMetrics: AnalyticsRunMetrics['churn'];
  timings: Record<string, number>;
};

export function tableColumns(table: TransactionTable, { asOf }: AnalysisInput, clock?: Clock): TableColumns {
  const timings: Record<string, number> = {};
  const lap = lapper(clock, timings);
  let churn: ChurnModelReport | null = null;
  let churnError: string | null = null;
  try {
    churn = trainChurnModel(table, { asOf, windowDays: CHURN_WINDOW_DAYS });
  } catch (error) {
    churnError = `The churn model could not be trained: ${(error as Error).message}.`;
  }
  const ids = table.group().customerIds;
  const index = new Map<string, number>();
  for (let c = 0; c < ids.length; c++) index.set(ids[c], c);
  const churnRisk = new Float64Array(ids.length).fill(Number.NaN);
  const churnReasons = new Array<string | null>(ids.length).fill(null);
  // Reasons that push towards churn only, rounded to 3 decimals.
  for (const r of churn?.scores ?? []) {
    const c = index.get(r.customerId)!;
    churnRisk[c] = r.risk;
    let json = '';
    for (const reason of r.reasons)
      if (reason.contribution > 0)
        json += `${json ? ',' : ''}{"feature":${JSON.stringify(reason.feature)},"contribution":${Math.round(reason.contribution * 1000) / 1000}}`;
    churnReasons[c] = `[${json}]`;
  }
  lap('churn');
  const activeMonths = activeMonthTexts(table, asOf);
  lap('activeMonths');
  return {
    churnRisk,
    churnReasons,
    activeMonths,
    churnParameters: churn
      ? {
          status: { state: churn.model.converged ? 'fitted' : 'limit', message: undefined },
          features: churn.model.featureNames,
          coefficients: churn.model.coefficients,
          intercept: churn.model.intercept,
          windowDays: CHURN_WINDOW_DAYS,
        }
      : { status: { state: 'failed', message: churnError ?? undefined } },
    churnMetrics: churn
      ? { testAuc: churn.testAuc, trainChurnRate: churn.train.churnRate, testChurnRate: churn.test.churnRate }
      : null,
    timings,
  };
}

/**
 * Per customer of the table, the months (since the first purchase's month) with a purchase on or
 * before asOf, as a PostgreSQL array literal ('{}' for none): cohortRetention's counting, kept per
 * customer so any filter of customers gives its own cohort matrix.
 */
export function activeMonthTexts(table: TransactionTable, asOf: string): string[] {
  const g = table.group();
  const asOfDay = toDay(asOf);
  // Month of each day, computed once per distinct day (a few thousand) instead of once per order.
  let minDay = asOfDay;
  for (let i = 0; i < g.days.length; i++) if (g.days[i] < minDay) minDay = g.days[i];
  const monthOf = new Int32Array(asOfDay - minDay + 1);
  for (let d = minDay; d <= asOfDay; d++) monthOf[d - minDay] = monthIndex(d);
  const out = new Array<string>(g.customerIds.length);
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    const end = g.offsets[c + 1];
    if (end === start || g.days[start] > asOfDay) {
      out[c] = '{}';
      continue;
    }
    const first = monthOf[g.days[start] - minDay];
    let text = '{0';
    let last = 0;
    for (let i = start + 1; i < end && g.days[i] <= asOfDay; i++) {
      const offset = monthOf[g.days[i] - minDay] - first;
      if (offset !== last) {
        text += `,${offset}`;
        last = offset;
      }
    }
    out[c] = `${text}}`;
  }
  return out;
}

/** K-means on the features, as analyzeCustomers runs it for these settings. */
export function clusterTask(
  features: Pick<CoreAnalysis['features'], 'data' | 'names'>,
  { asOf, settings }: AnalysisInput,
  clock?: Clock,
) {
  return clusterCustomers(features, { ...pipelineOptions(settings, asOf, null), clock });
}

export type BasketRuleRow = {
  antecedentId: string;
  consequentId: string;
  support: number;
  confidence: number;
  lift: number;
  orders: number;
};

/** What only the run row and the small tables need: holdout check and tracking curve, cohorts, basket rules. */
export type LateResults = {
  holdout: ModelSummary['holdout'];
  cumulative: NonNullable<AnalyticsRunMetrics['holdout']>['cumulative'];
  cohorts: AnalyticsRunMetrics['cohorts'];
  basketRules: BasketRuleRow[];
  timings: Record<string, number>;
};

export function lateResults(
  table: TransactionTable,
  { asOf, settings, holdoutFrom }: AnalysisInput,
  baskets: readonly (readonly string[])[],
  clock?: Clock,
): LateResults {
  const timings: Record<string, number> = {};
  const lap = lapper(clock, timings);
  const holdout = holdoutCheck(table, pipelineOptions(settings, asOf, holdoutFrom));
  lap('holdout');
  let cumulative: LateResults['cumulative'];
  if (holdout && holdout.fit.status.state !== 'failed') {
    cumulative = cumulativeRepeatPurchases(table, holdout.fit.params, {
      calibrationEnd: holdout.calibrationEnd,
      observationEnd: asOf,
      unit: settings.unit,
    });
  }
  lap('tracking');
  const cohorts = cohortRetention(table, { asOf }).map(({ cohort, size, active }) => ({ cohort, size, active }));
  lap('cohorts');
  const rules = basketRuleRows(baskets);
  lap('basket');
  return { holdout, cumulative, cohorts, basketRules: rules, timings };
}

/** Rules between product pairs of at least 5 orders (and 0.1 % of them), the 10 best by lift per product. */
function basketRuleRows(baskets: readonly (readonly string[])[]): BasketRuleRow[] {
  if (baskets.length === 0) return [];
  const minSupport = Math.max(0.001, 5 / baskets.length);
  const { rules } = basketRules(baskets, { minSupport, minConfidence: 0.05, maxSize: 2 });
  const perProduct = new Map<string, number>();
  const out: BasketRuleRow[] = [];
  for (const r of rules) {
    const antecedent = r.antecedent[0];
    const taken = perProduct.get(antecedent) ?? 0;
    if (taken >= 10) continue;
    perProduct.set(antecedent, taken + 1);
    out.push({
      antecedentId: antecedent,
      consequentId: r.consequent,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      orders: r.count,
    });
  }
  return out;
}

export type { Clustering };

/**
 * Where the tasks run: the refresh hands over the table (start), then the k-means features and the
 * baskets as it has them, and awaits each result. tableColumns and clustering are needed for the
 * score rows, late only for the run row.
 */
export type AnalysisTasks = {
  /** 1 (this thread) or 2 (a worker thread besides). */
  readonly threads: number;
  start(table: TransactionTable, input: AnalysisInput): void;
  features(features: CoreAnalysis['features']): void;
  baskets(baskets: readonly (readonly string[])[]): void;
  tableColumns(): Promise<TableColumns>;
  clustering(): Promise<Clustering>;
  late(): Promise<LateResults>;
  close(): void;
};

/**
 * The tasks on this thread, each computed when first awaited, as soon as what it needs has been
 * handed over (so a caller may ask before handing over, as the worker's fallback does).
 */
export function inThreadTasks(clock?: Clock): AnalysisTasks {
  const given = <T>() => {
    let set!: (value: T) => void;
    const promise = new Promise<T>((resolve) => {
      set = resolve;
    });
    return { promise, set };
  };
  const started = given<{ table: TransactionTable; input: AnalysisInput }>();
  const features = given<CoreAnalysis['features']>();
  const baskets = given<readonly (readonly string[])[]>();
  const once = <T>(f: () => Promise<T>) => {
    let p: Promise<T> | null = null;
    return () => {
      p ??= f();
      return p;
    };
  };
  return {
    threads: 1,
    start: (table, input) => started.set({ table, input }),
    features: (f) => features.set(f),
    baskets: (b) => baskets.set(b),
    tableColumns: once(async () => {
      const { table, input } = await started.promise;
      return tableColumns(table, input, clock);
    }),
    clustering: once(async () => {
      const [{ input }, f] = await Promise.all([started.promise, features.promise]);
      return clusterTask(f, input, clock);
    }),
    late: once(async () => {
      const [{ table, input }, b] = await Promise.all([started.promise, baskets.promise]);
      return lateResults(table, input, b, clock);
    }),
    close() {},
  };
}
