/**
 * Churn risk as a classifier: logistic regression on RFM, tenure and (optionally) service features,
 * labelled "no purchase in the next window", trained and tested on a split by time so the test
 * measures what production sees: a model fitted on the past, scored on the later period.
 */
import { dayToIso, type TimeInput, toDay } from './dates';
import { solve } from './linalg';
import { type Transaction, TransactionTable, toTransactionTable } from './summary';

export type LogisticModel = {
  featureNames: string[];
  /** Column means and standard deviations used to standardise the features. */
  means: number[];
  sds: number[];
  /** Intercept and coefficients per standard deviation of each feature (comparable across features). */
  intercept: number;
  coefficients: number[];
  /** The same model on the original feature scales: log-odds = rawIntercept + Σ rawCoefficients·x. */
  rawIntercept: number;
  rawCoefficients: number[];
  iterations: number;
  converged: boolean;
};

/**
 * Logistic regression by Newton's method (IRLS) on standardised features with an L2 penalty
 * ½·l2·‖β‖² on the coefficients (not the intercept). With l2 = 0 this is plain maximum likelihood,
 * which does not exist for perfectly separable data; the default l2 = 1 keeps it finite.
 */
export function fitLogistic(
  X: readonly (readonly number[])[],
  y: ArrayLike<number>,
  {
    featureNames,
    l2 = 1,
    maxIterations = 100,
    tolerance = 1e-10,
  }: { featureNames?: string[]; l2?: number; maxIterations?: number; tolerance?: number } = {},
): LogisticModel {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  if (n === 0) throw new RangeError('no training rows');
  const means = new Array<number>(d).fill(0);
  const sds = new Array<number>(d).fill(0);
  for (const row of X)
    row.forEach((v, j) => {
      means[j] += v / n;
    });
  for (const row of X)
    row.forEach((v, j) => {
      sds[j] += (v - means[j]) ** 2 / n;
    });
  for (let j = 0; j < d; j++) sds[j] = Math.sqrt(sds[j]) || 1;
  const Z = X.map((row) => [1, ...row.map((v, j) => (v - means[j]) / sds[j])]);
  let beta = new Array<number>(d + 1).fill(0);
  let converged = false;
  let it = 0;
  for (; it < maxIterations && !converged; it++) {
    const grad = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const z = Z[i];
      let eta = 0;
      for (let j = 0; j <= d; j++) eta += beta[j] * z[j];
      const p = 1 / (1 + Math.exp(-eta));
      const w = p * (1 - p);
      for (let j = 0; j <= d; j++) {
        grad[j] += (y[i] - p) * z[j];
        for (let k = 0; k <= j; k++) H[j][k] += w * z[j] * z[k];
      }
    }
    for (let j = 0; j <= d; j++) {
      for (let k = 0; k < j; k++) H[k][j] = H[j][k];
      if (j > 0) {
        grad[j] -= l2 * beta[j];
        H[j][j] += l2;
      }
    }
    const step = solve(H, grad);
    beta = beta.map((b, j) => b + step[j]);
    converged = step.every((s) => Math.abs(s) < tolerance * (1 + Math.max(...beta.map(Math.abs))));
  }
  const coefficients = beta.slice(1);
  const rawCoefficients = coefficients.map((c, j) => c / sds[j]);
  return {
    featureNames: featureNames ?? coefficients.map((_, j) => `x${j}`),
    means,
    sds,
    intercept: beta[0],
    coefficients,
    rawIntercept: beta[0] - coefficients.reduce((s, c, j) => s + (c * means[j]) / sds[j], 0),
    rawCoefficients,
    iterations: it,
    converged,
  };
}

/** Predicted probability of the positive class (churn). */
export function predictProbability(model: LogisticModel, x: readonly number[]): number {
  let eta = model.rawIntercept;
  x.forEach((v, j) => {
    eta += model.rawCoefficients[j] * v;
  });
  return 1 / (1 + Math.exp(-eta));
}

/**
 * Why a customer scores as they do: each feature's contribution to the log-odds relative to an
 * average customer, coefficient × z-score, largest push towards churn first.
 */
