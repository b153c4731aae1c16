/**
 * From loaded order history to the snapshot's rows: calls the analytics library (analyzeCustomers,
 * the churn model, cohorts, the tracking curve, basket rules) and lays its results out as columns
 * ready for bulk inserts. No database and no clock here (a clock may be passed for step timings),
 * so the refresh job and a test compute the same thing from the same table.
 */
import {
  analyzeCustomers,
  basketRules,
  bgNbdConditionalExpected,
  bgNbdStandardErrors,
  type ChurnModelReport,
  type CustomerResult,
  cohortRetention,
  cumulativeRepeatPurchases,
  daysPerUnit,
  gammaGammaStandardErrors,
  type ModelSummary,
  monthIndex,
  prepareBtydData,
  type TransactionTable,
  toDay,
  trainChurnModel,
  VALUE_CLASS_LIST,
} from '@/analytics';
import type {
  AnalyticsRunInputs,
  AnalyticsRunMetrics,
  AnalyticsRunParameters,
  FitStatusJson,
  ParameterEstimate,
} from '@/db/schema/analytics';

/** Settings a run uses, before the run decides its holdout. */
export type AnalyticsSettings = Omit<AnalyticsRunInputs, 'asOf' | 'holdoutFrom' | 'basketOrders'>;

/** Holdout length of the model check, and the history a check needs (twice as long). */
export const HOLDOUT_DAYS = 182;
/** Window of the churn label: no purchase in the next 90 days. */
export const CHURN_WINDOW_DAYS = 90;
const EXPECTED_PURCHASE_DAYS = [30, 90, 365] as const;

const VALUE_CLASS_KEY = new Map(VALUE_CLASS_LIST.map((c) => [c.zh, c.key]));

/** One array per customer_scores column, index i = the i-th scored customer. */
export type ScoreColumns = {
  customerId: string[];
  firstOrderOn: string[];
  lastOrderOn: string[];
  recencyDays: number[];
  frequency: number[];
  monetary: string[];
  purchaseDays: number[];
  rScore: number[];
  fScore: number[];
  mScore: number[];
  rfmSegment: string[];
  valueClass: string[];
  weightedScore: string[];
  historicalClv: string[];
  /** Spend net of returns in the 365 days up to asOf. */
  revenue12m: string[];
  textbookClv: string[];
  predictedClv: (string | null)[];
  clvBand: (number | null)[];
  expectedValue: (string | null)[];
  pAlive: (number | null)[];
  expectedPurchases: (number | null)[];
  expectedPurchases30: (number | null)[];
  expectedPurchases90: (number | null)[];
  expectedPurchases365: (number | null)[];
  churnRisk: (number | null)[];
  /** JSON text of ChurnReason[] (null when the churn model could not be trained). */
  churnReasons: (string | null)[];
  cluster: number[];
  /** Array literals ('{0,1,5}') of customer_scores.active_months. */
  activeMonths: string[];
};

export type ClusterRow = {
  cluster: number;
  size: number;
  centroid: number[];
  label: string;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetary: string;
  meanPredictedClv: string | null;
};

export type BasketRuleRow = {
  antecedentId: string;
  consequentId: string;
  support: number;
  confidence: number;
  lift: number;
  orders: number;
};

export type Snapshot = {
  inputs: AnalyticsRunInputs;
  parameters: AnalyticsRunParameters;
  metrics: AnalyticsRunMetrics;
  scores: ScoreColumns;
  clusters: ClusterRow[];
  basketRules: BasketRuleRow[];
  timings: Record<string, number>;
};

export type ComputeInput = {
  table: TransactionTable;
  /** 'YYYY-MM-DD': the day the snapshot is as of. */
  asOf: string;
  settings: AnalyticsSettings;
  /** Product ids of each recent order (for basket rules). */
  baskets: readonly (readonly string[])[];
  clock?: () => number;
};

