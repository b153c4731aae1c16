/**
 * Log-gamma and the Gauss hypergeometric function 2F1, as the BG/NBD model needs them.
 *
 * Written here rather than taken from a package: the JavaScript options are either unmaintained or
 * (stdlib's gammaln) pull a native-addon tool chain for one 30-line function. Both are tested
 * against mpmath reference values and closed forms in special-functions.test.ts.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0 (and ln |Γ(x)| for negative non-integers, by reflection).
 * Lanczos (g = 7, 9 terms) below 15, Stirling's series with five correction terms above;
 * both give about 1e-15 relative accuracy.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  if (x >= 15) {
    const inv = 1 / x;
    const inv2 = inv * inv;
    const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln Γ(x + s) − ln Γ(x) for x, s > 0 without the cancellation of two huge log-gammas when x is large:
 * above x = 1e4 (and s ≤ x) the Stirling forms are subtracted analytically,
 * (x + s − ½) ln(x + s) − (x − ½) ln x − s = (x − ½) ln(1 + s/x) + s ln(x + s) − s,
 * plus the difference of the 1/(12x) − 1/(360x³) corrections.
 */
export function logGammaRatio(x: number, s: number): number {
  if (x < 1e4 || s > x) return logGamma(x + s) - logGamma(x);
  const y = x + s;
  const correction = (z: number) => 1 / (12 * z) - 1 / (360 * z * z * z);
  return (x - 0.5) * Math.log1p(s / x) + s * Math.log(y) - s + correction(y) - correction(x);
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 12, then
 * the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) to x⁻¹⁰ (error below 1e-15 there).
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError('digamma is implemented for x > 0');
  let shift = 0;
  while (x < 12) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** ψ(x + s) − ψ(x) for x, s > 0, without cancellation for large x (asymptotic difference above 1e4). */
export function digammaDiff(x: number, s: number): number {
  if (x < 1e4 || s > x) return digamma(x + s) - digamma(x);
  const y = x + s;
  // ψ(z) ≈ ln z − 1/(2z) − 1/(12z²) + 1/(120z⁴); differences of the correction terms are O(s/x²).
  const correction = (z: number) => -0.5 / z - 1 / (12 * z * z) + 1 / (120 * z ** 4);
  return Math.log1p(s / x) + correction(y) - correction(x);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

export type Hyp2f1Options = {
  /** Relative tolerance of the truncated series, including a bound on its tail. Default 1e-15. */
  tolerance?: number;
  /** Give up (throw) after this many terms. Default 1,000,000 (enough for z ≈ 0.9999). */
  maxTerms?: number;
};

export type SeriesResult = { sum: number; terms: number };

/**
 * The plain power series Σₙ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ for |z| < 1, stopped when the last term,
 * times a geometric bound on the remaining ones, is below tolerance × |sum|. Throws if it has not
 * converged after maxTerms terms.
 */
export function hyp2f1Series(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): SeriesResult {
  const sum = seriesSum(a, b, c, z, options.tolerance ?? 1e-15, options.maxTerms ?? 1_000_000);
  return { sum, terms: lastTerms };
}

/** Terms summed by the last seriesSum (so it can return a bare number). */
let lastTerms = 0;

/** hyp2f1Series's sum: no options or result object (it runs for every customer's predictions). */
function seriesSum(a: number, b: number, c: number, z: number, tolerance: number, maxTerms: number): number {
  if (c <= 0 && Number.isInteger(c)) throw new RangeError('2F1 is undefined for c = 0, −1, −2, …');
  if (!(Math.abs(z) < 1)) throw new RangeError('the 2F1 series needs |z| < 1');
  let term = 1;
  let sum = 1;
  const az = Math.abs(z);
  const past = Math.max(0, -a, -b, -c);
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (term === 0) {
      lastTerms = n + 1;
      return sum;
    }
    // Far enough out, successive ratios approach |z| monotonically; bound the tail geometrically by
    // the larger of the current ratio and |z|.
    const rho = Math.max(Math.abs(ratio), az);
    // Only past n > −a, −b, −c: before that a factor can change sign and make one term tiny.
    if (n > past && rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= tolerance * Math.abs(sum)) {
      lastTerms = n + 1;
      return sum;
    }
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}) series did not converge in ${maxTerms} terms`);
}

/**
 * ln 2F1(a, b; c; z) for z < 1 where the value is positive (always so for a, b, c > 0 and
 * 0 ≤ z < 1, the BG/NBD case). For z < 0 the Pfaff transformation
 * 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z/(z − 1)) maps z into [0, 1). On [0, 1), when
 * c − a − b < 0 the series terms decay like n^(a+b−c−1) zⁿ, slowly near z = 1, and the Euler
 * transformation 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z) is summed instead: its
 * terms decay like n^(c−a−b−1) zⁿ, and the singular factor is taken in log space.
 * At z = 1 with c − a − b > 0, Gauss's theorem gives Γ(c)Γ(c−a−b) / (Γ(c−a)Γ(c−b)).
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, options?: Hyp2f1Options): number {
  if (z === 0) return 0;
  if (z > 1) throw new RangeError('2F1 is only implemented for z ≤ 1');
  if (z === 1) {
    if (!(c - a - b > 0 && c - a > 0 && c - b > 0)) throw new RangeError('2F1(a, b; c; 1) diverges unless c > a + b');
    return logGamma(c) + logGamma(c - a - b) - logGamma(c - a) - logGamma(c - b);
  }
  if (z < 0) {
    return -a * Math.log1p(-z) + logHyp2f1(a, c - b, c, z / (z - 1), options);
  }
  const tolerance = options?.tolerance ?? 1e-15;
  const maxTerms = options?.maxTerms ?? 1_000_000;
  let logPrefactor = 0;
  let sum: number;
  if (c - a - b < 0) {
    logPrefactor = (c - a - b) * Math.log1p(-z);
    sum = seriesSum(c - a, c - b, c, z, tolerance, maxTerms);
  } else {
    sum = seriesSum(a, b, c, z, tolerance, maxTerms);
  }
  if (!(sum > 0)) throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}) is not positive; use hyp2f1Series`);
  return logPrefactor + Math.log(sum);
}

/** 2F1(a, b; c; z) = exp(logHyp2f1(…)); see logHyp2f1 for the method and domain. */
export function hyp2f1(a: number, b: number, c: number, z: number, options?: Hyp2f1Options): number {
  return Math.exp(logHyp2f1(a, b, c, z, options));
}

/** ln(eᵃ + eᵇ) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
