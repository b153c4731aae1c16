/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV";
 * Fader & Hardie 2013 note): a customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ)
 * across customers (γ a rate, in money units). It is fitted on repeat customers only (x ≥ 1) from
 * x and the mean repeat-purchase value m̄, and assumes spend is independent of purchase frequency —
 * check spendFrequencyCorrelation() before relying on it.
 *
 * Money is plain numbers (the caller converts decimal strings); no rounding here.
 */
import { type FitStatus, fitStatusFromSearch } from './fit-status';
import { bfgs, logScaleStandardErrorsFromGradient, nelderMead } from './optimize';
import { digamma, digammaDiff, logGamma, logGammaRatio } from './special-functions';

export type GammaGammaParams = { p: number; q: number; gamma: number };

/** A repeat customer: x repeat purchases with mean value meanRepeatValue. */
export type SpendSummary = { x: number; meanRepeatValue: number };

export type SpendData = { x: Int32Array; logX: Float64Array; m: Float64Array; logM: Float64Array; n: number };

/** Repeat customers with positive spend, as typed arrays (x = 0 and m̄ ≤ 0 are dropped). */
export function prepareSpendData(customers: readonly SpendSummary[]): SpendData {
  let n = 0;
  for (const c of customers) if (c.x > 0 && c.meanRepeatValue > 0) n++;
  const data: SpendData = {
    x: new Int32Array(n),
    logX: new Float64Array(n),
    m: new Float64Array(n),
    logM: new Float64Array(n),
    n,
  };
  let i = 0;
  for (const c of customers) {
    if (!(c.x > 0 && c.meanRepeatValue > 0)) continue;
    data.x[i] = c.x;
    data.logX[i] = Math.log(c.x);
    data.m[i] = c.meanRepeatValue;
    data.logM[i] = Math.log(c.meanRepeatValue);
    i++;
  }
  return data;
}

/**
 * Log-likelihood of the observed means: m̄ | ν ~ Gamma(px, νx), integrated over ν, gives per customer
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln m̄ + px ln x − (px + q) ln(γ + x·m̄).
 * Customers with x = 0 or m̄ ≤ 0 are skipped.
 */
export function gammaGammaLogLikelihood(
  { p, q, gamma }: GammaGammaParams,
  input: readonly SpendSummary[] | SpendData,
): number {
  const d = 'logM' in input ? input : prepareSpendData(input);
  // Rearranged for precision when q and γ are both large (spend levels nearly equal across
  // customers): q ln γ − (px + q) ln(γ + x m̄) = −q ln(1 + x m̄/γ) − px ln(γ + x m̄), and
  // ln Γ(px + q) − ln Γ(q) by logGammaRatio, which does not cancel for large q.
  // Terms that depend on x only are cached per distinct x (arrays indexed by x).
  const cache = new Float64Array(maxX(d) + 1);
  const known = new Uint8Array(cache.length);
  let ll = 0;
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i];
    if (!known[x]) {
      cache[x] = logGammaRatio(q, p * x) - logGamma(p * x) + p * x * d.logX[i];
      known[x] = 1;
    }
    const g = cache[x];
    const xm = x * d.m[i];
    ll += g + (p * x - 1) * d.logM[i] - q * Math.log1p(xm / gamma) - p * x * Math.log(gamma + xm);
  }
  return ll;
}

/** The largest x of the data (0 when empty). */
function maxX(d: SpendData): number {
  let max = 0;
  for (let i = 0; i < d.n; i++) if (d.x[i] > max) max = d.x[i];
  return max;
}

/**
 * Log-likelihood and its gradient ∂LL/∂(p, q, γ):
 * ∂p = Σ x[ψ(px + q) − ψ(px) + ln x + ln m̄ − ln(γ + x m̄)],
 * ∂q = Σ [ψ(px + q) − ψ(q) − ln(1 + x m̄/γ)], ∂γ = Σ [q x m̄/(γ(γ + x m̄)) − px/(γ + x m̄)].
 */