/** Rounded to cents as numeric(14,2) text; null for a missing or non-finite value. */
export const cents = (v: number | null | undefined): string | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v.toFixed(2);
const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;
const estimate = (value: number, se: number | undefined): ParameterEstimate => ({ value, se: finite(se) });
const statusJson = (s: { state: string; message?: string }): FitStatusJson =>
  s.state === 'fitted' ? { state: 'fitted' } : { state: s.state as FitStatusJson['state'], message: s.message };

/** The calibration end of the holdout check: HOLDOUT_DAYS before asOf, when the history is twice that long. */
export function holdoutStart(table: TransactionTable, asOf: string): string | null {
  const g = table.group();
  const asOfDay = toDay(asOf);
  let earliest = Infinity;
  for (let c = 0; c < g.customerIds.length; c++)
    if (g.offsets[c + 1] > g.offsets[c]) earliest = Math.min(earliest, g.days[g.offsets[c]]);
  if (!(earliest <= asOfDay - 2 * HOLDOUT_DAYS)) return null;
  const d = new Date((asOfDay - HOLDOUT_DAYS) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** The options analyzeCustomers is called with for these settings (the test calls it the same way). */
export function pipelineOptions(settings: AnalyticsSettings, asOf: string, holdout: string | null) {
  return {
    asOf,
    unit: settings.unit,
    holdout: holdout ?? undefined,
    horizonMonths: settings.horizonMonths,
    monthlyDiscountRate: settings.monthlyDiscountRate,
    margin: settings.margin,
    acquisitionCost: settings.acquisitionCost,
    seed: settings.seed,
  };
}

/** Everything a refresh writes, from the loaded history. Throws when there is too little data to analyse. */
export function computeSnapshot({ table, asOf, settings, baskets, clock }: ComputeInput): Snapshot {
  const timings: Record<string, number> = {};
  let last = clock?.() ?? 0;
  const lap = (step: string) => {
    if (!clock) return;
    const now = clock();
    timings[step] = Math.round(now - last);
    last = now;
  };
  const holdoutFrom = holdoutStart(table, asOf);
  const { customers, model } = analyzeCustomers(table, { ...pipelineOptions(settings, asOf, holdoutFrom), clock });
  Object.assign(timings, model.timingsMs);
  last = clock?.() ?? 0;

  const parameters = fittedParameters(customers, model);
  lap('standardErrors');

  const expected = expectedPurchasesAt(customers, model, settings.unit);
  lap('expectedPurchases');

  let churn: ChurnModelReport | null = null;
  let churnError: string | null = null;
  try {
    churn = trainChurnModel(table, { asOf, windowDays: CHURN_WINDOW_DAYS });
  } catch (error) {
    churnError = `The churn model could not be trained: ${(error as Error).message}.`;
  }
  lap('churn');

  const scores = scoreColumns(customers, expected, churn);
  lap('columns');

  const clusters = clusterRows(customers, model);
  scores.activeMonths = activeMonthColumn(table, asOf, scores.customerId);
  scores.revenue12m = recentRevenueColumn(table, asOf, 365, scores.customerId);
  const cohorts = cohortRetention(table, { asOf }).map(({ cohort, size, active }) => ({ cohort, size, active }));
  lap('cohorts');

  let cumulative: NonNullable<AnalyticsRunMetrics['holdout']>['cumulative'];
  const holdoutFit = model.holdout?.fit;
  if (model.holdout && holdoutFit && holdoutFit.status.state !== 'failed') {
    cumulative = cumulativeRepeatPurchases(table, holdoutFit.params, {
      calibrationEnd: model.holdout.calibrationEnd,
      observationEnd: asOf,
      unit: settings.unit,
    });
  }
  lap('tracking');

  const rules = basketRuleRows(baskets);
  lap('basket');

  return {
    inputs: { ...settings, asOf, holdoutFrom, basketOrders: baskets.length },
    parameters: {
      ...parameters,
      churn: churn
        ? {
            status: { state: churn.model.converged ? 'fitted' : 'limit', message: undefined },
            features: churn.model.featureNames,
            coefficients: churn.model.coefficients,
            intercept: churn.model.intercept,
            windowDays: CHURN_WINDOW_DAYS,
          }
        : { status: { state: 'failed', message: churnError ?? undefined } },
    },
    metrics: {
      customers: model.customers,
      returns: model.returns,
      rfm: model.rfm,
      clvTotal: model.clv.total,
      kmeansCandidates: model.kmeans.candidates,
      holdout: model.holdout
        ? {
            calibrationEnd: model.holdout.calibrationEnd,
            status: statusJson(model.holdout.fit.status),
            params: model.holdout.fit.status.state === 'failed' ? undefined : model.holdout.fit.params,
            customers: model.holdout.fit.customers,
            actualTotal: model.holdout.check?.actualTotal,
            predictedTotal: model.holdout.check?.predictedTotal,
            mae: model.holdout.check?.mae,
            byFrequency: model.holdout.check?.byFrequency,
            cumulative,
          }
        : null,
      churn: churn
        ? { testAuc: churn.testAuc, trainChurnRate: churn.train.churnRate, testChurnRate: churn.test.churnRate }
        : null,
      cohorts,
      basket: { orders: baskets.length, rules: rules.length },
    },
    scores,
    clusters,
    basketRules: rules,
    timings,
  };
}

/** Fitted parameters with standard errors (null where the information matrix is singular). */
function fittedParameters(customers: CustomerResult[], model: ModelSummary): Omit<AnalyticsRunParameters, 'churn'> {
  const bg = model.bgNbd;
  let bgSe: Partial<Record<'r' | 'alpha' | 'a' | 'b', number>> = {};
  if (bg.status.state === 'fitted') {
    try {
      bgSe = bgNbdStandardErrors(bg.params, prepareBtydData(customers));
    } catch {
      // A singular information matrix: no standard errors, the estimates stand.
    }
  }
  const gg = model.gammaGamma;
  let gammaGamma: AnalyticsRunParameters['gammaGamma'] = { status: statusJson(gg.status) };
  if ('params' in gg) {
    let se: Partial<Record<'p' | 'q' | 'gamma', number>> = {};
    if (gg.status.state === 'fitted') {
      try {
        se = gammaGammaStandardErrors(gg.params, customers);
      } catch {
        // as above
      }
    }
    gammaGamma = {
      status: statusJson(gg.status),
      p: estimate(gg.params.p, se.p),
      q: estimate(gg.params.q, se.q),
      gamma: estimate(gg.params.gamma, se.gamma),
      logLikelihood: gg.logLikelihood,
      customers: gg.customers,
      spendFrequencyCorrelation: gg.spendFrequencyCorrelation,
    };
  }
  return {
    bgNbd: {
      status: statusJson(bg.status),
      r: estimate(bg.params.r, bgSe.r),
      alpha: estimate(bg.params.alpha, bgSe.alpha),
      a: estimate(bg.params.a, bgSe.a),
      b: estimate(bg.params.b, bgSe.b),
      logLikelihood: bg.logLikelihood,
      customers: bg.customers,
      iterations: bg.iterations,
    },
    gammaGamma,
    textbook: {
      retention: model.textbook.retention,
      retentionSource: model.textbook.retentionSource,
      annualDiscountRate: model.textbook.annualDiscountRate,
      years: model.textbook.years,
    },
    kmeans: {
      k: model.kmeans.k,
      silhouette: model.kmeans.silhouette,
      features: ['recency', 'frequency', 'monetary'],
    },
  };
}

/** E[purchases in the next 30, 90, 365 days | history] per customer; null when BG/NBD failed. */
function expectedPurchasesAt(customers: CustomerResult[], model: ModelSummary, unit: 'day' | 'week') {
  const out = EXPECTED_PURCHASE_DAYS.map(() => new Array<number | null>(customers.length).fill(null));
  if (model.bgNbd.status.state === 'failed' || customers.every((c) => c.probabilistic === null)) return out;
  const perUnit = daysPerUnit(unit);
  const cache = new Map<string, number[]>();
  customers.forEach((c, i) => {
    const key = `${c.x}|${c.tx}|${c.T}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = EXPECTED_PURCHASE_DAYS.map((d) => bgNbdConditionalExpected(model.bgNbd.params, d / perUnit, c));
      cache.set(key, hit);
    }
    for (let h = 0; h < EXPECTED_PURCHASE_DAYS.length; h++) out[h][i] = finite(hit[h]);
  });
  return out;
}

function scoreColumns(
  customers: CustomerResult[],
  expected: (number | null)[][],
  churn: ChurnModelReport | null,
): ScoreColumns {
  const n = customers.length;
  // Risk and reasons (as the JSON text the column stores) by customer id; reasons that push towards
  // churn only, rounded to 3 decimals.
  const risk = new Map<string, number>();
  const reasons = new Map<string, string>();
  for (const r of churn?.scores ?? []) {
    risk.set(r.customerId, r.risk);
    let json = '';
    for (const reason of r.reasons)
      if (reason.contribution > 0)
        json += `${json ? ',' : ''}{"feature":${JSON.stringify(reason.feature)},"contribution":${Math.round(reason.contribution * 1000) / 1000}}`;
    reasons.set(r.customerId, `[${json}]`);
  }
  const bands = quintileBands(customers.map((c) => c.probabilistic?.clv ?? null));
  const col = <T>(f: (c: CustomerResult, i: number) => T): T[] => {
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = f(customers[i], i);
    return out;
  };
  return {
    customerId: col((c) => c.customerId),
    firstOrderOn: col((c) => c.firstPurchase),
    lastOrderOn: col((c) => c.lastPurchase),
    recencyDays: col((c) => c.recencyDays),
    frequency: col((c) => c.orders),
    monetary: col((c) => cents(c.revenue)!),
    purchaseDays: col((c) => c.purchaseDays),
    rScore: col((c) => c.r),
    fScore: col((c) => c.f),
    mScore: col((c) => c.m),
    rfmSegment: col((c) => c.segment),
    valueClass: col((c) => VALUE_CLASS_KEY.get(c.valueClass) ?? c.valueClass),
    weightedScore: col((c) => c.weightedScore.toFixed(3)),
    historicalClv: col((c) => cents(c.historicalClv)!),
    revenue12m: [],
    textbookClv: col((c) => cents(c.textbookClv)!),
    predictedClv: col((c) => cents(c.probabilistic?.clv)),
    clvBand: bands,
    expectedValue: col((c) => cents(c.probabilistic?.expectedValue)),
    pAlive: col((c) => finite(c.probabilistic?.pAlive)),
    expectedPurchases: col((c) => finite(c.probabilistic?.expectedPurchases)),
    expectedPurchases30: expected[0],
    expectedPurchases90: expected[1],
    expectedPurchases365: expected[2],
    churnRisk: col((c) => finite(risk.get(c.customerId))),
    churnReasons: col((c) => reasons.get(c.customerId) ?? null),
    cluster: col((c) => c.cluster),
    activeMonths: [],
  };
}

/** Quintile (1 … 5) of each value among the non-null ones, by rank (ties broken by position). */
export function quintileBands(values: readonly (number | null)[]): (number | null)[] {
  const idx: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) idx.push(i);
  });
  idx.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  const bands = new Array<number | null>(values.length).fill(null);
  idx.forEach((i, rank) => {
    bands[i] = Math.floor((rank * 5) / idx.length) + 1;
  });
  return bands;
}

function clusterRows(customers: CustomerResult[], model: ModelSummary): ClusterRow[] {
  const k = model.kmeans.clusters.length;
  const sums = Array.from({ length: k }, () => ({ n: 0, recency: 0, frequency: 0, monetary: 0, clv: 0, clvN: 0 }));
  for (const c of customers) {
    const s = sums[c.cluster];
    s.n++;
    s.recency += c.recencyDays;
    s.frequency += c.orders;
    s.monetary += c.revenue;
    if (c.probabilistic?.clv != null) {
      s.clv += c.probabilistic.clv;
      s.clvN++;
    }
  }
  return model.kmeans.clusters.map((c) => {
    const s = sums[c.cluster];
    return {
      cluster: c.cluster,
      size: c.size,
      centroid: c.centroid,
      label: c.label,
      meanRecencyDays: s.n ? s.recency / s.n : 0,
      meanFrequency: s.n ? s.frequency / s.n : 0,
      meanMonetary: cents(s.n ? s.monetary / s.n : 0)!,
      meanPredictedClv: s.clvN ? cents(s.clv / s.clvN) : null,
    };
  });
}

/**
 * Per scored customer, the months (since the first purchase's month) with a purchase on or before
 * asOf, as a PostgreSQL array literal: cohortRetention's counting, kept per customer so any filter
 * of customers gives its own cohort matrix.
 */
function activeMonthColumn(table: TransactionTable, asOf: string, customerIds: readonly string[]): string[] {
  const g = table.group();
  const asOfDay = toDay(asOf);
  // Month of each day, computed once per distinct day (a few thousand) instead of once per order.
  let minDay = asOfDay;
  for (let i = 0; i < g.days.length; i++) if (g.days[i] < minDay) minDay = g.days[i];
  const monthOf = new Int32Array(asOfDay - minDay + 1);
  for (let d = minDay; d <= asOfDay; d++) monthOf[d - minDay] = monthIndex(d);
  const byId = new Map<string, string>();
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    const end = g.offsets[c + 1];
    if (end === start || g.days[start] > asOfDay) continue;
    const first = monthOf[g.days[start] - minDay];
    let text = '{0';
    let last = 0;
    for (let i = start + 1; i < end && g.days[i] <= asOfDay; i++) {
      const offset = monthOf[g.days[i] - minDay] - first;
      if (offset !== last) {
        text += `,${offset}`;
        last = offset;
      }
    }
    byId.set(g.customerIds[c], `${text}}`);
  }
  return customerIds.map((id) => byId.get(id) ?? '{}');
}

/**
 * Per scored customer, spend net of returns on the `days` days up to and including asOf (the
 * dashboards' "revenue last 12 months", summed over any set of customers without reading orders).
 */
function recentRevenueColumn(
  table: TransactionTable,
  asOf: string,
  days: number,
  customerIds: readonly string[],
): string[] {
  const g = table.group();
  const asOfDay = toDay(asOf);
  const byId = new Map<string, number>();
  for (let c = 0; c < g.customerIds.length; c++) {
    let sum = 0;
    for (let i = g.offsets[c]; i < g.offsets[c + 1]; i++)
      if (g.days[i] > asOfDay - days && g.days[i] <= asOfDay) sum += g.amounts[i];
    byId.set(g.customerIds[c], sum);
  }
  return customerIds.map((id) => cents(byId.get(id) ?? 0)!);
}

/** Rules between product pairs of at least 5 orders (and 0.1 % of them), the 10 best by lift per product. */
function basketRuleRows(baskets: readonly (readonly string[])[]): BasketRuleRow[] {
  if (baskets.length === 0) return [];
  const minSupport = Math.max(0.001, 5 / baskets.length);
  const { rules } = basketRules(baskets, { minSupport, minConfidence: 0.05, maxSize: 2 });
  const perProduct = new Map<string, number>();
  const out: BasketRuleRow[] = [];
  for (const r of rules) {
    const antecedent = r.antecedent[0];
    const taken = perProduct.get(antecedent) ?? 0;
    if (taken >= 10) continue;
    perProduct.set(antecedent, taken + 1);
    out.push({
      antecedentId: antecedent,
      consequentId: r.consequent,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      orders: r.count,
    });
  }
  return out;
}
