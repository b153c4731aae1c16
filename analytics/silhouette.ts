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
  return silhouetteScores(data, [labels])[0];
}

/**
 * silhouetteScore of several labellings of the same points: each pair's distance is computed once
 * and credited under every labelling, each in the same order as alone (so the same scores, to the
 * bit). Throws as silhouetteScore when a labelling has fewer than two non-empty clusters.
 */
export function silhouetteScores(
  data: readonly (readonly number[])[],
  labelSets: readonly ArrayLike<number>[],
): number[] {
  const { values, dim } = flatten(data);
  const n = data.length;
  const L = labelSets.length;
  const ks = labelSets.map((labels) => {
    let k = 0;
    for (let i = 0; i < n; i++) k = Math.max(k, labels[i] + 1);
    return k;
  });
  const sizes = labelSets.map((labels, s) => {
    const counts = new Int32Array(ks[s]);
    for (let i = 0; i < n; i++) counts[labels[i]]++;
    if (counts.filter((c) => c > 0).length < 2)
      throw new RangeError('silhouette needs at least two non-empty clusters');
    return counts;
  });
  // sums[s][i·k + c]: total distance from point i to the points of cluster c under labelling s.
  // Each pair is measured once and credited to both ends.
  const sums = ks.map((k) => new Float64Array(n * k));
  const labs = labelSets.map((labels) => Int32Array.from({ length: n }, (_, i) => labels[i]));
  // One labelling (the common case) keeps its own tight loop.
  const one = L === 1;
  const sums0 = sums[0];
  const lab0 = labs[0];
  const k0 = ks[0];
  const credit = (i: number, j: number, d: number) => {
    for (let s = 0; s < L; s++) {
      const k = ks[s];
      const lab = labs[s];
      const sum = sums[s];
      sum[i * k + lab[j]] += d;
      sum[j * k + lab[i]] += d;
    }
  };
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    // The pair loop is the hot spot (n²/2 pairs); 3-d (log-RFM) gets an unrolled distance.
    if (dim === 3) {
      const x0 = values[oi];
      const x1 = values[oi + 1];
      const x2 = values[oi + 2];
      if (one) {
        const li = lab0[i];
        const rowI = i * k0;
        for (let j = i + 1, oj = (i + 1) * 3; j < n; j++, oj += 3) {
          const d0 = x0 - values[oj];
          const d1 = x1 - values[oj + 1];
          const d2 = x2 - values[oj + 2];
          const d = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
          sums0[rowI + lab0[j]] += d;
          sums0[j * k0 + li] += d;
        }
      } else {
        for (let j = i + 1, oj = (i + 1) * 3; j < n; j++, oj += 3) {
          const d0 = x0 - values[oj];
          const d1 = x1 - values[oj + 1];
          const d2 = x2 - values[oj + 2];
          credit(i, j, Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2));
        }
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
      credit(i, j, Math.sqrt(d2));
    }
  }
  return labelSets.map((labels, s) => {
    const k = ks[s];
    const size = sizes[s];
    const sum = sums[s];
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i];
      if (size[own] <= 1) continue; // s(i) = 0
      const a = sum[i * k + own] / (size[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) b = Math.min(b, sum[i * k + c] / size[c]);
      const m = Math.max(a, b);
      total += m > 0 ? (b - a) / m : 0;
    }
    return total / n;
  });
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
  if (data.length <= maxExact) return silhouetteScores(data, labelSets);
  const idx = createRng(seed).sampleIndices(data.length, maxExact);
  const sample = Array.from(idx, (i) => data[i]);
  return silhouetteScores(
    sample,
    labelSets.map((labels) => Array.from(idx, (i) => labels[i])),
  );
}
