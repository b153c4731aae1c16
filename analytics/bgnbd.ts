/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while
 * alive a customer buys at Poisson rate λ ~ Gamma(r, α) (α a rate, in the data's time unit), and
 * after each repeat purchase drops out with probability p ~ Beta(a, b).
 *
 * Inputs are BTYD summaries (x, t_x, T) in one time unit (see summary.ts); α and every t below are
 * in that unit. Fitting maximises the log-likelihood over log-parameters, so all four stay positive.
 */
import { type FitStatus, fitStatusFromSearch } from './fit-status';
import { bfgs, logScaleStandardErrorsFromGradient, nelderMead } from './optimize';
import { logAddExp, logBeta, logGamma, logHyp2f1 } from './special-functions';
import type { BtydCustomer } from './summary';

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

/**
 * Customers grouped by identical (x, t_x, T), with the distinct t_x and T values indexed, so a
 * likelihood evaluation costs one exp and one log per group plus a log per distinct time. Groups,
 * and the distinct values, are in order of first appearance.
 */
export type BtydData = {
  n: number;
  x: Int32Array;
  weight: Float64Array;
  txIndex: Int32Array;
  TIndex: Int32Array;
  txValues: Float64Array;
  TValues: Float64Array;
  maxX: number;
  /** The group of each customer, in input order (customers of one group share every prediction). */
  groupOf: Int32Array;
};

/** Index of each distinct value, in order of first appearance. */
class ValueIndex {
  readonly values: number[] = [];
  private readonly at = new Map<number, number>();
  of(v: number): number {
    let i = this.at.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.at.set(v, i);
    }
    return i;
  }
}

/** Groups customers for fitting. x must be a whole number ≥ 0 and 0 ≤ t_x ≤ T. */
export function prepareBtydData(customers: readonly BtydCustomer[]): BtydData {
  return prepareBtydColumns(customers.length, (i) => customers[i]);
}

