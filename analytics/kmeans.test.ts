import { describe, expect, it } from 'vitest';
import {
  assignToNearest,
  chooseKMeans,
  describeCentroid,
  inertia,
  kmeansBest,
  lloyd,
  rfmFeatureMatrix,
  rfmFeatures,
  standardize,
} from './kmeans';
import { createRng } from './random';

const square = [
  [0, 0],
  [0, 1],
  [10, 0],
  [10, 1],
];

describe('kmeansBest', () => {
  it('splits (0,0), (0,1) | (10,0), (10,1) into centroids (0, ½) and (10, ½) with inertia 4 · ¼ = 1', () => {
    const fit = kmeansBest(square, 2, { seed: 3 });
    const centroids = [...fit.centroids].sort((p, q) => p[0] - q[0]);
    expect(centroids).toEqual([
      [0, 0.5],
      [10, 0.5],
    ]);
    expect(fit.inertia).toBeCloseTo(1, 12);
    expect(fit.sizes).toEqual([2, 2]);
    expect(fit.labels[0]).toBe(fit.labels[1]);
    expect(fit.labels[0]).not.toBe(fit.labels[2]);
  });

  it('inertia sums squared distances: (1,1) to centroid (0,0) and (3,0) to (2,0) → 2 + 1 = 3', () => {
    expect(
      inertia(
        [
          [1, 1],
          [3, 0],
        ],
        [
          [0, 0],
          [2, 0],
        ],
        [0, 1],
      ),
    ).toBe(3);
  });

  it('keeps the restart with the lowest inertia', () => {
    const rng = createRng(2);
    const data = Array.from({ length: 400 }, () => [rng.normal() * 3, rng.normal()]);
    const single = [1, 2, 3, 4, 5, 6].map((seed) => kmeansBest(data, 5, { restarts: 1, seed }).inertia);
    expect(kmeansBest(data, 5, { restarts: 6, seed: 1 }).inertia).toBe(Math.min(...single));
  });

  it('is reproducible with a fixed seed', () => {
    const rng = createRng(3);
    const data = Array.from({ length: 300 }, () => [rng.normal(), rng.normal()]);
    expect(kmeansBest(data, 4, { seed: 7 }).centroids).toEqual(kmeansBest(data, 4, { seed: 7 }).centroids);
  });
});

describe('chooseKMeans', () => {
  const blobs = (n: number, centers: number[][], seed: number) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, (_, i) => centers[i % centers.length].map((c) => c + 0.5 * rng.normal()));
  };

  it('picks k = 3 for three well-separated blobs, by the highest silhouette', () => {
    const data = blobs(
      600,
      [
        [0, 0],
        [5, 0],
        [0, 5],
      ],
      4,
    );
    const choice = chooseKMeans(data, { kMax: 6, restarts: 3 });
    expect(choice.best.k).toBe(3);
    expect(choice.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6]);
    const top = Math.max(...choice.candidates.map((c) => c.silhouette));
    expect(choice.candidates.find((c) => c.k === 3)!.silhouette).toBe(top);
    // inertia falls as k grows
    expect(choice.candidates[4].inertia).toBeLessThan(choice.candidates[0].inertia);
  });

  it('chooses k on a cheaper pass, then fits it as scoring every k in full would (same k, clusters, silhouette)', () => {
    const data = blobs(
      6000,
      [
        [0, 0],
        [4, 1],
        [1, 5],
        [6, 6],
      ],
      6,
    );
    const cheap = chooseKMeans(data, { kMax: 6, restarts: 3, fitSample: 2500, silhouetteSample: 2500 });
    const full = chooseKMeans(data, {
      kMax: 6,
      restarts: 3,
      fitSample: 2500,
      silhouetteSample: 2500,
      selectionRestarts: 3,
      selectionSilhouetteSample: 2500,
    });
    expect(cheap.best.k).toBe(4);
    expect(cheap.best.k).toBe(full.best.k);
    expect(cheap.best.centroids).toEqual(full.best.centroids);
    expect(cheap.best.labels).toEqual(full.best.labels);
    expect(cheap.best.silhouette).toBe(full.best.silhouette);
    expect(full.candidates.find((c) => c.k === 4)!.silhouette).toBe(full.best.silhouette);
    // The chosen k's estimate in the selection pass is close to its full score.
    expect(Math.abs(cheap.candidates.find((c) => c.k === 4)!.silhouette - full.best.silhouette)).toBeLessThan(0.02);
  });

  it('fits on a sample and assigns every point when the input is large', () => {
    const data = blobs(
      3000,
      [
        [0, 0],
        [6, 6],
      ],
      5,
    );
    const choice = chooseKMeans(data, { kMax: 3, fitSample: 500, silhouetteSample: 800, restarts: 2 });
    expect(choice.best.k).toBe(2);
    expect(choice.best.labels).toHaveLength(3000);
    expect(choice.best.sizes).toEqual([1500, 1500]);
  });
});

