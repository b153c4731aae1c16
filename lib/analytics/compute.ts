/**
 * From loaded order history to the snapshot's rows: calls the analytics library (the main analysis
 * here; churn, k-means, holdout check, cohorts and basket rules through AnalysisTasks, see tasks.ts)
 * and lays its results out as columns ready for bulk inserts. No database and no clock here (a
 * clock may be passed for step timings), so the refresh job and a test compute the same thing from
 * the same table.
 *
 * In two phases, so the refresh can write the score rows while the rest is still computed:
 * computeScores (everything customer_scores and analytics_clusters need), then finishSnapshot
 * (the run's metrics and the basket rules).
 */
import {
  analyzeCore,
  type Clustering,
  type CoreAnalysis,
  customerTextbookClv,
  daysPerUnit,
  ExpectedIfAlive,
  type ModelSummary,
  modelSummary,
  prepareSpendData,
  type TransactionTable,
  toDay,
  VALUE_CLASS_LIST,
  weightedRfmScore,
} from '@/analytics';
import type {
  AnalyticsRunInputs,
  AnalyticsRunMetrics,
  AnalyticsRunParameters,
  FitStatusJson,
  ParameterEstimate,
} from '@/db/schema/analytics';
import type { ByteTextColumn, Int16ListColumn } from './binary-copy';
import {
  type AnalysisInput,
  type AnalysisTasks,
  type AnalyticsSettings,
  type BasketRuleRow,
  inThreadTasks,
  type LateResults,
  pipelineOptions,
  type StandardErrorRequest,
  type StandardErrors,
  type TableColumns,
} from './tasks';

export { type AnalyticsSettings, type BasketRuleRow, CHURN_WINDOW_DAYS, pipelineOptions } from './tasks';

/** Holdout length of the model check, and the history a check needs (twice as long). */
export const HOLDOUT_DAYS = 182;
const EXPECTED_PURCHASE_DAYS = [30, 90, 365] as const;

const VALUE_CLASS_KEY = new Map(VALUE_CLASS_LIST.map((c) => [c.zh, c.key]));

/**
 * One array per customer_scores column, index i = the i-th scored customer. The numbers are in
 * Float64Arrays, NaN for SQL NULL (an array of JavaScript numbers boxes each fraction: 1.3 million
 * small objects per run at 87k customers, which the garbage collector copied about).
 */
export type ScoreColumns = {
  customerId: string[];
  firstOrderOn: string[];
  lastOrderOn: string[];
  recencyDays: Float64Array;
  frequency: Float64Array;
  /** Money in whole cents (fixedUnits(v, 2): the cents of v.toFixed(2)). */
  monetary: Float64Array;
  purchaseDays: Float64Array;
  rScore: Float64Array;
  fScore: Float64Array;
  mScore: Float64Array;
  rfmSegment: string[];
  valueClass: string[];
  /** In thousandths (fixedUnits(v, 3)). */
  weightedScore: Float64Array;
  historicalClv: Float64Array;
  /** Spend net of returns in the 365 days up to asOf. */
  revenue12m: Float64Array;
  textbookClv: Float64Array;
  predictedClv: Float64Array;
  clvBand: Float64Array;
  expectedValue: Float64Array;
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedPurchases30: Float64Array;
  expectedPurchases90: Float64Array;
  expectedPurchases365: Float64Array;
  churnRisk: Float64Array;
  /** JSON text of ChurnReason[] (NULL when the churn model could not be trained), as UTF-8 bytes. */
  churnReasons: ByteTextColumn;
  cluster: Float64Array;
  /** customer_scores.active_months of each row. */
  activeMonths: Int16ListColumn;
};

export type ClusterRow = {
  cluster: number;
  size: number;
  centroid: number[];
  label: string;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetary: string;
  meanPredictedClv: string | null;
};

export type Snapshot = {
  inputs: AnalyticsRunInputs;
  parameters: AnalyticsRunParameters;
  metrics: AnalyticsRunMetrics;
  scores: ScoreColumns;
  clusters: ClusterRow[];
  basketRules: BasketRuleRow[];
  timings: Record<string, number>;
};

export type ComputeInput = {
  table: TransactionTable;
  /** 'YYYY-MM-DD': the day the snapshot is as of. */
  asOf: string;
  settings: AnalyticsSettings;
  /** Product ids of each recent order (for basket rules). */
  baskets: readonly (readonly string[])[];
  clock?: () => number;
};

