import { describe, expect, it } from 'vitest';
import type { AnalyticsRunMetrics, AnalyticsRunParameters } from '@/db/schema/analytics';
import { assessModel } from './model-card';

const est = (value: number, se: number | null = value * 0.1) => ({ value, se });
function params(overrides: Partial<AnalyticsRunParameters> = {}): AnalyticsRunParameters {
  return {
    bgNbd: {
      status: { state: 'fitted' },
      r: est(0.24),
      alpha: est(4.41),
      a: est(0.79),
      b: est(2.43),
      logLikelihood: -9582.4,
      customers: 2357,
      iterations: 40,
    },
    gammaGamma: {
      status: { state: 'fitted' },
      p: est(6.25),
      q: est(3.74),
      gamma: est(15.44),
      spendFrequencyCorrelation: 0.11,
    },
    textbook: { retention: 0.6, retentionSource: 'x', annualDiscountRate: 0.1, years: 1 },
    churn: { status: { state: 'fitted' } },
    kmeans: { k: 3, silhouette: 0.4, features: ['recency', 'frequency', 'monetary'] },
    ...overrides,
  };
}
function metrics(holdout: AnalyticsRunMetrics['holdout']): AnalyticsRunMetrics {
  return {
    customers: 2357,
    returns: { rows: 0, amount: 0, customersWithoutPurchase: 0 },
    rfm: { breaks: { recency: [], frequency: [], monetary: [] }, segments: {}, valueMatrixMeans: { r: 0, f: 0, m: 0 } },
    clvTotal: null,
    kmeansCandidates: [],
    holdout,
    churn: null,
    cohorts: [],
    basket: { orders: 0, rules: 0 },
  };
}
const holdout = (predicted: number, actual: number): AnalyticsRunMetrics['holdout'] => ({
  calibrationEnd: '2026-01-01',
  status: { state: 'fitted' },
  customers: 2357,
  actualTotal: actual,
  predictedTotal: predicted,
  byFrequency: [
    { x: '0', customers: 100, actualMean: 0.2, predictedMean: 0.21 },
    { x: '1', customers: 50, actualMean: 1, predictedMean: 0.98 },
  ],
});

describe('model card: can I trust this', () => {
  it('good when the holdout total is within 10 % and every other check passes', () => {
    const trust = assessModel(params(), metrics(holdout(1050, 1000)));
    expect(trust.verdict).toBe('good');
    expect(trust.checks.find((c) => c.key === 'holdout')).toMatchObject({ verdict: 'good', values: { error: 0.05 } });
  });

  it('fair between 10 % and 25 % off; poor beyond 25 % (|1300 − 1000| / 1000 = 30 %)', () => {
    expect(assessModel(params(), metrics(holdout(1200, 1000))).verdict).toBe('fair');
    expect(assessModel(params(), metrics(holdout(1300, 1000))).verdict).toBe('poor');
  });

  it('poor when the purchase model failed, whatever the holdout says', () => {
    const failed = params();
    failed.bgNbd.status = { state: 'failed', message: 'no' };
    expect(assessModel(failed, metrics(holdout(1000, 1000))).verdict).toBe('poor');
  });

  it('unknown without a holdout check; spend correlated with frequency is only fair', () => {
    expect(assessModel(params(), metrics(null)).verdict).toBe('unknown');
    const correlated = params();
    correlated.gammaGamma.spendFrequencyCorrelation = 0.45;
    const trust = assessModel(correlated, metrics(holdout(1000, 1000)));
    expect(trust.checks.find((c) => c.key === 'spendIndependence')?.verdict).toBe('fair');
    expect(trust.verdict).toBe('fair');
  });

  it('the per-group error is customer-weighted: (100 × 0.01 + 50 × 0.02) / (100 × 0.2 + 50 × 1) = 2/70', () => {
    const trust = assessModel(params(), metrics(holdout(1000, 1000)));
    expect(trust.checks.find((c) => c.key === 'groups')?.values.error).toBeCloseTo(2 / 70, 10);
  });
});
