/**
 * Named customer segments from RFM: the `rfm` package's default 10-segment table, and the 8-class
 * customer value matrix common in Chinese CRM practice.
 */
import type { RfmInput, RfmScore } from './rfm';

/** One row of a segment table: the segment applies when all three scores are inside the inclusive ranges. */
export type SegmentRule = {
  name: string;
  r: readonly [number, number];
  f: readonly [number, number];
  m: readonly [number, number];
};

/**
 * The default table of `rfm_segment` in the R package `rfm` 0.3.0. Rows are tried in this order
 * and the first match wins, so the order is part of the rule (e.g. 555 is a Champion even though
 * it also satisfies Potential Loyalist).
 */
export const RFM_DEFAULT_SEGMENTS: readonly SegmentRule[] = [
  { name: 'Champions', r: [5, 5], f: [5, 5], m: [5, 5] },
  { name: 'Potential Loyalist', r: [3, 5], f: [3, 5], m: [2, 5] },
  { name: 'Loyal Customers', r: [2, 4], f: [2, 4], m: [2, 4] },
  { name: 'Promising', r: [3, 4], f: [1, 3], m: [3, 5] },
  { name: 'New Customers', r: [4, 5], f: [1, 3], m: [1, 5] },
  { name: "Can't Lose Them", r: [1, 2], f: [3, 4], m: [4, 5] },
  { name: 'At Risk', r: [1, 2], f: [2, 5], m: [4, 5] },
  { name: 'Need Attention', r: [1, 3], f: [3, 5], m: [3, 5] },
  { name: 'About To Sleep', r: [2, 3], f: [1, 3], m: [1, 4] },
  { name: 'Lost', r: [1, 1], f: [1, 5], m: [1, 5] },
];

/** Name given to scores that match no row (the rfm package's "Others"). */
export const UNMATCHED_SEGMENT = 'Others';

const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

/** The first segment whose ranges contain the scores, or "Others". */
export function segmentRfm(
  score: Pick<RfmScore, 'r' | 'f' | 'm'>,
  table: readonly SegmentRule[] = RFM_DEFAULT_SEGMENTS,
): string {
  for (const rule of table) {
    if (inRange(score.r, rule.r) && inRange(score.f, rule.f) && inRange(score.m, rule.m)) return rule.name;
  }
  return UNMATCHED_SEGMENT;
}

export type ValueClass = {
  /** Stable key for code and URLs. */
  key: string;
  /** The conventional Chinese name. */
  zh: string;
  en: string;
};

// Indexed by (R high ? 4 : 0) + (F high ? 2 : 0) + (M high ? 1 : 0).
const VALUE_CLASSES: readonly ValueClass[] = [
  { key: 'general-retain', zh: '一般挽留', en: 'General retention' }, // R↓F↓M↓
  { key: 'important-retain', zh: '重要挽留', en: 'Important retention' }, // R↓F↓M↑
  { key: 'general-keep', zh: '一般保持', en: 'General maintenance' }, // R↓F↑M↓
  { key: 'important-keep', zh: '重要保持', en: 'Important maintenance' }, // R↓F↑M↑
  { key: 'general-develop', zh: '一般发展', en: 'General development' }, // R↑F↓M↓
  { key: 'important-develop', zh: '重要发展', en: 'Important development' }, // R↑F↓M↑
  { key: 'general-value', zh: '一般价值', en: 'General value' }, // R↑F↑M↓
  { key: 'important-value', zh: '重要价值', en: 'Important value' }, // R↑F↑M↑
];

export type ValueMatrixRow = {
  customerId: string;
  /** High recency means *more recent* than average (fewer days since the last order). */
  rHigh: boolean;
  fHigh: boolean;
  mHigh: boolean;
  valueClass: ValueClass;
};

export type ValueMatrixOptions = {
  /**
   * Compare raw values (recency days, order count, revenue) with their means — the textbook
   * reading — or the 1–5 scores with the mean score, which is less swayed by a few very large
   * spenders. Default 'values'; 'scores' needs RfmScore rows.
   */
  basis?: 'values' | 'scores';
};

/**
 * The 8-class customer value matrix: each of R, F, M is high when strictly better than its mean
 * over all rows (R: fewer days than the mean; F, M: more than the mean) and low otherwise (equal to
 * the mean counts as low). Returns the means used and one class per row.
 */
export function valueMatrix<T extends RfmInput & Partial<Pick<RfmScore, 'r' | 'f' | 'm'>>>(
  rows: readonly T[],
  { basis = 'values' }: ValueMatrixOptions = {},
): { means: { r: number; f: number; m: number }; rows: ValueMatrixRow[] } {
  const useScores = basis === 'scores';
  if (useScores && rows.some((row) => row.r === undefined || row.f === undefined || row.m === undefined)) {
    throw new TypeError('basis "scores" needs r, f, m on every row');
  }
  const rOf = (row: T) => (useScores ? row.r! : row.recencyDays);
  const fOf = (row: T) => (useScores ? row.f! : row.frequency);
  const mOf = (row: T) => (useScores ? row.m! : row.monetary);
  const n = rows.length;
  let sr = 0;
  let sf = 0;
  let sm = 0;
  for (const row of rows) {
    sr += rOf(row);
    sf += fOf(row);
    sm += mOf(row);
  }
  const means = { r: sr / n, f: sf / n, m: sm / n };
  return {
    means,
    rows: rows.map((row) => {
      // On the scores basis a high R score already means recent; on raw days, fewer days does.
      const rHigh = useScores ? rOf(row) > means.r : rOf(row) < means.r;
      const fHigh = fOf(row) > means.f;
      const mHigh = mOf(row) > means.m;
      return {
        customerId: row.customerId,
        rHigh,
        fHigh,
        mHigh,
        valueClass: VALUE_CLASSES[(rHigh ? 4 : 0) + (fHigh ? 2 : 0) + (mHigh ? 1 : 0)],
      };
    }),
  };
}

/** All eight classes, best first, for legends and filters. */
export const VALUE_CLASS_LIST: readonly ValueClass[] = [7, 5, 3, 1, 6, 4, 2, 0].map((i) => VALUE_CLASSES[i]);
