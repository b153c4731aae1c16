/**
 * K-means segmentation on standardised log-RFM features (optionally CLV), computed as ml-kmeans
 * computes it (k-means++ start, fixed seeds; see lloyd). ml-kmeans has no n_init and reports a *mean*
 * error, so restarts and inertia (the sum of squared distances to the assigned centroid) are ours.
 * On large inputs the centroids are fitted on a seeded sample and then every point is assigned.
 */
import { createRng } from './random';
import { flatten, sampledSilhouetteScores } from './silhouette';

export type Standardized = { data: number[][]; means: number[]; sds: number[] };

/** z-scores per column (population standard deviation; a constant column gets sd 1). */
export function standardize(rows: readonly (readonly number[])[]): Standardized {
  const dim = rows[0]?.length ?? 0;
  const n = rows.length;
  const means = new Array<number>(dim).fill(0);
  const sds = new Array<number>(dim).fill(0);
  for (const row of rows) for (let c = 0; c < dim; c++) means[c] += row[c] / n;
  for (const row of rows) for (let c = 0; c < dim; c++) sds[c] += (row[c] - means[c]) ** 2 / n;
  for (let c = 0; c < dim; c++) sds[c] = Math.sqrt(sds[c]) || 1;
  return { data: rows.map((row) => row.map((v, c) => (v - means[c]) / sds[c])), means, sds };
}

export type FeatureName = 'recency' | 'frequency' | 'monetary' | 'clv';

/**
 * Standardised ln(1 + value) features: recency days, order count, revenue, and CLV when given.
 * Logs tame the long right tails of all four; negative money is clipped to 0 first.
 */
export function rfmFeatures(
  rows: readonly { recencyDays: number; frequency: number; monetary: number; clv?: number }[],
  { includeClv = false }: { includeClv?: boolean } = {},
): Standardized & { names: FeatureName[] } {
  const names: FeatureName[] = includeClv
    ? ['recency', 'frequency', 'monetary', 'clv']
    : ['recency', 'frequency', 'monetary'];
  const raw = rows.map((r) => {
    const v = [Math.log1p(Math.max(0, r.recencyDays)), Math.log1p(r.frequency), Math.log1p(Math.max(0, r.monetary))];
    if (includeClv) v.push(Math.log1p(Math.max(0, r.clv ?? 0)));
    return v;
  });
  return { ...standardize(raw), names };
}

/** rfmFeatures laid out row-major in one Float64Array (k-means takes it as it is). */
export type FeatureMatrix = {
  data: { values: Float64Array; dim: number };
  means: number[];
  sds: number[];
  names: FeatureName[];
};

/**
 * rfmFeatures of n rows read by index, row-major in one Float64Array: the same numbers, summed in
 * the same order (standardize's), without an object or array per row.
 */
export function rfmFeatureMatrix(
  n: number,
  row: (i: number) => { recencyDays: number; frequency: number; monetary: number },
  clv: ((i: number) => number | undefined) | null = null,
): FeatureMatrix {
  const names: FeatureName[] = clv ? ['recency', 'frequency', 'monetary', 'clv'] : ['recency', 'frequency', 'monetary'];
  const dim = names.length;
  const values = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const r = row(i);
    values[i * dim] = Math.log1p(Math.max(0, r.recencyDays));
    values[i * dim + 1] = Math.log1p(r.frequency);
    values[i * dim + 2] = Math.log1p(Math.max(0, r.monetary));
    if (clv) values[i * dim + 3] = Math.log1p(Math.max(0, clv(i) ?? 0));
  }
  const means = new Array<number>(dim).fill(0);
  const sds = new Array<number>(dim).fill(0);
  for (let i = 0; i < n; i++) for (let c = 0; c < dim; c++) means[c] += values[i * dim + c] / n;
  for (let i = 0; i < n; i++) for (let c = 0; c < dim; c++) sds[c] += (values[i * dim + c] - means[c]) ** 2 / n;
  for (let c = 0; c < dim; c++) sds[c] = Math.sqrt(sds[c]) || 1;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < dim; c++) values[i * dim + c] = (values[i * dim + c] - means[c]) / sds[c];
  return { data: { values, dim }, means, sds, names };
}

