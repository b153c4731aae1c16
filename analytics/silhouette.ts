/**
 * Silhouette width (Rousseeuw 1987) with Euclidean distance: for point i in cluster A,
 * a(i) = mean distance to the other points of A, b(i) = the smallest mean distance to the points
 * of another cluster, s(i) = (b − a) / max(a, b); s(i) = 0 when A has one point (as in scikit-learn).
 * The score is the mean s(i); it needs at least two non-empty clusters.
 */
import { createRng } from './random';

/** Rows as one Float64Array, row-major, for tight distance loops. */
export function flatten(data: readonly (readonly number[])[]): { values: Float64Array; dim: number } {
  const dim = data.length ? data[0].length : 0;
  const values = new Float64Array(data.length * dim);
  data.forEach((row, i) => {
    values.set(row, i * dim);
  });
  return { values, dim };
}

/** Exact silhouette score over the given points: O(n² · dim). */
export function silhouetteScore(data: readonly (readonly number[])[], labels: ArrayLike<number>): number {
  const { values, dim } = flatten(data);
  const n = data.length;
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, labels[i] + 1);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  if (sizes.filter((s) => s > 0).length < 2) throw new RangeError('silhouette needs at least two non-empty clusters');
  // sums[i·k + c]: total distance from point i to the points of cluster c. Each pair is measured
  // once and credited to both ends.
  const sums = new Float64Array(n * k);
  const lab = Int32Array.from({ length: n }, (_, i) => labels[i]);
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    const li = lab[i];
    const rowI = i * k;
    // The pair loop is the hot spot (n²/2 pairs); 3-d (log-RFM) gets an unrolled distance.
    if (dim === 3) {
      const x0 = values[oi];
      const x1 = values[oi + 1];
      const x2 = values[oi + 2];
      for (let j = i + 1, oj = (i + 1) * 3; j < n; j++, oj += 3) {
        const d0 = x0 - values[oj];
        const d1 = x1 - values[oj + 1];
        const d2 = x2 - values[oj + 2];
        const d = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
        sums[rowI + lab[j]] += d;
        sums[j * k + li] += d;
      }
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const oj = j * dim;
      let d2 = 0;
      for (let c = 0; c < dim; c++) {
        const diff = values[oi + c] - values[oj + c];
        d2 += diff * diff;
      }
      const d = Math.sqrt(d2);
      sums[rowI + lab[j]] += d;
      sums[j * k + li] += d;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (sizes[own] <= 1) continue; // s(i) = 0
    const a = sums[i * k + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[i * k + c] / sizes[c]);
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / n;
}

/**
 * Silhouette score, exact up to `maxExact` points (default 5,000) and otherwise computed exactly on
 * a seeded random sample of that many points (scikit-learn's `sample_size`): an unbiased estimate
 * whose error is about the spread of s(i) / √sample, ~0.005 for 5,000 points.
 */
export function sampledSilhouetteScore(
  data: readonly (readonly number[])[],
  labels: ArrayLike<number>,
  { maxExact = 5000, seed = 1 }: { maxExact?: number; seed?: number } = {},
): number {
  return sampledSilhouetteScores(data, [labels], { maxExact, seed })[0];
}

/** sampledSilhouetteScore of several labellings of the same points, on the same sample. */
export function sampledSilhouetteScores(
  data: readonly (readonly number[])[],
  labelSets: readonly ArrayLike<number>[],
  { maxExact = 5000, seed = 1 }: { maxExact?: number; seed?: number } = {},
): number[] {
  if (data.length <= maxExact) return labelSets.map((labels) => silhouetteScore(data, labels));
  const idx = createRng(seed).sampleIndices(data.length, maxExact);
  const sample = Array.from(idx, (i) => data[i]);
  return labelSets.map((labels) =>
    silhouetteScore(
      sample,
      Array.from(idx, (i) => labels[i]),
    ),
  );
}