it('assignToNearest picks the closest centroid', () => {
  expect(Array.from(assignToNearest([[0.4], [0.6], [9]], [[0], [1], [10]]))).toEqual([0, 1, 2]);
});

it('standardize gives z-scores: 1, 2, 3 → −1.2247, 0, 1.2247 (sd √(2/3))', () => {
  const { data, means, sds } = standardize([
    [1, 5],
    [2, 5],
    [3, 5],
  ]);
  expect(means).toEqual([2, 5]);
  expect(sds[0]).toBeCloseTo(Math.sqrt(2 / 3), 12);
  expect(sds[1]).toBe(1); // constant column
  expect(data.map((r) => r[0])).toEqual(
    [-1 / Math.sqrt(2 / 3), 0, 1 / Math.sqrt(2 / 3)].map((v) => expect.closeTo(v, 12)),
  );
});

it('rfmFeatures takes ln(1 + value) before standardising and adds CLV on request', () => {
  const rows = [
    { recencyDays: 0, frequency: 1, monetary: -5, clv: 10 },
    { recencyDays: Math.E - 1, frequency: 1, monetary: 0, clv: 10 },
  ];
  const f = rfmFeatures(rows, { includeClv: true });
  expect(f.names).toEqual(['recency', 'frequency', 'monetary', 'clv']);
  expect(f.means[0]).toBeCloseTo(0.5, 12); // (ln 1 + ln e)/2
  expect(f.means[2]).toBe(0); // −5 clipped to 0
});

it('rfmFeatureMatrix gives rfmFeatures’ numbers, bit for bit, row-major in one array', () => {
  let seed = 11;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const rows = Array.from({ length: 500 }, (_, i) => ({
    recencyDays: Math.floor(random() * 900),
    frequency: 1 + Math.floor(random() * 30),
    monetary: random() * 5000 - 50,
    clv: i % 7 === 0 ? undefined : random() * 900,
  }));
  for (const includeClv of [false, true]) {
    const f = rfmFeatures(rows, { includeClv });
    const m = rfmFeatureMatrix(rows.length, (i) => rows[i], includeClv ? (i) => rows[i].clv : null);
    expect(m.names).toEqual(f.names);
    expect(m.means).toEqual(f.means);
    expect(m.sds).toEqual(f.sds);
    expect(m.data.dim).toBe(f.names.length);
    expect(Array.from(m.data.values)).toEqual(f.data.flat());
  }
});

it('describes a centroid in words: z = (−1, 0.9, 0.2) → "recent, frequent, mid spend"', () => {
  expect(describeCentroid([-1, 0.9, 0.2], ['recency', 'frequency', 'monetary'])).toBe('recent, frequent, mid spend');
  expect(describeCentroid([1.2, -0.8, -0.6, 1], ['recency', 'frequency', 'monetary', 'clv'])).toBe(
    'lapsed, infrequent, low spend, high CLV',
  );
});

describe('lloyd', () => {
  it('gives ml-kmeans’s centroids to the bit (same k-means++ start, steps and stopping rule)', async () => {
    const { kmeans } = await import('ml-kmeans');
    const { flatten } = await import('./silhouette');
    const rng = createRng(11);
    for (const dim of [2, 3]) {
      const data = Array.from({ length: 700 }, (_, i) =>
        Array.from({ length: dim }, (_, j) => (i % 5) * (j + 1) + rng.normal()),
      );
      const { values } = flatten(data);
      for (const [k, seed, maxIterations] of [
        [2, 1, 100],
        [5, 3, 100],
        [8, 7, 100],
        [6, 2, 3],
      ]) {
        const expected = kmeans(data, k, { initialization: 'kmeans++', seed, maxIterations }).centroids;
        expect(lloyd(data, values, k, { seed, maxIterations })).toEqual(expected);
      }
    }
  });

  it('its own k-means++ start draws as ml-kmeans’s does: skewed 3-d data, k = 2 … 8, seeds 1 … 4', async () => {
    const { kmeans } = await import('ml-kmeans');
    const { flatten } = await import('./silhouette');
    const rng = createRng(12);
    const data = Array.from({ length: 1500 }, () => [rng.normal() ** 2, Math.log1p(rng.gamma(0.7, 2)), rng.normal()]);
    const { values } = flatten(data);
    for (let k = 2; k <= 8; k++)
      for (let seed = 1; seed <= 4; seed++) {
        const expected = kmeans(data, k, { initialization: 'kmeans++', seed, maxIterations: 100 }).centroids;
        expect(lloyd(data, values, k, { seed, maxIterations: 100 })).toEqual(expected);
      }
  });
});
