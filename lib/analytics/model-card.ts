// "Can I trust this model?": a plain reading of a run's fitted parameters and holdout check, for the
// model card on the lifetime-value dashboard. Pure (client-safe); the words are in the catalogs
// under analytics.modelCard.checks.<key>.<verdict>.
import type { AnalyticsRunMetrics, AnalyticsRunParameters } from '@/db/schema/analytics';

export type Verdict = 'good' | 'fair' | 'poor' | 'unknown';

export type TrustCheck = {
  key: 'fit' | 'holdout' | 'groups' | 'spendIndependence' | 'precision';
  verdict: Verdict;
  /** Numbers the sentence shows (percentages as fractions). */
  values: Record<string, number>;
};

export type Trust = { verdict: Verdict; checks: TrustCheck[] };

/** Relative error of the holdout's predicted total at or under which it is good / fair. */
export const HOLDOUT_GOOD = 0.1;
export const HOLDOUT_FAIR = 0.25;
/** Customer-weighted relative error of the per-frequency-group means: good / fair. */
export const GROUPS_GOOD = 0.15;
export const GROUPS_FAIR = 0.3;
/** |correlation| between spend per order and frequency above which Gamma-Gamma's assumption is doubtful. */
export const SPEND_CORRELATION_LIMIT = 0.3;
/** Largest standard error relative to its estimate still called precise. */
export const PRECISION_LIMIT = 0.5;

const grade = (error: number, good: number, fair: number): Verdict =>
  error <= good ? 'good' : error <= fair ? 'fair' : 'poor';

/** The checks and an overall verdict: poor when the fit failed or the holdout total is poor, good when every known check is. */
export function assessModel(parameters: AnalyticsRunParameters, metrics: AnalyticsRunMetrics): Trust {
  const checks: TrustCheck[] = [];
  const bg = parameters.bgNbd;
  checks.push({
    key: 'fit',
    verdict: bg.status.state === 'fitted' ? 'good' : bg.status.state === 'limit' ? 'fair' : 'poor',
    values: { customers: bg.customers },
  });

  const h = metrics.holdout;
  if (h && h.actualTotal !== undefined && h.predictedTotal !== undefined && h.actualTotal > 0) {
    const error = Math.abs(h.predictedTotal - h.actualTotal) / h.actualTotal;
    checks.push({
      key: 'holdout',
      verdict: grade(error, HOLDOUT_GOOD, HOLDOUT_FAIR),
      values: { predicted: h.predictedTotal, actual: h.actualTotal, error, customers: h.customers },
    });
  } else checks.push({ key: 'holdout', verdict: 'unknown', values: {} });

  const groups = h?.byFrequency ?? [];
  const weightedActual = groups.reduce((s, g) => s + g.customers * g.actualMean, 0);
  if (weightedActual > 0) {
    const weightedError = groups.reduce((s, g) => s + g.customers * Math.abs(g.predictedMean - g.actualMean), 0);
    const error = weightedError / weightedActual;
    checks.push({ key: 'groups', verdict: grade(error, GROUPS_GOOD, GROUPS_FAIR), values: { error } });
  } else checks.push({ key: 'groups', verdict: 'unknown', values: {} });

  const rho = parameters.gammaGamma.spendFrequencyCorrelation;
  checks.push(
    rho === undefined || !Number.isFinite(rho)
      ? { key: 'spendIndependence', verdict: 'unknown', values: {} }
      : {
          key: 'spendIndependence',
          verdict: Math.abs(rho) <= SPEND_CORRELATION_LIMIT ? 'good' : 'fair',
          values: { correlation: rho },
        },
  );

  const relative = (['r', 'alpha', 'a', 'b'] as const)
    .map((k) => bg[k])
    .map((e) => (e.se === null || e.value === 0 ? null : Math.abs(e.se / e.value)));
  checks.push(
    relative.some((v) => v === null)
      ? { key: 'precision', verdict: 'unknown', values: {} }
      : {
          key: 'precision',
          verdict: Math.max(...(relative as number[])) <= PRECISION_LIMIT ? 'good' : 'fair',
          values: { worst: Math.max(...(relative as number[])) },
        },
  );

  const fit = checks[0].verdict;
  const holdout = checks[1].verdict;
  const known = checks.filter((c) => c.verdict !== 'unknown');
  const verdict: Verdict =
    fit === 'poor' || holdout === 'poor'
      ? 'poor'
      : holdout === 'unknown'
        ? 'unknown'
        : known.every((c) => c.verdict === 'good')
          ? 'good'
          : 'fair';
  return { verdict, checks };
}
