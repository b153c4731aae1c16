import { expect, it } from 'vitest';
import { createRng, mulberry32 } from './random';

it('is reproducible: the same seed gives the same stream, another seed another', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const sa = [a(), a(), a()];
  expect([b(), b(), b()]).toEqual(sa);
  expect(c()).not.toBe(sa[0]);
  for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
});

// Sample moments over n = 200,000 draws: the standard error of a mean is sd/√n, so 5 SE bounds
// are tight enough to catch a wrong parameterisation (e.g. scale instead of rate) by far.
const n = 200_000;
const moments = (draw: () => number) => {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
};

it('gamma(shape 2.5, rate 0.5) has mean k/β = 5 and variance k/β² = 10', () => {
  const rng = createRng(1);
  const m = moments(() => rng.gamma(2.5, 0.5));
  expect(Math.abs(m.mean - 5)).toBeLessThan(5 * Math.sqrt(10 / n));
  expect(m.variance).toBeGreaterThan(9.7);
  expect(m.variance).toBeLessThan(10.3);
});

it('gamma with shape < 1 (0.3, rate 2) has mean 0.15', () => {
  const rng = createRng(2);
  const m = moments(() => rng.gamma(0.3, 2)); // variance 0.3/4 = 0.075
  expect(Math.abs(m.mean - 0.15)).toBeLessThan(5 * Math.sqrt(0.075 / n));
});

it('beta(0.8, 2.4) has mean a/(a + b) = 0.25', () => {
  const rng = createRng(3);
  const m = moments(() => rng.beta(0.8, 2.4)); // variance ab/((a+b)²(a+b+1)) = 1.92/43.008 = 0.0446
  expect(Math.abs(m.mean - 0.25)).toBeLessThan(5 * Math.sqrt(0.0446 / n));
});

it('poisson(3.5) and poisson(80) have mean = variance = λ', () => {
  const rng = createRng(4);
  const small = moments(() => rng.poisson(3.5));
  expect(Math.abs(small.mean - 3.5)).toBeLessThan(5 * Math.sqrt(3.5 / n));
  const large = moments(() => rng.poisson(80));
  expect(Math.abs(large.mean - 80)).toBeLessThan(5 * Math.sqrt(80 / n));
  expect(large.variance).toBeGreaterThan(78);
  expect(large.variance).toBeLessThan(82);
});

it('normal() has mean 0 and variance 1; exponential(4) has mean 0.25', () => {
  const rng = createRng(5);
  const z = moments(() => rng.normal());
  expect(Math.abs(z.mean)).toBeLessThan(5 / Math.sqrt(n));
  expect(Math.abs(z.variance - 1)).toBeLessThan(0.02);
  const e = moments(() => rng.exponential(4));
  expect(Math.abs(e.mean - 0.25)).toBeLessThan((5 * 0.25) / Math.sqrt(n));
});

it('sampleIndices(10, 4) gives 4 distinct indices in 0…9; k ≥ n gives a permutation', () => {
  const rng = createRng(6);
  const s = Array.from(rng.sampleIndices(10, 4));
  expect(new Set(s).size).toBe(4);
  for (const i of s) expect(i >= 0 && i < 10).toBe(true);
  expect(Array.from(rng.sampleIndices(5, 9)).sort()).toEqual([0, 1, 2, 3, 4]);
});