/** Rounded to cents as numeric(14,2) text; null for a missing or non-finite value. */
export const cents = (v: number | null | undefined): string | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v.toFixed(2);

/**
 * v rounded to `decimals` (2: cents) as a whole number of those units: the number v.toFixed(decimals)
 * writes, without the text (n such that n / 10^decimals is nearest v, a tie away from zero, as
 * toFixed has it). v · 10^decimals is rounded directly, unless its fraction is so near one half
 * that the product's own rounding could decide it: then the text decides. Null for a missing or
 * non-finite value.
 */
export function fixedUnits(v: number | null | undefined, decimals: 2 | 3): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  const scaled = v * (decimals === 2 ? 100 : 1000);
  const magnitude = Math.abs(scaled);
  const whole = Math.floor(magnitude);
  // The product is within half an ulp (< 1.2e-16 · |product|) of v · 10^decimals.
  if (magnitude < 1e15 && Math.abs(magnitude - whole - 0.5) > magnitude * 1e-15 + 1e-12) {
    const units = magnitude - whole > 0.5 ? whole + 1 : whole;
    return scaled < 0 ? -units : units;
  }
  return Number(v.toFixed(decimals).replace('.', ''));
}

/** The plain decimal text of `units` / 10^decimals (as toFixed(decimals) writes it, but never '-0.00'). */
export function unitsText(units: number | null, decimals: 2 | 3): string | null {
  if (units === null) return null;
  const unit = decimals === 2 ? 100 : 1000;
  const magnitude = Math.abs(units);
  const whole = Math.floor(magnitude / unit);
  return `${units < 0 ? '-' : ''}${whole}.${String(magnitude - whole * unit).padStart(decimals, '0')}`;
}
const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;
const estimate = (value: number, se: number | undefined): ParameterEstimate => ({ value, se: finite(se) });
const statusJson = (s: { state: string; message?: string }): FitStatusJson =>
  s.state === 'fitted' ? { state: 'fitted' } : { state: s.state as FitStatusJson['state'], message: s.message };

