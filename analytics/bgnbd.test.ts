import { describe, expect, it } from 'vitest';
import {
  bgNbdConditionalExpected,
  bgNbdExpectedIfAlive,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodGradient,
  bgNbdProbAlive,
  bgNbdProbPurchases,
  bgNbdStandardErrors,
  ExpectedIfAlive,
  fitBgNbd,
  prepareBtydData,
} from './bgnbd';
import { bgNbdHoldoutFit } from './clv-probabilistic';
import { logScaleStandardErrors } from './optimize';
import { createRng } from './random';
import { simulateBgNbd, simulateBgNbdPurchases } from './simulate';

// The CDNOW estimates of Fader, Hardie & Lee (2005), in weeks. Reference values below are from an
// independent implementation of FHL eqs. 6–10 with scipy 1.17 (gammaln, betaln, hyp2f1).
const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const id1 = { x: 2, tx: 30.43, T: 38.86 }; // CDNOW sample customer 1

describe('BG/NBD formulas at the CDNOW parameters', () => {
  it('log-likelihood per customer (FHL eq. 6) matches scipy', () => {
    expect(bgNbdLogLikelihood(cdnow, [id1])).toBeCloseTo(-9.45860630706627, 10);
    expect(bgNbdLogLikelihood(cdnow, [{ x: 0, tx: 0, T: 38.86 }])).toBeCloseTo(-0.5547132764381585, 10);
    expect(bgNbdLogLikelihood(cdnow, [{ x: 12, tx: 34.43, T: 38.57 }])).toBeCloseTo(-30.157368422895946, 9);
  });

  it('sums over customers and counts identical (x, t_x, T) once with a weight', () => {
    const rows = [id1, id1, { x: 0, tx: 0, T: 38.86 }];
    expect(prepareBtydData(rows).x.length).toBe(2);
    expect(bgNbdLogLikelihood(cdnow, rows)).toBeCloseTo(2 * -9.45860630706627 - 0.5547132764381585, 9);
  });

  it('the analytic gradient matches central differences of the log-likelihood', () => {
    const data = prepareBtydData([
      id1,
      { x: 0, tx: 0, T: 38.86 },
      { x: 12, tx: 34.43, T: 38.57 },
      { x: 1, tx: 1.71, T: 20 },
    ]);
    const { ll, grad } = bgNbdLogLikelihoodGradient(cdnow, data);
    expect(ll).toBeCloseTo(bgNbdLogLikelihood(cdnow, data), 10);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const h = 1e-6 * cdnow[k];
      const numeric =
        (bgNbdLogLikelihood({ ...cdnow, [k]: cdnow[k] + h }, data) -
          bgNbdLogLikelihood({ ...cdnow, [k]: cdnow[k] - h }, data)) /
        (2 * h);
      expect(grad[k]).toBeCloseTo(numeric, 5);
    }
  });

  it('E[X(52)] = 1.44605 and E[X(78)] = 1.86052 (FHL eq. 7)', () => {
    expect(bgNbdExpectedPurchases(cdnow, 52)).toBeCloseTo(1.446050595396398, 10);
    expect(bgNbdExpectedPurchases(cdnow, 78)).toBeCloseTo(1.8605190579427455, 10);
    expect(bgNbdExpectedPurchases(cdnow, 0)).toBe(0);
  });

  it('P(X(52) = n) for n = 0, 1, 3 (FHL eq. 8)', () => {
    expect(bgNbdProbPurchases(cdnow, 52, 0)).toBeCloseTo(0.5384027142293999, 12);
    expect(bgNbdProbPurchases(cdnow, 52, 1)).toBeCloseTo(0.2046009827379892, 12);
    expect(bgNbdProbPurchases(cdnow, 52, 3)).toBeCloseTo(0.049995985750676875, 12);
  });

  it('P(X(t) = n) sums to 1 and Σ n·P(X(t) = n) equals E[X(t)] (two independent formulas agree)', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n <= 800; n++) {
      const p = bgNbdProbPurchases(cdnow, 20, n);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 6);
    expect(mean).toBeCloseTo(bgNbdExpectedPurchases(cdnow, 20), 3); // the tail beyond n = 800 holds < 1e-3 of the mean
  });

  it('P(alive) = 1/(1 + a/(b + x − 1)·((α + T)/(α + t_x))^(r + x)): 0.72658 for customer 1, 1 for x = 0', () => {
    expect(bgNbdProbAlive(cdnow, id1)).toBeCloseTo(0.726578570080673, 12);
    expect(bgNbdProbAlive(cdnow, { x: 1, tx: 1.71, T: 38.86 })).toBeCloseTo(0.2121009853773791, 12);
    expect(bgNbdProbAlive(cdnow, { x: 0, tx: 0, T: 38.86 })).toBe(1);
  });

  it('E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.2260 (FHL eq. 10); 9.0676 for x = 12 over 52 weeks', () => {
    expect(bgNbdConditionalExpected(cdnow, 39, id1)).toBeCloseTo(1.226028174767135, 10);
    expect(bgNbdConditionalExpected(cdnow, 52, { x: 0, tx: 0, T: 38.86 })).toBeCloseTo(0.2520730222824504, 10);
    expect(bgNbdConditionalExpected(cdnow, 52, { x: 12, tx: 34.43, T: 38.57 })).toBeCloseTo(9.067614362957693, 9);
  });

  it('E[X(52)] agrees with the mean of 200,000 simulated customers within 4 standard errors', () => {
    const rng = createRng(11);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const k = simulateBgNbdPurchases(rng, cdnow, 52).length;
      s += k;
      s2 += k * k;
    }
    const mean = s / n;
    const se = Math.sqrt((s2 / n - mean * mean) / n);
    expect(Math.abs(mean - bgNbdExpectedPurchases(cdnow, 52))).toBeLessThan(4 * se);
  });
});

