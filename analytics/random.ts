/**
 * Seeded pseudo-random numbers. The analytics library never calls Math.random: every simulation,
 * sample and k-means restart takes a seed, so results (and tests) are reproducible.
 */

/** mulberry32: a small, fast 32-bit generator (period 2^32), good enough for simulation and sampling. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Integer uniform on 0 … n − 1. */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Gamma with shape k and *rate* β (mean k/β), Marsaglia–Tsang. */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b) from two gammas. */
  beta(a: number, b: number): number;
  /** Poisson with mean λ (Knuth's product of uniforms; large means are split into sums). */
  poisson(lambda: number): number;
  /** k distinct indices from 0 … n − 1 (partial Fisher–Yates); all of them, shuffled, when k ≥ n. */
  sampleIndices(n: number, k: number): Int32Array;
};

/** A generator with the usual distributions on top of mulberry32. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  // Avoid log(0): uniform() can return exactly 0.
  const open = () => {
    let u = next();
    while (u === 0) u = next();
    return u;
  };
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = open();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  const gamma = (shape: number, rate: number): number => {
    if (!(shape > 0) || !(rate > 0)) throw new RangeError('gamma shape and rate must be > 0');
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k + 1) · U^(1/k).
      return gamma(shape + 1, rate) * open() ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = open();
      if (u < 1 - 0.0331 * x * x * x * x) return (d * v) / rate;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
    }
  };
  const poisson = (lambda: number): number => {
    if (lambda < 0) throw new RangeError('poisson mean must be >= 0');
    if (lambda === 0) return 0;
    if (lambda > 30) {
      // Split large means into chunks so exp(−λ) stays representable; sum of Poissons is Poisson.
      const half = lambda / 2;
      return poisson(half) + poisson(lambda - half);
    }
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  };
  return {
    uniform: next,
    int: (n) => Math.floor(next() * n),
    normal,
    exponential: (rate) => -Math.log(open()) / rate,
    gamma,
    beta: (a, b) => {
      const x = gamma(a, 1);
      return x / (x + gamma(b, 1));
    },
    poisson,
    sampleIndices: (n, k) => {
      const all = new Int32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      const m = Math.min(k, n);
      for (let i = 0; i < m; i++) {
        const j = i + Math.floor(next() * (n - i));
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      return all.slice(0, m);
    },
  };
}
