// Client-safe: the type import is erased.
import type { RiskReason } from './dashboards/churn-risk';

type T = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

/** A churn reason in words: the feature and whether it is above or below the typical customer. */
export function reasonText(t: T, r: RiskReason): string {
  const key = `${r.feature}.${r.direction}`;
  return t.has(key) ? t(key) : r.feature;
}
