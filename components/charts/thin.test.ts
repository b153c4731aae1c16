import { describe, expect, it } from 'vitest';
import { evenlySpaced } from './thin';

describe('evenlySpaced', () => {
  it('keeps a short series whole', () => {
    expect(evenlySpaced([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });

  it('thins a long series to max items, first and last kept, in order', () => {
    const series = Array.from({ length: 424 }, (_, i) => i);
    const thinned = evenlySpaced(series, 60);
    expect(thinned).toHaveLength(60);
    expect(thinned[0]).toBe(0);
    expect(thinned.at(-1)).toBe(423);
    for (let i = 1; i < thinned.length; i++) expect(thinned[i]).toBeGreaterThan(thinned[i - 1]);
    // Evenly spaced: no gap more than one step wider than another.
    const gaps = thinned.slice(1).map((v, i) => v - thinned[i]);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });

  it('refuses a max below two', () => {
    expect(() => evenlySpaced([1, 2, 3], 1)).toThrow(RangeError);
  });
});