/** Index of the nearest centroid of every point (squared Euclidean distance). */
export function assignToNearest(
  data: readonly (readonly number[])[],
  centroids: readonly (readonly number[])[],
): Int32Array {
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < centroids.length; c++) {
      let d = 0;
      for (let j = 0; j < centroids[c].length; j++) d += (data[i][j] - centroids[c][j]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Inertia: Σᵢ ‖xᵢ − c(xᵢ)‖², the within-cluster sum of squares. */
export function inertia(
  data: readonly (readonly number[])[],
  centroids: readonly (readonly number[])[],
  labels: ArrayLike<number>,
): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    const c = centroids[labels[i]];
    for (let j = 0; j < c.length; j++) s += (data[i][j] - c[j]) ** 2;
  }
  return s;
}

export type KMeansFit = {
  k: number;
  centroids: number[][];
  labels: Int32Array;
  inertia: number;
  sizes: number[];
  seed: number;
};

export type KMeansOptions = {
  /** Runs with seeds seed, seed + 1, …; the lowest inertia wins. Default 5. */
  restarts?: number;
  seed?: number;
  maxIterations?: number;
};

/** ml-kmeans's defaults, which lloyd() reproduces. */
const TOLERANCE = 1e-6;

/**
 * ml-kmeans's `kmeans(data, k, { initialization: 'kmeans++', seed, maxIterations })`, to the bit:
 * its k-means++ start (kmeansPlusPlus, the same draws and sums), then its Lloyd steps over one
 * Float64Array instead of arrays of arrays (ml-kmeans allocates per point and iteration, several
 * times slower): each point to the first nearest centre by squared Euclidean distance summed over
 * the coordinates in order, centres as the mean of their points summed in point order (an empty
 * cluster keeps its centre), until no centre moves more than 1e-6 (squared) or maxIterations
 * steps. Returns the last step's centres, as ml-kmeans does (a test checks against ml-kmeans).
 */
export function lloyd(
  data: readonly (readonly number[])[],
  flat: Float64Array,
  k: number,
  { seed, maxIterations }: { seed: number; maxIterations: number },
): number[][] {
  const n = data.length;
  if (k <= 0 || k > n || !Number.isInteger(k))
    throw new Error('K should be a positive integer smaller than the number of points');
  const dim = n ? data[0].length : 0;
  let centers = kmeansPlusPlus(flat, n, dim, k, seed);
  let converged = false;
  const ids = new Int32Array(n);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let step = 0; !converged && step < maxIterations; step++) {
    for (let i = 0; i < n; i++) {
      let nearest = -1;
      let min = Number.MAX_VALUE;
      for (let c = 0; c < k; c++) {
        let d = 0;
        for (let j = 0; j < dim; j++) {
          const t = flat[i * dim + j] - centers[c * dim + j];
          d += t * t;
        }
        if (d < min) {
          min = d;
          nearest = c;
        }
      }
      ids[i] = nearest;
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = ids[i];
      counts[c]++;
      for (let j = 0; j < dim; j++) sums[c * dim + j] += flat[i * dim + j];
    }
    const next = new Float64Array(k * dim);
    for (let c = 0; c < k; c++)
      for (let j = 0; j < dim; j++)
        next[c * dim + j] = counts[c] ? sums[c * dim + j] / counts[c] : centers[c * dim + j];
    converged = true;
    for (let c = 0; c < k && converged; c++) {
      let d = 0;
      for (let j = 0; j < dim; j++) {
        const t = next[c * dim + j] - centers[c * dim + j];
        d += t * t;
      }
      if (d > TOLERANCE) converged = false;
    }
    centers = next;
  }
  return Array.from({ length: k }, (_, c) => Array.from(centers.subarray(c * dim, (c + 1) * dim)));
}

/**
 * ml-xsadd's XSadd generator (MIT, © 2015 ml.js; after Saito & Matsumoto's XORSHIFT-ADD), as
 * ml-random's Random(seed) draws from it: the stream ml-kmeans's k-means++ start uses.
 */
class XsAdd {
  private readonly state = new Uint32Array(4);

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new TypeError('seed must be an integer');
    const s = this.state;
    s[0] = seed;
    for (let i = 1; i < 8; i++)
      s[i & 3] ^= (i + multiplyUint32(1812433253, s[(i - 1) & 3] ^ ((s[(i - 1) & 3] >>> 30) >>> 0))) >>> 0;
    if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) s.set([88, 83, 65, 68]);
    for (let i = 0; i < 8; i++) this.next();
  }

  private next(): void {
    const s = this.state;
    let t = s[0];
    t ^= t << 15;
    t ^= t >>> 18;
    t ^= s[3] << 11;
    s[0] = s[1];
    s[1] = s[2];
    s[2] = s[3];
    s[3] = t;
  }

  /** A float in [0, 1) from the top 24 bits of the next 32-bit output. */
  random(): number {
    this.next();
    return (((this.state[3] + this.state[2]) >>> 0) >>> 8) * (1 / 16777216);
  }
}

