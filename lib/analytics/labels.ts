// The analytics vocabulary the UI and URLs use, client-safe: RFM segments, value classes, P(alive)
// and CLV bands, churn reasons. Names shown to people are in the catalogs (analytics.json) under
// these keys; the database stores the analytics library's names (customer_scores.rfm_segment).
import { UNMATCHED_SEGMENT, VALUE_CLASS_LIST } from '@/analytics/rfm-segments';

/** URL and catalog key of each rfm segment, in the glossary's order (best to worst). */
export const SEGMENTS = [
  { key: 'champions', name: 'Champions' },
  { key: 'loyal', name: 'Loyal Customers' },
  { key: 'potentialLoyalist', name: 'Potential Loyalist' },
  { key: 'new', name: 'New Customers' },
  { key: 'promising', name: 'Promising' },
  { key: 'needAttention', name: 'Need Attention' },
  { key: 'aboutToSleep', name: 'About To Sleep' },
  { key: 'atRisk', name: 'At Risk' },
  { key: 'cantLose', name: "Can't Lose Them" },
  { key: 'lost', name: 'Lost' },
  { key: 'others', name: UNMATCHED_SEGMENT },
] as const;
export type SegmentKey = (typeof SEGMENTS)[number]['key'];
export const SEGMENT_KEYS = SEGMENTS.map((s) => s.key) as [SegmentKey, ...SegmentKey[]];

const BY_NAME = new Map<string, SegmentKey>(SEGMENTS.map((s) => [s.name, s.key]));
const BY_KEY = new Map<SegmentKey, string>(SEGMENTS.map((s) => [s.key, s.name]));

/** The key of a stored segment name ('Others' for anything unknown). */
export function segmentKey(name: string | null): SegmentKey | null {
  return name === null ? null : (BY_NAME.get(name) ?? 'others');
}
/** The stored name of a segment key. */
export function segmentName(key: SegmentKey): string {
  return BY_KEY.get(key)!;
}

/** Value-matrix class keys (customer_scores.value_class), important ones first. */
export const VALUE_CLASS_KEYS = VALUE_CLASS_LIST.map((c) => c.key) as [string, ...string[]];

/**
 * P(alive) bands for filters and badges, [from, to): "likely" and "unlikely" split at one half
 * (the dashboards' "likely active" share); the four narrower bands split the scale further.
 */
export const ALIVE_BANDS = {
  high: [0.8, 2],
  medium: [0.5, 0.8],
  low: [0.2, 0.5],
  veryLow: [-1, 0.2],
  likely: [0.5, 2],
  unlikely: [-1, 0.5],
} as const satisfies Record<string, readonly [number, number]>;
export type AliveBand = keyof typeof ALIVE_BANDS;
export const ALIVE_BAND_KEYS = Object.keys(ALIVE_BANDS) as [AliveBand, ...AliveBand[]];

export function aliveBandOf(p: number): AliveBand {
  return p >= 0.8 ? 'high' : p >= 0.5 ? 'medium' : p >= 0.2 ? 'low' : 'veryLow';
}

/** Churn-risk score at or above which a customer counts as at risk. */
export const CHURN_RISK_THRESHOLD = 0.5;
/** A fall of P(alive) since the previous run at least this large counts as at risk too. */
export const ALIVE_FALL_THRESHOLD = 0.15;
/** The lowest CLV quintile band (customer_scores.clv_band) that counts as valuable: the top 40 %. */
export const VALUABLE_MIN_CLV_BAND = 4;
