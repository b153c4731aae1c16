// Monthly retention numbers from a cohort matrix (customers per acquisition month and month since):
// what the retention dashboard draws. Pure and client-safe; the formulas are analytics/retention.ts's.
import { churnRate, retentionRate } from '@/analytics/retention';

/** One acquisition cohort: its size and, per month since acquisition, the customers who bought. */
export type CohortRow = { cohort: string; size: number; active: number[] };

/** One calendar month of the customer base, as in CRR = (E − N) / S. */
export type MonthPoint = {
  month: string;
  /** S: customers who bought in the previous month. */
  start: number;
  /** E: customers who bought in this month. */
  end: number;
  /** N: customers whose first purchase was in this month. */
  acquired: number;
  /** (E − N) / S; null when S is 0. */
  retention: number | null;
  /** Customers of S who did not buy this month, over S; null when S is 0. */
  churn: number | null;
  /** Share of this month's buyers who had bought before: (E − N) / E; null when E is 0. */
  repeat: number | null;
};

const monthNumber = (ym: string) => {
  const [y, m] = ym.split('-').map(Number);
  return y * 12 + (m - 1);
};
const monthText = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

/**
 * Per calendar month from the first cohort to the last month of any cohort: E, N and S (the
 * previous month's E), customer retention rate CRR = (E − N)/S, churn (S minus those of S who
 * bought again, over S) and the repeat share. A customer is "active" in a month they bought in.
 * `lost` needs the customers of S who bought in both months, which a cohort matrix does not hold,
 * so churn here is 1 − CRR clipped to [0, 1] — exact when no customer returns after a gap month.
 */
export function monthlySeries(cohorts: readonly CohortRow[]): MonthPoint[] {
  if (cohorts.length === 0) return [];
  const first = Math.min(...cohorts.map((c) => monthNumber(c.cohort)));
  const last = Math.max(...cohorts.map((c) => monthNumber(c.cohort) + c.active.length - 1));
  const active = new Array<number>(last - first + 1).fill(0);
  const acquired = new Array<number>(last - first + 1).fill(0);
  for (const c of cohorts) {
    const at = monthNumber(c.cohort) - first;
    acquired[at] += c.size;
    c.active.forEach((n, m) => {
      active[at + m] += n;
    });
  }
  return active.map((end, i) => {
    const start = i === 0 ? 0 : active[i - 1];
    const retention = start > 0 ? retentionRate({ start, end, acquired: acquired[i] }) : null;
    const lost = retention === null ? null : Math.max(0, Math.min(start, start - (end - acquired[i])));
    return {
      month: monthText(first + i),
      start,
      end,
      acquired: acquired[i],
      retention,
      churn: lost === null ? null : churnRate({ start, lost }),
      repeat: end > 0 ? (end - acquired[i]) / end : null,
    };
  });
}