/** The calibration end of the holdout check: HOLDOUT_DAYS before asOf, when the history is twice that long. */
export function holdoutStart(table: TransactionTable, asOf: string): string | null {
  const g = table.group();
  const asOfDay = toDay(asOf);
  let earliest = Infinity;
  for (let c = 0; c < g.customerIds.length; c++)
    if (g.offsets[c + 1] > g.offsets[c]) earliest = Math.min(earliest, g.days[g.offsets[c]]);
  if (!(earliest <= asOfDay - 2 * HOLDOUT_DAYS)) return null;
  const d = new Date((asOfDay - HOLDOUT_DAYS) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** What the standard errors of the core's fitted models need (fitted models only). */
function standardErrorRequest(core: CoreAnalysis): StandardErrorRequest {
  const gg = core.gammaGamma;
  return {
    bgNbd: core.bg.status.state === 'fitted' ? { params: core.bg.params, data: core.btydData } : null,
    gammaGamma:
      'params' in gg && gg.status.state === 'fitted'
        ? { params: gg.params, data: prepareSpendData(core.summaries) }
        : null,
  };
}

/** Model parameters with standard errors (null where the information matrix is singular). */
function modelParameters(core: CoreAnalysis, se: StandardErrors): Omit<AnalyticsRunParameters, 'churn' | 'kmeans'> {
  const bg = core.bg;
  const bgSe = se.bgNbd;
  const gg = core.gammaGamma;
  let gammaGamma: AnalyticsRunParameters['gammaGamma'] = { status: statusJson(gg.status) };
  if ('params' in gg) {
    const ggSe = se.gammaGamma;
    gammaGamma = {
      status: statusJson(gg.status),
      p: estimate(gg.params.p, ggSe.p),
      q: estimate(gg.params.q, ggSe.q),
      gamma: estimate(gg.params.gamma, ggSe.gamma),
      logLikelihood: gg.logLikelihood,
      customers: gg.customers,
      spendFrequencyCorrelation: gg.spendFrequencyCorrelation,
    };
  }
  return {
    bgNbd: {
      status: statusJson(bg.status),
      r: estimate(bg.params.r, bgSe.r),
      alpha: estimate(bg.params.alpha, bgSe.alpha),
      a: estimate(bg.params.a, bgSe.a),
      b: estimate(bg.params.b, bgSe.b),
      logLikelihood: bg.logLikelihood,
      customers: bg.customers,
      iterations: bg.iterations,
    },
    gammaGamma,
    textbook: {
      retention: core.textbook.retention,
      retentionSource: core.textbook.retentionSource,
      annualDiscountRate: core.textbook.annualDiscountRate,
      years: core.textbook.years,
    },
  };
}

/** NaN for null, undefined and the non-finite: the NULL of a Float64Array column. */
const orNaN = (v: number | null | undefined): number =>
  v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;

/** E[purchases in the next 30, 90, 365 days | history] per customer; NaN when BG/NBD failed. */
function expectedPurchasesAt(core: CoreAnalysis, unit: 'day' | 'week'): Float64Array[] {
  const { summaries, bg, btydData: data } = core;
  const out = EXPECTED_PURCHASE_DAYS.map(() => new Float64Array(summaries.length).fill(Number.NaN));
  const predictions = core.predictions;
  if (bg.status.state === 'failed' || !predictions) return out;
  const perUnit = daysPerUnit(unit);
  // bgNbdConditionalExpected(bg.params, days / perUnit, c): the 2F1 factor per (x, T), keyed
  // x · |T values| + T index (customers of one (x, t_x, T) group share it), × P(alive).
  const nT = data.TValues.length;
  const H = EXPECTED_PURCHASE_DAYS.length;
  const ifAlive = new Map<number, number>();
  const expectedIfAlive = new ExpectedIfAlive(bg.params);
  const perGroup = new Float64Array(H * data.x.length);
  for (let g = 0; g < data.x.length; g++) {
    const x = data.x[g];
    const key = x * nT + data.TIndex[g];
    let at = ifAlive.get(key);
    if (at === undefined) {
      at = g;
      ifAlive.set(key, g);
      const T = data.TValues[data.TIndex[g]];
      for (let h = 0; h < H; h++) perGroup[H * g + h] = expectedIfAlive.at(EXPECTED_PURCHASE_DAYS[h] / perUnit, x, T);
    } else for (let h = 0; h < H; h++) perGroup[H * g + h] = perGroup[H * at + h];
  }
  for (let i = 0; i < summaries.length; i++) {
    const g = data.groupOf[i];
    // The forecast's P(alive) (bgNbdProbAlive of the same parameters and customer), not computed again.
    const pAlive = predictions.pAlive[i];
    for (let h = 0; h < H; h++) out[h][i] = orNaN(perGroup[H * g + h] * pAlive);
  }
  return out;
}

/** For each summarised customer, its index among the table's customers (summaries keep the table's order). */
function tableIndexOf(table: TransactionTable, core: CoreAnalysis): Int32Array {
  const ids = table.group().customerIds;
  const out = new Int32Array(core.summaries.length);
  let c = 0;
  core.summaries.forEach((s, i) => {
    while (ids[c] !== s.customerId) c++;
    out[i] = c;
  });
  return out;
}

/**
 * The score rows as columns, straight from the core's parts (the numbers customerResults puts in
 * one object per customer, computed by the same functions): no object per customer, whose fields
 * the garbage collector would copy about.
 */
function scoreColumns(
  core: CoreAnalysis,
  clustering: Clustering,
  options: ReturnType<typeof pipelineOptions>,
  expected: Float64Array[],
  columns: TableColumns,
  tableIndex: Int32Array,
): ScoreColumns {
  const { summaries, scores, matrix, segmentOf, predictions } = core;
  const labels = clustering.choice.best.labels;
  const margin = options.margin ?? 1;
  const n = summaries.length;
  const col = <T>(f: (i: number) => T): T[] => {
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return out;
  };
  const num = (f: (i: number) => number | null | undefined): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = orNaN(f(i));
    return out;
  };
  const clv = num((i) => predictions?.clv?.[i]);
  return {
    customerId: col((i) => summaries[i].customerId),
    firstOrderOn: col((i) => summaries[i].firstPurchase),
    lastOrderOn: col((i) => summaries[i].lastPurchase),
    recencyDays: num((i) => summaries[i].recencyDays),
    frequency: num((i) => summaries[i].orders),
    monetary: num((i) => fixedUnits(summaries[i].revenue, 2)),
    purchaseDays: num((i) => summaries[i].purchaseDays),
    rScore: num((i) => scores[i].r),
    fScore: num((i) => scores[i].f),
    mScore: num((i) => scores[i].m),
    rfmSegment: col((i) => segmentOf[i]),
    valueClass: col((i) => {
      const zh = matrix.rows[i].valueClass.zh;
      return VALUE_CLASS_KEY.get(zh) ?? zh;
    }),
    weightedScore: num((i) => fixedUnits(weightedRfmScore(scores[i]), 3)),
    historicalClv: num((i) => fixedUnits(summaries[i].revenue * margin, 2)),
    revenue12m: num((i) => fixedUnits(columns.revenue12m[tableIndex[i]], 2)),
    textbookClv: num((i) => fixedUnits(customerTextbookClv(core, summaries[i], options), 2)),
    predictedClv: num((i) => fixedUnits(clv[i], 2)),
    clvBand: quintileBandColumn(clv),
    expectedValue: num((i) => fixedUnits(predictions?.expectedValue?.[i], 2)),
    pAlive: num((i) => predictions?.pAlive[i]),
    expectedPurchases: num((i) => predictions?.expectedPurchases[i]),
    expectedPurchases30: expected[0],
    expectedPurchases90: expected[1],
    expectedPurchases365: expected[2],
    churnRisk: num((i) => columns.churnRisk[tableIndex[i]]),
    churnReasons: { ...columns.churnReasons, rows: tableIndex },
    cluster: num((i) => labels[i]),
    activeMonths: { ...columns.activeMonths, rows: tableIndex },
  };
}

/**
 * Quintile (1 … 5) of each finite value of a column by rank (NaN, the column's null, and the
 * infinities get none): a typed-array sort of the values (no comparator) and each value's rank
 * found in it, equal values ranked in index order.
 */
export function quintileBandColumn(values: Float64Array): Float64Array {
  const n = values.length;
  const bands = new Float64Array(n).fill(Number.NaN);
  let count = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) count++;
  const sorted = new Float64Array(count);
  for (let i = 0, k = 0; i < n; i++) if (Number.isFinite(values[i])) sorted[k++] = values[i];
  sorted.sort();
  // Values seen so far that have equals (-0 and 0 are one key, as the comparator had them).
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let rank = lo;
    if (lo + 1 < count && sorted[lo + 1] === v) {
      const before = seen.get(v) ?? 0;
      rank += before;
      seen.set(v, before + 1);
    }
    bands[i] = Math.floor((rank * 5) / count) + 1;
  }
  return bands;
}

