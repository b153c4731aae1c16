/**
 * Derivative-free minimisation (Nelder–Mead) and a finite-difference Hessian, for the
 * maximum-likelihood fits. Models optimise log-parameters so every parameter stays positive.
 */
import { invert } from './linalg';

export type MinimizeOptions = {
  /** Initial simplex edge along each coordinate. Default 0.5 (in log-parameter space: ×1.65). */
  step?: number;
  /** Stop when max f − min f over the simplex is below ftol × (|f_min| + 1e-12)… Default 1e-12. */
  ftol?: number;
  /** …and the simplex is smaller than xtol in every coordinate. Default 1e-8. */
  xtol?: number;
  /** Iterations per run. Default 2,000 × dimension. */
  maxIterations?: number;
  /** Re-start from the best point (with a fresh simplex) this many times to escape a collapsed simplex. Default 2. */
  restarts?: number;
  /** Box [lower, upper] for every coordinate; points outside count as +∞. Default unbounded. */
  bounds?: readonly [number, number];
};

export type MinimizeResult = {
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  /** False when the last run stopped on maxIterations rather than the tolerances. */
  converged: boolean;
  /** Coordinates of x within 0.5 of a bound (the optimum may lie beyond the box). */
  atBound: number[];
};

/**
 * Nelder–Mead with the dimension-adaptive coefficients of Gao & Han (2012), which behave better
 * than the textbook (1, 2, ½, ½) in 3+ dimensions. Non-finite f values are treated as +∞, so an
 * objective may return NaN or Infinity outside its domain.
 */
export function nelderMead(f: (x: number[]) => number, x0: number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const step = options.step ?? 0.5;
  const ftol = options.ftol ?? 1e-12;
  const xtol = options.xtol ?? 1e-8;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const restarts = options.restarts ?? 2;
  const [lower, upper] = options.bounds ?? [-Infinity, Infinity];
  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rho = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    for (const xi of x) if (xi < lower || xi > upper) return Infinity;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };

  let best = x0.slice();
  let bestF = evaluate(best);
  let iterations = 0;
  let converged = false;
  for (let run = 0; run <= restarts; run++) {
    const simplex: number[][] = [best.slice()];
    const values: number[] = [bestF];
    for (let i = 0; i < n; i++) {
      const p = best.slice();
      p[i] += step / (run + 1);
      simplex.push(p);
      values.push(evaluate(p));
    }
    converged = false;
    let it = 0;
    const order = Array.from({ length: n + 1 }, (_, i) => i);
    // A noisy objective (rounding in a likelihood far along a flat ridge) can keep the simplex from
    // ever shrinking; stop once the best value has not improved measurably for 50·n iterations.
    let lastGain = 0;
    let bestSeen = Infinity;
    for (; it < maxIterations; it++) {
      order.sort((i, j) => values[i] - values[j]);
      const lo = order[0];
      const hi = order[n];
      const second = order[n - 1];
      if (values[lo] < bestSeen - ftol * (Math.abs(bestSeen) + 1e-12)) {
        bestSeen = values[lo];
        lastGain = it;
      } else if (it - lastGain > 50 * n) {
        converged = true;
        break;
      }
      let spread = 0;
      for (let k = 0; k < n; k++) {
        let min = Infinity;
        let max = -Infinity;
        for (const p of simplex) {
          if (p[k] < min) min = p[k];
          if (p[k] > max) max = p[k];
        }
        spread = Math.max(spread, max - min);
      }
      if (values[hi] - values[lo] <= ftol * (Math.abs(values[lo]) + 1e-12) && spread <= xtol) {
        converged = true;
        break;
      }
      const centroid = new Array<number>(n).fill(0);
      for (const idx of order.slice(0, n)) for (let k = 0; k < n; k++) centroid[k] += simplex[idx][k] / n;
      const along = (t: number) => centroid.map((c, k) => c + t * (simplex[hi][k] - c));
      const reflected = along(-alpha);
      const fr = evaluate(reflected);
      if (fr < values[lo]) {
        const expanded = along(-alpha * gamma);
        const fe = evaluate(expanded);
        if (fe < fr) [simplex[hi], values[hi]] = [expanded, fe];
        else [simplex[hi], values[hi]] = [reflected, fr];
        continue;
      }
      if (fr < values[second]) {
        [simplex[hi], values[hi]] = [reflected, fr];
        continue;
      }
      const outside = fr < values[hi];
      const contracted = along(outside ? -alpha * rho : rho);
      const fc = evaluate(contracted);
      if (fc < (outside ? fr : values[hi])) {
        [simplex[hi], values[hi]] = [contracted, fc];
        continue;
      }
      // Shrink towards the best vertex.
      for (const idx of order.slice(1)) {
        simplex[idx] = simplex[idx].map((v, k) => simplex[lo][k] + sigma * (v - simplex[lo][k]));
        values[idx] = evaluate(simplex[idx]);
      }
    }
    iterations += it;
    let runBest = 0;
    for (let i = 1; i <= n; i++) if (values[i] < values[runBest]) runBest = i;
    const improved = bestF - values[runBest];
    if (values[runBest] <= bestF) {
      best = simplex[runBest].slice();
      bestF = values[runBest];
    }
    // A restart that gained nothing measurable means we are at the optimum.
    if (run > 0 && converged && improved <= ftol * (Math.abs(bestF) + 1e-12)) break;
  }
  const atBound = best.flatMap((v, i) => (v - lower < 0.5 || upper - v < 0.5 ? [i] : []));
  return { x: best, fx: bestF, iterations, evaluations, converged, atBound };
}

