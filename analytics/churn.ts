/**
 * Churn risk as a classifier: logistic regression on RFM, tenure and (optionally) service features,
 * labelled "no purchase in the next window", trained and tested on a split by time so the test
 * measures what production sees: a model fitted on the past, scored on the later period.
 */
import { dayToIso, type TimeInput, toDay } from './dates';
import { solve } from './linalg';
import { type GroupedTransactions, type Transaction, TransactionTable, toTransactionTable } from './summary';

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
  options: { featureNames?: string[]; l2?: number; maxIterations?: number; tolerance?: number } = {},
): LogisticModel {
  const d = X[0]?.length ?? 0;
  const flat = new Float64Array(X.length * d);
  for (let i = 0; i < X.length; i++) for (let j = 0; j < d; j++) flat[i * d + j] = X[i][j];
  return fitLogisticFlat(flat, X.length, d, y, options);
}

/**
 * fitLogistic on rows held row-major in one array (n × d): the same arithmetic in the same order,
 * so the same model to the bit, without an array per row (the churn model's rows are customers).
 */
export function fitLogisticFlat(
  X: Float64Array,
  n: number,
  d: number,
  y: ArrayLike<number>,
  {
    featureNames,
    l2 = 1,
    maxIterations = 100,
    tolerance = 1e-10,
  }: { featureNames?: string[]; l2?: number; maxIterations?: number; tolerance?: number } = {},
): LogisticModel {
  if (n === 0) throw new RangeError('no training rows');
  const { means, sds } = columnMoments(X, n, d);
  const Z = standardizedWithIntercept(X, n, d, means, sds);
  const w1 = d + 1;
  let beta = new Array<number>(w1).fill(0);
  let converged = false;
  let it = 0;
  const g = new Float64Array(w1);
  const h = new Float64Array(w1 * w1);
  for (; it < maxIterations && !converged; it++) {
    newtonSums(Z, n, w1, beta, y, g, h);
    const grad = Array.from(g);
    const H = Array.from({ length: w1 }, (_, j) => Array.from(h.subarray(j * w1, (j + 1) * w1)));
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

// fitLogisticFlat's loops, each a function of its own: in one long function V8 optimised a loop
// while running it, then dropped the code at the next loop it had no feedback for, over and over.

/** Column means and population standard deviations (1 for a constant column) of row-major X. */
function columnMoments(X: Float64Array, n: number, d: number): { means: number[]; sds: number[] } {
  const means = new Array<number>(d).fill(0);
  const sds = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j] += X[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sds[j] += (X[i * d + j] - means[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sds[j] = Math.sqrt(sds[j]) || 1;
  return { means, sds };
}

/** Standardised rows with a leading 1 for the intercept, row-major (n × (d + 1)). */
function standardizedWithIntercept(X: Float64Array, n: number, d: number, means: number[], sds: number[]) {
  const w1 = d + 1;
  const Z = new Float64Array(n * w1);
  for (let i = 0; i < n; i++) {
    Z[i * w1] = 1;
    for (let j = 0; j < d; j++) Z[i * w1 + j + 1] = (X[i * d + j] - means[j]) / sds[j];
  }
  return Z;
}

/** One Newton step's sums at beta: the gradient g and the lower triangle of the Hessian h (row-major). */
function newtonSums(
  Z: Float64Array,
  n: number,
  w1: number,
  beta: readonly number[],
  y: ArrayLike<number>,
  g: Float64Array,
  h: Float64Array,
): void {
  g.fill(0);
  h.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * w1;
    let eta = 0;
    for (let j = 0; j < w1; j++) eta += beta[j] * Z[o + j];
    const p = 1 / (1 + Math.exp(-eta));
    const w = p * (1 - p);
    for (let j = 0; j < w1; j++) {
      const zj = Z[o + j];
      g[j] += (y[i] - p) * zj;
      for (let k = 0; k <= j; k++) h[j * w1 + k] += w * zj * Z[o + k];
    }
  }
}

/** Predicted probability of the positive class (churn). */
export function predictProbability(model: LogisticModel, x: ArrayLike<number>, offset = 0): number {
  let eta = model.rawIntercept;
  for (let j = 0; j < model.rawCoefficients.length; j++) eta += model.rawCoefficients[j] * x[offset + j];
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
    .map((feature, j) => ({ feature, contribution: contributionOf(model, j, x[j]) }))
    .sort((a, b) => b.contribution - a.contribution);
}

const contributionOf = (model: LogisticModel, j: number, v: number) =>
  (model.coefficients[j] * (v - model.means[j])) / model.sds[j];

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (the Mann–Whitney U statistic / (n₊ · n₋)).
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  // The positives' and negatives' scores sorted apart (typed-array sorts, no comparator), then
  // merged: each run of equal scores takes its average rank once per positive in it, as ranking
  // all the scores together would (the same additions in the same order).
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError('AUC needs comparable scores (one is NaN)');
    if (labels[i]) positives++;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('AUC needs both classes');
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < scores.length; i++) {
    if (labels[i]) pos[p++] = scores[i];
    else neg[q++] = scores[i];
  }
  pos.sort();
  neg.sort();
  let rankSumPositive = 0;
  let rank = 0; // scores ranked so far
  for (let p = 0, q = 0; p < positives || q < negatives; ) {
    const v = q >= negatives || (p < positives && pos[p] <= neg[q]) ? pos[p] : neg[q];
    let np = 0;
    while (p < positives && pos[p] === v) {
      p++;
      np++;
    }
    let nn = 0;
    while (q < negatives && neg[q] === v) {
      q++;
      nn++;
    }
    const averageRank = (rank + (rank + np + nn - 1)) / 2 + 1;
    for (let k = 0; k < np; k++) rankSumPositive += averageRank;
    rank += np + nn;
  }
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
  options: { cutoff: TimeInput; windowDays: number; dataEnd?: TimeInput; extra?: ExtraFeatures },
): ChurnRow[] {
  const g = (input instanceof TransactionTable ? input : toTransactionTable(input)).group();
  const { customers, features, labels, n, d } = churnColumns(g, options);
  return Array.from({ length: n }, (_, i) => ({
    customerId: g.customerIds[customers[i]],
    features: Array.from(features.subarray(i * d, (i + 1) * d)),
    label: labels[i] < 0 ? null : labels[i],
  }));
}

/**
 * churnRows as columns: the table index of each row's customer, the features row-major (n × d)
 * and the labels (−1: not labelled). No object or array per customer.
 */
export type ChurnColumns = { customers: Int32Array; features: Float64Array; labels: Int8Array; n: number; d: number };

function churnColumns(
  g: GroupedTransactions,
  {
    cutoff,
    windowDays,
    dataEnd,
    extra,
  }: { cutoff: TimeInput; windowDays: number; dataEnd?: TimeInput; extra?: ExtraFeatures },
): ChurnColumns {
  const cut = toDay(cutoff);
  const labelled = dataEnd !== undefined && toDay(dataEnd) >= cut + windowDays;
  const d = BASE_CHURN_FEATURES.length + (extra?.names.length ?? 0);
  const customers = new Int32Array(g.customerIds.length);
  const features = new Float64Array(g.customerIds.length * d);
  const labels = new Int8Array(g.customerIds.length);
  let n = 0;
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    if (start === g.offsets[c + 1] || g.days[start] > cut) continue;
    let orders = 0;
    let revenue = 0;
    let last = g.days[start];
    let boughtInWindow = false;
    for (let i = start; i < g.offsets[c + 1]; i++) {
      const day = g.days[i];
      if (day <= cut) {
        orders++;
        revenue += g.amounts[i];
        last = day;
      } else if (day <= cut + windowDays) boughtInWindow = true;
    }
    const o = n * d;
    features[o] = cut - last;
    features[o + 1] = Math.log1p(orders);
    features[o + 2] = Math.log1p(Math.max(0, revenue));
    features[o + 3] = cut - g.days[start];
    if (extra) features.set(extra.at(g.customerIds[c], dayToIso(cut)), o + BASE_CHURN_FEATURES.length);
    customers[n] = c;
    labels[n] = labelled ? (boughtInWindow ? 0 : 1) : -1;
    n++;
  }
  return { customers, features, labels, n, d };
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

/** Reasons kept per customer (the strongest first). */
const TOP_REASONS = 3;

/**
 * trainChurnModel's report with the scores as columns: for each scored customer (its table index),
 * the risk, and its TOP_REASONS strongest reasons as feature indices and contributions (row-major,
 * n × TOP_REASONS, fewer when there are fewer features: reasonCount).
 */
export type ChurnModelColumns = Omit<ChurnModelReport, 'scores'> & {
  customers: Int32Array;
  risk: Float64Array;
  reasonCount: number;
  reasonFeature: Int32Array;
  reasonContribution: Float64Array;
};

/**
 * Train on features at asOf − 2w labelled by (asOf − 2w, asOf − w], test on features at asOf − w
 * labelled by (asOf − w, asOf], then score every customer at asOf (w = windowDays, default 90).
 */
export function trainChurnModel(
  input: Iterable<Transaction> | TransactionTable,
  options: { asOf: TimeInput; windowDays?: number; l2?: number; extra?: ExtraFeatures },
): ChurnModelReport {
  const table = input instanceof TransactionTable ? input : toTransactionTable(input);
  const { customers, risk, reasonCount, reasonFeature, reasonContribution, ...report } = trainChurnModelColumns(
    table,
    options,
  );
  const ids = table.group().customerIds;
  const names = report.model.featureNames;
  return {
    ...report,
    scores: Array.from(customers, (c, i) => ({
      customerId: ids[c],
      risk: risk[i],
      reasons: Array.from({ length: reasonCount }, (_, k) => ({
        feature: names[reasonFeature[i * reasonCount + k]],
        contribution: reasonContribution[i * reasonCount + k],
      })),
    })),
  };
}

/** Risk and the strongest reasons of each row (see ChurnModelColumns). */
function scoreWithReasons(model: LogisticModel, { features, n, d }: ChurnColumns) {
  const reasonCount = Math.min(TOP_REASONS, d);
  const risk = new Float64Array(n);
  const reasonFeature = new Int32Array(n * reasonCount);
  const reasonContribution = new Float64Array(n * reasonCount);
  // explainPrediction's order (largest contribution first, ties in feature order: a stable sort),
  // by insertion into the few slots kept.
  const order = new Int32Array(d);
  const value = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    risk[i] = predictProbability(model, features, i * d);
    for (let j = 0; j < d; j++) {
      const v = contributionOf(model, j, features[i * d + j]);
      let at = j;
      while (at > 0 && value[at - 1] < v) {
        value[at] = value[at - 1];
        order[at] = order[at - 1];
        at--;
      }
      value[at] = v;
      order[at] = j;
    }
    for (let k = 0; k < reasonCount; k++) {
      reasonFeature[i * reasonCount + k] = order[k];
      reasonContribution[i * reasonCount + k] = value[k];
    }
  }
  return { risk, reasonCount, reasonFeature, reasonContribution };
}