describe('BG/NBD parameter recovery on 8,000 simulated customers', () => {
  // Truth: the CDNOW estimates. Customers are 52–104 weeks old at calibration end, then a 52-week
  // holdout. Tolerance: 3 asymptotic standard errors (inverse observed information); we also
  // require those errors to be small (≤ 5 % of r and α, ≤ 13 % of a and b), so the bound is tight.
  const sim = simulateBgNbd({
    params: cdnow,
    customers: 8000,
    age: (rng) => 52 + 52 * rng.uniform(),
    holdout: 52,
    seed: 1,
  });
  const fit = fitBgNbd(sim);
  const se = bgNbdStandardErrors(fit.params, sim);

  it('converges', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(8000);
    expect(fit.status).toEqual({ state: 'fitted' });
  });

  it.each([
    ['r', 0.05],
    ['alpha', 0.05],
    ['a', 0.13],
    ['b', 0.13],
  ] as const)('recovers %s within 3 standard errors, with a standard error ≤ %d of the truth', (k, relSe) => {
    expect(Math.abs(fit.params[k] - cdnow[k])).toBeLessThan(3 * se[k]);
    expect(se[k] / cdnow[k]).toBeLessThan(relSe);
  });

  it('the fit beats the truth on likelihood (it is the maximum)', () => {
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(cdnow, sim));
  });

  // Second differences of a sum over thousands of customers carry rounding errors of about 1e-4 of
  // the result (ε·|LL|/h² with h = 1e-4); differences of the gradient, about 1e-8.
  it('standard errors from the analytic gradient agree with second differences of the log-likelihood', () => {
    const data = prepareBtydData(sim);
    const fromValues = logScaleStandardErrors(
      ([r, alpha, a, b]) =>
        -bgNbdLogLikelihood({ r: Math.exp(r), alpha: Math.exp(alpha), a: Math.exp(a), b: Math.exp(b) }, data),
      [fit.params.r, fit.params.alpha, fit.params.a, fit.params.b],
    );
    (['r', 'alpha', 'a', 'b'] as const).forEach((k, i) => {
      expect(Math.abs(se[k] / fromValues[i] - 1)).toBeLessThan(1e-3);
    });
  });

  it('holdout predictions track actual purchases per calibration frequency within 3 standard errors', () => {
    const holdout = bgNbdHoldoutFit(fit.params, sim, 52);
    expect(Math.abs(holdout.predictedTotal - holdout.actualTotal) / holdout.actualTotal).toBeLessThan(0.05);
    for (const bucket of holdout.byFrequency) {
      const rows = sim.filter((r) => (bucket.x === '7+' ? r.x >= 7 : r.x === Number(bucket.x)));
      const sd = Math.sqrt(rows.reduce((s, r) => s + (r.xHoldout - bucket.actualMean) ** 2, 0) / (rows.length - 1));
      expect(Math.abs(bucket.predictedMean - bucket.actualMean)).toBeLessThan(3 * (sd / Math.sqrt(rows.length)));
    }
  });

  it('a penalizer shrinks the parameters', () => {
    const penalized = fitBgNbd(sim, { penalizer: 0.01 });
    expect(penalized.params.alpha).toBeLessThan(fit.params.alpha);
    expect(penalized.logLikelihood).toBeLessThan(fit.logLikelihood);
  });
});