/** Central-difference Hessian of f at x, with step h·max(1, |xᵢ|) per coordinate. */
export function numericHessian(f: (x: number[]) => number, x: number[], h = 1e-4): number[][] {
  const n = x.length;
  const steps = x.map((v) => h * Math.max(1, Math.abs(v)));
  const at = (di: number, si: number, dj: number, sj: number) => {
    const p = x.slice();
    p[di] += si * steps[di];
    p[dj] += sj * steps[dj];
    return f(p);
  };
  const f0 = f(x);
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    H[i][i] = (at(i, 1, i, 0) - 2 * f0 + at(i, -1, i, 0)) / (steps[i] * steps[i]);
    for (let j = 0; j < i; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * steps[i] * steps[j]);
      H[i][j] = v;
      H[j][i] = v;
    }
  }
  return H;
}

/**
 * Asymptotic standard errors of a maximum-likelihood estimate θ > 0 fitted on log-parameters: the
 * inverse observed information (Hessian of −LL at ln θ), mapped back by the delta method,
 * se(θᵢ) = θᵢ · se(ln θᵢ).
 */
export function logScaleStandardErrors(negLogLik: (logTheta: number[]) => number, theta: readonly number[]): number[] {
  const v = theta.map(Math.log);
  const cov = invert(numericHessian(negLogLik, v));
  return v.map((lv, i) => Math.exp(lv) * Math.sqrt(cov[i][i]));
}

/**
 * Hessian at x from an analytic gradient: central differences of the gradient, symmetrised
 * ((H + Hᵀ)/2). 2n gradient evaluations instead of the 2n² + 1 function evaluations of
 * numericHessian, and more accurate (one differencing, not two).
 */
export function gradientHessian(gradient: (x: number[]) => number[], x: number[], h = 1e-5): number[][] {
  const n = x.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const step = h * Math.max(1, Math.abs(x[j]));
    const up = x.slice();
    const down = x.slice();
    up[j] += step;
    down[j] -= step;
    const gu = gradient(up);
    const gd = gradient(down);
    for (let i = 0; i < n; i++) H[i][j] = (gu[i] - gd[i]) / (2 * step);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const v = (H[i][j] + H[j][i]) / 2;
      H[i][j] = v;
      H[j][i] = v;
    }
  return H;
}

/**
 * logScaleStandardErrors from the gradient of −LL with respect to θ (not ln θ): the Hessian at ln θ
 * by gradientHessian, the chain rule ∂/∂ln θᵢ = θᵢ ∂/∂θᵢ.
 */
