import { expect, it } from 'vitest';
import { csat, firstResponseTime, resolutionTime } from './service';

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
