import { describe, expect, it } from 'vitest';
import { monthlySeries } from './retention-series';

describe('monthly retention series from a cohort matrix', () => {
  // Two cohorts: 10 customers acquired in January (active 10, 6, 4 in Jan, Feb, Mar) and 5 in
  // February (active 5, 3 in Feb, Mar).
  const cohorts = [
    { cohort: '2026-01', size: 10, active: [10, 6, 4] },
    { cohort: '2026-02', size: 5, active: [5, 3] },
  ];

  it('E, N and S per calendar month: S is the previous month E', () => {
    const s = monthlySeries(cohorts);
    expect(s.map((p) => [p.month, p.start, p.end, p.acquired])).toEqual([
      ['2026-01', 0, 10, 10],
      ['2026-02', 10, 11, 5],
      ['2026-03', 11, 7, 0],
    ]);
  });

  it('CRR = (E − N) / S, churn = 1 − CRR clipped, repeat = (E − N) / E', () => {
    const [jan, feb, mar] = monthlySeries(cohorts);
    expect(jan.retention).toBeNull(); // no customers at the start
    expect(feb.retention).toBeCloseTo(0.6); // (11 − 5) / 10
    expect(feb.churn).toBeCloseTo(0.4); // (10 − 6) / 10
    expect(feb.repeat).toBeCloseTo(6 / 11);
    expect(mar.retention).toBeCloseTo(7 / 11); // (7 − 0) / 11
    expect(mar.repeat).toBe(1);
  });

  it('months across a year boundary and an empty matrix', () => {
    const s = monthlySeries([{ cohort: '2025-12', size: 2, active: [2, 1] }]);
    expect(s.map((p) => p.month)).toEqual(['2025-12', '2026-01']);
    expect(monthlySeries([])).toEqual([]);
  });
});
