/**
 * The parts of a refresh's analysis that need only the order table (or only the k-means features),
 * not the main analysis (summaries, RFM, BG/NBD, Gamma-Gamma, CLV): the churn model, each
 * customer's active months, k-means, the holdout check with its tracking curve, cohorts and basket
 * rules. They run in a worker thread while the main thread does the rest (analysis-worker.ts), or
 * in turn on the main thread; either way the same functions on the same inputs, so the same
 * results. No database, no server-only imports: a worker thread loads this file.
 */
import {
  type BgNbdParams,
  type BtydData,
  basketRules,
  bgNbdStandardErrors,
  type ChurnModelColumns,
  type Clustering,
  clusterCustomers,
  cohortRetention,
  cumulativeRepeatPurchases,
  type GammaGammaParams,
  gammaGammaStandardErrors,
  holdoutCheck,
  type ModelSummary,
  monthIndex,
  type SpendData,
  type TransactionTable,
  toDay,
  trainChurnModelColumns,
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
  /**
   * Per customer, the JSON text of its ChurnReason[] in UTF-8 (bytes[offsets[c] … offsets[c + 1] − 1];
   * isNull[c] when the customer has none or the model could not be trained): three typed arrays,
   * not a string per customer to copy between threads.
   */
  churnReasons: { bytes: Uint8Array; offsets: Int32Array; isNull: Uint8Array };
  /** Per customer, its active months (values[offsets[c] … offsets[c + 1] − 1]), see activeMonthLists. */
  activeMonths: { values: Int16Array; offsets: Int32Array };
  /** Spend net of returns in the 365 days up to asOf (the dashboards' "revenue last 12 months"). */
  revenue12m: Float64Array;
  churnParameters: AnalyticsRunParameters['churn'];
  churnMetrics: AnalyticsRunMetrics['churn'];
  timings: Record<string, number>;
};

