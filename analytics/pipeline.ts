/**
 * The whole per-customer analysis in one call, as the CLI, the benchmark and (later) the refresh
 * job run it: summary → RFM → BG/NBD + Gamma-Gamma → CLV (textbook and probabilistic) → k-means,
 * plus an optional holdout check. Pure: pass a clock only if you want step timings.
 *
 * A model that cannot be fitted does not stop the rest: its status says why (model.bgNbd.status,
 * model.gammaGamma.status, in words for a person) and only what needs it is left out. P(alive)
 * and expected purchases need BG/NBD alone; expected value and CLV need Gamma-Gamma as well.
 */
import { type BgNbdFit, type BtydData, fitBgNbd, prepareBtydColumns, prepareBtydData } from './bgnbd';
import { textbookClv } from './clv';
import { bgNbdHoldoutFitColumns, type ForecastColumns, forecastColumns, type HoldoutFit } from './clv-probabilistic';
import { daysPerUnit, dayToIso, type TimeInput, type TimeUnit, toDay } from './dates';
import type { FitStatus } from './fit-status';
import { fitGammaGamma, type GammaGammaFit, gammaGammaExpectedValue, spendFrequencyCorrelation } from './gamma-gamma';
import {
  chooseKMeans,
  describeCentroid,
  type FeatureMatrix,
  type FeatureName,
  type KChoice,
  type Points,
  rfmFeatureMatrix,
} from './kmeans';
import { type RfmBreaks, type RfmWeights, rfmInputs, rfmScores, weightedRfmScore } from './rfm';
import { segmentRfm, valueMatrix } from './rfm-segments';
import {
  type CustomerSummary,
  calibrationHoldoutColumns,
  PurchaseDays,
  summarizeTransactions,
  type TransactionTable,
} from './summary';

export type PipelineOptions = {
  asOf: TimeInput;
  unit?: TimeUnit;
  /** Calibration end for a holdout check of BG/NBD over (holdout, asOf]. */
  holdout?: TimeInput;
  horizonMonths?: number;
  monthlyDiscountRate?: number;
  /** Profit share of revenue for both CLVs. Default 1 (revenue CLV). */
  margin?: number;
  /** Yearly retention for the textbook CLV; estimated from the data when omitted (see below). */
  retention?: number;
  /** Acquisition cost the textbook CLV subtracts (paid at t = 0). Default 0. */
  acquisitionCost?: number;
  weights?: RfmWeights;
  /** Add log-CLV to the k-means features. Default false. */
  clusterOnClv?: boolean;
  kMax?: number;
  seed?: number;
  clock?: () => number;
};

export type CustomerResult = CustomerSummary & {
  r: number;
  f: number;
  m: number;
  rfmScore: number;
  segment: string;
  valueClass: string;
  weightedScore: number;
  historicalClv: number;
  textbookClv: number;
  /** Null when BG/NBD could not be fitted; expectedValue and clv null when Gamma-Gamma could not. */
  probabilistic: {
    pAlive: number;
    expectedPurchases: number;
    expectedValue: number | null;
    clv: number | null;
  } | null;
  cluster: number;
  clusterLabel: string;
};

export type ModelSummary = {
  asOf: string;
  unit: TimeUnit;
  customers: number;
  rfm: { breaks: RfmBreaks; segments: Record<string, number>; valueMatrixMeans: { r: number; f: number; m: number } };
  /** Returns (negative amounts) on or before asOf, and customers left with no purchase by them. */
  returns: { rows: number; amount: number; customersWithoutPurchase: number };
  /** status.state 'failed': P(alive), expected purchases and CLV are left out (see status.message). */
  bgNbd: Omit<BgNbdFit, 'customers'> & { customers: number };
  /** When the fit was not even attempted (too few repeat customers), only a failed status. */
  gammaGamma:
    | (GammaGammaFit & { spendFrequencyCorrelation: number })
    | { status: Extract<FitStatus, { state: 'failed' }> };
  clv: { horizonMonths: number; monthlyDiscountRate: number; margin: number; total: number | null };
  textbook: {
    retention: number;
    retentionSource: 'given' | 'observed' | 'repeat-rate';
    annualDiscountRate: number;
    years: number;
    acquisitionCost: number;
  };
  kmeans: {
    k: number;
    silhouette: number;
    candidates: KChoice['candidates'];
    clusters: { cluster: number; size: number; centroid: number[]; label: string }[];
  };
  /** check is null when the calibration fit failed (see fit.status). */
  holdout?: {
    calibrationEnd: string;
    fit: Omit<BgNbdFit, 'customers'> & { customers: number };
    check: HoldoutFit | null;
  };
  timingsMs: Record<string, number>;
};