it('rejects a summary with t_x > T', () => {
  expect(() => prepareBtydData([{ x: 1, tx: 10, T: 5 }])).toThrow(/invalid BTYD/);
});

it('when every customer buys at the same rate 0.1, r and α grow large while r/α recovers 0.1', () => {
  // Gamma(r = 10⁷, α = 10⁸) is a spike at λ = 0.1: the likelihood rises along the r, α → ∞ ridge.
  const sim = simulateBgNbd({
    params: { r: 1e7, alpha: 1e8, a: 1, b: 5 },
    customers: 5000,
    age: (rng) => 20 + 20 * rng.uniform(),
    seed: 4,
  });
  const fit = fitBgNbd(sim);
  expect(fit.converged).toBe(true);
  expect(fit.params.r).toBeGreaterThan(50); // vs ≈ 0.2–2 for real, heterogeneous customers
  expect(Math.abs(fit.params.r / fit.params.alpha - 0.1)).toBeLessThan(0.003);
});

it('a fit at a box edge says so: the r, α → ∞ edge is a limit (usable), nobody buying twice is a failure', () => {
  const limit = fitBgNbd([
    ...Array.from({ length: 40 }, (_, i) => ({ x: 2, tx: 20, T: 30 + (i % 3) })),
    ...Array.from({ length: 40 }, (_, i) => ({ x: 3, tx: 25, T: 30 + (i % 3) })),
  ]);
  expect(limit.atBound).toContain('r');
  expect(limit.status).toMatchObject({
    state: 'limit',
    message: expect.stringContaining('purchase rates barely differ between customers (r and α grow without bound)'),
  });
  const once = fitBgNbd([
    { x: 0, tx: 0, T: 10 },
    { x: 0, tx: 0, T: 20 },
  ]);
  expect(once.status).toMatchObject({
    state: 'failed',
    message: expect.stringContaining('every customer bought on one day only'),
  });
});

describe('ExpectedIfAlive (term ratios kept per x)', () => {
  it.each([
    ['CDNOW (Euler transformation for small x)', cdnow],
    ['b/a large, no transformation', { r: 0.5, alpha: 20, a: 3.5, b: 40 }],
    ['near-homogeneous rates', { r: 80, alpha: 3000, a: 0.9, b: 12 }],
    ['a series that cancels (A < 0)', { r: 45, alpha: 15.9, a: 1.27, b: 0.09 }],
    ['the r, α → ∞ edge', { r: 1.76e7, alpha: 4.1e8, a: 0.8, b: 2.4 }],
  ])('gives bgNbdExpectedIfAlive’s numbers bit for bit (or its error): %s', (_, params) => {
    const cached = new ExpectedIfAlive(params);
    const outcome = (f: () => number) => {
      try {
        return f();
      } catch (error) {
        return (error as Error).constructor.name;
      }
    };
    let compared = 0;
    for (const x of [0, 1, 2, 5, 17, 60])
      for (const T of [0.5, 3, 30, 200, 900])
        for (const t of [0.1, 1, 30.4375, 91.3, 365.25]) {
          expect(outcome(() => cached.at(t, x, T))).toBe(outcome(() => bgNbdExpectedIfAlive(params, t, x, T)));
          compared++;
        }
    expect(compared).toBe(150);
  });
});