function clusterRows(core: CoreAnalysis, { choice, labels }: Clustering): ClusterRow[] {
  const k = choice.best.centroids.length;
  const sums = Array.from({ length: k }, () => ({ n: 0, recency: 0, frequency: 0, monetary: 0, clv: 0, clvN: 0 }));
  core.summaries.forEach((c, i) => {
    const s = sums[choice.best.labels[i]];
    s.n++;
    s.recency += c.recencyDays;
    s.frequency += c.orders;
    s.monetary += c.revenue;
    const clv = core.predictions?.clv?.[i];
    if (clv != null) {
      s.clv += clv;
      s.clvN++;
    }
  });
  return choice.best.centroids.map((centroid, cluster) => {
    const s = sums[cluster];
    return {
      cluster,
      size: choice.best.sizes[cluster],
      centroid,
      label: labels[cluster],
      meanRecencyDays: s.n ? s.recency / s.n : 0,
      meanFrequency: s.n ? s.frequency / s.n : 0,
      meanMonetary: cents(s.n ? s.monetary / s.n : 0)!,
      meanPredictedClv: s.clvN ? cents(s.clv / s.clvN) : null,
    };
  });
}

/** What computeScores leaves for finishSnapshot, besides the rows it returns. */
export type ScoresPhase = {
  input: AnalysisInput;
  core: CoreAnalysis;
  clustering: Clustering;
  columns: TableColumns;
  /** The standard errors, still being computed: only the run row needs them (finishSnapshot). */
  standardErrors: Promise<StandardErrors>;
  scores: ScoreColumns;
  clusters: ClusterRow[];
  timings: Record<string, number>;
};

/**
 * Phase one: the main analysis on this thread while `tasks` compute churn and active months (from
 * the table, asked for at once), k-means (from the features, as soon as RFM has them) and the
 * standard errors (once the models are fitted); then the score and cluster rows. `tasks` must have
 * been started with the same table and input.
 */