function multiplyUint32(n: number, m: number): number {
  n >>>= 0;
  m >>>= 0;
  const nlo = n & 0xffff;
  const nhi = n - nlo;
  return (((nhi * m) >>> 0) + nlo * m) >>> 0;
}

/**
 * ml-kmeans's k-means++ start (its `kmeanspp`, after scikit-learn's: 2 + ⌊ln k⌋ candidates per new
 * centre drawn by D² weight, the one lowering the potential most kept), to the bit: the same draws
 * from the same generator, the same sums in the same order, over row-major values without a row
 * array or matrix per distance (ml-kmeans's own allocates a row per point and candidate). Returns
 * the k centres row-major.
 */
function kmeansPlusPlus(flat: Float64Array, n: number, dim: number, k: number, seed: number): Float64Array {
  const random = new XsAdd(seed);
  const localTrials = 2 + Math.floor(Math.log(k));
  const centers = new Float64Array(k * dim);
  const squared = (i: number, c: Float64Array, at: number) => {
    let d = 0;
    for (let j = 0; j < dim; j++) d += (flat[i * dim + j] - c[at + j]) * (flat[i * dim + j] - c[at + j]);
    return d;
  };
  const first = Math.floor(random.random() * n);
  centers.set(flat.subarray(first * dim, (first + 1) * dim), 0);
  let closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = squared(i, centers, 0);
  const cumulative = new Float64Array(n);
  const candidates = new Int32Array(localTrials);
  const candidateRows = new Float64Array(localTrials * dim);
  let trial = new Float64Array(n);
  let kept = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    // Probabilities closest / Σ closest (the sum from the first value on), their running sums, then
    // each draw is the first index whose running sum reaches it (ml-random's choice with replacement).
    let total = closest[0];
    for (let i = 1; i < n; i++) total += closest[i];
    const scale = 1 / total;
    cumulative[0] = closest[0] * scale;
    for (let i = 1; i < n; i++) cumulative[i] = cumulative[i - 1] + closest[i] * scale;
    if (Math.abs(1 - cumulative[n - 1]) > 1e-8)
      throw new Error(`probabilities should sum to 1, but instead sums to ${cumulative[n - 1]}`);
    for (let t = 0; t < localTrials; t++) {
      const r = random.random();
      let idx = 0;
      while (r > cumulative[idx]) idx++;
      candidates[t] = idx;
      candidateRows.set(flat.subarray(idx * dim, (idx + 1) * dim), t * dim);
    }
    let bestCandidate = -1;
    let bestPot = Infinity;
    for (let t = 0; t < localTrials; t++) {
      let pot = 0;
      for (let i = 0; i < n; i++) {
        // squaredEuclidean(candidate, point): (c − x)² is (x − c)², to the bit.
        const v = Math.min(closest[i], squared(i, candidateRows, t * dim));
        trial[i] = v;
        pot += v;
      }
      if (pot < bestPot) {
        bestCandidate = candidates[t];
        bestPot = pot;
        [kept, trial] = [trial, kept];
      }
    }
    centers.set(flat.subarray(bestCandidate * dim, (bestCandidate + 1) * dim), c * dim);
    [closest, kept] = [kept, closest];
  }
  return centers;
}

/** K-means with k-means++ starts and several seeded restarts, keeping the lowest inertia. */
export function kmeansBest(
  data: readonly (readonly number[])[],
  k: number,
  { restarts = 5, seed = 1, maxIterations = 100 }: KMeansOptions = {},
  /** Centroids of runs already made on these data (by k, seed and maxIterations: see runKey). */
  runs?: Map<string, number[][]>,
): KMeansFit {
  if (data.length < k) throw new RangeError(`k-means needs at least k = ${k} points`);
  let best: KMeansFit | null = null;
  const { values: flat } = flatten(data);
  for (let run = 0; run < restarts; run++) {
    const key = runKey(k, seed + run, maxIterations);
    let centroids = runs?.get(key);
    if (!centroids) {
      centroids = lloyd(data, flat, k, { seed: seed + run, maxIterations });
      runs?.set(key, centroids);
    }
    const result = { centroids };
    // ml-kmeans's labels come from the step before the last centroid update; re-assign to be exact.
    const labels = assignToNearest(data, result.centroids);
    const fit = {
      k,
      centroids: result.centroids,
      labels,
      inertia: inertia(data, result.centroids, labels),
      sizes: [] as number[],
      seed: seed + run,
    };
    if (!best || fit.inertia < best.inertia) best = fit;
  }
  best!.sizes = clusterSizes(best!.labels, k);
  return best!;
}

