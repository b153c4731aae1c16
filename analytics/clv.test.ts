import { expect, it } from 'vitest';
import { historicalClv, marginMultiple, textbookClv } from './clv';

it('R 100, C 40, r 0.8, d 0.1, T 3, AC 50: 48/1.1 + 38.4/1.21 + 30.72/1.331 − 50 = 48.4523', () => {
  // margins 60·rᵗ: 48, 38.4, 30.72; discounted: 43.63636 + 31.73554 + 23.08039 = 98.45229
  expect(
    textbookClv({ revenue: 100, cost: 40, retention: 0.8, discountRate: 0.1, periods: 3, acquisitionCost: 50 }),
  ).toBeCloseTo(48.45229, 5);
});

it('takes per-period revenue: (100, 200)·0.5ᵗ at d = 0 → 50 + 50 = 100', () => {
  expect(textbookClv({ revenue: [100, 200], retention: 0.5, discountRate: 0, periods: 2 })).toBeCloseTo(100, 12);
  expect(() => textbookClv({ revenue: [100], retention: 0.5, discountRate: 0, periods: 2 })).toThrow(/period 2/);
});

it('a long horizon approaches margin × r/(1 + d − r) = 60 · 0.8/0.3 = 160', () => {
  expect(marginMultiple(0.8, 0.1)).toBeCloseTo(8 / 3, 12);
  expect(textbookClv({ revenue: 60, retention: 0.8, discountRate: 0.1, periods: 400 })).toBeCloseTo(160, 8);
});

it('with r = 1 and d = 0 it is the undiscounted sum T × margin − AC = 5 × 10 − 20 = 30', () => {
  expect(textbookClv({ revenue: 10, retention: 1, discountRate: 0, periods: 5, acquisitionCost: 20 })).toBe(30);
});

it('rejects retention outside [0, 1] and a diverging perpetuity', () => {
  expect(() => textbookClv({ revenue: 1, retention: 1.2, discountRate: 0.1, periods: 1 })).toThrow(RangeError);
  expect(() => marginMultiple(1, 0)).toThrow(/diverges/);
});

it('historical value is revenue × margin: 850 × 0.3 = 255', () => {
  expect(historicalClv(850, 0.3)).toBeCloseTo(255, 12);
  expect(historicalClv(850)).toBe(850);
});