export async function computeScores(
  table: TransactionTable,
  input: AnalysisInput,
  tasks: AnalysisTasks,
  clock?: () => number,
): Promise<ScoresPhase> {
  const { asOf, settings, holdoutFrom } = input;
  const options = { ...pipelineOptions(settings, asOf, holdoutFrom), clock };
  const columnsAsked = tasks.tableColumns();
  let clusteringAsked: Promise<Clustering> | null = null;
  const core = analyzeCore(table, options, (features) => {
    clusteringAsked = tasks.clustering(features);
  });
  const timings: Record<string, number> = { ...core.timingsMs };
  let last = clock?.() ?? 0;
  const lap = (step: string) => {
    if (!clock) return;
    const now = clock();
    timings[step] = Math.round(now - last);
    last = now;
  };
  const seAsked = tasks.standardErrors(standardErrorRequest(core));
  const expected = expectedPurchasesAt(core, settings.unit);
  const tableIndex = tableIndexOf(table, core);
  lap('expectedPurchases');
  // The rows need churn and the clusters, not the standard errors (which can be written after them).
  const [columns, clustering] = await Promise.all([columnsAsked, clusteringAsked!]);
  lap('waitTasks');
  const scores = scoreColumns(core, clustering, options, expected, columns, tableIndex);
  const clusters = clusterRows(core, clustering);
  lap('columns');
  Object.assign(timings, columns.timings, clustering.timingsMs);
  return { input, core, clustering, columns, standardErrors: seAsked, scores, clusters, timings };
}

/** The run's fitted parameters: the core's models with their standard errors, k-means and churn. */
function runParameters({ core, clustering, columns }: ScoresPhase, se: StandardErrors): AnalyticsRunParameters {
  return {
    ...modelParameters(core, se),
    kmeans: {
      k: clustering.choice.best.k,
      silhouette: clustering.choice.best.silhouette,
      features: ['recency', 'frequency', 'monetary'],
    },
    churn: columns.churnParameters,
  };
}

/**
 * Phase two: the run's inputs, parameters and metrics and the basket rules, from phase one, its
 * standard errors (awaited by the caller: `await phase.standardErrors`) and the late tasks.
 */
export function finishSnapshot(
  table: TransactionTable,
  phase: ScoresPhase,
  se: StandardErrors,
  late: LateResults,
  basketOrders: number,
): Snapshot {
  const { input, core, clustering, columns } = phase;
  const model: ModelSummary = modelSummary(
    table,
    core,
    clustering,
    late.holdout,
    pipelineOptions(input.settings, input.asOf, input.holdoutFrom),
  );
  const holdout = model.holdout;
  return {
    inputs: { ...input.settings, asOf: input.asOf, holdoutFrom: input.holdoutFrom, basketOrders },
    parameters: runParameters(phase, se),
    metrics: {
      customers: model.customers,
      returns: model.returns,
      rfm: model.rfm,
      clvTotal: model.clv.total,
      kmeansCandidates: model.kmeans.candidates,
      holdout: holdout
        ? {
            calibrationEnd: holdout.calibrationEnd,
            status: statusJson(holdout.fit.status),
            params: holdout.fit.status.state === 'failed' ? undefined : holdout.fit.params,
            customers: holdout.fit.customers,
            actualTotal: holdout.check?.actualTotal,
            predictedTotal: holdout.check?.predictedTotal,
            mae: holdout.check?.mae,
            byFrequency: holdout.check?.byFrequency,
            cumulative: late.cumulative,
          }
        : null,
      churn: columns.churnMetrics,
      cohorts: late.cohorts,
      basket: { orders: basketOrders, rules: late.basketRules.length },
    },
    scores: phase.scores,
    clusters: phase.clusters,
    basketRules: late.basketRules,
    timings: { ...phase.timings, ...se.timings, ...late.timings },
  };
}

/** Everything a refresh writes, from the loaded history, in one call. Throws when there is too little data to analyse. */
export async function computeSnapshot(
  { table, asOf, settings, baskets, clock }: ComputeInput,
  tasks: AnalysisTasks = inThreadTasks(clock),
): Promise<Snapshot> {
  const input: AnalysisInput = { asOf, settings, holdoutFrom: holdoutStart(table, asOf) };
  try {
    tasks.start(table, input);
    const late = tasks.late(baskets);
    const phase = await computeScores(table, input, tasks, clock);
    return finishSnapshot(table, phase, await phase.standardErrors, await late, baskets.length);
  } finally {
    tasks.close();
  }
}
