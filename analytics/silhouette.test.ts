import { expect, it } from 'vitest';
import { createRng } from './random';
import { sampledSilhouetteScore, silhouetteScore } from './silhouette';

it('points 0, 1 | 4, 5 on a line: s = 1 − 1/4.5 for the outer and 1 − 1/3.5 for the inner points, mean 0.74603', () => {
  // point 0: a = 1, b = (4 + 5)/2 = 4.5; point 1: a = 1, b = (3 + 4)/2 = 3.5; symmetric for 4 and 5
  const expected = (1 - 1 / 4.5 + 1 - 1 / 3.5) / 2;
  expect(silhouetteScore([[0], [1], [4], [5]], [0, 0, 1, 1])).toBeCloseTo(expected, 12);
  expect(expected).toBeCloseTo(0.746032, 6);
});

it('a singleton cluster contributes s = 0: 0, 1 | 10 → (s₀ + s₁ + 0)/3', () => {
  // point 0: a = 1, b = 10 → 0.9; point 1: a = 1, b = 9 → 8/9
  expect(silhouetteScore([[0], [1], [10]], [0, 0, 1])).toBeCloseTo((0.9 + 8 / 9) / 3, 12);
});

it('uses Euclidean distance in 2-d: (0,0), (0,2) | (3,0), (3,2) gives s = 1 − 2/((3 + √13)/2) for every point', () => {
  const b = (3 + Math.sqrt(13)) / 2;
  expect(
    silhouetteScore(
      [
        [0, 0],
        [0, 2],
        [3, 0],
        [3, 2],
      ],
      [0, 0, 1, 1],
    ),
  ).toBeCloseTo(1 - 2 / b, 12);
});

it('needs two non-empty clusters', () => {
  expect(() => silhouetteScore([[0], [1]], [0, 0])).toThrow(/two non-empty/);
});

it('the sampled score on 6,000 points (sample 2,000) is within 0.02 of the exact score', () => {
  const rng = createRng(9);
  const data: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 6000; i++) {
    const c = i % 3;
    data.push([c * 3 + rng.normal(), rng.normal()]);
    labels.push(c);
  }
  const exact = silhouetteScore(data, labels);
  const sampled = sampledSilhouetteScore(data, labels, { maxExact: 2000, seed: 4 });
  expect(sampled).not.toBe(exact);
  expect(Math.abs(sampled - exact)).toBeLessThan(0.02);
});

it('scores several labellings on one sample exactly as one at a time', async () => {
  const { createRng } = await import('./random');
  const { sampledSilhouetteScores } = await import('./silhouette');
  const rng = createRng(5);
  const data = Array.from({ length: 900 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const labelSets = [2, 3, 4].map((k) => data.map((p) => Math.min(k - 1, Math.floor(((p[0] + 3) / 6) * k))));
  const together = sampledSilhouetteScores(data, labelSets, { maxExact: 400, seed: 3 });
  expect(together).toEqual(labelSets.map((labels) => sampledSilhouetteScore(data, labels, { maxExact: 400, seed: 3 })));
});