/** trainChurnModel with its scores as columns (the same numbers; see ChurnModelColumns). */
export function trainChurnModelColumns(
  table: TransactionTable,
  {
    asOf,
    windowDays = 90,
    l2 = 1,
    extra,
  }: { asOf: TimeInput; windowDays?: number; l2?: number; extra?: ExtraFeatures },
): ChurnModelColumns {
  const g = table.group();
  const end = toDay(asOf);
  const trainCut = end - 2 * windowDays;
  const testCut = end - windowDays;
  const train = churnColumns(g, { cutoff: dayToIso(trainCut), windowDays, dataEnd: dayToIso(end), extra });
  const test = churnColumns(g, { cutoff: dayToIso(testCut), windowDays, dataEnd: dayToIso(end), extra });
  const featureNames = [...BASE_CHURN_FEATURES, ...(extra?.names ?? [])];
  const model = fitLogisticFlat(train.features, train.n, train.d, train.labels.subarray(0, train.n), {
    featureNames,
    l2,
  });
  const rate = ({ labels, n }: ChurnColumns) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += labels[i];
    return s / n;
  };
  const testScores = new Float64Array(test.n);
  for (let i = 0; i < test.n; i++) testScores[i] = predictProbability(model, test.features, i * test.d);
  const now = churnColumns(g, { cutoff: dayToIso(end), windowDays, extra });
  const { risk, reasonCount, reasonFeature, reasonContribution } = scoreWithReasons(model, now);
  return {
    model,
    testAuc: auc(testScores, test.labels.subarray(0, test.n)),
    train: { cutoff: dayToIso(trainCut), customers: train.n, churnRate: rate(train) },
    test: { cutoff: dayToIso(testCut), customers: test.n, churnRate: rate(test) },
    customers: now.customers.slice(0, now.n),
    risk,
    reasonCount,
    reasonFeature,
    reasonContribution,
  };
}
