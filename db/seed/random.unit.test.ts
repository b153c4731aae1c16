import { describe, expect, it } from 'vitest';
import { createRng } from '@/analytics/random';
import { Rng } from './random';

describe('the seed generator', () => {
  it('draws from the one seeded generator of analytics/random.ts (no second PRNG or gamma sampler)', () => {
    const seed = new Rng(7);
    const analytics = createRng(7);
    expect([seed.next(), seed.next()]).toEqual([analytics.uniform(), analytics.uniform()]);
    expect([seed.gamma(0.9, 1.8), seed.gamma(6, 2)]).toEqual([analytics.gamma(0.9, 1.8), analytics.gamma(6, 2)]);
    expect(seed.beta(1, 15)).toBe(analytics.beta(1, 15));
    expect(seed.normal(10, 2)).toBe(10 + 2 * analytics.normal());
    expect(seed.exponential(3)).toBe(analytics.exponential(3));
  });

  it('is deterministic: the same seed gives the same picks and ids', () => {
    const draw = (rng: Rng) => [rng.int(1, 6), rng.pick(['a', 'b', 'c']), rng.chance(0.5), rng.uuid()];
    expect(draw(new Rng(42))).toEqual(draw(new Rng(42)));
    expect(draw(new Rng(42))).not.toEqual(draw(new Rng(43)));
  });

  it('int(1, 6) covers 1…6 evenly; weighted 3:1 picks the first ≈ 75 % of 20,000 times', () => {
    const rng = new Rng(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const v = rng.int(1, 6);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(5 * Math.sqrt(1000 * (5 / 6))); // 5 SD
    const entries = [
      ['a', 3],
      ['b', 1],
    ] as const;
    let a = 0;
    for (let i = 0; i < 20_000; i++) if (rng.weighted(entries) === 'a') a++;
    expect(Math.abs(a / 20_000 - 0.75)).toBeLessThan(5 * Math.sqrt((0.75 * 0.25) / 20_000));
  });

  it('uuid() is version-4 shaped', () => {
    expect(new Rng(3).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
