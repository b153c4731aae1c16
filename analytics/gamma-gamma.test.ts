import { describe, expect, it } from 'vitest';
import {
  fitGammaGamma,
  gammaGammaExpectedValue,
  gammaGammaLogLikelihood,
  gammaGammaLogLikelihoodGradient,
  gammaGammaStandardErrors,
  prepareSpendData,
  spendFrequencyCorrelation,
} from './gamma-gamma';
import { logScaleStandardErrors } from './optimize';
import { simulateBgNbd } from './simulate';

// The CDNOW estimates of Fader, Hardie & Lee (2005, "RFM and CLV").
const cdnow = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('Gamma-Gamma formulas', () => {
  it('x = 1, m̄ = 2 at p = 1, q = 2, γ = 3: density ∫ν e^(−2ν)·9ν e^(−3ν) dν = 18/5³, ln 0.144 = −1.93794', () => {
    expect(gammaGammaLogLikelihood({ p: 1, q: 2, gamma: 3 }, [{ x: 1, meanRepeatValue: 2 }])).toBeCloseTo(
      Math.log(0.144),
      12,
    );
  });

  it('skips customers without repeat purchases', () => {
    expect(gammaGammaLogLikelihood(cdnow, [{ x: 0, meanRepeatValue: 0 }])).toBe(0);
  });

  it('E[M | x = 2, m̄ = 22.35] = 6.25·(15.44 + 44.7)/(12.5 + 2.74) = 24.6637', () => {
    expect(gammaGammaExpectedValue(cdnow, { x: 2, meanRepeatValue: 22.35 })).toBeCloseTo(375.875 / 15.24, 10);
  });

  it('with no repeat purchases it is the population mean pγ/(q − 1) = 96.5/2.74 = 35.219', () => {
    expect(gammaGammaExpectedValue(cdnow, { x: 0, meanRepeatValue: 0 })).toBeCloseTo(96.5 / 2.74, 10);
    expect(() => gammaGammaExpectedValue({ p: 1, q: 0.9, gamma: 1 }, { x: 0, meanRepeatValue: 0 })).toThrow(/q > 1/);
  });

  it('correlation of x = 1, 2, 3 with m̄ = 10, 20, 30 is 1; with 30, 20, 10 it is −1', () => {
    expect(spendFrequencyCorrelation([1, 2, 3].map((x) => ({ x, meanRepeatValue: 10 * x })))).toBeCloseTo(1, 12);
    expect(spendFrequencyCorrelation([1, 2, 3].map((x) => ({ x, meanRepeatValue: 40 - 10 * x })))).toBeCloseTo(-1, 12);
  });
});

describe('Gamma-Gamma parameter recovery on simulated CDNOW-like spend', () => {
  // 8,000 BG/NBD customers (≈ 3,900 with repeat purchases) with spend drawn from the CDNOW
  // Gamma-Gamma. Tolerance: 3 asymptotic standard errors, each ≤ 13 % of the truth.
  const sim = simulateBgNbd({
    params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    spend: cdnow,
    customers: 8000,
    age: (rng) => 52 + 52 * rng.uniform(),
    seed: 2,
  });
  const fit = fitGammaGamma(sim);
  const se = gammaGammaStandardErrors(fit.params, sim);

  it('fits on repeat customers only', () => {
    expect(fit.customers).toBe(sim.filter((c) => c.x > 0).length);
    expect(fit.converged).toBe(true);
    expect(fit.status).toEqual({ state: 'fitted' });
  });

  // Second differences of a sum over thousands of customers carry rounding errors of about 1e-4 of
  // the result (ε·|LL|/h² with h = 1e-4); differences of the gradient, about 1e-8.
  it('standard errors from the analytic gradient agree with second differences of the log-likelihood', () => {
    const data = prepareSpendData(sim);
    const fromValues = logScaleStandardErrors(
      ([p, q, gamma]) => -gammaGammaLogLikelihood({ p: Math.exp(p), q: Math.exp(q), gamma: Math.exp(gamma) }, data),
      [fit.params.p, fit.params.q, fit.params.gamma],
    );
    (['p', 'q', 'gamma'] as const).forEach((k, i) => {
      expect(Math.abs(se[k] / fromValues[i] - 1)).toBeLessThan(1e-3);
    });
  });

  it.each(['p', 'q', 'gamma'] as const)('recovers %s within 3 standard errors', (k) => {
    expect(Math.abs(fit.params[k] - cdnow[k])).toBeLessThan(3 * se[k]);
    expect(se[k] / cdnow[k]).toBeLessThan(0.13);
  });

  it('predicts mean holdout spend per repeat customer within 5 %', () => {
    // In simulation each customer's future values have mean p/ν; E[M | x, m̄] estimates it.
    const sim2 = simulateBgNbd({
      params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      spend: cdnow,
      customers: 8000,
      age: () => 78,
      holdout: 52,
      seed: 3,
    });
    const rows = sim2.filter((c) => c.x > 0 && c.holdoutValue > 0);
    let predicted = 0;
    let actual = 0;
    for (const c of rows) {
      const purchasesInHoldout = c.xHoldout;
      predicted += gammaGammaExpectedValue(fit.params, c) * purchasesInHoldout;
      actual += c.holdoutValue;
    }
    expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.05);
  });
});

it('the analytic gradient matches central differences of the log-likelihood', () => {
  const data = prepareSpendData([
    { x: 1, meanRepeatValue: 20 },
    { x: 3, meanRepeatValue: 35.5 },
    { x: 7, meanRepeatValue: 12 },
  ]);
  const { ll, grad } = gammaGammaLogLikelihoodGradient(cdnow, data);
  expect(ll).toBeCloseTo(gammaGammaLogLikelihood(cdnow, data), 10);
  for (const k of ['p', 'q', 'gamma'] as const) {
    const h = 1e-6 * cdnow[k];
    const numeric =
      (gammaGammaLogLikelihood({ ...cdnow, [k]: cdnow[k] + h }, data) -
        gammaGammaLogLikelihood({ ...cdnow, [k]: cdnow[k] - h }, data)) /
      (2 * h);
    expect(grad[k]).toBeCloseTo(numeric, 6);
  }
});

it('needs two repeat customers, and says so in words', () => {
  expect(() =>
    fitGammaGamma([
      { x: 2, meanRepeatValue: 10 },
      { x: 0, meanRepeatValue: 0 },
    ]),
  ).toThrow('Gamma-Gamma needs at least two customers who bought on more than one day (with positive spend); found 1');
});
