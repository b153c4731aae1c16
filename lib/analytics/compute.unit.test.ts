import { describe, expect, it } from 'vitest';
import { quintileBands } from './compute';
import { parsePairs, windowStart } from './load';

describe('analytics refresh helpers', () => {
  it('parses day:cents pairs, negative values included, and counts them', () => {
    const seen: [number, number][] = [];
    expect(parsePairs('20454:1999,20455:-500,0:7', (d, c) => seen.push([d, c]))).toBe(3);
    expect(seen).toEqual([
      [20454, 1999],
      [20455, -500],
      [0, 7],
    ]);
  });

  it('a 12-month window ending 2026-06-30 starts on 2025-07-01, a 1-month one ending 2026-03-31 on 03-01; none means all history', () => {
    expect(windowStart('2026-06-30', 12)).toBe('2025-07-01');
    expect(windowStart('2026-03-31', 1)).toBe('2026-03-01'); // one month before Mar 31 is Feb 28 (no Feb 31)
    expect(windowStart('2026-06-30', null)).toBeNull();
  });

  it('quintile bands by rank: 10 values → two per band; nulls stay null', () => {
    expect(quintileBands([5, 1, null, 9, 3, 7, 2, 8, 4, 6, 10])).toEqual([3, 1, null, 5, 2, 4, 1, 4, 2, 3, 5]);
  });
});

describe('COPY text format', () => {
  it('writes null as \\N and escapes backslash, tab, newline and carriage return', async () => {
    const { copyText } = await import('./write');
    expect(copyText(null)).toBe('\\N');
    expect(copyText(0.30000000000000004)).toBe('0.30000000000000004');
    expect(copyText("Can't Lose Them")).toBe("Can't Lose Them");
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });
});

it('splits the uuid space into equal ranges that cover it: 2 parts meet at 80000000-…', async () => {
  const { uuidRangeBounds } = await import('./load');
  expect(uuidRangeBounds(1)).toEqual([[null, null]]);
  expect(uuidRangeBounds(2)).toEqual([
    [null, '80000000-0000-0000-0000-000000000000'],
    ['80000000-0000-0000-0000-000000000000', null],
  ]);
});
