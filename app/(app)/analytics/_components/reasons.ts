import type { RiskReason } from '@/lib/analytics/dashboards/churn-risk';

type T = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

/** A churn reason in words: the feature and whether it is above or below the typical customer. */
export function reasonText(t: T, r: RiskReason): string {
  const key = `${r.feature}.${r.direction}`;
  return t.has(key) ? t(key) : r.feature;
}