const YEAR = 365;

export const PREDICTIONS_FAILED =
  'BG/NBD predictions could not be computed: the fitted parameters are too extreme to evaluate expected purchases.';

/**
 * Yearly retention observed in the data: of the customers who bought in the year before last,
 * the share who bought again in the last year. Falls back to the repeat-purchase share when the
 * history is shorter than two years.
 */
function observedRetention(
  table: TransactionTable,
  asOfDay: number,
): { retention: number; source: 'observed' | 'repeat-rate' } {
  const g = table.group();
  let before = 0;
  let kept = 0;
  let buyers = 0;
  let repeaters = 0;
  let earliest = Infinity;
  const purchases = new PurchaseDays();
  for (let c = 0; c < g.customerIds.length; c++) {
    let inBefore = false;
    let inLast = false;
    let end = g.offsets[c];
    while (end < g.offsets[c + 1] && g.days[end] <= asOfDay) end++;
    const days = purchases.of(g, g.offsets[c], end);
    for (let k = 0; k < days; k++) {
      const d = purchases.days[k];
      earliest = Math.min(earliest, d);
      if (d > asOfDay - 2 * YEAR && d <= asOfDay - YEAR) inBefore = true;
      if (d > asOfDay - YEAR) inLast = true;
    }
    if (days > 0) buyers++;
    if (days > 1) repeaters++;
    if (inBefore) {
      before++;
      if (inLast) kept++;
    }
  }
  if (earliest <= asOfDay - 2 * YEAR && before > 0) return { retention: kept / before, source: 'observed' };
  return { retention: buyers ? repeaters / buyers : 0, source: 'repeat-rate' };
}

/**
 * What the analysis computes before k-means and the holdout check: summaries, RFM, the two models,
 * CLV, the textbook inputs and the k-means features. K-means needs only `features` and the holdout
 * check only the table, so a caller may run those two elsewhere (another thread) at the same time.
 */
export type CoreAnalysis = {
  asOfDay: number;
  summaries: CustomerSummary[];
  scores: ReturnType<typeof rfmScores>['scores'];
  breaks: RfmBreaks;
  matrix: ReturnType<typeof valueMatrix>;
  segments: Record<string, number>;
  segmentOf: string[];
  bg: BgNbdFit;
  /** The data BG/NBD was fitted on (prepareBtydData of the summaries), e.g. for standard errors. */
  btydData: BtydData;
  gammaGamma: ModelSummary['gammaGamma'];
  /** P(alive), expected purchases and CLV per customer (summary order); null when BG/NBD failed. */
  predictions: CorePredictions | null;
  clvTotal: number | null;
  textbook: ModelSummary['textbook'];
  /** Standardised log features of every summarised customer, in summary order (k-means input). */
  features: FeatureMatrix;
  timingsMs: Record<string, number>;
};

/**
 * The probabilistic numbers of each summarised customer as columns (index i = summaries[i]):
 * CustomerResult['probabilistic'] of every customer without an object each. expectedValue and clv
 * are null when Gamma-Gamma could not be fitted.
 */
export type CorePredictions = {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedValue: Float64Array | null;
  clv: Float64Array | null;
};

/** CustomerResult['probabilistic'] of summarised customer i, from the core's columns. */
export function probabilisticOf(core: Pick<CoreAnalysis, 'predictions'>, i: number): CustomerResult['probabilistic'] {
  const p = core.predictions;
  if (!p) return null;
  if (!p.clv || !p.expectedValue)
    return { pAlive: p.pAlive[i], expectedPurchases: p.expectedPurchases[i], expectedValue: null, clv: null };
  // clvOf's object, in its key order.
  return {
    expectedPurchases: p.expectedPurchases[i],
    expectedValue: p.expectedValue[i],
    pAlive: p.pAlive[i],
    clv: p.clv[i],
  };
}

