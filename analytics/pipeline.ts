/**
 * The whole per-customer analysis in one call, as the CLI, the benchmark and (later) the refresh
 * job run it: summary → RFM → BG/NBD + Gamma-Gamma → CLV (textbook and probabilistic) → k-means,
 * plus an optional holdout check. Pure: pass a clock only if you want step timings.
 */
import { type BgNbdFit, fitBgNbd, prepareBtydData } from './bgnbd';
import { textbookClv } from './clv';
import { bgNbdHoldoutFit, type CustomerClv, customerLifetimeValue, type HoldoutFit } from './clv-probabilistic';
import { daysPerUnit, dayToIso, type TimeInput, type TimeUnit, toDay } from './dates';
import { fitGammaGamma, type GammaGammaFit, spendFrequencyCorrelation } from './gamma-gamma';
import { chooseKMeans, describeCentroid, type KChoice, rfmFeatures } from './kmeans';
import { type RfmBreaks, type RfmWeights, rfmInputs, rfmScores, weightedRfmScore } from './rfm';
import { segmentRfm, valueMatrix } from './rfm-segments';
import { type CustomerSummary, calibrationHoldoutSplit, summarizeTransactions, type TransactionTable } from './summary';

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
  probabilistic: CustomerClv | null;
  cluster: number;
  clusterLabel: string;
};

export type ModelSummary = {
  asOf: string;
  unit: TimeUnit;
  customers: number;
  rfm: { breaks: RfmBreaks; segments: Record<string, number>; valueMatrixMeans: { r: number; f: number; m: number } };
  bgNbd: Omit<BgNbdFit, 'customers'> & { customers: number };
  gammaGamma: (GammaGammaFit & { spendFrequencyCorrelation: number }) | { error: string };
  clv: { horizonMonths: number; monthlyDiscountRate: number; margin: number; total: number | null };
  textbook: {
    retention: number;
    retentionSource: 'given' | 'observed' | 'repeat-rate';
    annualDiscountRate: number;
    years: number;
  };
  kmeans: {
    k: number;
    silhouette: number;
    candidates: KChoice['candidates'];
    clusters: { cluster: number; size: number; centroid: number[]; label: string }[];
  };
  holdout?: { calibrationEnd: string; fit: Omit<BgNbdFit, 'customers'> & { customers: number }; check: HoldoutFit };
  timingsMs: Record<string, number>;
};

const YEAR = 365;

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
  for (let c = 0; c < g.customerIds.length; c++) {
    let inBefore = false;
    let inLast = false;
    let days = 0;
    for (let i = g.offsets[c]; i < g.offsets[c + 1]; i++) {
      const d = g.days[i];
      if (d > asOfDay) break;
      earliest = Math.min(earliest, d);
      if (i === g.offsets[c] || d !== g.days[i - 1]) days++;
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

/** Runs the analysis; see the file comment. Customers are returned in first-appearance order. */
export function analyzeCustomers(
  table: TransactionTable,
  options: PipelineOptions,
): { customers: CustomerResult[]; model: ModelSummary } {
  const { asOf, unit = 'day', horizonMonths = 12, monthlyDiscountRate = 0.01, margin = 1, seed = 1, clock } = options;
  const timingsMs: Record<string, number> = {};
  let last = clock?.() ?? 0;
  const lap = (step: string) => {
    if (!clock) return;
    const now = clock();
    timingsMs[step] = Math.round((now - last) * 10) / 10;
    last = now;
  };
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
  lap('rfm');

  const data = prepareBtydData(summaries);
  const bg = fitBgNbd(data);
  lap('bgnbdFit');

  let gammaGamma: ModelSummary['gammaGamma'];
  let clvs: CustomerClv[] | null = null;
  try {
    const gg = fitGammaGamma(summaries);
    gammaGamma = { ...gg, spendFrequencyCorrelation: spendFrequencyCorrelation(summaries) };
    if (!(gg.params.q > 1))
      throw new RangeError(`Gamma-Gamma q = ${gg.params.q.toFixed(3)} ≤ 1: mean spend is unbounded`);
    lap('gammaGammaFit');
    clvs = customerLifetimeValue(summaries, {
      bgNbd: bg.params,
      gammaGamma: gg.params,
      unit,
      horizonMonths,
      monthlyDiscountRate,
      margin,
    });
  } catch (error) {
    gammaGamma = { error: (error as Error).message };
  }
  lap('clv');

  // Textbook CLV in yearly periods over the same horizon: yearly margin = revenue per year of
  // tenure (tenure counted as at least one year), retention per year, discount compounded monthly.
  const given = options.retention;
  const observed = given === undefined ? observedRetention(table, asOfDay) : null;
  const retention = given ?? observed!.retention;
  const annualDiscountRate = (1 + monthlyDiscountRate) ** 12 - 1;
  const years = Math.max(1, Math.round(horizonMonths / 12));
  lap('textbookClv');

  const features = rfmFeatures(
    scores.map((s, i) => ({
      recencyDays: s.recencyDays,
      frequency: s.frequency,
      monetary: s.monetary,
      clv: clvs?.[i].clv,
    })),
    { includeClv: Boolean(options.clusterOnClv && clvs) },
  );
  const choice = chooseKMeans(features.data, { kMax: options.kMax ?? 8, seed, restarts: 3 });
  const labels = choice.best.centroids.map((c) => describeCentroid(c, features.names));
  lap('kmeans');

  let holdout: ModelSummary['holdout'];
  if (options.holdout !== undefined) {
    const calibrationEnd = toDay(options.holdout);
    const rows = calibrationHoldoutSplit(table, { calibrationEnd: options.holdout, observationEnd: asOf, unit });
    const fit = fitBgNbd(rows);
    holdout = {
      calibrationEnd: dayToIso(calibrationEnd),
      fit,
      check: bgNbdHoldoutFit(fit.params, rows, (asOfDay - calibrationEnd) / daysPerUnit(unit)),
    };
    lap('holdout');
  }

  const customers: CustomerResult[] = summaries.map((s, i) => {
    const score = scores[i];
    const yearlyRevenue = (s.revenue * YEAR) / Math.max(YEAR, s.T * daysPerUnit(unit));
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
      textbookClv: textbookClv({
        revenue: yearlyRevenue * margin,
        retention,
        discountRate: annualDiscountRate,
        periods: years,
      }),
      probabilistic: clvs?.[i] ?? null,
      cluster: choice.best.labels[i],
      clusterLabel: labels[choice.best.labels[i]],
    };
  });

  lap('results');

  const best = choice.candidates.find((c) => c.k === choice.best.k)!;
  return {
    customers,
    model: {
      asOf: dayToIso(asOfDay),
      unit,
      customers: summaries.length,
      rfm: { breaks, segments, valueMatrixMeans: matrix.means },
      bgNbd: bg,
      gammaGamma,
      clv: { horizonMonths, monthlyDiscountRate, margin, total: clvs ? clvs.reduce((t, c) => t + c.clv, 0) : null },
      textbook: {
        retention,
        retentionSource: given === undefined ? observed!.source : 'given',
        annualDiscountRate,
        years,
      },
      kmeans: {
        k: choice.best.k,
        silhouette: best.silhouette,
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
    },
  };
}