/** A seeded run is a function of the data, k, its seed and the iteration limit. */
const runKey = (k: number, seed: number, maxIterations: number) => `${k}:${seed}:${maxIterations}`;

const clusterSizes = (labels: Int32Array, k: number) => {
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l]++;
  return sizes;
};

export type KChoice = {
  /** The chosen k fitted with all its restarts; its silhouette on the full silhouette sample. */
  best: KMeansFit & { silhouette: number };
  /** Inertia (over all points) and silhouette per k tried, from the selection pass. */
  candidates: { k: number; inertia: number; silhouette: number }[];
};

export type ChooseKOptions = KMeansOptions & {
  kMin?: number;
  kMax?: number;
  /** Fit centroids on at most this many points (seeded sample), then assign all. Default 5,000. */
  fitSample?: number;
  /** The chosen k's silhouette: exact up to this many points, sampled above. Default 5,000. */
  silhouetteSample?: number;
  /** Selection pass: restarts per k (default 1) and silhouette sample (default 2,000). */
  selectionRestarts?: number;
  selectionSilhouetteSample?: number;
};

/**
 * Picks k in kMin … kMax (default 2 … 8) by the highest silhouette score, in two passes. The
 * selection pass fits every k with `selectionRestarts` seeded k-means++ starts and scores it on a
 * silhouette sample of `selectionSilhouetteSample` points (the same sample for every k, so the
 * comparison is like for like); then the chosen k alone gets all `restarts` and its silhouette on
 * `silhouetteSample` points. The k found is the same as scoring every k the full way unless two
 * k score within the sampling error (~0.01 at 2,000 points) of each other; this costs about a
 * third as much.
 */
/** Points as rows, or row-major in one Float64Array (n × dim), as they travel between threads. */
export type Points = readonly (readonly number[])[] | { values: Float64Array; dim: number };

/** The centroids row-major in one Float64Array (k × dim). */
function flatCentroids(centroids: readonly (readonly number[])[], dim: number): Float64Array {
  const out = new Float64Array(centroids.length * dim);
  centroids.forEach((c, i) => {
    out.set(c, i * dim);
  });
  return out;
}