export function logScaleStandardErrorsFromGradient(
  negLogLikGradient: (theta: number[]) => number[],
  theta: readonly number[],
): number[] {
  const v = theta.map(Math.log);
  const logGradient = (w: number[]) => {
    const t = w.map(Math.exp);
    const g = negLogLikGradient(t);
    return g.map((gi, i) => t[i] * gi);
  };
  const cov = invert(gradientHessian(logGradient, v));
  return v.map((lv, i) => Math.exp(lv) * Math.sqrt(cov[i][i]));
}

export type ValueAndGradient = { f: number; g: number[] };

export type BfgsOptions = {
  /** Stop when every |gradient component| ≤ gtol · (1 + |f|). Default 1e-9. */
  gtol?: number;
  /** …or when an accepted step changes f by less than ftol · (1 + |f|). Default 1e-13. */
  ftol?: number;
  maxIterations?: number;
  /** Box for every coordinate; the line search never leaves it. Default unbounded. */
  bounds?: readonly [number, number];
};

/**
 * BFGS quasi-Newton minimisation with an analytic gradient and a backtracking (Armijo) line
 * search. Much cheaper than Nelder–Mead when the gradient is available: tens of evaluations
 * instead of hundreds. Curvature pairs with yᵀs ≤ 0 are skipped, keeping the inverse Hessian
 * positive definite.
 */
export function bfgs(fg: (x: number[]) => ValueAndGradient, x0: number[], options: BfgsOptions = {}): MinimizeResult {
  const n = x0.length;
  const { gtol = 1e-9, ftol = 1e-13, maxIterations = 500 } = options;
  const [lower, upper] = options.bounds ?? [-Infinity, Infinity];
  let evaluations = 0;
  const evaluate = (x: number[]): ValueAndGradient => {
    evaluations++;
    if (x.some((v) => v < lower || v > upper)) return { f: Infinity, g: x.map(() => NaN) };
    const r = fg(x);
    return Number.isFinite(r.f) && r.g.every(Number.isFinite) ? r : { f: Infinity, g: r.g };
  };
  let x = x0.slice();
  let cur = evaluate(x);
  if (!Number.isFinite(cur.f)) throw new RangeError('BFGS start point is outside the domain');
  let H: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let converged = false;
  let it = 0;
  for (; it < maxIterations; it++) {
    if (cur.g.every((v) => Math.abs(v) <= gtol * (1 + Math.abs(cur.f)))) {
      converged = true;
      break;
    }
    const d = H.map((row) => -row.reduce((s, h, j) => s + h * cur.g[j], 0));
    let slope = d.reduce((s, di, i) => s + di * cur.g[i], 0);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      H = H.map((row, i) => row.map((_, j): number => (i === j ? 1 : 0)));
      d.splice(0, n, ...cur.g.map((v) => -v));
      slope = -cur.g.reduce((s, v) => s + v * v, 0);
    }
    // First iteration: cap the step at length 1 in x, as H = I has no scale yet.
    let step = it === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let next: ValueAndGradient | null = null;
    let xn: number[] = x;
    for (let k = 0; k < 60; k++) {
      xn = x.map((v, i) => v + step * d[i]);
      const trial = evaluate(xn);
      if (trial.f <= cur.f + 1e-4 * step * slope) {
        next = trial;
        break;
      }
      step *= 0.5;
    }
    if (!next) break; // no decrease possible along d: at the optimum to machine precision
    const s = xn.map((v, i) => v - x[i]);
    const y = next.g.map((v, i) => v - cur.g[i]);
    const ys = y.reduce((acc, v, i) => acc + v * s[i], 0);
    const fChange = cur.f - next.f;
    x = xn;
    cur = next;
    if (ys > 1e-12) {
      const rho = 1 / ys;
      const Hy = H.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
      const yHy = y.reduce((acc, v, i) => acc + v * Hy[i], 0);
      H = H.map((row, i) =>
        row.map((h, j) => h - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]),
      );
    }
    if (fChange <= ftol * (1 + Math.abs(cur.f))) {
      converged = true;
      break;
    }
  }
  const atBound = x.flatMap((v, i) => (v - lower < 0.5 || upper - v < 0.5 ? [i] : []));
  return { x, fx: cur.f, iterations: it, evaluations, converged, atBound };
}