export function gammaGammaLogLikelihoodGradient(
  { p, q, gamma }: GammaGammaParams,
  d: SpendData,
): { ll: number; grad: GammaGammaParams } {
  // Per distinct x (arrays indexed by x): the ln Γ terms and the two ψ terms.
  const X = maxX(d) + 1;
  const known = new Uint8Array(X);
  const c0 = new Float64Array(X);
  const c1 = new Float64Array(X);
  const c2 = new Float64Array(X);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i];
    if (!known[x]) {
      known[x] = 1;
      const px = p * x;
      c0[x] = logGammaRatio(q, px) - logGamma(px) + px * d.logX[i];
      c1[x] = digamma(px + q) - digamma(px) + d.logX[i];
      c2[x] = digammaDiff(q, px);
    }
    const xm = x * d.m[i];
    const lg = Math.log(gamma + xm);
    const l1p = Math.log1p(xm / gamma);
    ll += c0[x] + (p * x - 1) * d.logM[i] - q * l1p - p * x * lg;
    gp += x * (c1[x] + d.logM[i] - lg);
    gq += c2[x] - l1p;
    gg += (q * xm) / (gamma * (gamma + xm)) - (p * x) / (gamma + xm);
  }
  return { ll, grad: { p: gp, q: gq, gamma: gg } };
}

export type GammaGammaFit = {
  params: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  converged: boolean;
  /** Search coordinates (ln p, ln q, ln γ/q, named p, q, gamma) at the ±20 box edge; 'q' means q, γ → ∞: spend levels barely vary between customers. */
  atBound: (keyof GammaGammaParams)[];
  /** Whether the fit is usable (see fit-status.ts); 'failed' also when q ≤ 1 (mean spend unbounded). */
  status: FitStatus;
};

/**
 * Maximum-likelihood fit on log-parameters. `penalizer` adds penalizer · Σ params²
 * to the mean negative log-likelihood (default 0).
 */
export function fitGammaGamma(
  customers: readonly SpendSummary[],
  { penalizer = 0, initial }: { penalizer?: number; initial?: GammaGammaParams } = {},
): GammaGammaFit {
  const data = prepareSpendData(customers);
  if (data.n < 2)
    throw new RangeError(
      `Gamma-Gamma needs at least two customers who bought on more than one day (with positive spend); found ${data.n}`,
    );
  let mean = 0;
  for (let i = 0; i < data.n; i++) mean += data.m[i] / data.n;
  // Start from p = 1, q = 2 and γ matching the mean spend: E[M] = pγ/(q − 1) → γ = mean.
  const start = initial ?? { p: 1, q: 2, gamma: mean };
  // Search on (ln p, ln q, ln γ/q): q, γ → ∞ at a fixed mean ν = q/γ (spend levels that do not vary
  // across customers) is then a move along one axis, which Nelder–Mead follows quickly to the box edge.
  // BFGS with the analytic gradient (chain rule p = e^v₀, q = e^v₁, γ = e^(v₁+v₂)).
  const fromSearch = (v: number[]) => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[1] + v[2]) });
  const objective = (v: number[]) => {
    const t = fromSearch(v);
    const { ll, grad } = gammaGammaLogLikelihoodGradient(t, data);
    const dp = -grad.p / data.n + 2 * penalizer * t.p;
    const dq = -grad.q / data.n + 2 * penalizer * t.q;
    const dg = -grad.gamma / data.n + 2 * penalizer * t.gamma;
    return {
      f: -ll / data.n + penalizer * (t.p ** 2 + t.q ** 2 + t.gamma ** 2),
      g: [t.p * dp, t.q * dq + t.gamma * dg, t.gamma * dg],
    };
  };
  const bounds = [-20, 20] as const;
  const x0 = [Math.log(start.p), Math.log(start.q), Math.log(start.gamma / start.q)];
  let result = bfgs(objective, x0, { bounds });
  if (!result.converged || result.atBound.length > 0) {
    // As for BG/NBD: on a ridge to the box edge, also try Nelder–Mead from both points.
    for (const from of [x0, result.x]) {
      const nm = nelderMead((v) => objective(v).f, from, { bounds });
      if (nm.fx < result.fx) result = nm;
    }
  }
  const params = fromSearch(result.x);
  let status = fitStatusFromSearch('Gamma-Gamma', result.x, result.converged, GAMMA_GAMMA_EDGES);
  if (status.state !== 'failed' && !(params.q > 1))
    status = {
      state: 'failed',
      message: `Gamma-Gamma could not be fitted: spend varies so much between customers that its mean is unbounded (q = ${params.q.toFixed(3)} ≤ 1).`,
    };
  return {
    params,
    logLikelihood: gammaGammaLogLikelihood(params, data),
    customers: data.n,
    converged: result.converged,
    atBound: result.atBound.map((i) => (['p', 'q', 'gamma'] as const)[i]),
    status,
  };
}

