/**
 * RFM scoring as in the R package `rfm` 0.3.0 (`rfm_table_order`), reproduced exactly against the
 * package's published results in fixtures/rfm (see rfm.test.ts).
 *
 * - recency = whole days from the last order to the analysis date; frequency = number of orders;
 *   monetary = total revenue (a number; the caller converts money strings).
 * - Breaks are R's quantile(type = 7) at 1/bins … (bins − 1)/bins of each measure, *plus one*: the
 *   package's internal `bins()` adds 1 to every quantile. With whole-number measures (days, order
 *   counts) that means a value equal to a quantile falls in the lower bin; for money it shifts the
 *   breaks by one currency unit. We keep the quirk by default (breakOffset = 1) because matching
 *   the package is the point; pass breakOffset: 0 for plain quantile breaks.
 * - Scores: intervals [lower, upper) with lower = (min, breaks…) and upper = (breaks…, max + 1);
 *   the lowest interval scores 1 … the highest `bins`, except recency, which is reversed so the
 *   most recent customers score highest. When breaks tie, an interval is empty and that score unused.
 */
import type { CustomerSummary } from './summary';

export type RfmInput = { customerId: string; recencyDays: number; frequency: number; monetary: number };

export type RfmScore = RfmInput & {
  r: number;
  f: number;
  m: number;
  /** The three digits as one number, e.g. 355 for R3 F5 M5. */
  rfm: number;
};

export type RfmBreaks = { recency: number[]; frequency: number[]; monetary: number[] };

export type RfmBins = number | { recency: number; frequency: number; monetary: number };

/** RFM inputs from transaction summaries: frequency = orders, monetary = revenue. */
export function rfmInputs(summaries: readonly CustomerSummary[]): RfmInput[] {
  return summaries.map((s) => ({
    customerId: s.customerId,
    recencyDays: s.recencyDays,
    frequency: s.orders,
    monetary: s.revenue,
  }));
}

/** R's default sample quantile (type 7) of an ascending-sorted array: h = (n − 1)p, linear between neighbours. */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The bins − 1 inner breaks of a sample: quantiles at k/bins for k = 1 … bins − 1. */
export function quantileBreaks(values: ArrayLike<number>, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError('bins must be an integer ≥ 2');
  const sorted = Float64Array.from(values).sort();
  return Array.from({ length: bins - 1 }, (_, k) => quantileType7(sorted, (k + 1) / bins));
}

/**
 * Score of a value against breaks: 1 + the number of breaks ≤ value, i.e. the index of the
 * [lower, upper) interval it falls in. `reverse` turns 1 … bins into bins … 1.
 */
export function scoreAgainstBreaks(value: number, breaks: readonly number[], reverse = false): number {
  let score = 1;
  for (const b of breaks) if (value >= b) score++;
  return reverse ? breaks.length + 2 - score : score;
}

export type RfmOptions = {
  /** Bins per measure (default 5), or explicit breaks per measure (used as given). */
  bins?: RfmBins | RfmBreaks;
  /** Added to every quantile break; 1 reproduces the rfm package (see the file comment). Default 1. */
  breakOffset?: number;
};

/** RFM scores with the rfm-package method; returns the breaks used and one score row per input. */
export function rfmScores(
  rows: readonly RfmInput[],
  { bins = 5, breakOffset = 1 }: RfmOptions = {},
): { breaks: RfmBreaks; scores: RfmScore[] } {
  if (rows.length === 0) return { breaks: { recency: [], frequency: [], monetary: [] }, scores: [] };
  let breaks: RfmBreaks;
  if (typeof bins === 'object' && Array.isArray((bins as RfmBreaks).recency)) {
    breaks = bins as RfmBreaks;
  } else {
    const b =
      typeof bins === 'number'
        ? { recency: bins, frequency: bins, monetary: bins }
        : (bins as Exclude<RfmBins, number>);
    const at = (values: number[], n: number) => quantileBreaks(values, n).map((q) => q + breakOffset);
    breaks = {
      recency: at(
        rows.map((r) => r.recencyDays),
        b.recency,
      ),
      frequency: at(
        rows.map((r) => r.frequency),
        b.frequency,
      ),
      monetary: at(
        rows.map((r) => r.monetary),
        b.monetary,
      ),
    };
  }
  const scores = rows.map(({ customerId, recencyDays, frequency, monetary }) => {
    const r = scoreAgainstBreaks(recencyDays, breaks.recency, true);
    const f = scoreAgainstBreaks(frequency, breaks.frequency);
    const m = scoreAgainstBreaks(monetary, breaks.monetary);
    return { customerId, recencyDays, frequency, monetary, r, f, m, rfm: r * 100 + f * 10 + m };
  });
  return { breaks, scores };
}

export type RfmWeights = { r: number; f: number; m: number };

/**
 * Weighted RFM score αR + βF + γM over the 1–5 scores. The default weights are equal and sum to 1,
 * so the result stays on the 1–5 scale; pass e.g. { r: 0.2, f: 0.3, m: 0.5 } to favour spend.
 */
export function weightedRfmScore(
  score: Pick<RfmScore, 'r' | 'f' | 'm'>,
  weights: RfmWeights = { r: 1 / 3, f: 1 / 3, m: 1 / 3 },
): number {
  return weights.r * score.r + weights.f * score.f + weights.m * score.m;
}
