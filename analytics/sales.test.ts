import { expect, it } from 'vitest';
import { averageSalesCycle, salesVelocity, stageConversion, weightedPipeline, winRate } from './sales';

it('weighted pipeline: 1000 × 0.5 + 2000 × 0.1 = 700', () => {
  expect(
    weightedPipeline([
      { amount: 1000, probability: 0.5 },
      { amount: 2000, probability: 0.1 },
    ]),
  ).toBeCloseTo(700, 12);
  expect(() => weightedPipeline([{ amount: 1, probability: 1.5 }])).toThrow(RangeError);
});

it('win rate: 3 won, 1 lost → 0.75; none closed → null', () => {
  expect(winRate({ won: 3, lost: 1 })).toBe(0.75);
  expect(winRate({ won: 0, lost: 0 })).toBeNull();
});

it('average sales cycle: 30 and 10 days → 20', () => {
  expect(
    averageSalesCycle([
      { createdAt: '2024-01-01', closedAt: '2024-01-31' },
      { createdAt: '2024-02-01', closedAt: '2024-02-11' },
    ]),
  ).toBe(20);
  expect(averageSalesCycle([])).toBeNull();
});

it('funnel: furthest stages Lead ×4, Qualified ×3, Proposal ×2, Won ×1 → reached 10, 6, 3, 1; conversions 0.6, 0.5, 1/3', () => {
  const deals = [...Array(4).fill('Lead'), ...Array(3).fill('Qualified'), ...Array(2).fill('Proposal'), 'Won'].map(
    (s) => ({ furthestStage: s }),
  );
  const steps = stageConversion(['Lead', 'Qualified', 'Proposal', 'Won'], deals);
  expect(steps.map((s) => s.reached)).toEqual([10, 6, 3, 1]);
  expect(steps.map((s) => s.conversionToNext)).toEqual([0.6, 0.5, expect.closeTo(1 / 3, 12), null]);
});

it('sales velocity: 20 opportunities × 5000 × 0.25 / 50 days = 500 a day', () => {
  expect(salesVelocity({ opportunities: 20, averageDealValue: 5000, winRate: 0.25, salesCycleDays: 50 })).toBe(500);
});
