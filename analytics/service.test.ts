import { expect, it } from 'vitest';
import {
  csat,
  csatFromCounts,
  firstResponseTime,
  median,
  resolutionTime,
  SMALL_SAMPLE,
  slaAttainment,
} from './service';

it('CSAT counts 4 and 5 as satisfied: ratings 5, 4, 3, 1, 4 → 3/5 = 0.6; missing ratings are not responses', () => {
  expect(csat([5, 4, 3, null, 1, 4, undefined])).toBeCloseTo(0.6, 12);
  expect(csat([])).toBeNull();
  expect(() => csat([6])).toThrow(/1–5/);
});

const cases = [
  { openedAt: '2024-05-01T10:00:00Z', firstResponseAt: '2024-05-01T12:30:00Z', resolvedAt: '2024-05-02T10:00:00Z' },
  { openedAt: '2024-05-01T09:00:00Z', firstResponseAt: '2024-05-01T10:00:00Z', resolvedAt: '2024-05-03T09:00:00Z' },
  { openedAt: '2024-05-01T09:00:00Z', firstResponseAt: null, resolvedAt: null },
];

it('first response: 2.5 h and 1 h → mean 1.75 h over the 2 answered cases', () => {
  expect(firstResponseTime(cases)).toEqual({ count: 2, meanHours: 1.75, medianHours: 1.75 });
});

it('resolution: 24 h and 48 h → mean 36 h; the open case is left out', () => {
  expect(resolutionTime(cases)).toEqual({ count: 2, meanHours: 36, medianHours: 36 });
  expect(resolutionTime([])).toEqual({ count: 0, meanHours: null, medianHours: null });
});

it('median of 1, 2, 10 hours is 2', () => {
  const at = (h: number) => new Date(Date.UTC(2024, 0, 1, h)).toISOString();
  expect(firstResponseTime([1, 2, 10].map((h) => ({ openedAt: at(0), firstResponseAt: at(h) }))).medianHours).toBe(2);
});

it('CSAT from counts: 3 satisfied of 4 answers → 0.75; no answers → null, not 0', () => {
  expect(csatFromCounts({ responses: 4, satisfied: 3 })).toBe(0.75);
  expect(csatFromCounts({ responses: 0, satisfied: 0 })).toBeNull();
  expect(csatFromCounts({ responses: 2, satisfied: 0 })).toBe(0);
  expect(() => csatFromCounts({ responses: 1, satisfied: 2 })).toThrow(RangeError);
  expect(() => csatFromCounts({ responses: -1, satisfied: 0 })).toThrow(RangeError);
});

it('SLA attainment: 45 met, 5 breached → 90 % of 50; nothing measured → rate null and a small sample', () => {
  expect(slaAttainment({ met: 45, breached: 5 })).toEqual({ met: 45, breached: 5, total: 50, rate: 0.9, small: false });
  expect(slaAttainment({ met: 0, breached: 0 })).toEqual({ met: 0, breached: 0, total: 0, rate: null, small: true });
  expect(slaAttainment({ met: 0, breached: 3 }).rate).toBe(0);
  expect(slaAttainment({ met: 3, breached: 1 }).small).toBe(SMALL_SAMPLE > 4);
  expect(() => slaAttainment({ met: 1.5, breached: 0 })).toThrow(RangeError);
});

it('median: [30, 10, 20] → 20; [10, 20, 30, 100] → (20 + 30) / 2 = 25; none → null', () => {
  expect(median([30, 10, 20])).toBe(20);
  expect(median([10, 20, 30, 100])).toBe(25);
  expect(median([])).toBeNull();
  expect(() => median([1, Number.NaN])).toThrow(RangeError);
});