export function explainPrediction(
  model: LogisticModel,
  x: readonly number[],
): { feature: string; contribution: number }[] {
  return model.featureNames
    .map((feature, j) => ({ feature, contribution: (model.coefficients[j] * (x[j] - model.means[j])) / model.sds[j] }))
    .sort((a, b) => b.contribution - a.contribution);
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (the Mann–Whitney U statistic / (n₊ · n₋)).
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]]) {
        rankSumPositive += averageRank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('AUC needs both classes');
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Extra per-customer features known at a cutoff (e.g. cases opened, mean CSAT), without leakage. */
export type ExtraFeatures = { names: string[]; at: (customerId: string, cutoff: string) => number[] };

export const BASE_CHURN_FEATURES = ['recencyDays', 'logOrders', 'logRevenue', 'tenureDays'];

export type ChurnRow = { customerId: string; features: number[]; label: number | null };

/**
 * One row per customer acquired by the cutoff: features from purchases on or before it — recency
 * in days, ln(1 + orders), ln(1 + revenue), tenure in days, then any extra features — and, when the
 * window has ended by `dataEnd`, label 1 if the customer made no purchase in (cutoff, cutoff + windowDays].
 */
export function churnRows(
  input: Iterable<Transaction> | TransactionTable,
  {
    cutoff,
    windowDays,
    dataEnd,
    extra,
  }: { cutoff: TimeInput; windowDays: number; dataEnd?: TimeInput; extra?: ExtraFeatures },
): ChurnRow[] {
  const g = (input instanceof TransactionTable ? input : toTransactionTable(input)).group();
  const cut = toDay(cutoff);
  const labelled = dataEnd !== undefined && toDay(dataEnd) >= cut + windowDays;
  const rows: ChurnRow[] = [];
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    if (start === g.offsets[c + 1] || g.days[start] > cut) continue;
    let orders = 0;
    let revenue = 0;
    let last = g.days[start];
    let boughtInWindow = false;
    for (let i = start; i < g.offsets[c + 1]; i++) {
      const d = g.days[i];
      if (d <= cut) {
        orders++;
        revenue += g.amounts[i];
        last = d;
      } else if (d <= cut + windowDays) boughtInWindow = true;
    }
    const id = g.customerIds[c];
    const features = [cut - last, Math.log1p(orders), Math.log1p(Math.max(0, revenue)), cut - g.days[start]];
    if (extra) features.push(...extra.at(id, dayToIso(cut)));
    rows.push({ customerId: id, features, label: labelled ? (boughtInWindow ? 0 : 1) : null });
  }
  return rows;
}

export type ChurnModelReport = {
  model: LogisticModel;
  /** AUC on the later, held-out period. */
  testAuc: number;
  train: { cutoff: string; customers: number; churnRate: number };
  test: { cutoff: string; customers: number; churnRate: number };
  /** Risk now (features at asOf) with the three strongest reasons. */
  scores: { customerId: string; risk: number; reasons: { feature: string; contribution: number }[] }[];
};

/**
 * Train on features at asOf − 2w labelled by (asOf − 2w, asOf − w], test on features at asOf − w
 * labelled by (asOf − w, asOf], then score every customer at asOf (w = windowDays, default 90).
 */
export function trainChurnModel(
  input: Iterable<Transaction> | TransactionTable,
  {
    asOf,
    windowDays = 90,
    l2 = 1,
    extra,
  }: { asOf: TimeInput; windowDays?: number; l2?: number; extra?: ExtraFeatures },
): ChurnModelReport {
  const table = input instanceof TransactionTable ? input : toTransactionTable(input);
  const end = toDay(asOf);
  const trainCut = end - 2 * windowDays;
  const testCut = end - windowDays;
  const train = churnRows(table, { cutoff: dayToIso(trainCut), windowDays, dataEnd: dayToIso(end), extra });
  const test = churnRows(table, { cutoff: dayToIso(testCut), windowDays, dataEnd: dayToIso(end), extra });
  const featureNames = [...BASE_CHURN_FEATURES, ...(extra?.names ?? [])];
  const model = fitLogistic(
    train.map((r) => r.features),
    train.map((r) => r.label!),
    { featureNames, l2 },
  );
  const rate = (rows: ChurnRow[]) => rows.reduce((s, r) => s + r.label!, 0) / rows.length;
  const now = churnRows(table, { cutoff: dayToIso(end), windowDays, extra });
  return {
    model,
    testAuc: auc(
      test.map((r) => predictProbability(model, r.features)),
      test.map((r) => r.label!),
    ),
    train: { cutoff: dayToIso(trainCut), customers: train.length, churnRate: rate(train) },
    test: { cutoff: dayToIso(testCut), customers: test.length, churnRate: rate(test) },
    scores: now.map((r) => ({
      customerId: r.customerId,
      risk: predictProbability(model, r.features),
      reasons: explainPrediction(model, r.features).slice(0, 3),
    })),
  };
}