/** The clusters k-means found in the features, with a description of each centroid in words. */
export type Clustering = { choice: KChoice; labels: string[]; timingsMs: Record<string, number> };

const lapper = (clock: (() => number) | undefined, timingsMs: Record<string, number>) => {
  let last = clock?.() ?? 0;
  return (step: string) => {
    if (!clock) return;
    const now = clock();
    timingsMs[step] = Math.round((now - last) * 10) / 10;
    last = now;
  };
};

/**
 * The analysis up to k-means (see CoreAnalysis). `onFeatures` is told the k-means features as soon
 * as they are known (right after RFM, or after CLV when clustering on CLV), so k-means can start
 * while the models are fitted.
 */
export function analyzeCore(
  table: TransactionTable,
  options: PipelineOptions,
  onFeatures?: (features: CoreAnalysis['features']) => void,
): CoreAnalysis {
  const { asOf, unit = 'day', horizonMonths = 12, monthlyDiscountRate = 0.01, margin = 1, clock } = options;
  const timingsMs: Record<string, number> = {};
  const lap = lapper(clock, timingsMs);
  const asOfDay = toDay(asOf);

  const summaries = summarizeTransactions(table, { asOf, unit });
  if (summaries.length < 2) throw new RangeError('need at least two customers with transactions on or before asOf');
  lap('summary');

  const { breaks, scores } = rfmScores(rfmInputs(summaries));
  const matrix = valueMatrix(scores);
  const segments: Record<string, number> = {};
  const segmentOf = scores.map((s) => {
    const name = segmentRfm(s);
    segments[name] = (segments[name] ?? 0) + 1;
    return name;
  });
  const featuresOf = (clv: ((i: number) => number | undefined) | null) =>
    rfmFeatureMatrix(scores.length, (i) => scores[i], clv);
  let features: CoreAnalysis['features'] | null = null;
  if (!options.clusterOnClv) {
    features = featuresOf(null);
    onFeatures?.(features);
  }
  lap('rfm');

  const data = prepareBtydData(summaries);
  const bg = fitBgNbd(data);
  lap('bgnbdFit');

  let forecast: ForecastColumns | null = null;
  if (bg.status.state !== 'failed') {
    try {
      forecast = forecastColumns(data, { bgNbd: bg.params, unit, horizonMonths, monthlyDiscountRate });
    } catch {
      // Parameters at extreme values can defeat the hypergeometric series (2F1) of E[Y(t)].
      bg.status = { state: 'failed', message: PREDICTIONS_FAILED };
    }
  }
  lap('forecast');

  let gammaGamma: ModelSummary['gammaGamma'];
  try {
    const gg = fitGammaGamma(summaries);
    gammaGamma = { ...gg, spendFrequencyCorrelation: spendFrequencyCorrelation(summaries) };
  } catch (error) {
    const why = (error as Error).message;
    const message = why.startsWith('Gamma-Gamma') ? `${why}.` : `Gamma-Gamma could not be fitted: ${why}.`;
    gammaGamma = { status: { state: 'failed', message } };
  }
  lap('gammaGammaFit');
  const spend = 'params' in gammaGamma && gammaGamma.status.state !== 'failed' ? gammaGamma.params : null;
  // Each customer's group's forecast, and with a spend model its expected value and CLV (clvOf's
  // numbers): columns, not an object per customer.
  let predictions: CorePredictions | null = null;
  let clvTotal: number | null = null;
  if (forecast) {
    const n = summaries.length;
    const p: CorePredictions = {
      pAlive: new Float64Array(n),
      expectedPurchases: new Float64Array(n),
      expectedValue: spend ? new Float64Array(n) : null,
      clv: spend ? new Float64Array(n) : null,
    };
    for (let i = 0; i < n; i++) {
      const g = data.groupOf[i];
      p.pAlive[i] = forecast.pAlive[g];
      p.expectedPurchases[i] = forecast.expectedPurchases[g];
      if (spend) {
        const expectedValue = gammaGammaExpectedValue(spend, summaries[i]);
        p.expectedValue![i] = expectedValue;
        p.clv![i] = forecast.discountedPurchases[g] * expectedValue * margin;
      }
    }
    if (p.clv) {
      clvTotal = 0;
      for (let i = 0; i < n; i++) clvTotal += p.clv[i];
    }
    predictions = p;
  }
  lap('clv');

  // Textbook CLV in yearly periods over the same horizon: yearly margin = revenue per year of
  // tenure (tenure counted as at least one year), retention per year, discount compounded monthly.
  const given = options.retention;
  const observed = given === undefined ? observedRetention(table, asOfDay) : null;
  const textbook: ModelSummary['textbook'] = {
    retention: given ?? observed!.retention,
    retentionSource: given === undefined ? observed!.source : 'given',
    annualDiscountRate: (1 + monthlyDiscountRate) ** 12 - 1,
    years: Math.max(1, Math.round(horizonMonths / 12)),
    acquisitionCost: options.acquisitionCost ?? 0,
  };
  lap('textbookClv');

  if (!features) {
    const clv = predictions?.clv;
    features = featuresOf(clvTotal !== null && clv ? (i) => clv[i] : null);
    onFeatures?.(features);
  }
  return {
    asOfDay,
    summaries,
    scores,
    breaks,
    matrix,
    segments,
    segmentOf,
    bg,
    btydData: data,
    gammaGamma,
    predictions,
    clvTotal,
    textbook,
    features,
    timingsMs,
  };
}