/** prepareBtydData of n customers given by index (columns, say: no object per customer needed). */
export function prepareBtydColumns(n: number, customer: (i: number) => BtydCustomer): BtydData {
  // The distinct times first, then each group as one whole-number key (x, t_x index, T index), so
  // one Map lookup per customer on a small integer (a string key per customer, or a Map per level,
  // was most of this function's time at 100k customers).
  const txs = new ValueIndex();
  const Ts = new ValueIndex();
  const cx = new Int32Array(n);
  const ctx = new Int32Array(n);
  const cT = new Int32Array(n);
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    const c = customer(i);
    if (!Number.isInteger(c.x) || c.x < 0 || !(c.tx >= 0) || !(c.T >= c.tx)) {
      throw new RangeError(`invalid BTYD summary x=${c.x}, t_x=${c.tx}, T=${c.T}`);
    }
    cx[i] = c.x;
    ctx[i] = txs.of(c.tx);
    cT[i] = Ts.of(c.T);
    if (c.x > maxX) maxX = c.x;
  }
  const nT = Ts.values.length;
  const nTx = txs.values.length;
  // The key is exact below 2⁵³: any day- or week-based history (x, and the distinct times, in the
  // thousands); a key string otherwise (real-valued times by the million, say).
  const exact = (maxX + 1) * nTx * nT < 2 ** 53;
  const groups = new Map<number | string, number>();
  const groupOf = new Int32Array(n);
  const x: number[] = [];
  const txIndex: number[] = [];
  const TIndex: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = exact ? (cx[i] * nTx + ctx[i]) * nT + cT[i] : `${cx[i]},${ctx[i]},${cT[i]}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = x.length;
      groups.set(key, g);
      x.push(cx[i]);
      txIndex.push(ctx[i]);
      TIndex.push(cT[i]);
      weight.push(1);
    } else weight[g]++;
    groupOf[i] = g;
  }
  return {
    n,
    x: Int32Array.from(x),
    weight: Float64Array.from(weight),
    txIndex: Int32Array.from(txIndex),
    TIndex: Int32Array.from(TIndex),
    txValues: Float64Array.from(txs.values),
    TValues: Float64Array.from(Ts.values),
    maxX,
    groupOf,
  };
}

/** Total log-likelihood, FHL (2005) eq. 6, summed in log space (log-sum-exp of its two terms). */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, input: BtydData | readonly BtydCustomer[]): number {
  const data = 'weight' in input ? input : prepareBtydData(input);
  // Per x: ln Γ(r+x) − ln Γ(r) + ln Γ(a+b) − ln Γ(a+b+x) + ln Γ(b+x) − ln Γ(b), built up by
  // Γ(z+1) = zΓ(z) from x = 0, and ln a − ln(b + x − 1) for the dropout branch.
  const base = new Float64Array(data.maxX + 1);
  const dropout = new Float64Array(data.maxX + 1);
  for (let x = 1; x <= data.maxX; x++) {
    base[x] = base[x - 1] + Math.log(r + x - 1) + Math.log(b + x - 1) - Math.log(a + b + x - 1);
    dropout[x] = Math.log(a) - Math.log(b + x - 1);
  }
  // r ln α − (r + x) ln(α + t) = −r ln(1 + t/α) − x ln(α + t): the log1p form keeps full precision
  // when r and α are both large (nearly homogeneous purchase rates), where the naive form cancels.
  const shrinkT = data.TValues.map((T) => r * Math.log1p(T / alpha));
  const logAlphaT = data.TValues.map((T) => Math.log(alpha + T));
  const shrinkTx = data.txValues.map((t) => r * Math.log1p(t / alpha));
  const logAlphaTx = data.txValues.map((t) => Math.log(alpha + t));
  let ll = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const l1 = -shrinkT[data.TIndex[i]] - x * logAlphaT[data.TIndex[i]];
    const term = x > 0 ? logAddExp(l1, dropout[x] - shrinkTx[data.txIndex[i]] - x * logAlphaTx[data.txIndex[i]]) : l1;
    ll += data.weight[i] * (base[x] + term);
  }
  return ll;
}

/**
 * Log-likelihood and its gradient ∂LL/∂(r, α, a, b), for gradient-based fitting. Same terms as
 * bgNbdLogLikelihood; the two branches of the log-sum-exp are weighted by their shares
 * w₁ = 1 − w₂, w₂ = 1/(1 + e^(l₁ − l₂)).
 */
export function bgNbdLogLikelihoodGradient(
  { r, alpha, a, b }: BgNbdParams,
  data: BtydData,
): { ll: number; grad: BgNbdParams } {
  const X = data.maxX + 1;
  // Per x: base and its partial derivatives, by the same recurrences as the log-likelihood.
  const base = new Float64Array(X);
  const dBr = new Float64Array(X);
  const dBa = new Float64Array(X);
  const dBb = new Float64Array(X);
  const dropout = new Float64Array(X);
  for (let x = 1; x < X; x++) {
    const iab = 1 / (a + b + x - 1);
    base[x] = base[x - 1] + Math.log(r + x - 1) + Math.log(b + x - 1) - Math.log(a + b + x - 1);
    dBr[x] = dBr[x - 1] + 1 / (r + x - 1);
    dBa[x] = dBa[x - 1] - iab;
    dBb[x] = dBb[x - 1] + 1 / (b + x - 1) - iab;
    dropout[x] = Math.log(a) - Math.log(b + x - 1);
  }
  // Per distinct time t: ln(1 + t/α), ln(α + t), ∂/∂α of −r ln(1 + t/α) = r t/(α(α + t)), and 1/(α + t).
  const per = (values: Float64Array) => ({
    l1p: values.map((t) => Math.log1p(t / alpha)),
    lg: values.map((t) => Math.log(alpha + t)),
    da: values.map((t) => (r * t) / (alpha * (alpha + t))),
    inv: values.map((t) => 1 / (alpha + t)),
  });
  const PT = per(data.TValues);
  const Ptx = per(data.txValues);
  let ll = 0;
  let gr = 0;
  let gal = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const w = data.weight[i];
    const iT = data.TIndex[i];
    const l1 = -r * PT.l1p[iT] - x * PT.lg[iT];
    const d1r = -PT.l1p[iT];
    const d1al = PT.da[iT] - x * PT.inv[iT];
    let term = l1;
    let tr = d1r;
    let tal = d1al;
    let ta = 0;
    let tb = 0;
    if (x > 0) {
      const it = data.txIndex[i];
      const l2 = dropout[x] - r * Ptx.l1p[it] - x * Ptx.lg[it];
      // logAddExp(l1, l2) and w₂ from one exp: e = e^−|l₁ − l₂|.
      const d = l1 - l2;
      let w2: number;
      if (d > 0) {
        const e = Math.exp(-d);
        term = l1 + Math.log1p(e);
        w2 = e / (1 + e);
      } else {
        const e = Math.exp(d);
        term = l2 + Math.log1p(e);
        w2 = 1 / (1 + e);
      }
      const w1 = 1 - w2;
      tr = w1 * d1r - w2 * Ptx.l1p[it];
      tal = w1 * d1al + w2 * (Ptx.da[it] - x * Ptx.inv[it]);
      ta = w2 / a;
      tb = -w2 / (b + x - 1);
    }
    ll += w * (base[x] + term);
    gr += w * (dBr[x] + tr);
    gal += w * tal;
    ga += w * (dBa[x] + ta);
    gb += w * (dBb[x] + tb);
  }
  return { ll, grad: { r: gr, alpha: gal, a: ga, b: gb } };
}

export type FitOptions = {
  /** Adds penalizer · Σ params² to the mean negative log-likelihood (lifetimes' convention); default 0. */
  penalizer?: number;
  /** Starting parameters; default r = a = b = 1 and α from the mean purchase rate. */
  initial?: BgNbdParams;
};

export type BgNbdFit = {
  params: BgNbdParams;
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
  /**
   * Search coordinates that ran to the edge of their box (±20 in ln r, ln α/r, ln a, ln b/a), named
   * r, alpha, a, b in that order. 'r' means r, α → ∞: purchase rates barely vary across customers;
   * 'a' means a, b → ∞: the dropout probability barely varies. Predictions are still those of the
   * limiting model and usable; the parameter values themselves are not meaningful.
   */
  atBound: (keyof BgNbdParams)[];
  /** Whether the fit is usable (see fit-status.ts); 'failed' when nobody bought twice. */
  status: FitStatus;
};

/** Search box for each search coordinate (see fromSearch): ±20, i.e. factors of e^±20 ≈ 2e-9 … 5e8. */
export const LOG_BOUNDS = [-20, 20] as const;

const toParams = (v: number[]): BgNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  a: Math.exp(v[2]),
  b: Math.exp(v[3]),
});

// The optimiser works on (ln r, ln α/r, ln a, ln b/a): a linear change of the log-parameters that
// turns the two common flat ridges — r, α → ∞ at a fixed mean rate r/α (rates do not vary across
// customers) and a, b → ∞ at a fixed mean dropout a/(a + b) — into moves along one axis, which
// the optimiser follows quickly to the box edge instead of crawling along a diagonal.
const fromSearch = (v: number[]): BgNbdParams => toParams([v[0], v[0] + v[1], v[2], v[2] + v[3]]);
const toSearch = (p: BgNbdParams) => [Math.log(p.r), Math.log(p.alpha / p.r), Math.log(p.a), Math.log(p.b / p.a)];

/** Maximum-likelihood fit of BG/NBD on log-parameters (BFGS with the analytic gradient). */
export function fitBgNbd(
  customers: readonly BtydCustomer[] | BtydData,
  { penalizer = 0, initial }: FitOptions = {},
): BgNbdFit {
  const data = 'weight' in customers ? customers : prepareBtydData(customers);
  if (data.n === 0) throw new RangeError('no customers to fit');
  let start = initial;
  if (!start) {
    let sx = 0;
    let sT = 0;
    for (let i = 0; i < data.x.length; i++) {
      sx += data.weight[i] * data.x[i];
      sT += data.weight[i] * data.TValues[data.TIndex[i]];
    }
    start = { r: 1, alpha: Math.max(sT / Math.max(sx, 1), 1e-6), a: 1, b: 1 };
  }
  // Minimise the mean negative log-likelihood (+ penalty) over the search coordinates, with the
  // chain rule r = e^v₀, α = e^(v₀+v₁), a = e^v₂, b = e^(v₂+v₃), by BFGS.
  const objective = (v: number[]) => {
    const p = fromSearch(v);
    const { ll, grad } = bgNbdLogLikelihoodGradient(p, data);
    const f = -ll / data.n + penalizer * (p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2);
    const dr = -grad.r / data.n + 2 * penalizer * p.r;
    const dal = -grad.alpha / data.n + 2 * penalizer * p.alpha;
    const da = -grad.a / data.n + 2 * penalizer * p.a;
    const db = -grad.b / data.n + 2 * penalizer * p.b;
    return { f, g: [p.r * dr + p.alpha * dal, p.alpha * dal, p.a * da + p.b * db, p.b * db] };
  };
  const x0 = toSearch(start);
  let result = bfgs(objective, x0, { bounds: LOG_BOUNDS });
  if (!result.converged || result.atBound.length > 0) {
    // Degenerate data (a heterogeneity ridge to infinity) can have several ridges, and BFGS may
    // follow a worse one; Nelder–Mead from the start and from BFGS's point, keeping the best.
    for (const from of [x0, result.x]) {
      const nm = nelderMead((v) => objective(v).f, from, { bounds: LOG_BOUNDS });
      if (nm.fx < result.fx) result = { ...nm, iterations: result.iterations + nm.iterations };
    }
  }
  const params = fromSearch(result.x);
  return {
    params,
    logLikelihood: bgNbdLogLikelihood(params, data),
    customers: data.n,
    iterations: result.iterations,
    converged: result.converged,
    atBound: result.atBound.map((i) => (['r', 'alpha', 'a', 'b'] as const)[i]),
    status: data.maxX === 0 ? NO_REPEAT : fitStatusFromSearch('BG/NBD', result.x, result.converged, BG_NBD_EDGES),
  };
}

export const NO_REPEAT: FitStatus = {
  state: 'failed',
  message:
    'BG/NBD could not be fitted: every customer bought on one day only, so repeat-purchase rates and dropout cannot be estimated.',
};

// What each end of the search box means (coordinates ln r, ln α/r, ln a, ln b/a; see fromSearch).
export const BG_NBD_EDGES = [
  {
    coordinate: 0,
    upper: { limit: true, says: 'purchase rates barely differ between customers (r and α grow without bound)' },
    lower: { limit: false, says: 'purchase rates spread without bound (r → 0)' },
  },
  {
    coordinate: 1,
    upper: { limit: false, says: 'the mean time between purchases grows without bound' },
    lower: { limit: false, says: 'the mean time between purchases shrinks to 0' },
  },
  {
    coordinate: 2,
    upper: {
      limit: true,
      says: 'the chance of dropping out barely differs between customers (a and b grow without bound)',
    },
    lower: { limit: false, says: 'customers split into those who drop out at once and those who never do (a → 0)' },
  },
  {
    coordinate: 3,
    upper: { limit: true, says: 'customers hardly ever drop out (b/a grows without bound)' },
    lower: { limit: false, says: 'every customer seems to drop out after each purchase (b/a → 0)' },
  },
] as const;

/**
 * Asymptotic standard errors of fitted parameters (observed information; see
 * logScaleStandardErrors), the information from the analytic gradient (gradientHessian).
 */
export function bgNbdStandardErrors(params: BgNbdParams, customers: readonly BtydCustomer[] | BtydData): BgNbdParams {
  const data = 'weight' in customers ? customers : prepareBtydData(customers);
  const se = logScaleStandardErrorsFromGradient(
    ([r, alpha, a, b]) => {
      const { grad } = bgNbdLogLikelihoodGradient({ r, alpha, a, b }, data);
      return [-grad.r, -grad.alpha, -grad.a, -grad.b];
    },
    [params.r, params.alpha, params.a, params.b],
  );
  return { r: se[0], alpha: se[1], a: se[2], b: se[3] };
}

/** E[X(t)]: expected purchases in (0, t] of a customer who made the first purchase at 0 (FHL eq. 7). */
export function bgNbdExpectedPurchases({ r, alpha, a, b }: BgNbdParams, t: number): number {
  if (t === 0) return 0;
  const z = t / (alpha + t);
  const inner = r * Math.log(alpha / (alpha + t)) + logHyp2f1(r, b, a + b - 1, z);
  return ((a + b - 1) / (a - 1)) * -Math.expm1(inner);
}

/** P(X(t) = n): the probability of exactly n purchases in (0, t] for a new customer (FHL eq. 8). */
export function bgNbdProbPurchases({ r, alpha, a, b }: BgNbdParams, t: number, n: number): number {
  const lB = logBeta(a, b);
  const logP0 = r * Math.log(alpha / (alpha + t));
  const logZ = Math.log(t / (alpha + t));
  // ln [Γ(r + j) / (Γ(r) j!)] · (t/(α+t))^j, the negative-binomial kernel.
  const nb = (j: number) => logGamma(r + j) - logGamma(r) - logGamma(j + 1) + j * logZ;
  const first = Math.exp(logBeta(a, b + n) - lB + nb(n) + logP0);
  if (n === 0) return first;
  let partial = 0;
  for (let j = 0; j < n; j++) partial += Math.exp(logP0 + nb(j));
  return first + Math.exp(logBeta(a + 1, b + n - 1) - lB) * (1 - partial);
}

/** P(alive | x, t_x, T): 1 for x = 0, else 1 / (1 + a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)). */
export function bgNbdProbAlive(params: BgNbdParams, { x, tx, T }: BtydCustomer): number {
  return probAliveOf(params, x, tx, T);
}

/** bgNbdProbAlive of (x, t_x, T) given as numbers (no object per customer in loops over them). */
export function probAliveOf({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the customer's history (FHL eq. 10). */
export function bgNbdConditionalExpected(params: BgNbdParams, t: number, customer: BtydCustomer): number {
  if (t === 0) return 0;
  return bgNbdExpectedIfAlive(params, t, customer.x, customer.T) * bgNbdProbAlive(params, customer);
}

/**
 * E[Y(t) | x, t_x, T] / P(alive | x, t_x, T), t > 0: the factor of eq. 10 (and its 2F1) that does
 * not depend on t_x, so customers with the same x and T share it (a third as many as distinct
 * (x, t_x, T) on a typical history). Times bgNbdProbAlive it is bgNbdConditionalExpected, to the bit.
 */
export function bgNbdExpectedIfAlive({ r, alpha, a, b }: BgNbdParams, t: number, x: number, T: number): number {
  const z = t / (alpha + T + t);
  const inner = (r + x) * Math.log((alpha + T) / (alpha + T + t)) + logHyp2f1(r + x, b + x, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * -Math.expm1(inner);
}

/**
 * bgNbdExpectedIfAlive for many (t, T) of one x: the 2F1 in it has parameters that depend on x
 * alone, so its series' term ratios (without z) are computed once per x and kept (SeriesOfX), and
 * each evaluation multiplies them by z. The same series, with the same operations in the same
 * order, summed to the same tolerance as logHyp2f1 sums it (Euler's transformation when
 * c − a − b < 0): the same numbers, bit for bit.
 */
export class ExpectedIfAlive {
  private readonly byX = new Map<number, SeriesOfX>();

  constructor(private readonly params: BgNbdParams) {}

  /** bgNbdExpectedIfAlive(params, t, x, T), t > 0. */
  at(t: number, x: number, T: number): number {
    const { r, alpha, a, b } = this.params;
    let series = this.byX.get(x);
    if (!series) {
      series = new SeriesOfX(r + x, b + x, a + b + x - 1);
      this.byX.set(x, series);
    }
    const z = t / (alpha + T + t);
    const inner = (r + x) * Math.log((alpha + T) / (alpha + T + t)) + series.log2f1(z);
    return ((a + b + x - 1) / (a - 1)) * -Math.expm1(inner);
  }
}

/** ln 2F1(a, b; c; z) for 0 < z < 1 of fixed a, b, c: logHyp2f1 with the term ratios kept. */
class SeriesOfX {
  /** Summed parameters (Euler's transformation when c − a − b < 0) and the log prefactor's exponent. */
  private readonly A: number;
  private readonly B: number;
  private readonly C: number;
  private readonly euler: number;
  private readonly past: number;
  /** Per term n: (A + n)(B + n) and (C + n)(n + 1), the ratio's two sides (seriesSum's operations, in its order). */
  private numerators = new Float64Array(0);
  private denominators = new Float64Array(0);

  constructor(a: number, b: number, c: number) {
    if (c <= 0 && Number.isInteger(c)) throw new RangeError('2F1 is undefined for c = 0, −1, −2, …');
    const transform = c - a - b < 0;
    this.A = transform ? c - a : a;
    this.B = transform ? c - b : b;
    this.C = c;
    this.euler = transform ? c - a - b : 0;
    this.past = Math.max(0, -this.A, -this.B, -this.C);
  }

  /** The n-th term ratio at z, computed as seriesSum computes it: ((A + n)(B + n) z) / ((C + n)(n + 1)). */
  private ratio(n: number, z: number): number {
    if (n >= this.numerators.length) {
      const size = Math.max(256, 2 * this.numerators.length, n + 1);
      const numerators = new Float64Array(size);
      const denominators = new Float64Array(size);
      numerators.set(this.numerators);
      denominators.set(this.denominators);
      for (let k = this.numerators.length; k < size; k++) {
        numerators[k] = (this.A + k) * (this.B + k);
        denominators[k] = (this.C + k) * (k + 1);
      }
      this.numerators = numerators;
      this.denominators = denominators;
    }
    return (this.numerators[n] * z) / this.denominators[n];
  }

  log2f1(z: number): number {
    const tolerance = 1e-15;
    let term = 1;
    let sum = 1;
    for (let n = 0; n < 1_000_000; n++) {
      const ratio = this.ratio(n, z);
      term *= ratio;
      sum += term;
      if (term === 0) return this.finish(sum, z);
      const rho = Math.max(Math.abs(ratio), z);
      if (n > this.past && rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= tolerance * Math.abs(sum))
        return this.finish(sum, z);
    }
    throw new RangeError(`2F1(${this.A}, ${this.B}; ${this.C}; ${z}) series did not converge`);
  }

  private finish(sum: number, z: number): number {
    if (!(sum > 0)) throw new RangeError(`2F1(${this.A}, ${this.B}; ${this.C}; ${z}) is not positive`);
    return (this.euler === 0 ? 0 : this.euler * Math.log1p(-z)) + Math.log(sum);
  }
}

/**
 * A cache keyed by two numbers (Map semantics: -0 and 0 are one key), without building key strings.
 * get() then set() on a miss: no callback, so no closure per lookup in loops over customers.
 */
export class PairCache<V> {
  private readonly outer = new Map<number, Map<number, V>>();
  private inner: Map<number, V> | undefined;
  get(a: number, b: number): V | undefined {
    this.inner = this.outer.get(a);
    if (!this.inner) {
      this.inner = new Map();
      this.outer.set(a, this.inner);
    }
    return this.inner.get(b);
  }
  /** After get(a, b) returned undefined: stores v under that key. */
  set(b: number, v: V): V {
    this.inner!.set(b, v);
    return v;
  }
}
