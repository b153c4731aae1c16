/**
 * Campaign lift against a holdout group, and ROI. A campaign keeps a random share of its audience
 * unsent; comparing the revenue per member of the sent group with the holdout's estimates what the
 * email itself earned (incremental revenue), not just what its recipients would have bought anyway.
 *
 * The interval is Welch's: the two groups' variances are not assumed equal (a campaign changes the
 * spread of spending, not only its mean), with Welch–Satterthwaite degrees of freedom and the
 * Student t quantile for them, as R's `t.test(sent, holdout)` (var.equal = FALSE) reports it.
 */
import { logBeta } from './special-functions';

/** Below this many members in either group the normal-theory interval says too little to act on. */
export const MIN_GROUP_SIZE = 30;

export type GroupStats = {
  n: number;
  /** Mean revenue per member; null for an empty group. */
  mean: number | null;
  /** Sample variance (n − 1 denominator); null below two members. */
  variance: number | null;
};

/** Why a lift is flagged as too uncertain to say anything. */
export type LiftCaveat = 'sentTooSmall' | 'holdoutTooSmall' | 'sentNoVariance' | 'holdoutNoVariance';

export type Lift = {
  sent: GroupStats;
  holdout: GroupStats;
  /** Mean(sent) − mean(holdout): revenue per member the campaign added; null when a group is empty. */
  incrementalPerMember: number | null;
  /** Standard error of the difference, √(s₁²/n₁ + s₂²/n₂); null below two members in a group. */
  standardError: number | null;
  /** Welch–Satterthwaite degrees of freedom; null when the standard error is null or 0. */
  df: number | null;
  /** 95 % Welch interval of the incremental revenue per member; null when `df` is. */
  ci95: { low: number; high: number } | null;
  /** Incremental / mean(holdout); null when the holdout earned nothing (or is empty). */
  relativeLift: number | null;
  /** True when either group is too small or has no spread: show the numbers, claim no lift. */
  insufficient: boolean;
  caveats: LiftCaveat[];
};

function groupStats(values: readonly number[]): GroupStats {
  const n = values.length;
  if (n === 0) return { n, mean: null, variance: null };
  let sum = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError('revenue values must be finite numbers');
    sum += v;
  }
  const mean = sum / n;
  if (n < 2) return { n, mean, variance: null };
  // Two passes (deviations from the mean), not Σx² − n·mean²: no cancellation for large amounts.
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { n, mean, variance: squares / (n - 1) };
}

/**
 * Lift of a campaign from per-member attributed revenue of the sent and the holdout group (members
 * who bought nothing count as 0). Flagged `insufficient` when either group has fewer than
 * MIN_GROUP_SIZE members or no variance at all (every member the same amount, e.g. nobody bought).
 */
export function campaignLift(sentRevenue: readonly number[], holdoutRevenue: readonly number[]): Lift {
  return liftFromStats(groupStats(sentRevenue), groupStats(holdoutRevenue));
}

/**
 * The same lift from each group's size, mean and sample variance (what SQL's count, avg and
 * var_samp return), so a million members' revenues need not be loaded to compare two groups.
 */
export function liftFromStats(sent: GroupStats, holdout: GroupStats): Lift {
  const caveats: LiftCaveat[] = [];
  if (sent.n < MIN_GROUP_SIZE) caveats.push('sentTooSmall');
  if (holdout.n < MIN_GROUP_SIZE) caveats.push('holdoutTooSmall');
  if (sent.variance === 0) caveats.push('sentNoVariance');
  if (holdout.variance === 0) caveats.push('holdoutNoVariance');

  const incrementalPerMember = sent.mean !== null && holdout.mean !== null ? sent.mean - holdout.mean : null;
  const relativeLift =
    incrementalPerMember !== null && holdout.mean !== null && holdout.mean !== 0
      ? incrementalPerMember / holdout.mean
      : null;

  let standardError: number | null = null;
  let df: number | null = null;
  let ci95: Lift['ci95'] = null;
  if (sent.variance !== null && holdout.variance !== null && incrementalPerMember !== null) {
    const a = sent.variance / sent.n;
    const b = holdout.variance / holdout.n;
    standardError = Math.sqrt(a + b);
    if (standardError > 0) {
      // Welch–Satterthwaite: (a + b)² / (a²/(n₁ − 1) + b²/(n₂ − 1)).
      df = (a + b) ** 2 / ((a * a) / (sent.n - 1) + (b * b) / (holdout.n - 1));
      const half = studentTQuantile(0.975, df) * standardError;
      ci95 = { low: incrementalPerMember - half, high: incrementalPerMember + half };
    }
  }
  return {
    sent,
    holdout,
    incrementalPerMember,
    standardError,
    df,
    ci95,
    relativeLift,
    insufficient: caveats.length > 0,
    caveats,
  };
}

/** Return on investment: (revenue − cost) / cost; null when nothing was spent (no ratio to take). */
export function roi(revenue: number, cost: number): number | null {
  if (!Number.isFinite(revenue) || !Number.isFinite(cost)) throw new RangeError('revenue and cost must be finite');
  if (cost < 0) throw new RangeError('cost must be ≥ 0');
  if (cost === 0) return null;
  return (revenue - cost) / cost;
}

/**
 * Regularised incomplete beta I_x(a, b), by the continued fraction (modified Lentz), evaluated on
 * the side where it converges fast (x < (a + 1)/(a + b + 2)), the other side by symmetry.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError('a and b must be > 0');
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  return (front * betaContinuedFraction(x, a, b)) / a;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    // Even step.
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) return h;
  }
  return h;
}

/** P(T ≤ t) for Student's t with `df` (> 0, not necessarily whole) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError('df must be > 0');
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom: bisection on the CDF (monotone, so it
 * cannot fail to converge), 200 halvings of a bracket found by doubling; exact to double precision
 * for the quantiles an interval needs.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  if (!(df > 0)) throw new RangeError('df must be > 0');
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  let low = 0;
  for (let i = 0; i < 200 && high - low > 1e-15 * high; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