/** K-means on the core's features: k = 2 … kMax by silhouette, three seeded restarts per k. */
export function clusterCustomers(
  features: { data: Points; names: readonly FeatureName[] },
  { kMax = 8, seed = 1, clock }: Pick<PipelineOptions, 'kMax' | 'seed' | 'clock'>,
): Clustering {
  const timingsMs: Record<string, number> = {};
  const lap = lapper(clock, timingsMs);
  const choice = chooseKMeans(features.data, { kMax, seed, restarts: 3 });
  const labels = choice.best.centroids.map((c) => describeCentroid(c, features.names));
  lap('kmeans');
  return { choice, labels, timingsMs };
}

/** The BG/NBD check on a holdout period (options.holdout, asOf]; undefined without options.holdout. */
export function holdoutCheck(table: TransactionTable, options: PipelineOptions): ModelSummary['holdout'] {
  if (options.holdout === undefined) return undefined;
  const { asOf, unit = 'day' } = options;
  const calibrationEnd = toDay(options.holdout);
  // calibrationHoldoutSplit's numbers as columns (no object per customer), grouped for the fit.
  const rows = calibrationHoldoutColumns(table, { calibrationEnd: options.holdout, observationEnd: asOf, unit });
  const fit = fitBgNbd(prepareBtydColumns(rows.n, (i) => ({ x: rows.x[i], tx: rows.tx[i], T: rows.T[i] })));
  let check: HoldoutFit | null = null;
  if (fit.status.state !== 'failed') {
    try {
      check = bgNbdHoldoutFitColumns(fit.params, rows, (toDay(asOf) - calibrationEnd) / daysPerUnit(unit));
    } catch {
      fit.status = { state: 'failed', message: PREDICTIONS_FAILED };
    }
  }
  return { calibrationEnd: dayToIso(calibrationEnd), fit, check };
}

/**
 * A summarised customer's textbook CLV in yearly periods over the horizon: yearly margin = revenue
 * per year of tenure (tenure counted as at least one year), the core's yearly retention, discount
 * compounded monthly. customerResults' textbookClv; exported for callers that lay results out in
 * columns instead of objects.
 */
export function customerTextbookClv(
  core: Pick<CoreAnalysis, 'textbook'>,
  s: Pick<CustomerSummary, 'revenue' | 'T'>,
  { unit = 'day', margin = 1 }: Pick<PipelineOptions, 'unit' | 'margin'>,
): number {
  const { textbook } = core;
  const yearlyRevenue = (s.revenue * YEAR) / Math.max(YEAR, s.T * daysPerUnit(unit));
  return textbookClv({
    revenue: yearlyRevenue * margin,
    retention: textbook.retention,
    discountRate: textbook.annualDiscountRate,
    periods: textbook.years,
    acquisitionCost: textbook.acquisitionCost,
  });
}