export function tableColumns(table: TransactionTable, { asOf }: AnalysisInput, clock?: Clock): TableColumns {
  const timings: Record<string, number> = {};
  const lap = lapper(clock, timings);
  let churn: ChurnModelColumns | null = null;
  let churnError: string | null = null;
  try {
    churn = trainChurnModelColumns(table, { asOf, windowDays: CHURN_WINDOW_DAYS });
  } catch (error) {
    churnError = `The churn model could not be trained: ${(error as Error).message}.`;
  }
  const ids = table.group().customerIds;
  const churnRisk = new Float64Array(ids.length).fill(Number.NaN);
  const churnReasons = {
    bytes: new Uint8Array(Math.max(1024, 128 * ids.length)),
    offsets: new Int32Array(ids.length + 1),
    isNull: new Uint8Array(ids.length).fill(1),
  };
  if (churn) {
    // Reasons that push towards churn only, rounded to 3 decimals, written in table order.
    const { customers, risk, reasonCount, reasonFeature, reasonContribution } = churn;
    const quoted = churn.model.featureNames.map((name) => `{"feature":${JSON.stringify(name)},"contribution":`);
    const texts = new Array<string | null>(ids.length).fill(null);
    for (let i = 0; i < customers.length; i++) {
      const c = customers[i];
      churnRisk[c] = risk[i];
      let json = '';
      for (let k = 0; k < reasonCount; k++) {
        const contribution = reasonContribution[i * reasonCount + k];
        if (contribution > 0)
          json += `${json ? ',' : ''}${quoted[reasonFeature[i * reasonCount + k]]}${Math.round(contribution * 1000) / 1000}}`;
      }
      texts[c] = `[${json}]`;
    }
    const encoder = new TextEncoder();
    let at = 0;
    for (let c = 0; c < ids.length; c++) {
      const text = texts[c];
      if (text !== null) {
        if (at + 3 * text.length > churnReasons.bytes.length) {
          const more = new Uint8Array(2 * (at + 3 * text.length));
          more.set(churnReasons.bytes.subarray(0, at));
          churnReasons.bytes = more;
        }
        at += encoder.encodeInto(text, churnReasons.bytes.subarray(at)).written;
        churnReasons.isNull[c] = 0;
      }
      churnReasons.offsets[c + 1] = at;
    }
    churnReasons.bytes = churnReasons.bytes.slice(0, at);
  } else churnReasons.bytes = new Uint8Array(0);
  lap('churn');
  const activeMonths = activeMonthLists(table, asOf);
  const revenue12m = recentRevenue(table, asOf, 365);
  lap('activeMonths');
  return {
    churnRisk,
    churnReasons,
    activeMonths,
    revenue12m,
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
 * before asOf (none when it has none): cohortRetention's counting, kept per customer so any filter
 * of customers gives its own cohort matrix. Customer c's are values[offsets[c] … offsets[c + 1] − 1].
 */
export function activeMonthLists(table: TransactionTable, asOf: string): { values: Int16Array; offsets: Int32Array } {
  const g = table.group();
  const asOfDay = toDay(asOf);
  // Month of each day, computed once per distinct day (a few thousand) instead of once per order.
  let minDay = asOfDay;
  for (let i = 0; i < g.days.length; i++) if (g.days[i] < minDay) minDay = g.days[i];
  const monthOf = new Int32Array(asOfDay - minDay + 1);
  for (let d = minDay; d <= asOfDay; d++) monthOf[d - minDay] = monthIndex(d);
  // At most one month per order.
  const values = new Int16Array(g.days.length);
  const offsets = new Int32Array(g.customerIds.length + 1);
  let at = 0;
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    const end = g.offsets[c + 1];
    if (end > start && g.days[start] <= asOfDay) {
      const first = monthOf[g.days[start] - minDay];
      values[at++] = 0;
      let last = 0;
      for (let i = start + 1; i < end && g.days[i] <= asOfDay; i++) {
        const offset = monthOf[g.days[i] - minDay] - first;
        if (offset !== last) {
          values[at++] = offset;
          last = offset;
        }
      }
    }
    offsets[c + 1] = at;
  }
  return { values: values.slice(0, at), offsets };
}

/**
 * Per customer of the table, spend net of returns on the `days` days up to and including asOf:
 * summed over any set of customers without reading orders.
 */
export function recentRevenue(table: TransactionTable, asOf: string, days: number): Float64Array {
  const g = table.group();
  const asOfDay = toDay(asOf);
  const out = new Float64Array(g.customerIds.length);
  for (let c = 0; c < g.customerIds.length; c++) {
    let sum = 0;
    for (let i = g.offsets[c]; i < g.offsets[c + 1]; i++)
      if (g.days[i] > asOfDay - days && g.days[i] <= asOfDay) sum += g.amounts[i];
    out[c] = sum;
  }
  return out;
}

/** K-means on the features, as analyzeCustomers runs it for these settings. */
export function clusterTask(
  features: Parameters<typeof clusterCustomers>[0],
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

/**
 * Baskets as loadBaskets gives them: `orders` lines of comma-separated product ids, one per order.
 */
export type BasketText = { orders: number; text: string };

/** The product ids of each basket of a BasketText. */
export function basketLists({ orders, text }: BasketText): string[][] {
  if (orders === 0) return [];
  const lists = text.split('\n').map((line) => line.split(','));
  if (lists.length !== orders) throw new Error(`baskets: expected ${orders} lines, found ${lists.length}`);
  return lists;
}

/** Baskets as lists of product ids, or as loadBaskets' text. */
export type Baskets = readonly (readonly string[])[] | BasketText;

/** The late results that need the table: the holdout check with its tracking curve, and cohorts. */
export function lateResults(
  table: TransactionTable,
  { asOf, settings, holdoutFrom }: AnalysisInput,
  clock?: Clock,
): Omit<LateResults, 'basketRules'> {
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
  return { holdout, cumulative, cohorts, timings };
}

/** The basket rules of the baskets (no table needed: another thread than the table's can run it). */
export function basketTask(baskets: Baskets, clock?: Clock): Pick<LateResults, 'basketRules' | 'timings'> {
  const timings: Record<string, number> = {};
  const lap = lapper(clock, timings);
  const basketRules = basketRuleRows('text' in baskets ? basketLists(baskets) : baskets);
  lap('basket');
  return { basketRules, timings };
}

/** LateResults from its two tasks. */
export function mergeLate(
  late: Omit<LateResults, 'basketRules'>,
  baskets: Pick<LateResults, 'basketRules' | 'timings'>,
): LateResults {
  return { ...late, basketRules: baskets.basketRules, timings: { ...late.timings, ...baskets.timings } };
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

/** What the standard errors need: each fitted model's parameters and data (null: not fitted). */
export type StandardErrorRequest = {
  bgNbd: { params: BgNbdParams; data: BtydData } | null;
  gammaGamma: { params: GammaGammaParams; data: SpendData } | null;
};
export type StandardErrors = {
  bgNbd: Partial<Record<'r' | 'alpha' | 'a' | 'b', number>>;
  gammaGamma: Partial<Record<'p' | 'q' | 'gamma', number>>;
  timings: Record<string, number>;
};

/** Asymptotic standard errors of the fitted models; none where the information matrix is singular. */
export function standardErrors({ bgNbd, gammaGamma }: StandardErrorRequest, clock?: Clock): StandardErrors {
  const timings: Record<string, number> = {};
  const lap = lapper(clock, timings);
  const out: StandardErrors = { bgNbd: {}, gammaGamma: {}, timings };
  try {
    if (bgNbd) out.bgNbd = bgNbdStandardErrors(bgNbd.params, bgNbd.data);
  } catch {
    // A singular information matrix: no standard errors, the estimates stand.
  }
  try {
    if (gammaGamma) out.gammaGamma = gammaGammaStandardErrors(gammaGamma.params, gammaGamma.data);
  } catch {
    // as above
  }
  lap('standardErrors');
  return out;
}

/**
 * Where the tasks run. The refresh hands over the table (start), then asks for each result with
 * what it needs as soon as it has that (the k-means features right after RFM, the fitted models
 * for the standard errors, the baskets when they are loaded), and awaits the results later.
 */
export type AnalysisTasks = {
  /** 1 (this thread), or 1 + the worker threads besides. */
  readonly threads: number;
  start(table: TransactionTable, input: AnalysisInput): void;
  tableColumns(): Promise<TableColumns>;
  clustering(features: Parameters<typeof clusterCustomers>[0]): Promise<Clustering>;
  standardErrors(request: StandardErrorRequest): Promise<StandardErrors>;
  late(baskets: Baskets): Promise<LateResults>;
  close(): void;
};

/** A task by name, on a table: what a worker thread runs for a request (and this thread in turn). */
export type TaskName = 'tableColumns' | 'clustering' | 'standardErrors' | 'late' | 'basketRules';
export function runTask(
  name: TaskName,
  args: unknown,
  context: { table: TransactionTable | null; input: AnalysisInput | null },
  clock?: Clock,
): unknown {
  const need = <T>(v: T | null, what: string): T => {
    if (v === null) throw new Error(`analysis task ${name}: no ${what} was handed over`);
    return v;
  };
  switch (name) {
    case 'tableColumns':
      return tableColumns(need(context.table, 'table'), need(context.input, 'input'), clock);
    case 'clustering':
      return clusterTask(args as Parameters<typeof clusterCustomers>[0], need(context.input, 'input'), clock);
    case 'standardErrors':
      return standardErrors(args as StandardErrorRequest, clock);
    case 'late':
      return lateResults(need(context.table, 'table'), need(context.input, 'input'), clock);
    case 'basketRules':
      return basketTask(args as Baskets, clock);
  }
}

/**
 * The tasks on this thread, each computed when asked (a promise, so callers treat both kinds of
 * AnalysisTasks alike); tableColumns once, when first asked.
 */
export function inThreadTasks(clock?: Clock): AnalysisTasks {
  const context: { table: TransactionTable | null; input: AnalysisInput | null } = { table: null, input: null };
  const run = <T>(name: TaskName, args?: unknown) =>
    new Promise<T>((resolve) => resolve(runTask(name, args, context, clock) as T));
  let columns: Promise<TableColumns> | null = null;
  return {
    threads: 1,
    start(table, input) {
      context.table = table;
      context.input = input;
    },
    tableColumns() {
      columns ??= run<TableColumns>('tableColumns');
      return columns;
    },
    clustering: (features) => run('clustering', features),
    standardErrors: (request) => run('standardErrors', request),
    late: async (baskets) => mergeLate(await run('late'), await run('basketRules', baskets)),
    close() {},
  };
}