// What each end of the search box means (coordinates ln p, ln q, ln γ/q; see fitGammaGamma).
export const GAMMA_GAMMA_EDGES = [
  {
    coordinate: 0,
    upper: { limit: true, says: "a customer's purchases barely vary in value (p grows without bound)" },
    lower: { limit: false, says: "a customer's purchase values spread without bound (p → 0)" },
  },
  {
    coordinate: 1,
    upper: { limit: true, says: 'average spend barely differs between customers (q and γ grow without bound)' },
    lower: { limit: false, says: 'average spend spreads without bound between customers (q → 0)' },
  },
  {
    coordinate: 2,
    upper: { limit: false, says: 'the spend scale runs to the edge of the search range' },
    lower: { limit: false, says: 'the spend scale runs to the edge of the search range' },
  },
] as const;

/**
 * Asymptotic standard errors of fitted parameters (observed information; see
 * logScaleStandardErrors), the information from the analytic gradient (gradientHessian).
 */
export function gammaGammaStandardErrors(
  params: GammaGammaParams,
  customers: readonly SpendSummary[] | SpendData,
): GammaGammaParams {
  const data = 'logM' in customers ? customers : prepareSpendData(customers);
  const [p, q, gamma] = logScaleStandardErrorsFromGradient(
    ([p, q, gamma]) => {
      const { grad } = gammaGammaLogLikelihoodGradient({ p, q, gamma }, data);
      return [-grad.p, -grad.q, -grad.gamma];
    },
    [params.p, params.q, params.gamma],
  );
  return { p, q, gamma };
}

/**
 * E[M | x, m̄]: expected value of a customer's future transactions, a weighted average of the
 * population mean pγ/(q − 1) and the customer's own mean:
 * (q − 1)/(px + q − 1) · pγ/(q − 1) + px/(px + q − 1) · m̄ = p(γ + x·m̄)/(px + q − 1).
 * For x = 0 this is the population mean. Needs q > 1 (otherwise the mean spend is infinite).
 */
export function gammaGammaExpectedValue(
  { p, q, gamma }: GammaGammaParams,
  { x, meanRepeatValue }: SpendSummary,
): number {
  if (!(q > 1)) throw new RangeError('Gamma-Gamma expected value needs q > 1');
  return (p * (gamma + x * meanRepeatValue)) / (p * x + q - 1);
}

/**
 * Pearson correlation between x and m̄ over repeat customers. The model assumes independence; a
 * value far from 0 (say |ρ| > 0.3) is a warning sign.
 */
export function spendFrequencyCorrelation(customers: readonly SpendSummary[]): number {
  const d = prepareSpendData(customers);
  let sx = 0;
  let sm = 0;
  for (let i = 0; i < d.n; i++) {
    sx += d.x[i];
    sm += d.m[i];
  }
  const mx = sx / d.n;
  const mm = sm / d.n;
  let cov = 0;
  let vx = 0;
  let vm = 0;
  for (let i = 0; i < d.n; i++) {
    cov += (d.x[i] - mx) * (d.m[i] - mm);
    vx += (d.x[i] - mx) ** 2;
    vm += (d.m[i] - mm) ** 2;
  }
  return vx > 0 && vm > 0 ? cov / Math.sqrt(vx * vm) : 0;
}