/** One result per summarised customer, in summary order: the core's numbers and the customer's cluster. */
export function customerResults(
  core: CoreAnalysis,
  clustering: Clustering,
  options: PipelineOptions,
): CustomerResult[] {
  const { margin = 1 } = options;
  const { summaries, scores, matrix, segmentOf } = core;
  const { best } = clustering.choice;
  return summaries.map((s, i) => {
    const score = scores[i];
    // Fields listed one by one: spreading `...s` here made V8 build 100k objects of ever-new
    // shapes (6 s for 100k customers instead of milliseconds).
    return {
      customerId: s.customerId,
      firstPurchase: s.firstPurchase,
      lastPurchase: s.lastPurchase,
      orders: s.orders,
      revenue: s.revenue,
      recencyDays: s.recencyDays,
      purchaseDays: s.purchaseDays,
      x: s.x,
      tx: s.tx,
      T: s.T,
      meanRepeatValue: s.meanRepeatValue,
      r: score.r,
      f: score.f,
      m: score.m,
      rfmScore: score.rfm,
      segment: segmentOf[i],
      valueClass: matrix.rows[i].valueClass.zh,
      weightedScore: weightedRfmScore(score, options.weights),
      historicalClv: s.revenue * margin,
      textbookClv: customerTextbookClv(core, s, options),
      probabilistic: probabilisticOf(core, i),
      cluster: best.labels[i],
      clusterLabel: clustering.labels[best.labels[i]],
    };
  });
}

/** The model summary of an analysis from its parts (holdout: holdoutCheck's result). */
export function modelSummary(
  table: TransactionTable,
  core: CoreAnalysis,
  clustering: Clustering,
  holdout: ModelSummary['holdout'],
  options: PipelineOptions,
  timingsMs: Record<string, number> = {},
): ModelSummary {
  const { unit = 'day', horizonMonths = 12, monthlyDiscountRate = 0.01, margin = 1 } = options;
  const { choice, labels } = clustering;
  return {
    asOf: dayToIso(core.asOfDay),
    unit,
    customers: core.summaries.length,
    returns: countReturns(table, core.asOfDay, core.summaries.length),
    rfm: { breaks: core.breaks, segments: core.segments, valueMatrixMeans: core.matrix.means },
    bgNbd: core.bg,
    gammaGamma: core.gammaGamma,
    clv: { horizonMonths, monthlyDiscountRate, margin, total: core.clvTotal },
    textbook: core.textbook,
    kmeans: {
      k: choice.best.k,
      silhouette: choice.best.silhouette,
      candidates: choice.candidates,
      clusters: choice.best.centroids.map((centroid, c) => ({
        cluster: c,
        size: choice.best.sizes[c],
        centroid,
        label: labels[c],
      })),
    },
    holdout,
    timingsMs,
  };
}

/**
 * Runs the analysis; see the file comment. Customers are returned in first-appearance order.
 * The same as analyzeCore, clusterCustomers, holdoutCheck, customerResults and modelSummary in turn.
 */
export function analyzeCustomers(
  table: TransactionTable,
  options: PipelineOptions,
): { customers: CustomerResult[]; model: ModelSummary } {
  const { clock } = options;
  const core = analyzeCore(table, options);
  const clustering = clusterCustomers(core.features, options);
  const timingsMs = { ...core.timingsMs, ...clustering.timingsMs };
  const lap = lapper(clock, timingsMs);
  const holdout = holdoutCheck(table, options);
  if (options.holdout !== undefined) lap('holdout');
  const customers = customerResults(core, clustering, options);
  lap('results');
  return { customers, model: modelSummary(table, core, clustering, holdout, options, timingsMs) };
}

/** Return rows (negative amounts) on or before asOf, their total, and customers with no purchase left. */
function countReturns(
  table: TransactionTable,
  asOfDay: number,
  customersWithPurchases: number,
): ModelSummary['returns'] {
  const g = table.group();
  let rows = 0;
  let amount = 0;
  let active = 0;
  for (let c = 0; c < g.customerIds.length; c++) {
    if (g.offsets[c + 1] > g.offsets[c] && g.days[g.offsets[c]] <= asOfDay) active++;
    for (let i = g.offsets[c]; i < g.offsets[c + 1] && g.days[i] <= asOfDay; i++)
      if (g.amounts[i] < 0) {
        rows++;
        amount += g.amounts[i];
      }
  }
  return { rows, amount, customersWithoutPurchase: active - customersWithPurchases };
}