/** assignToNearest over row-major values, with the same arithmetic (3-d, log-RFM, unrolled). */
function assignFlat(values: Float64Array, dim: number, centroids: readonly (readonly number[])[]): Int32Array {
  const n = values.length / dim;
  const k = centroids.length;
  const c = flatCentroids(centroids, dim);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let best = 0;
    let bestD = Infinity;
    if (dim === 3) {
      const x0 = values[o];
      const x1 = values[o + 1];
      const x2 = values[o + 2];
      for (let j = 0, q = 0; j < k; j++, q += 3) {
        // d = 0 + t0² + t1² + t2², summed in that order as assignToNearest sums it.
        const t0 = x0 - c[q];
        const t1 = x1 - c[q + 1];
        const t2 = x2 - c[q + 2];
        const d = 0 + t0 * t0 + t1 * t1 + t2 * t2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
    } else {
      for (let j = 0; j < k; j++) {
        let d = 0;
        for (let m = 0; m < dim; m++) d += (values[o + m] - c[j * dim + m]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
    }
    out[i] = best;
  }
  return out;
}

/** inertia over row-major values, with the same arithmetic. */
function inertiaFlat(
  values: Float64Array,
  dim: number,
  centroids: readonly (readonly number[])[],
  labels: ArrayLike<number>,
): number {
  const c = flatCentroids(centroids, dim);
  let s = 0;
  const n = values.length / dim;
  for (let i = 0; i < n; i++) {
    const q = labels[i] * dim;
    for (let j = 0; j < dim; j++) s += (values[i * dim + j] - c[q + j]) ** 2;
  }
  return s;
}

export function chooseKMeans(points: Points, options: ChooseKOptions = {}): KChoice {
  // Row-major values; rows are built only for the samples (ml-kmeans and the silhouette take rows).
  const { values, dim } = Array.isArray(points) ? flatten(points) : (points as { values: Float64Array; dim: number });
  const row = (i: number) => Array.from(values.subarray(i * dim, (i + 1) * dim));
  const {
    kMin = 2,
    kMax = 8,
    fitSample = 5000,
    silhouetteSample = 5000,
    selectionRestarts = 1,
    selectionSilhouetteSample = 2000,
    seed = 1,
  } = options;
  const n = dim ? values.length / dim : 0;
  const sampled = n > fitSample;
  const fitData = sampled
    ? Array.from(createRng(seed).sampleIndices(n, fitSample), row)
    : Array.from({ length: n }, (_, i) => row(i));
  // The chosen k's final fit repeats the selection pass's seeded run(s) for that k: kept, not rerun.
  const runs = new Map<string, number[][]>();
  const fitAll = (k: number, restarts: number): KMeansFit => {
    const fit = kmeansBest(fitData, k, { ...options, restarts }, runs);
    const labels = sampled ? assignFlat(values, dim, fit.centroids) : fit.labels;
    return { ...fit, labels, inertia: inertiaFlat(values, dim, fit.centroids, labels), sizes: clusterSizes(labels, k) };
  };
  // The silhouette's points: its sample of all points (the same for every labelling), as rows.
  const silhouettePoints = (maxExact: number) =>
    n <= maxExact
      ? { rows: sampled ? Array.from({ length: n }, (_, i) => row(i)) : fitData, idx: null }
      : (() => {
          const idx = createRng(seed + 1).sampleIndices(n, maxExact);
          return { rows: Array.from(idx, row), idx };
        })();
  const silhouettes = (labelSets: ArrayLike<number>[], maxExact: number) => {
    const { rows, idx } = silhouettePoints(maxExact);
    return sampledSilhouetteScores(
      rows,
      idx ? labelSets.map((labels) => Array.from(idx, (i) => labels[i])) : labelSets,
      { maxExact: Infinity },
    );
  };
  const twoClusters = (fit: KMeansFit) => fit.sizes.filter((s) => s > 0).length >= 2;
  const fits: KMeansFit[] = [];
  for (let k = kMin; k <= Math.min(kMax, fitData.length - 1); k++) fits.push(fitAll(k, selectionRestarts));
  // Every k on the same silhouette sample.
  const scored = fits.filter(twoClusters);
  const scores = scored.length
    ? silhouettes(
        scored.map((fit) => fit.labels),
        selectionSilhouetteSample,
      )
    : [];
  const candidates: KChoice['candidates'] = [];
  let chosen: KMeansFit | null = null;
  let bestScore = -Infinity;
  for (const fit of fits) {
    const at = scored.indexOf(fit);
    const silhouette = at < 0 ? -1 : scores[at];
    candidates.push({ k: fit.k, inertia: fit.inertia, silhouette });
    if (silhouette > bestScore) {
      bestScore = silhouette;
      chosen = fit;
    }
  }
  if (!chosen) throw new RangeError('not enough points for k-means');
  const restarts = options.restarts ?? 5;
  const best = restarts === selectionRestarts ? chosen : fitAll(chosen.k, restarts);
  const silhouette = twoClusters(best) ? silhouettes([best.labels], silhouetteSample)[0] : -1;
  return { best: { ...best, silhouette }, candidates };
}

const WORDS: Record<FeatureName, [string, string, string]> = {
  // [low z, middle, high z]; low log-recency means a recent purchase.
  recency: ['recent', 'moderately recent', 'lapsed'],
  frequency: ['infrequent', 'occasional', 'frequent'],
  monetary: ['low spend', 'mid spend', 'high spend'],
  clv: ['low CLV', 'mid CLV', 'high CLV'],
};

/**
 * Words for a centroid in standardised feature space: each feature below −0.5 sd is "low", above
 * +0.5 sd "high", otherwise "middle", e.g. "recent, frequent, high spend".
 */
export function describeCentroid(centroid: readonly number[], names: readonly FeatureName[], threshold = 0.5): string {
  return names.map((name, i) => WORDS[name][centroid[i] < -threshold ? 0 : centroid[i] > threshold ? 2 : 1]).join(', ');
}
